package cluster

import (
	"context"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
)

// index answers exact Euclidean radius and k-nearest-neighbour queries on
// the rows of a matrix. The rows are centred and rotated onto their
// principal axes (an orthogonal map, which keeps distances), so that the
// first coordinates carry most of the variance, and put into a k-d tree
// whose nodes keep their bounding boxes in the first boxDims coordinates.
// A query skips the nodes whose box is too far, and stops summing a
// point's squared distance as soon as it passes the threshold, which with
// the coordinates in the order of decreasing variance rejects most points
// after a few coordinates.
//
// Rotated distances carry rounding errors far below slack; decisions
// within slack of the threshold are made with the distance summed
// directly on the original rows, so they are exact.
type index struct {
	n, d  int
	x     []float64 // original rows, contiguous
	y     []float64 // rotated rows in tree order, contiguous
	perm  []int32   // perm[p] is the original row at tree position p
	nodes []kdNode
	m     int       // number of leading coordinates in the boxes
	boxes []float64 // per node: m lower then m upper bounds
	slack float64   // bound on the error of a rotated distance
}

// kdNode is a node of the tree over the tree positions [lo, hi), split
// at the median of coordinate dim into its children.
type kdNode struct {
	lo, hi      int32
	dim         int32 // −1 for a leaf
	left, right int32
}

const (
	leafSize = 32
	// boxDims bounds the number of leading (principal) coordinates kept in
	// the nodes' bounding boxes.
	boxDims = 12
	// covRows bounds the rows used to estimate the principal axes.
	covRows = 4096
	// maxRotateDims bounds the dimension up to which the rows are rotated
	// onto their principal axes (an eigen-decomposition of d×d and a
	// product of n×d by d×d); beyond it they are only centred.
	maxRotateDims = 256
)

