// Package neighbors finds nearest neighbours among the rows of a feature
// matrix by Euclidean distance, exactly: the k nearest of one point or of
// a query vector (the app's inspector), the k nearest of every point
// (t-SNE's affinities, the trustworthiness metric), each point's distance
// to its k-th nearest (the k-distance curve), and the points within a
// radius of one point or every pair of points within a radius (DBSCAN).
//
// An Index centres the rows and rotates them onto their principal axes
// (an orthogonal map, which keeps distances), so that the first
// coordinates carry most of the variance, and puts them into a k-d tree
// whose nodes keep their bounding boxes in the leading coordinates. A
// query skips the nodes whose box is too far, and stops summing a
// rotated distance once it passes the current bound, which with the
// coordinates in order of decreasing variance rejects most points after
// a few coordinates. Whatever decides a result is the distance summed
// directly on the original rows with analysis.SqDist (coordinate
// differences, no norms and dot products, so no cancellation: equal
// points are at distance exactly 0); the rotated distances only prune,
// with a margin far above their rounding errors. So every answer is the
// brute-force one, bit for bit: equal distances are ordered by index,
// and a point's duplicates are among its neighbours at distance 0.
//
// The tree has no random choices; the all-points queries run on
// par.Parallel's goroutines over fixed blocks of points, so no
// result depends on the number of cores. An Index is safe for concurrent
// use. Bad input or parameters give an error wrapping analysis.ErrInput;
// a cancelled context gives an error wrapping ctx.Err().
package neighbors

import (
	"context"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
)

// Index answers exact nearest-neighbour and radius queries over the rows
// of a matrix. It holds its own copy of the rows, so later changes to the
// matrix do not affect it. It is safe for concurrent use.
type Index struct {
	n, d  int
	x     []float64 // original rows in tree order, n×d without gaps
	y     []float64 // rotated rows in tree order
	perm  []int32   // perm[p] is the row at tree position p
	pos   []int32   // pos[i] is the tree position of row i
	mean  []float64 // the mean row, subtracted before rotating
	rot   []float64 // d×d rotation (row-major), nil if the rows are only centred
	nodes []node
	m     int       // number of leading coordinates in the boxes
	boxes []float64 // per node: m lower then m upper bounds
	norm  float64   // the largest norm of a centred row
}

// New returns an index over the rows of x (n×d). It returns an error
// wrapping analysis.ErrInput if x is nil or empty or holds a NaN or an
// infinity.
func New(x *mat.Dense) (*Index, error) {
	return Build(context.Background(), x)
}

// Build is New with a context: it returns an error wrapping ctx.Err() if
// ctx is done before the index is built.
func Build(ctx context.Context, x *mat.Dense) (*Index, error) {
	n, d, err := analysis.Check(x)
	if err != nil {
		return nil, fmt.Errorf("neighbors: %w", err)
	}
	ix, err := build(ctx, x, n, d)
	if err != nil {
		return nil, fmt.Errorf("neighbors: building the index of %d points: %w", n, err)
	}
	return ix, nil
}

// Len returns the number of points in the index.
func (ix *Index) Len() int { return ix.n }

// Dim returns the dimension of the points.
func (ix *Index) Dim() int { return ix.d }

// Nearest returns the k nearest other points of row i (i itself excluded,
// but not other points equal to it), nearest first, equal distances by
// index, and their Euclidean distances from row i. It returns an error
// wrapping analysis.ErrInput unless 0 ≤ i < n and 1 ≤ k ≤ n − 1.
func (ix *Index) Nearest(i int, k int) ([]int, []float64, error) {
	if err := ix.checkPoint(i); err != nil {
		return nil, nil, err
	}
	if k < 1 || k > ix.n-1 {
		return nil, nil, analysis.Errorf("neighbors: k = %d neighbours of one of %d points: need 1 ≤ k ≤ %d", k, ix.n, ix.n-1)
	}
	p := int(ix.pos[i])
	s := ix.newSearch(k)
	s.nearest(ix.xrow(p), ix.yrow(p), p, ix.slack(0))
	return s.result()
}

