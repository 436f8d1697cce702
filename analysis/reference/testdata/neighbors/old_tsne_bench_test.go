// Copied by analysis/reference/neighbors_bench.sh into analysis/tsne of the
// code before analysis/neighbors became the one index (commit $OLD):
// benchmarks of its private vantage-point tree. Not compiled in this tree.

package tsne

import (
	"context"
	"testing"

	"github.com/fashionlens/fashionlens/analysis/pca"
	"github.com/fashionlens/fashionlens/internal/testfeatures"
)

// The vantage-point tree of t-SNE: build and all-points k-NN, on the raw
// features and on the features rotated onto their principal axes (what
// t-SNE gave it; the rotation, done by t-SNE's PCA, is not timed).
func BenchmarkOldVPTreeBuildAllNN(b *testing.B) {
	set, err := testfeatures.Test()
	if err != nil {
		b.Fatal(err)
	}
	n, d := set.X.Dims()
	rot, err := pca.Fit(context.Background(), set.X, d)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		data []float64
		k    int
	}{
		{"raw/k=10", contiguous(set.X), 10},
		{"rotated/k=10", contiguous(rot.Projected), 10},
		{"rotated/k=91", contiguous(rot.Projected), 91},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := knn(context.Background(), c.data, n, d, c.k, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
