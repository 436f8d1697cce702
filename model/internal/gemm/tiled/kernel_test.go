package tiled

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/fashionlens/fashionlens/model/internal/gemm/gemmtest"
)

// goKernel is the micro-kernel in Go, the reference for the assembly
// ones and the driver's test on any processor.
func goKernel(mr, nr int) microKernel {
	return func(kc int, a, b, c *float32, ldc int, alpha, beta float32) {
		as := unsafeSlice(a, kc*mr)
		bs := unsafeSlice(b, kc*nr)
		cs := unsafeSlice(c, (mr-1)*ldc+nr)
		for i := range mr {
			for j := range nr {
				var s float32
				for p := range kc {
					s += as[p*mr+i] * bs[p*nr+j]
				}
				if beta == 0 {
					cs[i*ldc+j] = alpha * s
				} else {
					cs[i*ldc+j] = alpha*s + beta*cs[i*ldc+j]
				}
			}
		}
	}
}

// testPaths are the paths to check: the Go kernel and every assembly
// kernel this processor runs.
func testPaths() []*Path {
	return append([]*Path{{name: "go", mr: 4, nr: 8, kernel: goKernel(4, 8)}}, asmPaths()...)
}

// networkShapes are the GEMMs of the seed network at batch 128 and 7 (a
// partial batch): forward (NN), input gradient (NT) and weight gradient
// (TN) of every convolution and dense layer.
func networkShapes() []shape {
	var ss []shape
	for _, batch := range []int{128, 7} {
		for _, l := range []struct{ rows, k, n int }{
			{batch * 784, 9, 32},   // conv1
			{batch * 196, 288, 32}, // conv2
			{batch * 49, 288, 64},  // conv3
			{batch, 3136, 64},      // dense
			{batch, 64, 10},        // softmax layer
		} {
			ss = append(ss,
				shape{"forward", false, false, l.rows, l.n, l.k},
				shape{"input-grad", false, true, l.rows, l.k, l.n},
				shape{"weight-grad", true, false, l.k, l.n, l.rows})
		}
	}
	return ss
}

type shape struct {
	name    string
	ta, tb  bool
	m, n, k int
}

// Every kernel path gives the naive result on every shape of the network
// (beta 0, as the network calls them) and on awkward small ones with beta
// 0 (C is not read: the NaN there stays out), 1 and another value.
func TestKernelPathsMatchNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	shapes := networkShapes()
	for _, s := range [][3]int{{1, 1, 1}, {5, 3, 2}, {13, 33, 17}, {12, 32, 300}, {25, 70, 513}} {
		for _, ta := range []bool{false, true} {
			for _, tb := range []bool{false, true} {
				shapes = append(shapes, shape{"small", ta, tb, s[0], s[1], s[2]})
			}
		}
	}
	for _, p := range testPaths() {
		for _, s := range shapes {
			// The naive reference is slow under the race detector; the
			// partial batch's shapes take the same code paths.
			if (testing.Short() || raceEnabled) && s.m*s.n*s.k > 1<<22 {
				continue
			}
			betas := []float32{0, 1, -0.5}
			if s.name != "small" {
				betas = []float32{0} // as the network calls it
			}
			for _, beta := range betas {
				name := fmt.Sprintf("%s/%s-%dx%dx%d-%v%v/beta%g", p.name, s.name, s.m, s.n, s.k, s.ta, s.tb, beta)
				a, b := gemmtest.RandSlice(r, s.m*s.k), gemmtest.RandSlice(r, s.k*s.n)
				lda, ldb, ldc := s.k, s.n, s.n+3
				if s.ta {
					lda = s.m
				}
				if s.tb {
					ldb = s.k
				}
				c0 := gemmtest.RandSlice(r, s.m*ldc)
				if beta == 0 {
					for i := range c0 {
						c0[i] = float32(math.NaN())
					}
				}
				got, want := append([]float32(nil), c0...), append([]float32(nil), c0...)
				sgemmBlocked(p, s.ta, s.tb, s.m, s.n, s.k, 0.75, a, lda, b, ldb, beta, got, ldc)
				gemmtest.Naive(s.ta, s.tb, s.m, s.n, s.k, 0.75, a, lda, b, ldb, beta, want, ldc)
				for i := range got {
					if i%ldc >= s.n {
						if !same(got[i], c0[i]) {
							t.Fatalf("%s: C[%d] beyond column n changed", name, i)
						}
						continue
					}
					if d := math.Abs(float64(got[i] - want[i])); !(d <= 1e-5*float64(s.k)+1e-5) {
						t.Fatalf("%s: C[%d] = %v, want %v", name, i, got[i], want[i])
					}
				}
			}
		}
	}
}

func same(a, b float32) bool { return a == b || (a != a && b != b) }

// The processor's paths are named, so that a test log shows what ran.
func TestAsmPathsOnThisCPU(t *testing.T) {
	for _, p := range asmPaths() {
		t.Logf("assembly path %s (%d×%d tiles)", p.name, p.mr, p.nr)
	}
}

// kernel_amd64.s is kernel_gen.go's output, not edited by hand.
func TestKernelSourceUpToDate(t *testing.T) {
	out := filepath.Join(t.TempDir(), "kernel_amd64.s")
	cmd := exec.Command("go", "run", "kernel_gen.go", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("go run kernel_gen.go: %v: %s", err, b)
	}
	want, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("kernel_amd64.s")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Fatal("kernel_amd64.s differs from kernel_gen.go's output: run go generate ./model/internal/gemm")
	}
}

// BenchmarkPaths times each path on one goroutine on the network's GEMM
// shapes at batch 128, beside gemm's BenchmarkSgemm (OpenBLAS).
func BenchmarkPaths(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, s := range networkShapes() {
		if s.m < 128 && s.k < 128 || s.name == "small" {
			continue
		}
		a, bb := gemmtest.RandSlice(r, s.m*s.k), gemmtest.RandSlice(r, s.k*s.n)
		c := make([]float32, s.m*s.n)
		lda, ldb := s.k, s.n
		if s.ta {
			lda = s.m
		}
		if s.tb {
			ldb = s.k
		}
		for _, p := range Paths() {
			b.Run(fmt.Sprintf("%s/%s-%dx%dx%d", p.name, s.name, s.m, s.n, s.k), func(b *testing.B) {
				for b.Loop() {
					Sgemm(p, s.ta, s.tb, s.m, s.n, s.k, 1, a, lda, bb, ldb, 0, c, s.n)
				}
				b.ReportMetric(2*float64(s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}
