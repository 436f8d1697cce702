package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// naive is the textbook triple loop.
func naive(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
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
			c[i*ldc+j] = alpha*float32(s) + beta*c[i*ldc+j]
		}
	}
}

func randSlice(r *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = r.Float32()*2 - 1
	}
	return s
}

func TestSgemmMatchesNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	// Shapes small and large enough to be split across cores.
	for _, s := range [][3]int{{1, 1, 1}, {3, 5, 7}, {300, 32, 27}, {64, 33, 600}, {513, 17, 40}} {
		m, n, k := s[0], s[1], s[2]
		for _, ta := range []bool{false, true} {
			for _, tb := range []bool{false, true} {
				t.Run(fmt.Sprintf("%dx%dx%d/%v%v", m, n, k, ta, tb), func(t *testing.T) {
					a, b := randSlice(r, m*k), randSlice(r, k*n)
					lda, ldb := k, n
					if ta {
						lda = m
					}
					if tb {
						ldb = k
					}
					c0 := randSlice(r, m*n)
					got, want := append([]float32(nil), c0...), append([]float32(nil), c0...)
					Sgemm(ta, tb, m, n, k, 0.5, a, lda, b, ldb, 2, got, n)
					naive(ta, tb, m, n, k, 0.5, a, lda, b, ldb, 2, want, n)
					for i := range got {
						if d := math.Abs(float64(got[i] - want[i])); d > 1e-4*float64(k) {
							t.Fatalf("C[%d] = %v, want %v", i, got[i], want[i])
						}
					}
				})
			}
		}
	}
}

// BenchmarkSgemm times the network's largest GEMM shapes at batch 128.
func BenchmarkSgemm(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, s := range []struct {
		name    string
		m, n, k int
		ta      bool
	}{
		{"conv2-forward", 128 * 196, 32, 288, false},
		{"conv3-forward", 128 * 49, 64, 288, false},
		{"conv2-weight-grad", 288, 32, 128 * 196, true},
		{"dense-forward", 128, 64, 3136, false},
	} {
		a, bb, c := randSlice(r, s.m*s.k), randSlice(r, s.k*s.n), make([]float32, s.m*s.n)
		lda := s.k
		if s.ta {
			lda = s.m
		}
		b.Run(s.name, func(b *testing.B) {
			for b.Loop() {
				Sgemm(s.ta, false, s.m, s.n, s.k, 1, a, lda, bb, s.n, 0, c, s.n)
			}
			b.ReportMetric(2*float64(s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
	b.Log(Backend())
}
