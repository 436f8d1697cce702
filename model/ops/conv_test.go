package ops

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// naiveConv computes the convolution, its weight gradient and its input
// gradient from their definitions, in float64.
func naiveConv(s ConvShape, x, wts, dz []float32) (y, dw, dx []float64) {
	y = make([]float64, s.N*s.H*s.W*s.Cout)
	dw = make([]float64, 9*s.Cin*s.Cout)
	dx = make([]float64, s.N*s.H*s.W*s.Cin)
	for b := range s.N {
		for i := range s.H {
			for j := range s.W {
				o := ((b*s.H+i)*s.W + j) * s.Cout
				for ky := range 3 {
					for kx := range 3 {
						yy, xx := i+ky-1, j+kx-1
						if yy < 0 || yy >= s.H || xx < 0 || xx >= s.W {
							continue
						}
						in := ((b*s.H+yy)*s.W + xx) * s.Cin
						for c := range s.Cin {
							wr := ((ky*3+kx)*s.Cin + c) * s.Cout
							for co := range s.Cout {
								y[o+co] += float64(x[in+c]) * float64(wts[wr+co])
								dw[wr+co] += float64(x[in+c]) * float64(dz[o+co])
								dx[in+c] += float64(wts[wr+co]) * float64(dz[o+co])
							}
						}
					}
				}
			}
		}
	}
	return y, dw, dx
}

func near(t *testing.T, what string, got []float32, want []float64) {
	t.Helper()
	for i := range want {
		if d := math.Abs(float64(got[i]) - want[i]); d > 1e-4*(1+math.Abs(want[i])) {
			t.Fatalf("%s: value %d is %v, want %v", what, i, got[i], want[i])
		}
	}
}

// The chunked convolution (a few images at a time, on all cores) gives
// the convolution's definition: forward with bias, ReLU and a folded
// scale and shift, the weight gradient and the input gradient, on shapes
// of one chunk and of several (the second layer's 14×14×32 images are a
// chunk each).
func TestConvChunksMatchDefinition(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	rnd := func(n int) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(r.NormFloat64())
		}
		return v
	}
	for _, s := range []ConvShape{{3, 28, 28, 1, 32}, {5, 14, 14, 32, 32}, {3, 7, 7, 32, 64}, {2, 5, 4, 3, 8}} {
		t.Run(fmt.Sprintf("%+v/%d chunks", s, s.chunks()), func(t *testing.T) {
			x, wts, dz := rnd(s.N*s.H*s.W*s.Cin), rnd(9*s.Cin*s.Cout), rnd(s.N*s.H*s.W*s.Cout)
			bias, scale, shift := rnd(s.Cout), rnd(s.Cout), rnd(s.Cout)
			y, dw, dx := naiveConv(s, x, wts, dz)
			for _, folded := range []bool{false, true} {
				got := make([]float32, len(y))
				sc, sh := scale, shift
				if !folded {
					sc, sh = nil, nil
				}
				Conv3x3Forward(s, x, wts, bias, sc, sh, true, got)
				want := make([]float64, len(y))
				for i, v := range y {
					c := i % s.Cout
					v = math.Max(v+float64(bias[c]), 0)
					if folded {
						v = v*float64(scale[c]) + float64(shift[c])
					}
					want[i] = v
				}
				near(t, fmt.Sprintf("forward (folded %v)", folded), got, want)
			}
			gw := rnd(len(dw)) // overwritten
			Conv3x3WeightGrad(s, x, dz, gw)
			near(t, "weight gradient", gw, dw)
			gx := rnd(len(dx)) // overwritten
			Conv3x3InputGrad(s, dz, wts, gx)
			near(t, "input gradient", gx, dx)
		})
	}
}
