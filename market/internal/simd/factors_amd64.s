//go:build !purego

#include "textflag.h"
#include "go_asm.h"

#define CONST4(name, bits) \
	DATA name<>+0(SB)/8, $bits \
	DATA name<>+8(SB)/8, $bits \
	DATA name<>+16(SB)/8, $bits \
	DATA name<>+24(SB)/8, $bits \
	GLOBL name<>(SB), RODATA|NOPTR, $32

CONST4(facP19, 0x0000000000080000)   // 2^19
CONST4(facMask20, 0x00000000000fffff) // 2^20 - 1
CONST4(facMagic, 0x4330000000000000)  // 2^52, whose low mantissa bits take an integer
CONST4(facHalf, 0x3fe0000000000000)   // 1/2
CONST4(facM20, 0x3eb0000000000000)    // 2^-20

// func factorsAVX2(b *FactorBlock, p *FactorParams, n int, lag Lag, lagged *[FactorLanes]float64) (redo uint32)
//
// stepFactors for paths 0 to n-1 (n a multiple of 4), four at a time, with
// the same operations in the same order. A group of four in which some
// state leaves the bound (or whose sum of squares exceeds its square) is
// not stored and its bit is set in redo.
TEXT ·factorsAVX2(SB), NOSPLIT, $0-44
	MOVQ b+0(FP), DI
	MOVQ p+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ lag+24(FP), DX
	MOVQ lagged+32(FP), R8
	MOVQ FactorParams_util(SI), R9
	XORQ AX, AX  // byte offset of the group's float64s
	XORQ R11, R11 // byte offset of the group's uint32s
	XORQ R10, R10 // group
	XORQ BX, BX   // redo
	SHRQ $2, CX
	JZ   done

loop:
	VMOVUPD FactorBlock_Sign(DI)(AX*1), Y0
	VMULPD  FactorBlock_Z0(DI)(AX*1), Y0, Y1 // a = s z0
	VMULPD  FactorBlock_Z1(DI)(AX*1), Y0, Y2 // b
	VMULPD  FactorBlock_Z2(DI)(AX*1), Y0, Y3 // c
	VMULPD  FactorBlock_Z3(DI)(AX*1), Y0, Y4 // d

	VMULPD FactorParams_l00(SI), Y1, Y5 // e0 = l00 a
	VMULPD FactorParams_l10(SI), Y1, Y6
	VMULPD FactorParams_l11(SI), Y2, Y7
	VADDPD Y7, Y6, Y6                   // e1 = l10 a + l11 b
	VMULPD FactorParams_l20(SI), Y1, Y7
	VMULPD FactorParams_l21(SI), Y2, Y8
	VADDPD Y8, Y7, Y7
	VMULPD FactorParams_l22(SI), Y3, Y8
	VADDPD Y8, Y7, Y7                   // e2 = l20 a + l21 b + l22 c
	VMULPD FactorParams_l30(SI), Y1, Y8
	VMULPD FactorParams_l31(SI), Y2, Y9
	VADDPD Y9, Y8, Y8
	VMULPD FactorParams_l32(SI), Y3, Y9
	VADDPD Y9, Y8, Y8
	VMULPD FactorParams_l33(SI), Y4, Y9
	VADDPD Y9, Y8, Y8                   // e3 = l30 a + l31 b + l32 c + l33 d

	// Price.
	VMULPD  FactorParams_pVol(SI), Y5, Y1
	VADDPD  FactorParams_pDrift(SI), Y1, Y1
	VADDPD  FactorBlock_Jump(DI)(AX*1), Y1, Y1 // dlogP0 = pDrift + pVol e0 + jump
	VMOVUPD FactorBlock_LogP(DI)(AX*1), Y2     // lp
	VADDPD  Y1, Y2, Y3                         // newLogP = lp + dlogP0
	VSUBPD  Y2, Y3, Y4                         // dlogP = newLogP - lp

	// Hashrate.
	VMULPD FactorParams_hVol(SI), Y6, Y5
	VADDPD FactorParams_hDrift(SI), Y5, Y5 // dlogH = hDrift + hVol e1
	CMPQ   DX, $const_LagSelf
	JNE    notself
	VMULPD FactorParams_elast(SI), Y4, Y6
	VADDPD Y6, Y5, Y5                      // + elast dlogP
	JMP    lagdone
notself:
	CMPQ   DX, $const_LagEarlier
	JNE    lagdone
	VMOVUPD (R8)(AX*1), Y6
	VMULPD FactorParams_elast(SI), Y6, Y6
	VADDPD Y6, Y5, Y5                      // + elast lagged
