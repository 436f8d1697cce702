package cluster

import (
	"context"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/analysis/neighbors"
)

// KDistance returns, sorted ascending, each point's distance to its k-th
// nearest point of x, counting the point itself as its first nearest
// (at distance 0): what scikit-learn's
// NearestNeighbors(n_neighbors=k).fit(X).kneighbors(X)[0][:, -1] gives
// when X is passed to kneighbors again (with X left out, scikit-learn
// skips the point itself and would give the (k+1)-th here). So k = 1
// gives zeros, a duplicate point counts as a neighbour at distance 0, and
// a point is a DBSCAN core point for MinPts = k exactly when its
// k-distance is ≤ eps. It needs 1 ≤ k ≤ the number of points.
func KDistance(ctx context.Context, x *mat.Dense, k int) ([]float64, error) {
	n, _, err := analysis.Check(x)
	if err != nil {
		return nil, err
	}
	if k < 1 || k > n {
		return nil, analysis.Errorf("k-distance: k = %d, want 1 ≤ k ≤ %d (the number of points)", k, n)
	}
	if k == 1 {
		// The point itself: no index needed.
		if err := ctx.Err(); err != nil {
			return nil, cancelled(ctx, "k-distance")
		}
		return make([]float64, n), nil
	}
	ix, err := neighbors.Build(ctx, x)
	if err != nil {
		return nil, indexError(ctx, "k-distance", err)
	}
	// The k-th counting the point itself is the (k−1)-th other point.
	out, err := ix.KthDistances(ctx, k-1)
	if err != nil {
		return nil, indexError(ctx, "k-distance", err)
	}
	slices.Sort(out)
	return out, nil
}

// Knee returns the knee of an ascending curve such as KDistance's: the
// point farthest below the chord from its first to its last point (the
// Kneedle criterion, which does not depend on how the axes are scaled),
// the first such point on a tie, and its value, a suggested DBSCAN eps. A
// curve with no point below the chord (a straight line or a concave one)
// gives index 0; an empty one gives −1 and NaN.
func Knee(sorted []float64) (index int, value float64) {
	n := len(sorted)
	if n == 0 {
		return -1, math.NaN()
	}
	if n < 3 {
		return 0, sorted[0]
	}
	first, last := sorted[0], sorted[n-1]
	slope := (last - first) / float64(n-1)
	best, gap := 0, 0.0
	for i, v := range sorted {
		if g := first + slope*float64(i) - v; g > gap {
			best, gap = i, g
		}
	}
	return best, sorted[best]
}
