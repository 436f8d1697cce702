package ops

import (
	"math"
	"testing"
)

func TestReLUMask(t *testing.T) {
	y := []float32{0, 1, 2.5, 0, float32(math.Copysign(0, -1)), -3, 1e-30}
	dy := []float32{1, 2, 3, 4, 5, 6, 7}
	dz := make([]float32, len(y))
	ReLUMask(y, dy, dz)
	want := []float32{0, 2, 3, 0, 0, 0, 7}
	for i := range want {
		if dz[i] != want[i] {
			t.Errorf("y=%v dy=%v: dz=%v, want %v", y[i], dy[i], dz[i], want[i])
		}
	}
}

// Ties go to the first of the four in row-major order, and every input
// position gets a value (the gradient or zero).
func TestPool2MaxGradTies(t *testing.T) {
	// One 2x2 window per channel; channel 0 has a tie between positions 1
	// and 3, channel 1 all equal, channel 2 the maximum last.
	x := []float32{
		1, 5, 0, // (0,0)
		7, 5, 0, // (0,1)
		2, 5, 0, // (1,0)
		7, 5, 9, // (1,1)
	}
	y := make([]float32, 3)
	Pool2Max(x, 1, 2, 2, 3, y)
	if y[0] != 7 || y[1] != 5 || y[2] != 9 {
		t.Fatalf("max %v", y)
	}
	dx := []float32{-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1}
	Pool2MaxGrad(x, y, []float32{10, 20, 30}, 1, 2, 2, 3, dx)
	want := []float32{0, 20, 0, 10, 0, 0, 0, 0, 0, 0, 0, 30}
	for i := range want {
		if dx[i] != want[i] {
			t.Fatalf("dx %v, want %v", dx, want)
		}
	}
}

// DropoutMask draws each value from 16 bits of a SplitMix64 stream per
// block: the same masks as the straightforward loop below, and about a
// share p of zeros.
func TestDropoutMask(t *testing.T) {
	const n, p, seed = 3*dropBlock + 5, 0.25, 42
	got := make([]float32, n)
	DropoutMask(got, p, seed)
	keep := float32(1 / (1 - p))
	thr := uint32(p * (1 << 16))
	zeros := 0
	for lo := 0; lo < n; lo += dropBlock {
		s := splitmix(seed ^ uint64(lo/dropBlock)*0x9e3779b97f4a7c15)
		for i := lo; i < min(lo+dropBlock, n); i += 4 {
			s = splitmix(s)
			r := s
			for j := i; j < i+4 && j < min(lo+dropBlock, n); j++ {
				want := keep
				if uint32(r&0xffff) < thr {
					want = 0
					zeros++
				}
				if got[j] != want {
					t.Fatalf("value %d is %v, want %v", j, got[j], want)
				}
				r >>= 16
			}
		}
	}
	if share := float64(zeros) / n; share < 0.23 || share > 0.27 {
		t.Errorf("%.3f of the values dropped, want about %v", share, p)
	}
}
