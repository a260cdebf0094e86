//go:build !purego

#include "textflag.h"
#include "go_asm.h"

DATA chainZero<>+0(SB)/8, $0
DATA chainZero<>+8(SB)/8, $0
DATA chainZero<>+16(SB)/8, $0
DATA chainZero<>+24(SB)/8, $0
GLOBL chainZero<>(SB), RODATA|NOPTR, $32

#define EX(k) (k*8*const_FactorLanes)

// func chainAVX2(c *ChainBlock, ex *[5 * FactorLanes]float64, p *ChainParams, n int) (left uint64)
//
// stepChain for paths 0 to n-1 (n a multiple of 4), four at a time: both
// cases are computed for every path and blended, with the same operations
// in the same order as stepChain. A path left to the caller keeps its state
// and results.
TEXT ·chainAVX2(SB), NOSPLIT, $0-40
	MOVQ c+0(FP), DI
	MOVQ ex+8(FP), R8
	MOVQ p+16(FP), SI
	MOVQ n+24(FP), R13
	XORQ AX, AX // byte offset of the group
	XORQ CX, CX // bit of the group's first path
	XORQ BX, BX // left
	SHRQ $2, R13
	JZ   done

loop:
	VMOVUPD ChainBlock_InvD(DI)(AX*1), Y0                  // invD
	VMOVUPD (EX(const_ArgHashrate))(R8)(AX*1), Y1
	VMULPD  ChainParams_invBlockSec(SI), Y1, Y1
	VMULPD  Y0, Y1, Y1                                      // q = hashrate / blockSec * invD
	VMULPD  ChainParams_sec(SI), Y1, Y2                     // nb = q sec
	VMOVUPD (EX(const_ArgFees))(R8)(AX*1), Y3
	VMULPD  ChainParams_fees0(SI), Y3, Y3
	VADDPD  ChainBlock_Subsidy(DI)(AX*1), Y3, Y3            // r = subsidy + fees0 fees
	VMOVUPD ChainParams_retarget(SI), Y4
	VSUBPD  ChainBlock_InEpoch(DI)(AX*1), Y4, Y4            // toR = retarget - inEpoch
	VMOVUPD ChainBlock_NextHalv(DI)(AX*1), Y5
	VSUBPD  ChainBlock_Height(DI)(AX*1), Y5, Y5             // toH = nextHalv - height
	VMOVUPD (EX(const_ArgPrice))(R8)(AX*1), Y6
	VMULPD  ChainParams_price0(SI), Y6, Y6
	VMOVUPD Y6, ChainBlock_Price(DI)(AX*1)                  // price = price0 ratio

	// cut = !(nb < toR) || !(nb < toH)
	VCMPPD $0x15, Y4, Y2, Y6
	VCMPPD $0x15, Y5, Y2, Y7
	VORPD  Y7, Y6, Y6

	// The step with one retarget.
	VDIVPD    Y1, Y4, Y7                           // s1 = toR / q
	VCMPPD    $0x11, chainZero<>(SB), Y7, Y8       // s1 < 0
	VBLENDVPD Y8, chainZero<>(SB), Y7, Y7          // then 0
	VADDPD    ChainBlock_Elapsed(DI)(AX*1), Y7, Y8
	VMULPD    ChainParams_measured(SI), Y8, Y8     // actual = (elapsed + s1) measured
	VCMPPD    $0x11, ChainParams_lo(SI), Y8, Y9    // actual < lo
	VBLENDVPD Y9, ChainParams_lo(SI), Y8, Y8
	VCMPPD    $0x1e, ChainParams_hi(SI), Y8, Y9    // actual > hi
	VBLENDVPD Y9, ChainParams_hi(SI), Y8, Y8
	VMULPD    ChainParams_invExpected(SI), Y8, Y8  // f = actual / expected
	VMOVUPD   ChainParams_sec(SI), Y9
	VSUBPD    Y7, Y9, Y9                           // s2 = sec - s1
	VMULPD    Y8, Y1, Y10
	VMULPD    Y9, Y10, Y10                         // nb2 = q f s2
	VADDPD    Y10, Y4, Y12                         // toR + nb2

	// valid = s1 <= sec && nb2 < retarget && toR + nb2 < toH;
	// left = cut && !valid.
	VCMPPD  $0x12, ChainParams_sec(SI), Y7, Y11
	VCMPPD  $0x11, ChainParams_retarget(SI), Y10, Y13
	VANDPD  Y13, Y11, Y11
	VCMPPD  $0x11, Y5, Y12, Y13
	VANDPD  Y13, Y11, Y11
	VANDNPD Y6, Y11, Y11                           // left = ^valid & cut
	VMOVMSKPD Y11, R12
	SHLQ    CX, R12
	ORQ     R12, BX

	// BTC per TH/s: perTHsec invD r, or perTH (invD s1 + invD2 s2) r.
	VMULPD    Y8, Y0, Y13                          // invD2 = invD f
	VMULPD    Y7, Y0, Y14
	VMULPD    Y9, Y13, Y15
	VADDPD    Y15, Y14, Y14
	VMULPD    ChainParams_perTH(SI), Y14, Y14
	VMULPD    Y3, Y14, Y14
	VMULPD    ChainParams_perTHsec(SI), Y0, Y15
	VMULPD    Y3, Y15, Y15
	VBLENDVPD Y6, Y14, Y15, Y15
	VBLENDVPD Y11, ChainBlock_BTC(DI)(AX*1), Y15, Y15
	VMOVUPD   Y15, ChainBlock_BTC(DI)(AX*1)

	// invD: unchanged, or invD2.
	VBLENDVPD Y6, Y13, Y0, Y13
	VBLENDVPD Y11, Y0, Y13, Y13
	VMOVUPD   Y13, ChainBlock_InvD(DI)(AX*1)

	// Blocks: nb, or toR + nb2. Reward: r.
	VBLENDVPD Y6, Y12, Y2, Y13
	VBLENDVPD Y11, ChainBlock_Blocks(DI)(AX*1), Y13, Y13
	VMOVUPD   Y13, ChainBlock_Blocks(DI)(AX*1)
	VBLENDVPD Y11, ChainBlock_Reward(DI)(AX*1), Y3, Y13
	VMOVUPD   Y13, ChainBlock_Reward(DI)(AX*1)

	// inEpoch: inEpoch + nb, or nb2.
	VMOVUPD   ChainBlock_InEpoch(DI)(AX*1), Y14
	VADDPD    Y2, Y14, Y15
	VBLENDVPD Y6, Y10, Y15, Y15
	VBLENDVPD Y11, Y14, Y15, Y15
	VMOVUPD   Y15, ChainBlock_InEpoch(DI)(AX*1)

	// elapsed: elapsed + sec, or s2.
	VMOVUPD   ChainBlock_Elapsed(DI)(AX*1), Y14
	VADDPD    ChainParams_sec(SI), Y14, Y15
	VBLENDVPD Y6, Y9, Y15, Y15
	VBLENDVPD Y11, Y14, Y15, Y15
	VMOVUPD   Y15, ChainBlock_Elapsed(DI)(AX*1)

	// height: height + nb, or height + (toR + nb2).
	VMOVUPD   ChainBlock_Height(DI)(AX*1), Y14
	VADDPD    Y2, Y14, Y15
	VADDPD    Y12, Y14, Y13
	VBLENDVPD Y6, Y13, Y15, Y15
	VBLENDVPD Y11, Y14, Y15, Y15
	VMOVUPD   Y15, ChainBlock_Height(DI)(AX*1)

	ADDQ $32, AX
	ADDQ $4, CX
	DECQ R13
	JNZ  loop

done:
	VZEROUPPER
	MOVQ BX, left+32(FP)
	RET
