package tsne

import "math"

// Quadtree parameters: a leaf holds at most qLeaf points (more only past
// qMaxDepth levels, where the points coincide to within rounding); the
// repulsive forces are computed for groups of at most qGroup points.
const (
	qLeaf     = 8
	qMaxDepth = 48
	qGroup    = 32
)

// quadTree is the Barnes-Hut tree over the 2-D layout, rebuilt every
// iteration into the same flat arrays (no allocation per node). Nodes are
// stored in depth-first pre-order: a node's first child follows it, and
// next skips its subtree, so a traversal needs no stack and reads the
// nodes in memory order. The points of every node's subtree are
// contiguous in tree order.
type quadTree struct {
	nodes  []qnode
	order  []int32  // point index at each tree position
	tmp    []int32  // scratch for partitioning
	quad   []uint8  // scratch: quadrant of each point of the node being split
	pts    []qpoint // positions in tree order
	theta2 float64
}

// qnode is a cell of the tree: its centre of mass; r2, the squared
// distance beyond which the cell is summarised (its squared largest side,
// scikit-learn's squared_max_width, over θ²); the node after its subtree;
// its points [lo, hi) in tree order; and whether it is a leaf.
type qnode struct {
	cx, cy float64
	r2     float64
	next   int32
	lo, hi int32
	leaf   bool
}

type qpoint struct {
	x, y float64
	i    int32
}

// build rebuilds the tree over the n points of y (x0, y0, x1, y1, …) for
// the angle θ (theta2 = θ²). Cells split at their centre; the root cell is
// the bounding box.
func (t *quadTree) build(y []float64, n int, theta2 float64) {
	if cap(t.order) < n {
		t.order = make([]int32, n)
		t.tmp = make([]int32, n)
		t.quad = make([]uint8, n)
		t.pts = make([]qpoint, n)
	}
	t.order, t.tmp, t.quad, t.pts = t.order[:n], t.tmp[:n], t.quad[:n], t.pts[:n]
	t.theta2 = theta2
	for i := range t.order {
		t.order[i] = int32(i)
	}
	x0, x1 := math.Inf(1), math.Inf(-1)
	y0, y1 := math.Inf(1), math.Inf(-1)
	for i := 0; i < n; i++ {
		x0, x1 = min(x0, y[2*i]), max(x1, y[2*i])
		y0, y1 = min(y0, y[2*i+1]), max(y1, y[2*i+1])
	}
	t.nodes = t.nodes[:0]
	t.split(y, 0, n, x0, x1, y0, y1, 0)
	for p, i := range t.order {
		t.pts[p] = qpoint{y[2*i], y[2*i+1], i}
	}
}

// split appends the node for the points order[lo:hi] in the cell
// [x0, x1]×[y0, y1] and its subtree, and returns the sum of the points.
func (t *quadTree) split(y []float64, lo, hi int, x0, x1, y0, y1 float64, depth int) (sx, sy float64) {
	id := len(t.nodes)
	w := max(x1-x0, y1-y0)
	r2 := math.Inf(1)
	if t.theta2 > 0 {
		r2 = w * w / t.theta2
	}
	t.nodes = append(t.nodes, qnode{r2: r2, lo: int32(lo), hi: int32(hi)})
	cnt := float64(hi - lo)
	if hi-lo <= qLeaf || depth >= qMaxDepth {
		for _, i := range t.order[lo:hi] {
			sx += y[2*i]
			sy += y[2*i+1]
		}
		nd := &t.nodes[id]
		nd.cx, nd.cy, nd.next, nd.leaf = sx/cnt, sy/cnt, int32(id+1), true
		return sx, sy
	}
	mx, my := 0.5*(x0+x1), 0.5*(y0+y1)
	var count [4]int
	order := t.order[lo:hi]
	quad := t.quad[lo:hi]
	for p, i := range order {
		q := uint8(0)
		if y[2*i] >= mx {
			q = 1
		}
		if y[2*i+1] >= my {
			q |= 2
		}
		quad[p] = q
		count[q]++
	}
	var start [5]int
	for q := 0; q < 4; q++ {
		start[q+1] = start[q] + count[q]
	}
	off := start
	tmp := t.tmp[lo:hi]
	for p, i := range order {
		q := quad[p]
		tmp[off[q]] = i
		off[q]++
	}
	copy(order, tmp)

	for q := 0; q < 4; q++ {
		if count[q] == 0 {
			continue
		}
		cx0, cx1, cy0, cy1 := x0, mx, y0, my
		if q&1 != 0 {
			cx0, cx1 = mx, x1
		}
		if q&2 != 0 {
			cy0, cy1 = my, y1
		}
		csx, csy := t.split(y, lo+start[q], lo+start[q+1], cx0, cx1, cy0, cy1, depth+1)
		sx += csx
		sy += csy
	}
	nd := &t.nodes[id]
	nd.cx, nd.cy, nd.next = sx/cnt, sy/cnt, int32(len(t.nodes))
	return sx, sy
}

