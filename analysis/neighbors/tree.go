package neighbors

import (
	"context"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/internal/par"
)

// node is a node of the k-d tree over the tree positions [lo, hi), split
// at the median of coordinate dim into its children.
type node struct {
	lo, hi      int32
	dim         int32 // −1 for a leaf
	left, right int32
}

const (
	// leafSize bounds the points of a leaf.
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
	// rotateBlock is the number of rows rotated at a time.
	rotateBlock = 512
)

// build makes the index of x's rows (n×d, checked already).
func build(ctx context.Context, x *mat.Dense, n, d int) (*Index, error) {
	ix := &Index{n: n, d: d, mean: make([]float64, d)}
	raw := x.RawMatrix()
	for i := range n {
		for t, v := range raw.Data[i*raw.Stride : i*raw.Stride+d] {
			ix.mean[t] += v
		}
	}
	for t := range ix.mean {
		ix.mean[t] /= float64(n)
	}
	xc := mat.NewDense(n, d, nil)
	xcRaw := xc.RawMatrix().Data
	for i := range n {
		r := xcRaw[i*d : (i+1)*d]
		for t, v := range raw.Data[i*raw.Stride : i*raw.Stride+d] {
			r[t] = v - ix.mean[t]
		}
		var s float64
		for _, v := range r {
			s += v * v
		}
		ix.norm = max(ix.norm, math.Sqrt(s))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// y is the rows to split on; spare, a buffer of n×d no longer needed
	// after the split, receives them in tree order.
	y, spare := xcRaw, []float64(nil)
	if d <= maxRotateDims && d > 1 {
		rot := principalAxes(xc, n, d)
		ix.rot = rot.RawMatrix().Data
		y = make([]float64, n*d)
		err := par.Parallel(ctx, n, rotateBlock, func(_, _, lo, hi int) {
			out := mat.NewDense(hi-lo, d, y[lo*d:hi*d])
			out.Mul(xc.Slice(lo, hi, 0, d), rot)
		})
		if err != nil {
			return nil, err
		}
		spare = xcRaw
	}

	idx := make([]int32, n)
	for i := range idx {
		idx[i] = int32(i)
	}
	ix.m = min(d, boxDims)
	ix.nodes = make([]node, 0, 4*n/leafSize+1)
	ix.split(y, idx, 0, n)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ix.perm = idx
	ix.pos = make([]int32, n)
	ix.x = make([]float64, n*d)
	ix.y = spare
	if ix.y == nil {
		ix.y = make([]float64, n*d)
	}
	for p, i := range idx {
		ix.pos[i] = int32(p)
		copy(ix.x[p*d:(p+1)*d], raw.Data[int(i)*raw.Stride:])
		copy(ix.y[p*d:(p+1)*d], y[int(i)*d:])
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
		for s := range covRows {
			sample.SetRow(s, xc.RawRowView(s*n/covRows))
		}
	}
	var cov mat.SymDense
	cov.SymOuterK(1, sample.T())
	var es mat.EigenSym
	rot := mat.NewDense(d, d, nil)
	if !es.Factorize(&cov, true) {
		for t := range d {
			rot.Set(t, t, 1)
		}
		return rot
	}
	var v mat.Dense
	es.VectorsTo(&v)
	// Values come in ascending order: reverse the columns.
	for c := range d {
		for r := range d {
			rot.Set(r, c, v.At(r, d-1-c))
		}
	}
	return rot
}

// split makes the subtree over idx[lo:hi] (rows of y) and returns its node
// number; it reorders idx so that each node's points are contiguous.
func (ix *Index) split(y []float64, idx []int32, lo, hi int) int32 {
	d, m := ix.d, ix.m
	id := int32(len(ix.nodes))
	ix.nodes = append(ix.nodes, node{lo: int32(lo), hi: int32(hi), dim: -1})
	box := make([]float64, 2*m)
	for t := range m {
		box[t], box[m+t] = math.Inf(1), math.Inf(-1)
	}
	for _, i := range idx[lo:hi] {
		for t, v := range y[int(i)*d : int(i)*d+m] {
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
	for t := range m {
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
	analysis.SelectNth(idx, lo, hi, mid, func(p int) float64 { return y[int(idx[p])*d+dim] })
	left := ix.split(y, idx, lo, mid)
	right := ix.split(y, idx, mid, hi)
	nd := &ix.nodes[id]
	nd.dim, nd.left, nd.right = int32(dim), left, right
	return id
}

// rotate returns the query q centred and rotated as the rows were, and
// the norm of q centred.
func (ix *Index) rotate(q []float64) ([]float64, float64) {
	d := ix.d
	c := make([]float64, d)
	var s float64
	for t, v := range q {
		c[t] = v - ix.mean[t]
		s += c[t] * c[t]
	}
	if ix.rot == nil {
		return c, math.Sqrt(s)
	}
	y := make([]float64, d)
	for t, v := range c {
		for j, r := range ix.rot[t*d : (t+1)*d] {
			y[j] += v * r
		}
	}
	return y, math.Sqrt(s)
}

// slack bounds the error of a distance between rotated points, for a
// query whose centred norm is at most norm: each rotated coordinate is
// off by at most about d·ε·‖x − mean‖, so a rotated distance by about
// 2·√d·d·ε·‖x − mean‖ (and the rotation's departure from orthogonality
// is of the same order); the slack is a thousand times that, and at least
// 1e-12 of the norms. Decisions within slack of a bound are made on the
// original rows.
func (ix *Index) slack(norm float64) float64 {
	nm := max(ix.norm, norm)
	d := float64(ix.d)
	return 1e-12*(1+nm) + 1000*2*math.Sqrt(d)*d*0x1p-52*nm
}

// boxSqDist is the squared distance from q to node id's bounding box in
// the boxed coordinates: a lower bound on the squared distance from q to
// the node's points.
func (ix *Index) boxSqDist(id int32, q []float64) float64 {
	m := ix.m
	box := ix.boxes[int(id)*2*m : (int(id)+1)*2*m]
	lo, hi := box[:m], box[m:2*m]
	var s float64
	for t, v := range q[:m] {
		e := max(lo[t]-v, v-hi[t], 0)
		s += e * e
	}
	return s
}
