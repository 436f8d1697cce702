// Packing loops of blocked.go for bands of the micro-kernels' heights.

#include "textflag.h"

// func packT12(kb int, dst, src *float32, lda int)
// dst[12p : 12p+12] = src[p·lda : p·lda+12] for p < kb (kb ≥ 1).
TEXT ·packT12(SB), NOSPLIT, $0-32
	MOVQ kb+0(FP), CX
	MOVQ dst+8(FP), DI
	MOVQ src+16(FP), SI
	MOVQ lda+24(FP), R8
	SHLQ $2, R8
packT12Loop:
	VMOVUPS (SI), Y0
	VMOVUPS 32(SI), X1
	VMOVUPS Y0, (DI)
	VMOVUPS X1, 32(DI)
	ADDQ R8, SI
	ADDQ $48, DI
	DECQ CX
	JNZ packT12Loop
	VZEROUPPER
	RET

// func packT6(kb int, dst, src *float32, lda int)
// dst[6p : 6p+6] = src[p·lda : p·lda+6] for p < kb (kb ≥ 1).
TEXT ·packT6(SB), NOSPLIT, $0-32
	MOVQ kb+0(FP), CX
	MOVQ dst+8(FP), DI
	MOVQ src+16(FP), SI
	MOVQ lda+24(FP), R8
	SHLQ $2, R8
packT6Loop:
	VMOVUPS (SI), X0
	MOVQ 16(SI), AX
	VMOVUPS X0, (DI)
	MOVQ AX, 16(DI)
	ADDQ R8, SI
	ADDQ $24, DI
	DECQ CX
	JNZ packT6Loop
	RET
