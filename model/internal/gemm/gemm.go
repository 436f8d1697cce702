// Package gemm multiplies float32 matrices: the GEMM behind the network's
// convolutions and dense layers.
//
// The default build links OpenBLAS statically (Debian's libopenblas-dev
// provides libopenblas.a), so a built binary needs no BLAS library at run
// time. Each call runs single-threaded OpenBLAS on row blocks of C, one per
// core, which on 2 cores measured faster than OpenBLAS's own threads for
// the network's shapes. The build tag purego, or a build without cgo,
// uses gonum's pure-Go GEMM instead: portable, and about 7–9× slower.
package gemm

import "github.com/fashionlens/fashionlens/model/internal/par"

// minParallel is the smallest m*n*k worth splitting across cores.
const minParallel = 1 << 17

// Sgemm computes C = alpha·op(A)·op(B) + beta·C for row-major matrices,
// where op(X) is X or its transpose: op(A) is m×k, op(B) is k×n and C is
// m×n, with leading dimensions lda, ldb and ldc.
func Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	if m*n*k < minParallel || m < 2 {
		sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	// Split the rows of C; each block is an independent GEMM, and its
	// result does not depend on how many blocks there are.
	par.For(m, 16, func(lo, hi int) {
		aoff := lo * lda
		if transA {
			aoff = lo
		}
		sgemm(transA, transB, hi-lo, n, k, alpha, a[aoff:], lda, b, ldb, beta, c[lo*ldc:], ldc)
	})
}

// Backend names the GEMM in use, for version and benchmark output.
func Backend() string { return backend() }
