package plotview

import (
	"math"
	"slices"

	"fyne.io/fyne/v2"
)

// polygon is a closed polygon in widget coordinates, its edges sorted
// into horizontal bands so that the crossing test of a point looks only
// at the edges that reach its band.
type polygon struct {
	xs, ys                 []float64 // the vertices; the last joins the first
	minX, maxX, minY, maxY float64   // the bounding box
	band                   float64   // the bands' height
	nb                     int       // the number of bands
	start                  []int32   // band b's edges are edges[start[b]:start[b+1]]
	edges                  []int32   // edge k joins vertex k to vertex k+1 (mod n)
}

// polyBand is the height of a polygon's bands, in device-independent
// pixels, and maxBands bounds their number.
const (
	polyBand = cellSize
	maxBands = 4096
)

// newPolygon returns the polygon of pts, nil if it has fewer than three
// vertices or a coordinate is not finite.
func newPolygon(pts []fyne.Position) *polygon {
	n := len(pts)
	if n < 3 {
		return nil
	}
	p := &polygon{xs: make([]float64, n), ys: make([]float64, n)}
	p.minX, p.minY = math.Inf(1), math.Inf(1)
	p.maxX, p.maxY = math.Inf(-1), math.Inf(-1)
	for k, q := range pts {
		x, y := float64(q.X), float64(q.Y)
		if !finite(x) || !finite(y) {
			return nil
		}
		p.xs[k], p.ys[k] = x, y
		p.minX, p.maxX = min(p.minX, x), max(p.maxX, x)
		p.minY, p.maxY = min(p.minY, y), max(p.maxY, y)
	}
	h := p.maxY - p.minY
	p.nb = max(1, min(maxBands, int(math.Ceil(h/polyBand))))
	p.band = max(h/float64(p.nb), 1e-9)
	// Count each edge in every band it spans, then fill. Horizontal edges
	// never cross a point's ray and are left out.
	p.start = make([]int32, p.nb+1)
	for k := range n {
		if b0, b1, ok := p.edgeBands(k); ok {
			for b := b0; b <= b1; b++ {
				p.start[b+1]++
			}
		}
	}
	for b := range p.nb {
		p.start[b+1] += p.start[b]
	}
	p.edges = make([]int32, p.start[p.nb])
	fill := slices.Clone(p.start[:p.nb])
	for k := range n {
		if b0, b1, ok := p.edgeBands(k); ok {
			for b := b0; b <= b1; b++ {
				p.edges[fill[b]] = int32(k)
				fill[b]++
			}
		}
	}
	return p
}

// edgeBands returns the bands edge k spans; false for a horizontal edge.
func (p *polygon) edgeBands(k int) (b0, b1 int, ok bool) {
	y0, y1 := p.ys[k], p.ys[(k+1)%len(p.ys)]
	if y0 == y1 {
		return 0, 0, false
	}
	return p.bandOf(min(y0, y1)), p.bandOf(max(y0, y1)), true
}

// bandOf returns the band of height y. It does not decrease as y grows,
// so an edge from y0 to y1 is listed in the band of every y between.
func (p *polygon) bandOf(y float64) int {
	return min(max(int(math.Floor((y-p.minY)/p.band)), 0), p.nb-1)
}

// contains says whether (x, y) lies inside the polygon by the even-odd
// rule: a ray from it to the right crosses the edges an odd number of
// times. An edge counts if it spans y half-open (one end above
// y, the other at or below), so that a vertex on the ray counts once.
func (p *polygon) contains(x, y float64) bool {
	if !(x >= p.minX && x <= p.maxX && y >= p.minY && y <= p.maxY) {
		return false
	}
	b := p.bandOf(y)
	n := len(p.xs)
	inside := false
	for _, k := range p.edges[p.start[b]:p.start[b+1]] {
		k2 := int(k) + 1
		if k2 == n {
			k2 = 0
		}
		ax, ay, bx, by := p.xs[k], p.ys[k], p.xs[k2], p.ys[k2]
		if (ay > y) != (by > y) && x < ax+(y-ay)*(bx-ax)/(by-ay) {
			inside = !inside
		}
	}
	return inside
}

