package metrics

import (
	"context"
	"fmt"
	"math"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/analysis/neighbors"
	"github.com/fashionlens/fashionlens/internal/par"
)

// Trustworthiness returns how well the embedding y (n×d′) keeps the local
// structure of x (n×d), as sklearn.manifold.trustworthiness with the
// Euclidean metric and n_neighbors = k:
//
//	T(k) = 1 − 2/(n·k·(2n − 3k − 1)) · Σᵢ Σ_{j ∈ Nᵢᵏ(y)} max(0, r(i, j) − k)
//
// where Nᵢᵏ(y) are the k nearest neighbours of point i in the embedding and
// r(i, j) is the rank of j among the neighbours of i in x (1 for the
// nearest). It is 1 when every embedded neighbourhood is made of true
// neighbours, and lower the more points come from far away.
//
// The computation is exact, O(n²·d) time and O(n) memory per worker
// (and n·k for the embedding's neighbours, from package neighbors),
// parallel over the points; it checks ctx between points and returns an
// error wrapping ctx.Err() once ctx is done. Equal distances are ranked
// by point index (scikit-learn leaves their order to its sort). Distances
// are computed from coordinate differences, not from norms and dot
// products.
//
// It returns an error wrapping analysis.ErrInput if x or y is empty or
// holds a NaN or infinity, if their numbers of rows differ, or unless
// 1 ≤ k < n/2 (scikit-learn's condition).
func Trustworthiness(ctx context.Context, x, y *mat.Dense, k int) (float64, error) {
	n, dx, err := analysis.Check(x)
	if err != nil {
		return 0, err
	}
	ny, _, err := analysis.Check(y)
	if err != nil {
		return 0, err
	}
	if n != ny {
		return 0, analysis.Errorf("x has %d rows but the embedding has %d", n, ny)
	}
	if k < 1 || 2*k >= n {
		return 0, analysis.Errorf("k = %d neighbours: need 1 ≤ k < n/2 = %g", k, float64(n)/2)
	}
	xs := rows(x)
	// The k nearest neighbours in the embedding, from package neighbors:
	// exact, the same distances as below, equal ones by index.
	near, err := neighbors.Build(ctx, y)
	if err != nil {
		return 0, fmt.Errorf("trustworthiness: %w", err)
	}
	nbs, err := near.AllNearest(ctx, k)
	if err != nil {
		return 0, fmt.Errorf("trustworthiness: %w", err)
	}

	// Each worker keeps a row of distances; the sum is an integer, so
	// its order does not matter.
	dists := make([][]float64, par.WorkersFor(n, 1))
	var total atomic.Int64
	err = par.Parallel(ctx, n, 1, func(w, _, i, _ int) {
		if dists[w] == nil {
			dists[w] = make([]float64, n)
		}
		distX := dists[w]
		// Distances from i in x, then the ranks of those neighbours.
		xi := xs[i*dx : (i+1)*dx]
		for j := range n {
			distX[j] = analysis.SqDist(xi, xs[j*dx:(j+1)*dx])
		}
		distX[i] = math.Inf(1)
		var sum int64
		for _, j := range nbs.Idx[i*k : (i+1)*k] {
			if r := rank(distX, int(j)); r > k {
				sum += int64(r - k)
			}
		}
		total.Add(sum)
	})
	if err != nil {
		return 0, err
	}
	t := float64(total.Load())
	nf, kf := float64(n), float64(k)
	return 1 - t*(2/(nf*kf*(2*nf-3*kf-1))), nil
}

// rank returns the 1-based rank of point j among the points by distance
// (dist[i] is +Inf for the point itself, so it ranks last), equal
// distances ranked by index.
func rank(dist []float64, j int) int {
	dj := dist[j]
	r := 1
	for m, d := range dist {
		if d < dj || (d == dj && m < j) {
			r++
		}
	}
	return r
}

// rows returns x's elements row after row without gaps, sharing x's
// memory when it has none.
func rows(x *mat.Dense) []float64 {
	raw := x.RawMatrix()
	if raw.Stride == raw.Cols {
		return raw.Data[:raw.Rows*raw.Cols]
	}
	out := make([]float64, 0, raw.Rows*raw.Cols)
	for i := range raw.Rows {
		out = append(out, raw.Data[i*raw.Stride:i*raw.Stride+raw.Cols]...)
	}
	return out
}
