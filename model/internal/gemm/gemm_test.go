package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/fashionlens/fashionlens/model/internal/gemm/gemmtest"
)

// usePath makes name the path in use for the rest of the test.
func usePath(t testing.TB, name string) {
	t.Helper()
	if err := Use(name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { Use(os.Getenv(EnvVar)) })
}

// Every path of this processor and build, split across cores, gives the
// naive result (package tiled tests its kernels on every network shape).
func TestSgemmMatchesNaive(t *testing.T) {
	for _, name := range Paths() {
		t.Run(name, func(t *testing.T) {
			usePath(t, name)
			testSgemmMatchesNaive(t)
		})
	}
}

func TestUseUnknownPath(t *testing.T) {
	t.Cleanup(func() { Use(os.Getenv(EnvVar)) })
	if err := Use("avx9000"); err == nil || !strings.Contains(err.Error(), "avx9000") {
		t.Fatalf("Use(avx9000) = %v", err)
	}
	def := PathName()
	Use("")
	if PathName() != def {
		t.Errorf("after a bad name the path in use is %s, want the default, %s", def, PathName())
	}
	// The default: the widest tiled path, the library only without one.
	switch ps := Paths(); {
	case slices.Contains(ps, "avx512") && def != "avx512":
		t.Errorf("default %s on an AVX-512 processor", def)
	case !slices.Contains(ps, "avx512") && slices.Contains(ps, "avx2") && def != "avx2":
		t.Errorf("default %s on an AVX2 processor", def)
	case len(ps) == 1 && def != libraryName:
		t.Errorf("default %s without a tiled path, want %s", def, libraryName)
	}
}

func testSgemmMatchesNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	// Shapes small and large enough to be split across cores.
	for _, s := range [][3]int{{1, 1, 1}, {3, 5, 7}, {300, 32, 27}, {64, 33, 600}, {513, 17, 40}} {
		m, n, k := s[0], s[1], s[2]
		for _, ta := range []bool{false, true} {
			for _, tb := range []bool{false, true} {
				t.Run(fmt.Sprintf("%dx%dx%d/%v%v", m, n, k, ta, tb), func(t *testing.T) {
					a, b := gemmtest.RandSlice(r, m*k), gemmtest.RandSlice(r, k*n)
					lda, ldb := k, n
					if ta {
						lda = m
					}
					if tb {
						ldb = k
					}
					c0 := gemmtest.RandSlice(r, m*n)
					want := append([]float32(nil), c0...)
					gemmtest.Naive(ta, tb, m, n, k, 0.5, a, lda, b, ldb, 2, want, n)
					for _, f := range []struct {
						name string
						fn   func(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int)
					}{{"Sgemm", Sgemm}, {"SgemmSerial", SgemmSerial}} {
						got := append([]float32(nil), c0...)
						f.fn(ta, tb, m, n, k, 0.5, a, lda, b, ldb, 2, got, n)
						for i := range got {
							if d := math.Abs(float64(got[i] - want[i])); d > 1e-4*float64(k) {
								t.Fatalf("%s: C[%d] = %v, want %v", f.name, i, got[i], want[i])
							}
						}
					}
				})
			}
		}
	}
}

// BenchmarkSgemm times the network's largest GEMM shapes at batch 128, on
// every path, split across cores as the network calls it.
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
		a, bb, c := gemmtest.RandSlice(r, s.m*s.k), gemmtest.RandSlice(r, s.k*s.n), make([]float32, s.m*s.n)
		lda := s.k
		if s.ta {
			lda = s.m
		}
		for _, path := range Paths() {
			b.Run(path+"/"+s.name, func(b *testing.B) {
				usePath(b, path)
				for b.Loop() {
					Sgemm(s.ta, false, s.m, s.n, s.k, 1, a, lda, bb, s.n, 0, c, s.n)
				}
				b.ReportMetric(2*float64(s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
	b.Log("blas is ", library())
}

// BenchmarkSgemmChunk times the products the convolutions run per chunk
// of images (ops/conv.go), on one core as they are called: the second
// layer's two images (392 rows) and the third layer's nine (441 rows),
// forward, weight gradient (Aᵀ) and input gradient (Bᵀ).
func BenchmarkSgemmChunk(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, s := range []struct {
		name    string
		m, n, k int
		ta, tb  bool
	}{
		{"conv2-forward", 392, 32, 288, false, false},
		{"conv2-weight-grad", 288, 32, 392, true, false},
		{"conv2-input-grad", 392, 288, 32, false, true},
		{"conv3-forward", 441, 64, 288, false, false},
		{"conv3-weight-grad", 288, 64, 441, true, false},
		{"conv3-input-grad", 441, 288, 64, false, true},
	} {
		a, bb, c := gemmtest.RandSlice(r, s.m*s.k), gemmtest.RandSlice(r, s.k*s.n), make([]float32, s.m*s.n)
		lda, ldb := s.k, s.n
		if s.ta {
			lda = s.m
		}
		if s.tb {
			ldb = s.k
		}
		for _, path := range Paths() {
			b.Run(path+"/"+s.name, func(b *testing.B) {
				usePath(b, path)
				for b.Loop() {
					SgemmSerial(s.ta, s.tb, s.m, s.n, s.k, 1, a, lda, bb, ldb, 0, c, s.n)
				}
				b.ReportMetric(2*float64(s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}