// minRoom is the least width and height, in device-independent pixels, of
// an area that selects: a flatter box or lasso selects nothing.
const minRoom = 0.5

// roomyPolygon says whether pts has at least three vertices not all
// within minRoom/2 of one line.
func roomyPolygon(pts []fyne.Position) bool {
	if len(pts) < 3 {
		return false
	}
	// The line through the first vertex and the one farthest from it.
	x0, y0 := float64(pts[0].X), float64(pts[0].Y)
	fx, fy, fd := x0, y0, 0.0
	for _, q := range pts[1:] {
		dx, dy := float64(q.X)-x0, float64(q.Y)-y0
		if d := dx*dx + dy*dy; d > fd {
			fx, fy, fd = float64(q.X), float64(q.Y), d
		}
	}
	if !(fd >= minRoom*minRoom) {
		return false
	}
	ux, uy := (fx-x0)/math.Sqrt(fd), (fy-y0)/math.Sqrt(fd)
	for _, q := range pts[1:] {
		// The distance of q from the line.
		if d := math.Abs((float64(q.X)-x0)*uy - (float64(q.Y)-y0)*ux); d >= minRoom/2 {
			return true
		}
	}
	return false
}

// cellSpan returns the cells of the index's grid that cover lo to hi
// along an axis starting at origin with n cells.
func cellSpan(lo, hi, origin float64, n int) (c0, c1 int) {
	c0 = min(max(int(math.Floor((lo-origin)/cellSize)), 0), n-1)
	c1 = min(max(int(math.Floor((hi-origin)/cellSize)), 0), n-1)
	return c0, c1
}

// inRect returns the indexed points, not skipped (skip nil or skip[i]
// false), with x0 ≤ x ≤ x1 and y0 ≤ y ≤ y1, ascending.
func (ix *index) inRect(x0, y0, x1, y1 float64, skip []bool) []int {
	if ix.nx == 0 || !(x0 <= x1 && y0 <= y1) {
		return nil
	}
	cx0, cx1 := cellSpan(x0, x1, ix.x0, ix.nx)
	cy0, cy1 := cellSpan(y0, y1, ix.y0, ix.ny)
	var out []int
	for cy := cy0; cy <= cy1; cy++ {
		for c := cy*ix.nx + cx0; c <= cy*ix.nx+cx1; c++ {
			for k := ix.start[c]; k < ix.start[c+1]; k++ {
				x, y := float64(ix.px[k]), float64(ix.py[k])
				if x >= x0 && x <= x1 && y >= y0 && y <= y1 {
					if i := int(ix.items[k]); skip == nil || !skip[i] {
						out = append(out, i)
					}
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// inPolygon returns the indexed points, not skipped, inside p (the
// even-odd rule), ascending. It looks only at the cells that p's bounding
// box covers.
func (ix *index) inPolygon(p *polygon, skip []bool) []int {
	if ix.nx == 0 || p == nil {
		return nil
	}
	cx0, cx1 := cellSpan(p.minX, p.maxX, ix.x0, ix.nx)
	cy0, cy1 := cellSpan(p.minY, p.maxY, ix.y0, ix.ny)
	var out []int
	for cy := cy0; cy <= cy1; cy++ {
		for c := cy*ix.nx + cx0; c <= cy*ix.nx+cx1; c++ {
			for k := ix.start[c]; k < ix.start[c+1]; k++ {
				i := int(ix.items[k])
				if (skip == nil || !skip[i]) && p.contains(float64(ix.px[k]), float64(ix.py[k])) {
					out = append(out, i)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// all returns the indexed points not skipped, ascending.
func (ix *index) all(skip []bool) []int {
	var out []int
	for k := range ix.items {
		if i := int(ix.items[k]); skip == nil || !skip[i] {
			out = append(out, i)
		}
	}
	slices.Sort(out)
	return out
}
