//go:build !purego

#include "textflag.h"

// Four copies of each constant of the ziggurat's fast path.
#define CONST4(name, bits) \
	DATA name<>+0(SB)/8, $bits \
	DATA name<>+8(SB)/8, $bits \
	DATA name<>+16(SB)/8, $bits \
	DATA name<>+24(SB)/8, $bits \
	GLOBL name<>(SB), RODATA|NOPTR, $32

CONST4(zigLayer, 0x00000000000000ff) // layer index mask, w & 255
CONST4(zigTwo52, 0x4330000000000000) // 2^52
CONST4(zigSign, 0x8000000000000000)  // sign bit

// func normalsAVX2(z *[32]float64, st *Streams, w *[32]uint64, n int) (slow uint32)
//
// Four paths at a time: one xoshiro256++ step on each path's state (the
// state's four words are Streams.S0 to S3, 256 bytes apart), then the
// ziggurat's fast path on the draw w, with the operations of Normal:
// layer i = w & 255, j = w >> 12, accept if j < zigK[i], z = ±float64(j) *
// zigW[i] with the sign of bit 8 of w. float64(j) is (2^52 | j) - 2^52,
// exact for j < 2^52; the product rounds once, as in Go.
TEXT ·normalsAVX2(SB), NOSPLIT, $0-36
	MOVQ z+0(FP), DI
	MOVQ st+8(FP), SI
	MOVQ w+16(FP), DX
	MOVQ n+24(FP), R12
	LEAQ ·zigK(SB), R8
	LEAQ ·zigW(SB), R9
	XORQ AX, AX  // slow
	XORQ BX, BX  // byte offset of the group
	XORQ CX, CX  // its first path, the shift of its bits in slow
	SHRQ $2, R12
	JZ   done

loop:
	VMOVDQU 0(SI)(BX*1), Y0   // s0
	VMOVDQU 256(SI)(BX*1), Y1 // s1
	VMOVDQU 512(SI)(BX*1), Y2 // s2
	VMOVDQU 768(SI)(BX*1), Y3 // s3

	VPADDQ Y0, Y3, Y4  // s0 + s3
	VPSLLQ $23, Y4, Y5
	VPSRLQ $41, Y4, Y4
	VPOR   Y5, Y4, Y4  // rotl(s0 + s3, 23)
	VPADDQ Y0, Y4, Y4  // w = rotl(s0 + s3, 23) + s0

	VPSLLQ $17, Y1, Y5 // t = s1 << 17
	VPXOR  Y0, Y2, Y2  // s2 ^= s0
	VPXOR  Y1, Y3, Y3  // s3 ^= s1
	VPXOR  Y2, Y1, Y1  // s1 ^= s2
	VPXOR  Y3, Y0, Y0  // s0 ^= s3
	VPXOR  Y5, Y2, Y2  // s2 ^= t
	VPSLLQ $45, Y3, Y5
	VPSRLQ $19, Y3, Y3
	VPOR   Y5, Y3, Y3  // s3 = rotl(s3, 45)

	VMOVDQU Y0, 0(SI)(BX*1)
	VMOVDQU Y1, 256(SI)(BX*1)
	VMOVDQU Y2, 512(SI)(BX*1)
	VMOVDQU Y3, 768(SI)(BX*1)
	VMOVDQU Y4, (DX)(BX*1)

	VPAND      zigLayer<>(SB), Y4, Y6 // i = w & 255
	VPSRLQ     $12, Y4, Y7            // j = w >> 12
	// zigK[i] and zigW[i] by scalar loads, which beat VPGATHERQQ and
	// VGATHERQPD on this machine's AMD EPYC (3.0-3.4 against 3.4-4.2 ns a
	// normal, thread CPU time, best of 9 runs of 64 million normals).
	VMOVQ        X6, R10
	VPEXTRQ      $1, X6, R13
	VMOVQ        (R8)(R10*8), X9
	VPINSRQ      $1, (R8)(R13*8), X9, X9
	VMOVQ        (R9)(R10*8), X10
	VPINSRQ      $1, (R9)(R13*8), X10, X10
	VEXTRACTI128 $1, Y6, X13
	VMOVQ        X13, R10
	VPEXTRQ      $1, X13, R13
	VMOVQ        (R8)(R10*8), X14
	VPINSRQ      $1, (R8)(R13*8), X14, X14
	VMOVQ        (R9)(R10*8), X15
	VPINSRQ      $1, (R9)(R13*8), X15, X15
	VINSERTI128  $1, X14, Y9, Y9      // zigK[i]
	VINSERTI128  $1, X15, Y10, Y10    // zigW[i]
	VPCMPGTQ   Y7, Y9, Y11            // accept: zigK[i] > j

	VPOR   zigTwo52<>(SB), Y7, Y7 // 2^52 + j, as a float64
	VSUBPD zigTwo52<>(SB), Y7, Y7 // float64(j)
	VMULPD Y10, Y7, Y7            // float64(j) * zigW[i]
	VPSLLQ $55, Y4, Y12           // bit 8 of w to bit 63
	VPAND  zigSign<>(SB), Y12, Y12
	VXORPD Y12, Y7, Y7            // the sign
	VMOVUPD Y7, (DI)(BX*1)

	VMOVMSKPD Y11, R11 // accepted paths
	XORQ $15, R11      // failed paths
	SHLQ CX, R11
	ORQ  R11, AX

	ADDQ $32, BX
	ADDQ $4, CX
	DECQ R12
	JNZ  loop
	VZEROUPPER

done:
	MOVL AX, slow+32(FP)
	RET
