// Package neighbors finds the nearest neighbours of a point among the rows
// of a feature matrix, by Euclidean distance: what the app's inspector
// shows next to a selected image.
//
// The search is brute force and exact: a query computes the squared
// distance to every row from the coordinate differences (no norms and dot
// products, so there is no cancellation and equal points are at distance
// exactly 0), and keeps the k smallest in a heap. One query over
// 10,000×64 features takes well under a millisecond.
package neighbors

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
)

// Index answers nearest-neighbour queries over the rows of a matrix. It
// holds its own copy of the rows, so later changes to the matrix do not
// affect it. It is safe for concurrent use.
type Index struct {
	n, d int
	data []float64 // n×d, row-major, without gaps
}

// New returns an index over the rows of x (n×d). It returns an error
// wrapping analysis.ErrInput if x is nil or empty or holds a NaN or an
// infinity.
func New(x *mat.Dense) (*Index, error) {
	n, d, err := analysis.Check(x)
	if err != nil {
		return nil, err
	}
	raw := x.RawMatrix()
	data := make([]float64, 0, n*d)
	for i := range n {
		data = append(data, raw.Data[i*raw.Stride:i*raw.Stride+d]...)
	}
	return &Index{n: n, d: d, data: data}, nil
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
	if i < 0 || i >= ix.n {
		return nil, nil, analysis.Errorf("point %d is not in [0, %d)", i, ix.n)
	}
	if k < 1 || k > ix.n-1 {
		return nil, nil, analysis.Errorf("k = %d neighbours of one of %d points: need 1 ≤ k ≤ %d", k, ix.n, ix.n-1)
	}
	return ix.search(ix.row(i), k, i)
}

// NearestTo returns the k points nearest to q (of length d), nearest
// first, equal distances by index, and their Euclidean distances from q.
// It returns an error wrapping analysis.ErrInput if q's length is not d,
// q holds a NaN or an infinity, or unless 1 ≤ k ≤ n.
func (ix *Index) NearestTo(q []float64, k int) ([]int, []float64, error) {
	if len(q) != ix.d {
		return nil, nil, analysis.Errorf("query has %d values, the points have %d", len(q), ix.d)
	}
	for j, v := range q {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, nil, analysis.Errorf("query value %d is %v", j, v)
		}
	}
	if k < 1 || k > ix.n {
		return nil, nil, analysis.Errorf("k = %d neighbours among %d points: need 1 ≤ k ≤ %d", k, ix.n, ix.n)
	}
	return ix.search(q, k, -1)
}

func (ix *Index) row(i int) []float64 { return ix.data[i*ix.d : (i+1)*ix.d] }

// search returns the k rows nearest to q, leaving out row skip.
func (ix *Index) search(q []float64, k, skip int) ([]int, []float64, error) {
	h := heap{items: make([]candidate, 0, k)}
	d := ix.d
	for j := range ix.n {
		if j == skip {
			continue
		}
		row := ix.data[j*d : (j+1)*d]
		if len(h.items) < k {
			h.push(candidate{j, analysis.SqDist(q, row)})
			continue
		}
		// Rows are visited in index order, so a row at the same distance
		// as the current k-th never replaces it.
		if dj := analysis.SqDistBelow(q, row, h.items[0].d); dj < h.items[0].d {
			h.replaceTop(candidate{j, dj})
		}
	}
	slices.SortFunc(h.items, func(a, b candidate) int {
		if a.less(b) {
			return -1
		}
		return 1
	})
	idx := make([]int, len(h.items))
	dist := make([]float64, len(h.items))
	for m, c := range h.items {
		idx[m] = c.i
		dist[m] = math.Sqrt(c.d)
	}
	return idx, dist, nil
}

// candidate is a row and its squared distance from the query.
type candidate struct {
	i int
	d float64
}

// less orders candidates by distance, then index.
func (a candidate) less(b candidate) bool {
	return a.d < b.d || (a.d == b.d && a.i < b.i)
}

// heap is a max-heap of candidates: the farthest kept is at the top.
type heap struct{ items []candidate }

func (h *heap) push(c candidate) {
	h.items = append(h.items, c)
	j := len(h.items) - 1
	for j > 0 {
		p := (j - 1) / 2
		if !h.items[p].less(h.items[j]) {
			break
		}
		h.items[p], h.items[j] = h.items[j], h.items[p]
		j = p
	}
}

func (h *heap) replaceTop(c candidate) {
	h.items[0] = c
	j := 0
	for {
		l := 2*j + 1
		if l >= len(h.items) {
			return
		}
		big := l
		if r := l + 1; r < len(h.items) && h.items[l].less(h.items[r]) {
			big = r
		}
		if !h.items[j].less(h.items[big]) {
			return
		}
		h.items[j], h.items[big] = h.items[big], h.items[j]
		j = big
	}
}
