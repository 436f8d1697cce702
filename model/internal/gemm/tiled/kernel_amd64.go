package tiled

import "golang.org/x/sys/cpu"

//go:generate go run kernel_gen.go

// The micro-kernels of kernel_amd64.s (see microKernel and
// stridedKernel); kc ≥ 1.
//
//go:noescape
func kernelAVX2(kc int, a, b, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernelAVX512(kc int, a, b, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernelAVX2Strided(kc int, a *float32, lda int, b, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernelAVX512Strided(kc int, a *float32, lda int, b, c *float32, ldc int, alpha, beta float32)

// The packing loops of pack_amd64.s: kb steps of 12 (or 6) values from
// src, a step every lda values, into dst; kb ≥ 1.
//
//go:noescape
func packT12(kb int, dst, src *float32, lda int)

//go:noescape
func packT6(kb int, dst, src *float32, lda int)

// packTrans packs rows values from each of kb steps of src (a step every
// lda values) into dst, mr values a step; it reports false, packing
// nothing, where it has no loop for rows and mr.
func packTrans(dst, src []float32, lda, kb, rows, mr int) bool {
	switch {
	case rows == 12 && mr == 12:
		_ = src[(kb-1)*lda+11]
		_ = dst[kb*12-1]
		packT12(kb, &dst[0], &src[0], lda)
	case rows == 6 && mr == 6:
		_ = src[(kb-1)*lda+5]
		_ = dst[kb*6-1]
		packT6(kb, &dst[0], &src[0], lda)
	default:
		return false
	}
	return true
}

// asmPaths returns the assembly kernel paths this processor runs, fastest
// first.
func asmPaths() []*Path {
	var ps []*Path
	if cpu.X86.HasAVX512F {
		ps = append(ps, &Path{name: "avx512", mr: 12, nr: 32, kernel: kernelAVX512, strided: kernelAVX512Strided})
	}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		ps = append(ps, &Path{name: "avx2", mr: 6, nr: 16, kernel: kernelAVX2, strided: kernelAVX2Strided})
	}
	return ps
}
