package neighbors

import (
	"context"
	"fmt"
	"math"
	"sync"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/internal/par"
	"github.com/fashionlens/fashionlens/internal/progress"
)

// block is the number of query points, consecutive in tree order, that a
// worker of the all-points queries takes at a time: near one another in
// space, so they walk much the same nodes.
const block = 64

// Graph holds the k nearest neighbours of every point of an index.
type Graph struct {
	// K is the number of neighbours of each point.
	K int
	// Idx[i*K:(i+1)*K] are the rows of point i's neighbours (i itself
	// excluded, but not other points equal to it), nearest first, equal
	// distances by index.
	Idx []int32
	// SqDist[i*K:(i+1)*K] are their squared Euclidean distances from
	// point i, as analysis.SqDist sums them.
	SqDist []float64
}

// AllNearest returns the k nearest other points of every point, as
// Nearest gives them, in parallel. It returns an error wrapping
// analysis.ErrInput unless 1 ≤ k ≤ n − 1, and one wrapping ctx.Err() if
// ctx is done first.
func (ix *Index) AllNearest(ctx context.Context, k int) (*Graph, error) {
	n := ix.n
	if k < 1 || k > n-1 {
		return nil, analysis.Errorf("neighbors: k = %d neighbours of each of %d points: need 1 ≤ k ≤ %d", k, n, n-1)
	}
	g := &Graph{K: k, Idx: make([]int32, n*k), SqDist: make([]float64, n*k)}
	err := ix.eachNearest(ctx, k, func(s *search, i int) {
		s.drain(g.Idx[i*k:(i+1)*k], g.SqDist[i*k:(i+1)*k])
	})
	if err != nil {
		return nil, fmt.Errorf("neighbors: the %d nearest neighbours of %d points: %w", k, n, err)
	}
	return g, nil
}

// KthDistances returns, for each point by row, the Euclidean distance to
// its k-th nearest other point (duplicates count, at distance 0), as the
// last of AllNearest's distances, in parallel. It returns an error
// wrapping analysis.ErrInput unless 1 ≤ k ≤ n − 1, and one wrapping
// ctx.Err() if ctx is done first.
func (ix *Index) KthDistances(ctx context.Context, k int) ([]float64, error) {
	n := ix.n
	if k < 1 || k > n-1 {
		return nil, analysis.Errorf("neighbors: the %d-th nearest neighbour of each of %d points: need 1 ≤ k ≤ %d", k, n, n-1)
	}
	out := make([]float64, n)
	err := ix.eachNearest(ctx, k, func(s *search, i int) {
		out[i] = math.Sqrt(s.hd[0])
	})
	if err != nil {
		return nil, fmt.Errorf("neighbors: the %d-th nearest neighbour of %d points: %w", k, n, err)
	}
	return out, nil
}

// eachNearest runs the k-nearest query of every point, in tree order on
// par.Parallel's workers, and calls done with the full heap and the
// point's row.
func (ix *Index) eachNearest(ctx context.Context, k int, done func(s *search, i int)) error {
	searches := make([]*search, par.WorkersFor(ix.n, block))
	slack := ix.slack(0)
	return par.Parallel(ctx, ix.n, block, func(w, _, lo, hi int) {
		s := searches[w]
		if s == nil {
			s = ix.newSearch(k)
			searches[w] = s
		}
		for p := lo; p < hi; p++ {
			s.nearest(ix.xrow(p), ix.yrow(p), p, slack)
			done(s, int(ix.perm[p]))
		}
	})
}

// Pairs finds every pair of distinct points at a Euclidean distance ≤ r
// (inclusive) of each other, in parallel: what DBSCAN needs. It returns
// them as lists of rows i, j, i, j, …, one list per block of query points
// (each pair once, in one order or the other); the lists and their order
// do not depend on the number of cores. report, if not nil, gets after
// each block the number of points queried so far of the number of
// points; reports come one at a time, Done increasing, possibly from
// another goroutine. It returns an error wrapping
// analysis.ErrInput unless r is finite and ≥ 0, and one wrapping
// ctx.Err() if ctx is done first.
//
// A radius under which most points are neighbours gives a number of
// pairs quadratic in the number of points (8 bytes a pair).
func (ix *Index) Pairs(ctx context.Context, r float64, report progress.Func) ([][]int32, error) {
	if err := checkRadius(r); err != nil {
		return nil, err
	}
	n := ix.n
	slack := ix.slack(0)
	pairs := make([][]int32, (n+block-1)/block)
	var mu sync.Mutex
	done := 0
	err := par.Parallel(ctx, n, block, func(_, b, lo, hi int) {
		var list []int32
		for q := lo; q < hi; q++ {
			// Each pair is found by the query of its point earlier in
			// tree order.
			i := ix.perm[q]
			ix.radius(ix.xrow(q), ix.yrow(q), r, slack, q+1, -1, func(p int) {
				list = append(list, i, ix.perm[p])
			})
		}
		pairs[b] = list
		if report != nil {
			mu.Lock()
			done += hi - lo
			report(progress.Report{Done: done, Total: n, Note: fmt.Sprintf("%s of %s points", analysis.Thousands(done), analysis.Thousands(n))})
			mu.Unlock()
		}
	})
	if err != nil {
		return nil, fmt.Errorf("neighbors: the pairs within %v of %d points: %w", r, n, err)
	}
	return pairs, nil
}
