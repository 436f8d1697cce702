package vec

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// both runs f once with the Go loops and, where the processor has AVX2,
// once with the assembly, and returns what each produced.
func both(t *testing.T, f func() []float32) (goOut, asmOut []float32) {
	t.Helper()
	defer func(u bool) { useAsm = u }(useAsm)
	useAsm = false
	goOut = f()
	if !hasAVX2 {
		t.Skip("no AVX2 and FMA on this processor: the Go loops are the only version")
	}
	useAsm = true
	return goOut, f()
}

// randVec returns n values; with ties, drawn from a few levels so that
// equal values (max-pool ties) and zeros occur.
func randVec(r *rand.Rand, n int, ties bool) []float32 {
	v := make([]float32, n)
	for i := range v {
		if ties {
			v[i] = float32(r.IntN(5) - 2)
		} else {
			v[i] = float32(r.NormFloat64())
		}
	}
	return v
}

// close reports whether a and b agree to a relative 1e-5 (the assembly
// fuses multiply-adds), naming the first difference.
func closeTo(t *testing.T, what string, got, want []float32) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		d := math.Abs(float64(got[i] - want[i]))
		if d > 1e-5*(1+math.Abs(float64(want[i]))) || math.IsNaN(float64(got[i])) != math.IsNaN(float64(want[i])) {
			t.Fatalf("%s: value %d is %v, want %v", what, i, got[i], want[i])
		}
	}
}

// shapes are (rows, c) pairs: the network's channel counts and small
// cases.
var shapes = [][2]int{{1, 8}, {3, 16}, {5, 32}, {7, 64}, {2, 24}, {4, 3}, {1, 1}}

func TestFlat(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 7, 8, 9, 31, 64, 1000} {
		x, y := randVec(r, n, false), randVec(r, n, true)
		g, a := both(t, func() []float32 { z := make([]float32, n); Mul(x, y, z); return z })
		closeTo(t, "Mul", a, g)
		for i := range g {
			if g[i] != x[i]*y[i] {
				t.Fatalf("Mul: value %d is %v, want %v", i, g[i], x[i]*y[i])
			}
		}
		g, a = both(t, func() []float32 { d := slices.Clone(y); Add(d, x); return d })
		closeTo(t, "Add", a, g)
		g, a = both(t, func() []float32 { z := randVec(r, n, false); ReLUMask(y, x, z); return z })
		closeTo(t, "ReLUMask", a, g)
		for i := range g {
			if want := float32(0); y[i] > 0 && g[i] != x[i] || !(y[i] > 0) && g[i] != want {
				t.Fatalf("ReLUMask: value %d is %v for y %v, dy %v", i, g[i], y[i], x[i])
			}
		}
	}
}

func TestAffine(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, s := range shapes {
		rows, c := s[0], s[1]
		x := randVec(r, rows*c, false)
		bias, scale, shift := randVec(r, c, false), randVec(r, c, false), randVec(r, c, false)
		for _, relu := range []bool{false, true} {
			g, a := both(t, func() []float32 { y := make([]float32, rows*c); Affine(x, y, bias, scale, shift, relu); return y })
			closeTo(t, "Affine", a, g)
			for i, v := range g {
				want := x[i] + bias[i%c]
				if relu {
					want = max(want, 0)
				}
				want = want*scale[i%c] + shift[i%c]
				closeTo(t, "Affine (Go)", []float32{v}, []float32{want})
			}
			// In place.
			g2, a2 := both(t, func() []float32 { y := slices.Clone(x); Affine(y, y, bias, scale, shift, relu); return y })
			closeTo(t, "Affine in place", a2, a)
			closeTo(t, "Affine in place (Go)", g2, g)
		}
	}
}

