package umap

import (
	"context"
	"testing"

	"github.com/fashionlens/fashionlens/internal/testfeatures"
)

// BenchmarkUMAP embeds the first 2,000 and all 10,000 test-image features
// and the 60,000 train-image features (skipped without Debian's data set)
// with the default options, seed 1.
func BenchmarkUMAP(b *testing.B) {
	for _, c := range []struct {
		name  string
		n     int
		train bool
	}{{"n=2000", 2000, false}, {"n=10000", 10000, false}, {"n=60000", 60000, true}} {
		b.Run(c.name, func(b *testing.B) {
			set, err := testfeatures.Test()
			if c.train {
				set, err = testfeatures.Train()
			}
			if err != nil {
				b.Skip(err)
			}
			x := set.Rows(c.n).X
			for b.Loop() {
				if _, err := Embed(context.Background(), x, Options{Seed: 1}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkEpoch times ten epochs of the descent in the middle of the run
// (epochs 250 to 259 of 500) on the 10,000 test images' features.
func BenchmarkEpoch(b *testing.B) {
	set, err := testfeatures.Test()
	if err != nil {
		b.Skip(err)
	}
	x := set.X
	ctx := context.Background()
	nb, err := nearest(ctx, x, DefaultNeighbors-1)
	if err != nil {
		b.Fatal(err)
	}
	g, err := fuzzyGraph(ctx, nb, 10000, DefaultNeighbors)
	if err != nil {
		b.Fatal(err)
	}
	o, _ := Options{Seed: 1}.withDefaults(10000)
	y, err := initialLayout(ctx, x, 1)
	if err != nil {
		b.Fatal(err)
	}
	a, bb := FitAB(DefaultSpread, DefaultMinDist)
	s := newDescent(g, y, a, bb, o)
	for e := range 250 {
		if err := s.epoch(ctx, e, 1-float64(e)/500); err != nil {
			b.Fatal(err)
		}
	}
	y0 := append([]float64(nil), s.y...)
	next, nextNeg := append([]float64(nil), s.next...), append([]float64(nil), s.nextNeg...)
	for b.Loop() {
		copy(s.y, y0)
		copy(s.next, next)
		copy(s.nextNeg, nextNeg)
		for e := 250; e < 260; e++ {
			if err := s.epoch(ctx, e, 0.5); err != nil {
				b.Fatal(err)
			}
		}
	}
}
