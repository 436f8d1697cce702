package umap

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestPow(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	worst := 0.0
	for _, b := range []float64{0.5, 0.79, 0.8951, 1, 1.3, 2} {
		for range 200000 {
			x := math.Exp(r.Float64()*120 - 60) // e^−60 … e^60
			want := math.Pow(x, b)
			got := pow(x, b)
			rel := math.Abs(got-want) / want
			worst = max(worst, rel)
			if rel > 1e-9 {
				t.Fatalf("pow(%v, %v) = %v, want %v (relative error %.2g)", x, b, got, want, rel)
			}
		}
		for _, x := range []float64{1e-310, 1e-300, 0.5, 1, math.Sqrt2, 2, 1e300, 1e305} {
			want, got := math.Pow(x, b), pow(x, b)
			if math.Abs(got-want) > 1e-9*want {
				t.Errorf("pow(%v, %v) = %v, want %v", x, b, got, want)
			}
		}
	}
	t.Logf("largest relative error %.3g", worst)
}

var sink float64

func BenchmarkPow(b *testing.B) {
	xs := make([]float64, 1024)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range xs {
		xs[i] = math.Exp(r.Float64()*20 - 10)
	}
	b.Run("pow", func(b *testing.B) {
		s := 0.0
		for i := 0; b.Loop(); i++ {
			s += pow(xs[i&1023], 0.8951)
		}
		sink = s
	})
	b.Run("exp-log", func(b *testing.B) {
		s := 0.0
		for i := 0; b.Loop(); i++ {
			s += math.Exp(0.8951 * math.Log(xs[i&1023]))
		}
		sink = s
	})
	b.Run("math.Pow", func(b *testing.B) {
		s := 0.0
		for i := 0; b.Loop(); i++ {
			s += math.Pow(xs[i&1023], 0.8951)
		}
		sink = s
	})
}