// qsource is an entry of an interaction list: a point or a summarised
// cell (its centre of mass and number of points).
type qsource struct {
	x, y, w float64
}

// repulseGroup computes the Barnes-Hut approximation of the repulsive
// forces on the points [lo, hi) in tree order (a group: a node's points)
// before normalisation, Σⱼ qᵢⱼ²·Z²·(yᵢ − yⱼ) with qᵢⱼZ = 1/(1 + ‖yᵢ − yⱼ‖²),
// and each point's share of the normaliser Z = Σⱼ qᵢⱼZ, as scikit-learn's
// compute_gradient_negative, and stores them at neg[2i], neg[2i+1] and
// zs[i] for each point's index i.
//
// scikit-learn walks the tree once per point and summarises a cell by its
// centre of mass when the cell's squared width is less than θ² times the
// squared distance from the point to the centre of mass. Here the walk is
// shared by the group (Barnes 1990): a cell is summarised when that holds
// for the distance from the centre of mass to the group's bounding box,
// which is never more than the distance to any of the group's points, so
// each point gets a summary at least as accurate as scikit-learn's; the
// cells that fail are opened, down to single points in the leaves. The
// walk gives an interaction list that each point of the group then sums
// in a loop without branches. list is scratch space.
func (t *quadTree) repulseGroup(lo, hi int, neg, zs []float64, list []qsource) []qsource {
	pts := t.pts[lo:hi]
	bx0, bx1 := pts[0].x, pts[0].x
	by0, by1 := pts[0].y, pts[0].y
	for _, p := range pts[1:] {
		bx0, bx1 = min(bx0, p.x), max(bx1, p.x)
		by0, by1 = min(by0, p.y), max(by1, p.y)
	}
	list = list[:0]
	nodes := t.nodes
	for id := 0; id < len(nodes); {
		nd := &nodes[id]
		dx := max(bx0-nd.cx, nd.cx-bx1, 0)
		dy := max(by0-nd.cy, nd.cy-by1, 0)
		// Cells holding points of the group are always opened (with
		// θ ≤ 1/√2 they would be anyway), so each point meets itself
		// alone.
		if nd.r2 < dx*dx+dy*dy && (int(nd.hi) <= lo || int(nd.lo) >= hi) {
			list = append(list, qsource{nd.cx, nd.cy, float64(nd.hi - nd.lo)})
			id = int(nd.next)
			continue
		}
		if !nd.leaf {
			id++
			continue
		}
		for _, p := range t.pts[nd.lo:nd.hi] {
			list = append(list, qsource{p.x, p.y, 1})
		}
		id = int(nd.next)
	}
	for _, p := range pts {
		var fx, fy, z float64
		for _, s := range list {
			dx, dy := p.x-s.x, p.y-s.y
			q := 1 / (1 + dx*dx + dy*dy)
			wq := s.w * q
			z += wq
			m := wq * q
			fx += m * dx
			fy += m * dy
		}
		// The point itself is in the list, at distance 0: it added
		// q = 1 and no force.
		neg[2*p.i], neg[2*p.i+1], zs[p.i] = fx, fy, z-1
	}
	return list
}

// groups appends to g the first node index of every group: the highest
// nodes with at most size points.
func (t *quadTree) groups(size int, g []int32) []int32 {
	g = g[:0]
	for id := 0; id < len(t.nodes); {
		nd := &t.nodes[id]
		if nd.leaf || int(nd.hi-nd.lo) <= size {
			g = append(g, int32(id))
			id = int(nd.next)
			continue
		}
		id++
	}
	return g
}
