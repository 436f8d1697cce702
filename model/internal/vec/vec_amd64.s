// AVX2 loops of package vec (see vec_amd64.go for their contracts).
// Operand order is Go's: sources first, destination last.

#include "textflag.h"

// func mulAVX2(x, y, z *float32, n int)
TEXT ·mulAVX2(SB), NOSPLIT, $0-32
	MOVQ x+0(FP), SI
	MOVQ y+8(FP), DI
	MOVQ z+16(FP), DX
	MOVQ n+24(FP), CX
	SHLQ $2, CX
	XORQ AX, AX
mulLoop:
	VMOVUPS (SI)(AX*1), Y0
	VMULPS (DI)(AX*1), Y0, Y0
	VMOVUPS Y0, (DX)(AX*1)
	ADDQ $32, AX
	CMPQ AX, CX
	JLT mulLoop
	VZEROUPPER
	RET

// func addAVX2(dst, src *float32, n int)
TEXT ·addAVX2(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	SHLQ $2, CX
	XORQ AX, AX
addLoop:
	VMOVUPS (DI)(AX*1), Y0
	VADDPS (SI)(AX*1), Y0, Y0
	VMOVUPS Y0, (DI)(AX*1)
	ADDQ $32, AX
	CMPQ AX, CX
	JLT addLoop
	VZEROUPPER
	RET

// func reluMaskAVX2(y, dy, dz *float32, n int)
TEXT ·reluMaskAVX2(SB), NOSPLIT, $0-32
	MOVQ y+0(FP), SI
	MOVQ dy+8(FP), DI
	MOVQ dz+16(FP), DX
	MOVQ n+24(FP), CX
	SHLQ $2, CX
	XORQ AX, AX
	VXORPS Y15, Y15, Y15
reluMaskLoop:
	VMOVUPS (SI)(AX*1), Y0
	VCMPPS $0x1e, Y15, Y0, Y1 // y > 0
	VANDPS (DI)(AX*1), Y1, Y1
	VMOVUPS Y1, (DX)(AX*1)
	ADDQ $32, AX
	CMPQ AX, CX
	JLT reluMaskLoop
	VZEROUPPER
	RET

// func affineAVX2(x, y, bias, scale, shift *float32, rows, c int, relu bool)
TEXT ·affineAVX2(SB), NOSPLIT, $0-57
	MOVQ x+0(FP), SI
	MOVQ y+8(FP), DX
	MOVQ bias+16(FP), R8
	MOVQ scale+24(FP), R9
	MOVQ shift+32(FP), R10
	MOVQ rows+40(FP), CX
	MOVQ c+48(FP), BX
	SHLQ $2, BX
	MOVBLZX relu+56(FP), R11
	VXORPS Y15, Y15, Y15
affineRow:
	XORQ AX, AX
affineChunk:
	VMOVUPS (SI)(AX*1), Y0
	VADDPS (R8)(AX*1), Y0, Y0
	TESTQ R11, R11
	JZ affineNoReLU
	VMAXPS Y0, Y15, Y0 // max(0, v); v if v is NaN
affineNoReLU:
	VMOVUPS (R10)(AX*1), Y1
	VFMADD231PS (R9)(AX*1), Y0, Y1 // shift + v·scale
	VMOVUPS Y1, (DX)(AX*1)
	ADDQ $32, AX
	CMPQ AX, BX
	JLT affineChunk
	ADDQ BX, SI
	ADDQ BX, DX
	DECQ CX
	JNZ affineRow
	VZEROUPPER
	RET

// func affineGradAVX2(x, dy, dx, a, b, k *float32, rows, c int, relu bool)
TEXT ·affineGradAVX2(SB), NOSPLIT, $0-65
	MOVQ x+0(FP), SI
	MOVQ dy+8(FP), DI
	MOVQ dx+16(FP), DX
	MOVQ a+24(FP), R8
	MOVQ b+32(FP), R9
	MOVQ k+40(FP), R10
	MOVQ rows+48(FP), CX
	MOVQ c+56(FP), BX
	SHLQ $2, BX
	MOVBLZX relu+64(FP), R11
	VXORPS Y15, Y15, Y15
affineGradRow:
	XORQ AX, AX
affineGradChunk:
	VMOVUPS (SI)(AX*1), Y0 // x
	VMOVUPS (DI)(AX*1), Y1 // dy
	VMOVUPS (R10)(AX*1), Y2 // k
	VFMADD231PS (R8)(AX*1), Y1, Y2 // + a·dy
	VFMADD231PS (R9)(AX*1), Y0, Y2 // + b·x
	TESTQ R11, R11
	JZ affineGradStore
	VCMPPS $0x1e, Y15, Y0, Y3 // x > 0
	VANDPS Y3, Y2, Y2
affineGradStore:
	VMOVUPS Y2, (DX)(AX*1)
	ADDQ $32, AX
	CMPQ AX, BX
	JLT affineGradChunk
	ADDQ BX, SI
	ADDQ BX, DI
	ADDQ BX, DX
	DECQ CX
	JNZ affineGradRow
	VZEROUPPER
	RET

// func sumSqAVX2(x, shift, s1, s2 *float32, rows, c int)
TEXT ·sumSqAVX2(SB), NOSPLIT, $0-48
	MOVQ x+0(FP), SI
	MOVQ shift+8(FP), R8
	MOVQ s1+16(FP), R9
	MOVQ s2+24(FP), R10
	MOVQ rows+32(FP), CX
	MOVQ c+40(FP), BX
	SHLQ $2, BX
sumSqRow:
	XORQ AX, AX
sumSqChunk:
	VMOVUPS (SI)(AX*1), Y0
	VSUBPS (R8)(AX*1), Y0, Y0 // d = x − shift
	VADDPS (R9)(AX*1), Y0, Y1
	VMOVUPS Y1, (R9)(AX*1)
	VMOVUPS (R10)(AX*1), Y2
	VFMADD231PS Y0, Y0, Y2 // s2 + d·d
	VMOVUPS Y2, (R10)(AX*1)
	ADDQ $32, AX
	CMPQ AX, BX
	JLT sumSqChunk
	ADDQ BX, SI
	DECQ CX
	JNZ sumSqRow
	VZEROUPPER
	RET

// func sumDyXAVX2(x, dy, mean, s1, s2 *float32, rows, c int)
TEXT ·sumDyXAVX2(SB), NOSPLIT, $0-56
	MOVQ x+0(FP), SI
	MOVQ dy+8(FP), DI
	MOVQ mean+16(FP), R8
	MOVQ s1+24(FP), R9
	MOVQ s2+32(FP), R10
	MOVQ rows+40(FP), CX
	MOVQ c+48(FP), BX
	SHLQ $2, BX
sumDyXRow:
	XORQ AX, AX
sumDyXChunk:
	VMOVUPS (DI)(AX*1), Y1 // dy
	VMOVUPS (SI)(AX*1), Y0
	VSUBPS (R8)(AX*1), Y0, Y0 // x − mean
	VADDPS (R9)(AX*1), Y1, Y2
	VMOVUPS Y2, (R9)(AX*1)
	VMOVUPS (R10)(AX*1), Y3
	VFMADD231PS Y1, Y0, Y3 // s2 + (x − mean)·dy
	VMOVUPS Y3, (R10)(AX*1)
	ADDQ $32, AX
	CMPQ AX, BX
	JLT sumDyXChunk
	ADDQ BX, SI
	ADDQ BX, DI
	DECQ CX
	JNZ sumDyXRow
	VZEROUPPER
	RET

// func maxPoolRowAVX2(y, r0, r1 *float32, ow, c int)
// Pixel j reads r0 and r1 at 2j·c (SI, DI) and (2j+1)·c (R9, R10).
TEXT ·maxPoolRowAVX2(SB), NOSPLIT, $0-40
	MOVQ y+0(FP), DX
	MOVQ r0+8(FP), SI
	MOVQ r1+16(FP), DI
	MOVQ ow+24(FP), CX
	MOVQ c+32(FP), BX
	SHLQ $2, BX
	LEAQ (SI)(BX*1), R9
	LEAQ (DI)(BX*1), R10
maxPoolPixel:
	XORQ AX, AX
maxPoolChunk:
	VMOVUPS (SI)(AX*1), Y0
	VMAXPS (R9)(AX*1), Y0, Y0
	VMOVUPS (DI)(AX*1), Y1
	VMAXPS (R10)(AX*1), Y1, Y1
	VMAXPS Y1, Y0, Y0
	VMOVUPS Y0, (DX)(AX*1)
	ADDQ $32, AX
	CMPQ AX, BX
	JLT maxPoolChunk
	ADDQ BX, DX
	LEAQ (SI)(BX*2), SI
	LEAQ (DI)(BX*2), DI
	LEAQ (R9)(BX*2), R9
	LEAQ (R10)(BX*2), R10
	DECQ CX
	JNZ maxPoolPixel
	VZEROUPPER
	RET

// func maxPoolRowGradAVX2(dx0, dx1, r0, r1, y, dy *float32, ow, c int)
// The four inputs of pixel j: r0 at 2j·c (SI) and (2j+1)·c (R9), r1 at
// 2j·c (DI) and (2j+1)·c (R10); their gradients in DX, R13, R8, R14.
TEXT ·maxPoolRowGradAVX2(SB), NOSPLIT, $0-64
	MOVQ dx0+0(FP), DX
	MOVQ dx1+8(FP), R8
	MOVQ r0+16(FP), SI
	MOVQ r1+24(FP), DI
	MOVQ y+32(FP), R11
	MOVQ dy+40(FP), R12
	MOVQ ow+48(FP), CX
	MOVQ c+56(FP), BX
	SHLQ $2, BX
	LEAQ (SI)(BX*1), R9
	LEAQ (DI)(BX*1), R10
	LEAQ (DX)(BX*1), R13
	LEAQ (R8)(BX*1), R14
poolGradPixel:
	XORQ AX, AX
poolGradChunk:
	VMOVUPS (R11)(AX*1), Y0 // the maximum
	VMOVUPS (R12)(AX*1), Y1 // its gradient
	VCMPPS $0, (SI)(AX*1), Y0, Y2 // e00 = (r0 left == max)
	VCMPPS $0, (R9)(AX*1), Y0, Y3
	VANDNPS Y3, Y2, Y3 // e01 = (r0 right == max) and not e00
	VORPS Y2, Y3, Y4 // taken
	VCMPPS $0, (DI)(AX*1), Y0, Y5
	VANDNPS Y5, Y4, Y5 // e10
	VORPS Y5, Y4, Y4
	VCMPPS $0, (R10)(AX*1), Y0, Y6
	VANDNPS Y6, Y4, Y6 // e11
	VANDPS Y1, Y2, Y2
	VMOVUPS Y2, (DX)(AX*1)
	VANDPS Y1, Y3, Y3
	VMOVUPS Y3, (R13)(AX*1)
	VANDPS Y1, Y5, Y5
	VMOVUPS Y5, (R8)(AX*1)
	VANDPS Y1, Y6, Y6
	VMOVUPS Y6, (R14)(AX*1)
	ADDQ $32, AX
	CMPQ AX, BX
	JLT poolGradChunk
	ADDQ BX, R11
	ADDQ BX, R12
	LEAQ (SI)(BX*2), SI
	LEAQ (R9)(BX*2), R9
	LEAQ (DI)(BX*2), DI
	LEAQ (R10)(BX*2), R10
	LEAQ (DX)(BX*2), DX
	LEAQ (R13)(BX*2), R13
	LEAQ (R8)(BX*2), R8
	LEAQ (R14)(BX*2), R14
	DECQ CX
	JNZ poolGradPixel
	VZEROUPPER
	RET
