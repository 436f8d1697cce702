// Copied by analysis/reference/neighbors_bench.sh into analysis/cluster of
// the code before analysis/neighbors became the one index (commit $OLD):
// benchmarks of its private k-d tree. Not compiled in this tree.

package cluster

import (
	"context"
	"fmt"
	"testing"
)

// The k-d tree on principal axes that DBSCAN and KDistance used: build,
// then each point's 11th nearest counting itself (10 others; this search
// kept distances only).
func BenchmarkOldKDTreeBuildAll10NN(b *testing.B) {
	x := benchFeatures(b).X
	n, _ := x.Dims()
	ctx := context.Background()
	out := make([]float64, n)
	for b.Loop() {
		ix, err := newIndex(ctx, x)
		if err != nil {
			b.Fatal(err)
		}
		parallel(ctx, n, dbBlock, func(_, lo, hi int) {
			h := make([]float64, 0, 11)
			for q := lo; q < hi; q++ {
				out[q] = ix.kthNearest(q, 11, h)
			}
		})
	}
}

func BenchmarkOldKDTreeBuild(b *testing.B) {
	x := benchFeatures(b).X
	for b.Loop() {
		if _, err := newIndex(context.Background(), x); err != nil {
			b.Fatal(err)
		}
	}
}

// The same radius sweep as the new BenchmarkPairs, on one index.
func BenchmarkOldKDTreePairs(b *testing.B) {
	ix, err := newIndex(context.Background(), benchFeatures(b).X)
	if err != nil {
		b.Fatal(err)
	}
	for _, eps := range []float64{6, 9, 12.37, 16, 20} {
		b.Run(fmt.Sprintf("eps=%v", eps), func(b *testing.B) {
			for b.Loop() {
				if _, err := ix.neighbourPairs(context.Background(), eps, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
