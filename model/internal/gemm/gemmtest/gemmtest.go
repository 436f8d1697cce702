// Package gemmtest holds what the GEMM packages' tests share: the naive
// product they are checked against, and random matrices.
package gemmtest

import "math/rand/v2"

// Naive computes C = alpha·op(A)·op(B) + beta·C with the textbook triple
// loop, summing in float64; with beta = 0, C is not read.
func Naive(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float64
			for p := 0; p < k; p++ {
				var av, bv float32
				if transA {
					av = a[p*lda+i]
				} else {
					av = a[i*lda+p]
				}
				if transB {
					bv = b[j*ldb+p]
				} else {
					bv = b[p*ldb+j]
				}
				s += float64(av) * float64(bv)
			}
			if beta == 0 {
				c[i*ldc+j] = alpha * float32(s)
			} else {
				c[i*ldc+j] = alpha*float32(s) + beta*c[i*ldc+j]
			}
		}
	}
}

// RandSlice returns n values drawn uniformly from [−1, 1) by r.
func RandSlice(r *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = r.Float32()*2 - 1
	}
	return s
}