lagdone:
	VADDPD FactorBlock_LogH(DI)(AX*1), Y5, Y6 // lh = logH + dlogH

	// Power and GPU.
	VMOVUPD FactorBlock_X(DI)(AX*1), Y5
	VMULPD  FactorParams_wDecay(SI), Y5, Y5
	VMULPD  FactorParams_wVol(SI), Y7, Y9
	VADDPD  Y9, Y5, Y5                        // xw = x wDecay + wVol e2
	VMOVUPD FactorBlock_LogG(DI)(AX*1), Y7
	VADDPD  FactorParams_gDrift(SI), Y7, Y7
	VMULPD  FactorParams_gVol(SI), Y8, Y9
	VADDPD  Y9, Y7, Y7                        // lg = logG + gDrift + gVol e3

	// Every state within the bound? Else leave the group to stepFactors.
	VMULPD    Y3, Y3, Y8
	VMULPD    Y6, Y6, Y9
	VADDPD    Y9, Y8, Y8
	VMULPD    Y5, Y5, Y9
	VMULPD    Y7, Y7, Y10
	VADDPD    Y10, Y9, Y9
	VADDPD    Y9, Y8, Y8
	VCMPPD    $0x16, FactorParams_bound(SI), Y8, Y8 // !(sum <= bound), true for NaN
	VMOVMSKPD Y8, R12
	TESTQ     R12, R12
	JNZ       redo

	VMOVUPD Y3, FactorBlock_LogP(DI)(AX*1)
	VMOVUPD Y4, FactorBlock_DlogP(DI)(AX*1)
	VMOVUPD Y6, FactorBlock_LogH(DI)(AX*1)
	VMOVUPD Y5, FactorBlock_X(DI)(AX*1)
	VMOVUPD Y7, FactorBlock_LogG(DI)(AX*1)
	VMOVUPD Y3, (FactorBlock_Arg+const_ArgPrice*8*const_FactorLanes)(DI)(AX*1)
	VMOVUPD Y6, (FactorBlock_Arg+const_ArgHashrate*8*const_FactorLanes)(DI)(AX*1)
	VMOVUPD Y5, (FactorBlock_Arg+const_ArgPower*8*const_FactorLanes)(DI)(AX*1)
	VMOVUPD Y7, (FactorBlock_Arg+const_ArgGPU*8*const_FactorLanes)(DI)(AX*1)

	// Fee exponent: feeVol (s fee) + feeAdj.
	VMULPD  FactorBlock_Fee(DI)(AX*1), Y0, Y1
	VMULPD  FactorParams_feeVol(SI), Y1, Y1
	VADDPD  FactorParams_feeAdj(SI), Y1, Y1
	VMOVUPD Y1, (FactorBlock_Arg+const_ArgFees*8*const_FactorLanes)(DI)(AX*1)

	// Utilization.
	TESTQ        R9, R9
	JZ           constutil
	VPMOVZXDQ    FactorBlock_UB(DI)(R11*1), Y1
	VPADDQ       facP19<>(SB), Y1, Y1   // t = b + 2^19 = m + 2^20
	VPSRLQ       $20, Y1, Y2            // cell + 1 = t >> 20
	VPAND        facMask20<>(SB), Y1, Y3
	VPOR         facMagic<>(SB), Y3, Y3
	VSUBPD       facMagic<>(SB), Y3, Y3 // float64(m mod 2^20)
	VADDPD       facHalf<>(SB), Y3, Y3
	VMULPD       facM20<>(SB), Y3, Y3   // f
	VPCMPEQQ     Y4, Y4, Y4
	VGATHERQPD   Y4, (R9)(Y2*8), Y5     // table[cell+1]
	VPCMPEQQ     Y4, Y4, Y4
	VGATHERQPD   Y4, 8(R9)(Y2*8), Y6    // table[cell+2]
	VSUBPD       Y5, Y6, Y6
	VMULPD       Y6, Y3, Y6
	VADDPD       Y6, Y5, Y6             // lo + f (hi - lo)
	VMOVUPD      Y6, FactorBlock_Util(DI)(AX*1)
	JMP          next
constutil:
	VBROADCASTSD FactorParams_utilConst(SI), Y1
	VMOVUPD      Y1, FactorBlock_Util(DI)(AX*1)
	JMP          next

redo:
	BTSQ R10, BX

next:
	ADDQ $32, AX
	ADDQ $16, R11
	INCQ R10
	CMPQ R10, CX
	JLT  loop

done:
	VZEROUPPER
	MOVL BX, redo+40(FP)
	RET
