//go:build !purego

#include "textflag.h"

// Four copies of each constant of Exp, for 256-bit operands.
#define CONST4(name, bits) \
	DATA name<>+0(SB)/8, $bits \
	DATA name<>+8(SB)/8, $bits \
	DATA name<>+16(SB)/8, $bits \
	DATA name<>+24(SB)/8, $bits \
	GLOBL name<>(SB), RODATA|NOPTR, $32

CONST4(expAbs, 0x7fffffffffffffff)
CONST4(expLim, 0x4085e00000000000)     // 700
CONST4(expInvLn2N, 0x40771547652b82fe) // 256 / ln 2
CONST4(expShift, 0x4338000000000000)   // 1.5 * 2^52
CONST4(expLn2Hi, 0x3f662e42fee00000)   // ln 2 / 256, high part
CONST4(expLn2Lo, 0x3d6a39ef35793c76)   // ln 2 / 256, low part
CONST4(expC5, 0x3f81111111111111)      // 1/120
CONST4(expC4, 0x3fa5555555555555)      // 1/24
CONST4(expC3, 0x3fc5555555555555)      // 1/6
CONST4(expC2, 0x3fe0000000000000)      // 1/2
CONST4(expOne, 0x3ff0000000000000)     // 1
CONST4(expIdx, 0x00000000000000ff)     // table index mask
CONST4(expHigh, 0xfff0000000000000)    // sign and exponent bits
CONST4(expBias, 0x3ff0000000000000)    // exponent bias, 1023 << 52

// func expAVX2(dst, x *float64, n int) (bad int)
//
// Exp of x[0:n&^3] into dst, four at a time, with the operations of Exp in
// the same order, so bit for bit the same results. bad is not 0 when some
// x is not within (-700, 700): those results are wrong and the caller
// recomputes them.
TEXT ·expAVX2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	LEAQ ·expTable(SB), R8
	XORQ AX, AX
	SHRQ $2, CX
	JZ   done

loop:
	VMOVUPD (SI), Y0                     // x
	VANDPD  expAbs<>(SB), Y0, Y1         // |x|
	VCMPPD  $0x15, expLim<>(SB), Y1, Y1  // !(|x| < 700), true for NaN
	VMOVMSKPD Y1, BX
	ORQ     BX, AX

	VMULPD expInvLn2N<>(SB), Y0, Y2 // x * 256/ln2
	VADDPD expShift<>(SB), Y2, Y2   // y = x * 256/ln2 + shift: k in the low bits
	VSUBPD expShift<>(SB), Y2, Y3   // kf = y - shift
	VMULPD expLn2Hi<>(SB), Y3, Y4
	VSUBPD Y4, Y0, Y4               // x - kf*hi
	VMULPD expLn2Lo<>(SB), Y3, Y5
	VSUBPD Y5, Y4, Y4               // r = (x - kf*hi) - kf*lo

	VPAND      expIdx<>(SB), Y2, Y6 // k & 255
	VPCMPEQQ   Y7, Y7, Y7
	VGATHERQPD Y7, (R8)(Y6*8), Y8   // t = 2^((k&255)/256)

	VMULPD expC5<>(SB), Y4, Y9 // Horner: r*(1 + r*(1/2 + r*(1/6 + r*(1/24 + r/120))))
	VADDPD expC4<>(SB), Y9, Y9
	VMULPD Y4, Y9, Y9
	VADDPD expC3<>(SB), Y9, Y9
	VMULPD Y4, Y9, Y9
	VADDPD expC2<>(SB), Y9, Y9
	VMULPD Y4, Y9, Y9
	VADDPD expOne<>(SB), Y9, Y9
	VMULPD Y4, Y9, Y9          // p

	VPSLLQ $44, Y2, Y10             // (k >> 8) << 52, as k >> 8 lies in bits 8..19 of y
	VPAND  expHigh<>(SB), Y10, Y10
	VPADDQ expBias<>(SB), Y10, Y10  // scale = 2^(k >> 8)

	VMULPD  Y8, Y9, Y9   // t*p
	VADDPD  Y8, Y9, Y9   // t + t*p
	VMULPD  Y10, Y9, Y9  // (t + t*p) * scale
	VMOVUPD Y9, (DI)

	ADDQ $32, SI
	ADDQ $32, DI
	DECQ CX
	JNZ  loop

done:
	VZEROUPPER
	MOVQ AX, bad+24(FP)
	RET
