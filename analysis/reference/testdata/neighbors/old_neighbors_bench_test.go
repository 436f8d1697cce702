// Copied by analysis/reference/neighbors_bench.sh into analysis/neighbors
// of the code before it became the one index (commit $OLD): the old
// brute-force index's all-points benchmark. Not compiled in this tree.

package neighbors

import (
	"context"
	"testing"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/internal/testfeatures"
)

// The brute-force index: build and the 10 nearest of every point, in
// parallel.
func BenchmarkOldBruteBuildAll10NN(b *testing.B) {
	set, err := testfeatures.Test()
	if err != nil {
		b.Fatal(err)
	}
	n, _ := set.X.Dims()
	for b.Loop() {
		ix, err := New(set.X)
		if err != nil {
			b.Fatal(err)
		}
		analysis.Parallel(context.Background(), n, 64, func(_, _, lo, hi int) {
			for i := lo; i < hi; i++ {
				if _, _, err := ix.Nearest(i, 10); err != nil {
					panic(err)
				}
			}
		})
	}
}