func TestAffineGrad(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, s := range shapes {
		rows, c := s[0], s[1]
		x, dy := randVec(r, rows*c, true), randVec(r, rows*c, false)
		pa, pb, pk := randVec(r, c, false), randVec(r, c, false), randVec(r, c, false)
		for _, relu := range []bool{false, true} {
			g, a := both(t, func() []float32 { dx := randVec(r, rows*c, false); AffineGrad(x, dy, dx, pa, pb, pk, relu); return dx })
			closeTo(t, "AffineGrad", a, g)
			for i, v := range g {
				want := pa[i%c]*dy[i] + pb[i%c]*x[i] + pk[i%c]
				if relu && !(x[i] > 0) {
					want = 0
				}
				closeTo(t, "AffineGrad (Go)", []float32{v}, []float32{want})
			}
		}
	}
}

func TestSums(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, s := range shapes {
		rows, c := s[0], s[1]
		x, dy, m := randVec(r, rows*c, false), randVec(r, rows*c, false), randVec(r, c, false)
		start := randVec(r, 2*c, false) // the sums add to what is there
		g, a := both(t, func() []float32 {
			acc := slices.Clone(start)
			SumSq(x, m, acc[:c], acc[c:])
			return acc
		})
		closeTo(t, "SumSq", a, g)
		for i := range c {
			var s1, s2 float64
			for row := range rows {
				d := float64(x[row*c+i] - m[i])
				s1, s2 = s1+d, s2+d*d
			}
			closeTo(t, "SumSq (Go)", []float32{g[i], g[c+i]}, []float32{start[i] + float32(s1), start[c+i] + float32(s2)})
		}
		g, a = both(t, func() []float32 {
			acc := slices.Clone(start)
			SumDyX(x, dy, m, acc[:c], acc[c:])
			return acc
		})
		closeTo(t, "SumDyX", a, g)
		for i := range c {
			var s1, s2 float64
			for row := range rows {
				s1 += float64(dy[row*c+i])
				s2 += float64(dy[row*c+i]) * float64(x[row*c+i]-m[i])
			}
			closeTo(t, "SumDyX (Go)", []float32{g[i], g[c+i]}, []float32{start[i] + float32(s1), start[c+i] + float32(s2)})
		}
	}
}

func TestMaxPool(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, s := range shapes {
		ow, c := s[0], s[1]
		for _, odd := range []int{0, c} { // an odd last input column is ignored
			r0, r1 := randVec(r, 2*ow*c+odd, true), randVec(r, 2*ow*c+odd, true)
			g, a := both(t, func() []float32 { y := make([]float32, ow*c); MaxPoolRow(y, r0, r1, c); return y })
			closeTo(t, "MaxPoolRow", a, g)
			dy := randVec(r, ow*c, false)
			grad := func() []float32 {
				dx := randVec(r, 2*(2*ow*c+odd), false)
				MaxPoolRowGrad(dx[:2*ow*c+odd], dx[2*ow*c+odd:], r0, r1, g, dy, c)
				return dx
			}
			gg, ag := both(t, grad)
			// The odd column is not written: compare what is.
			for _, part := range [][2]int{{0, 2 * ow * c}, {2*ow*c + odd, 4*ow*c + odd}} {
				closeTo(t, "MaxPoolRowGrad", ag[part[0]:part[1]], gg[part[0]:part[1]])
			}
			// Each output's gradient lands once, on the first maximum.
			for j := range ow {
				for ch := range c {
					in := []float32{r0[2*j*c+ch], r0[(2*j+1)*c+ch], r1[2*j*c+ch], r1[(2*j+1)*c+ch]}
					out := []float32{gg[2*j*c+ch], gg[(2*j+1)*c+ch], gg[2*ow*c+odd+2*j*c+ch], gg[2*ow*c+odd+(2*j+1)*c+ch]}
					m := slices.Max(in)
					if g[j*c+ch] != m {
						t.Fatalf("MaxPoolRow: pixel %d channel %d is %v, want %v", j, ch, g[j*c+ch], m)
					}
					first := slices.Index(in, m)
					for q := range 4 {
						want := float32(0)
						if q == first {
							want = dy[j*c+ch]
						}
						if out[q] != want {
							t.Fatalf("MaxPoolRowGrad: pixel %d channel %d input %d got %v, want %v (inputs %v)", j, ch, q, out[q], want, in)
						}
					}
				}
			}
		}
	}
}