// NearestTo returns the k points nearest to q (of length d), nearest
// first, equal distances by index, and their Euclidean distances from q.
// It returns an error wrapping analysis.ErrInput if q's length is not d,
// q holds a NaN or an infinity, or unless 1 ≤ k ≤ n.
func (ix *Index) NearestTo(q []float64, k int) ([]int, []float64, error) {
	if err := ix.checkQuery(q); err != nil {
		return nil, nil, err
	}
	if k < 1 || k > ix.n {
		return nil, nil, analysis.Errorf("neighbors: k = %d neighbours among %d points: need 1 ≤ k ≤ %d", k, ix.n, ix.n)
	}
	yq, norm := ix.rotate(q)
	s := ix.newSearch(k)
	s.nearest(q, yq, -1, ix.slack(norm))
	return s.result()
}

// Within returns the other points at a Euclidean distance ≤ r (inclusive)
// from row i (i itself excluded, but not other points equal to it),
// nearest first, equal distances by index, and their distances. It
// returns an error wrapping analysis.ErrInput unless 0 ≤ i < n and r is
// finite and ≥ 0.
func (ix *Index) Within(i int, r float64) ([]int, []float64, error) {
	if err := ix.checkPoint(i); err != nil {
		return nil, nil, err
	}
	if err := checkRadius(r); err != nil {
		return nil, nil, err
	}
	p := int(ix.pos[i])
	return ix.within(ix.xrow(p), ix.yrow(p), p, r, ix.slack(0))
}

// WithinTo returns the points at a Euclidean distance ≤ r (inclusive)
// from q (of length d), nearest first, equal distances by index, and
// their distances. It returns an error wrapping analysis.ErrInput if q's
// length is not d or q holds a NaN or an infinity, or unless r is finite
// and ≥ 0.
func (ix *Index) WithinTo(q []float64, r float64) ([]int, []float64, error) {
	if err := ix.checkQuery(q); err != nil {
		return nil, nil, err
	}
	if err := checkRadius(r); err != nil {
		return nil, nil, err
	}
	yq, norm := ix.rotate(q)
	return ix.within(q, yq, -1, r, ix.slack(norm))
}

// within collects the points within r of the query (x and rotated y),
// leaving out tree position skip, and sorts them.
func (ix *Index) within(xq, yq []float64, skip int, r, slack float64) ([]int, []float64, error) {
	type hit struct {
		i int32
		d float64
	}
	var hits []hit
	ix.radius(xq, yq, r, slack, 0, skip, func(p int) {
		hits = append(hits, hit{ix.perm[p], analysis.SqDist(xq, ix.xrow(p))})
	})
	slices.SortFunc(hits, func(a, b hit) int {
		if worse(a.d, a.i, b.d, b.i) {
			return 1
		}
		return -1
	})
	idx := make([]int, len(hits))
	dist := make([]float64, len(hits))
	for m, h := range hits {
		idx[m], dist[m] = int(h.i), math.Sqrt(h.d)
	}
	return idx, dist, nil
}

func (ix *Index) checkPoint(i int) error {
	if i < 0 || i >= ix.n {
		return analysis.Errorf("neighbors: point %d is not in [0, %d)", i, ix.n)
	}
	return nil
}

func (ix *Index) checkQuery(q []float64) error {
	if len(q) != ix.d {
		return analysis.Errorf("neighbors: the query has %d values, the points have %d", len(q), ix.d)
	}
	for j, v := range q {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return analysis.Errorf("neighbors: query value %d is %v", j, v)
		}
	}
	return nil
}

func checkRadius(r float64) error {
	if !(r >= 0) || math.IsInf(r, 0) {
		return analysis.Errorf("neighbors: radius %v, want a finite value ≥ 0", r)
	}
	return nil
}

// xrow returns the original row at tree position p.
func (ix *Index) xrow(p int) []float64 { return ix.x[p*ix.d : (p+1)*ix.d] }

// yrow returns the rotated row at tree position p.
func (ix *Index) yrow(p int) []float64 { return ix.y[p*ix.d : (p+1)*ix.d] }
