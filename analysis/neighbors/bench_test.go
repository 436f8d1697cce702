package neighbors

import (
	"context"
	"fmt"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/internal/testfeatures"
)

// benchEps are the radii of BenchmarkPairs: around the DBSCAN eps of
// the test features' k-distance knee (12.37, the knee of the sorted
// 5-distances), from a few thousand pairs to a few million.
var benchEps = []float64{6, 9, 12.37, 16, 20}

// benchFeatures returns the encoded features of the 10,000 test images
// (10,000×64): real features, clustered by class, as the app and the
// analysis commands see them.
func benchFeatures(b *testing.B) *mat.Dense {
	b.Helper()
	set, err := testfeatures.Test()
	if err != nil {
		b.Fatal(err)
	}
	return set.X
}

// BenchmarkBuild builds the index of the test features.
func BenchmarkBuild(b *testing.B) {
	x := benchFeatures(b)
	for b.Loop() {
		if _, err := Build(context.Background(), x); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildAllNearest builds the index of the test features and
// finds the k nearest neighbours of every point: k = 10 (what
// scikit-learn's NearestNeighbors(n_neighbors=11).kneighbors(X) finds,
// the point itself first, in analysis/reference/neighbors_sklearn.py)
// and k = 91 (what t-SNE asks for at its default perplexity 30). The
// build is inside the timed loop.
func BenchmarkBuildAllNearest(b *testing.B) {
	x := benchFeatures(b)
	for _, k := range []int{10, 91} {
		b.Run(fmt.Sprintf("k=%d", k), func(b *testing.B) {
			for b.Loop() {
				ix, err := Build(context.Background(), x)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := ix.AllNearest(context.Background(), k); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPairs finds every pair of test features within each radius of
// benchEps (DBSCAN's query), on one index built before the timer starts
// (as a sweep over eps reuses it), and reports the number of pairs.
func BenchmarkPairs(b *testing.B) {
	ix, err := Build(context.Background(), benchFeatures(b))
	if err != nil {
		b.Fatal(err)
	}
	for _, eps := range benchEps {
		b.Run(fmt.Sprintf("eps=%v", eps), func(b *testing.B) {
			pairs := 0
			for b.Loop() {
				p, err := ix.Pairs(context.Background(), eps, nil)
				if err != nil {
					b.Fatal(err)
				}
				pairs = 0
				for _, l := range p {
					pairs += len(l) / 2
				}
			}
			b.ReportMetric(float64(pairs), "pairs")
		})
	}
}