// newIndex builds the index of x's rows (x checked already).
func newIndex(ctx context.Context, x *mat.Dense) (*index, error) {
	n, d := x.Dims()
	ix := &index{n: n, d: d, x: dense(x)}
	mean := make([]float64, d)
	for i := 0; i < n; i++ {
		for t, v := range ix.x[i*d : (i+1)*d] {
			mean[t] += v
		}
	}
	for t := range mean {
		mean[t] /= float64(n)
	}
	xc := mat.NewDense(n, d, nil)
	xcRaw := xc.RawMatrix().Data
	var maxNorm float64
	for i := 0; i < n; i++ {
		r := xcRaw[i*d : (i+1)*d]
		for t, v := range ix.x[i*d : (i+1)*d] {
			r[t] = v - mean[t]
		}
		maxNorm = max(maxNorm, math.Sqrt(dot(r, r)))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	yRaw := xcRaw
	if d <= maxRotateDims {
		var y mat.Dense
		y.Mul(xc, principalAxes(xc, n, d))
		yRaw = dense(&y)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// Each rotated coordinate is off by at most about d·ε·‖x−mean‖, so a
	// rotated distance by about 2·√d·d·ε·maxNorm; the slack is a thousand
	// times that, and at least 1e-12 of the norms.
	ix.slack = 1e-12*(1+maxNorm) + 1000*2*math.Sqrt(float64(d))*float64(d)*0x1p-52*maxNorm

	idx := make([]int32, n)
	for i := range idx {
		idx[i] = int32(i)
	}
	ix.m = min(d, boxDims)
	ix.nodes = make([]kdNode, 0, 4*n/leafSize+1)
	ix.build(yRaw, idx, 0, n)
	ix.perm = idx
	ix.y = make([]float64, n*d)
	for p, i := range idx {
		copy(ix.y[p*d:(p+1)*d], yRaw[int(i)*d:])
	}
	return ix, nil
}

// principalAxes returns the d×d orthogonal matrix whose columns are the
// principal axes of the centred rows of xc, the largest variance first,
// estimated from at most covRows evenly spaced rows; the identity if the
// eigen-decomposition fails.
func principalAxes(xc *mat.Dense, n, d int) *mat.Dense {
	sample := xc
	if n > covRows {
		sample = mat.NewDense(covRows, d, nil)
		for s := 0; s < covRows; s++ {
			sample.SetRow(s, xc.RawRowView(s*n/covRows))
		}
	}
	var cov mat.SymDense
	cov.SymOuterK(1, sample.T())
	var es mat.EigenSym
	rot := mat.NewDense(d, d, nil)
	if !es.Factorize(&cov, true) {
		for t := 0; t < d; t++ {
			rot.Set(t, t, 1)
		}
		return rot
	}
	var v mat.Dense
	es.VectorsTo(&v)
	// Values come in ascending order: reverse the columns.
	for c := 0; c < d; c++ {
		for r := 0; r < d; r++ {
			rot.Set(r, c, v.At(r, d-1-c))
		}
	}
	return rot
}

// build makes the subtree over idx[lo:hi] (rows of y) and returns its node
// number; it reorders idx so that each node's points are contiguous.
func (ix *index) build(y []float64, idx []int32, lo, hi int) int32 {
	d, m := ix.d, ix.m
	id := int32(len(ix.nodes))
	ix.nodes = append(ix.nodes, kdNode{lo: int32(lo), hi: int32(hi), dim: -1})
	box := make([]float64, 2*m)
	for t := 0; t < m; t++ {
		box[t], box[m+t] = math.Inf(1), math.Inf(-1)
	}
	for _, i := range idx[lo:hi] {
		r := y[int(i)*d : int(i)*d+m]
		for t, v := range r {
			box[t] = min(box[t], v)
			box[m+t] = max(box[m+t], v)
		}
	}
	ix.boxes = append(ix.boxes, box...)
	if hi-lo <= leafSize {
		return id
	}
	// Split on the boxed coordinate of largest spread.
	dim, spread := -1, 0.0
	for t := 0; t < m; t++ {
		if box[m+t]-box[t] > spread {
			dim, spread = t, box[m+t]-box[t]
		}
	}
	for t := m; t < d && dim < 0; t++ {
		// No spread in the boxed coordinates: split on another one.
		mn, mx := math.Inf(1), math.Inf(-1)
		for _, i := range idx[lo:hi] {
			v := y[int(i)*d+t]
			mn, mx = min(mn, v), max(mx, v)
		}
		if mx > mn {
			dim = t
		}
	}
	if dim < 0 {
		return id // all points equal
	}
	mid := (lo + hi) / 2
	key := func(p int) float64 { return y[int(idx[p])*d+dim] }
	analysis.SelectNth(idx, lo, hi, mid, key)
	left := ix.build(y, idx, lo, mid)
	right := ix.build(y, idx, mid, hi)
	nd := &ix.nodes[id]
	nd.dim, nd.left, nd.right = int32(dim), left, right
	return id
}

// row returns the rotated row at tree position p.
func (ix *index) row(p int) []float64 { return ix.y[p*ix.d : (p+1)*ix.d] }

// boxSqDist is the squared distance from q to node id's bounding box in
// the boxed coordinates: a lower bound on the squared distance from q to
// the node's points.
func (ix *index) boxSqDist(id int32, q []float64) float64 {
	m := ix.m
	box := ix.boxes[int(id)*2*m : (int(id)+1)*2*m]
	lo, hi := box[:m], box[m:2*m]
	q = q[:m]
	var s float64
	for t, v := range q {
		e := max(lo[t]-v, v-hi[t], 0)
		s += e * e
	}
	return s
}

// radius calls found(p) for each tree position p > q whose row is within
// distance eps (inclusive, exact) of the row at tree position q.
func (ix *index) radius(q int, eps float64, found func(p int)) {
	yq := ix.row(q)
	lo, hi := max(eps-ix.slack, 0), eps+ix.slack
	lo2, hi2 := lo*lo, hi*hi
	xq := ix.x[int(ix.perm[q])*ix.d:]
	var walk func(id int32)
	walk = func(id int32) {
		nd := &ix.nodes[id]
		if nd.dim < 0 {
			for p := max(int(nd.lo), q+1); p < int(nd.hi); p++ {
				s := analysis.PartialSqDist(yq, ix.row(p), hi2)
				if s > hi2 {
					continue
				}
				if s < lo2 || math.Sqrt(analysis.SqDist(ix.x[int(ix.perm[p])*ix.d:(int(ix.perm[p])+1)*ix.d], xq)) <= eps {
					found(p)
				}
			}
			return
		}
		if l := &ix.nodes[nd.left]; int(l.hi) > q+1 && ix.boxSqDist(nd.left, yq) <= hi2 {
			walk(nd.left)
		}
		if ix.boxSqDist(nd.right, yq) <= hi2 {
			walk(nd.right)
		}
	}
	if ix.boxSqDist(0, yq) <= hi2 {
		walk(0)
	}
}

// kthNearest returns the squared distance (exact) from the row at tree
// position q to its k-th nearest row, itself counted as the first. h is
// scratch space for a heap of k values.
func (ix *index) kthNearest(q, k int, h []float64) float64 {
	yq := ix.row(q)
	xq := ix.x[int(ix.perm[q])*ix.d:]
	h = h[:0]
	limit := math.Inf(1) // squared rotated distance beyond which nothing can enter the heap
	var walk func(id int32)
	walk = func(id int32) {
		nd := &ix.nodes[id]
		if nd.dim < 0 {
			for p := int(nd.lo); p < int(nd.hi); p++ {
				if analysis.PartialSqDist(yq, ix.row(p), limit) > limit {
					continue
				}
				i := int(ix.perm[p])
				s := analysis.SqDist(ix.x[i*ix.d:(i+1)*ix.d], xq)
				if len(h) < k {
					h = heapPush(h, s)
				} else if s < h[0] {
					heapReplaceTop(h, s)
				} else {
					continue
				}
				if len(h) == k {
					r := math.Sqrt(h[0]) + ix.slack
					limit = r * r
				}
			}
			return
		}
		a, b := nd.left, nd.right
		da, db := ix.boxSqDist(a, yq), ix.boxSqDist(b, yq)
		if db < da {
			a, b, da, db = b, a, db, da
		}
		if da <= limit {
			walk(a)
		}
		if db <= limit {
			walk(b)
		}
	}
	walk(0)
	return h[0]
}

// heapPush adds v to the max-heap h.
func heapPush(h []float64, v float64) []float64 {
	h = append(h, v)
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if h[p] >= h[i] {
			break
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
	return h
}

// heapReplaceTop replaces the maximum of the max-heap h by v.
func heapReplaceTop(h []float64, v float64) {
	h[0] = v
	for i := 0; ; {
		l, big := 2*i+1, i
		if l < len(h) && h[l] > h[big] {
			big = l
		}
		if r := l + 1; r < len(h) && h[r] > h[big] {
			big = r
		}
		if big == i {
			return
		}
		h[i], h[big] = h[big], h[i]
		i = big
	}
}
