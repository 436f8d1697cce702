package plotview

import "math"

// Hit-testing geometry, in device-independent pixels.
const (
	// hitRadius is how far from a point a tap or the mouse still hits it.
	hitRadius = 6
	// cellSize is the side of the index's cells.
	cellSize = 8
)

// index is a uniform grid over the data area holding the screen positions
// of the visible points, for finding the point nearest to the mouse
// without looking at all of them.
type index struct {
	ok  bool
	key geoKey // the geometry it was built for

	x0, y0 float64 // top left of the grid
	nx, ny int     // cells across and down
	start  []int32 // cell c holds items[start[c]:start[c+1]]
	items  []int32 // point indices, by cell
	px, py []float32

	// Scratch space, kept to avoid allocating on every rebuild.
	cellOf []int32   // each point's cell, −1 if not indexed
	sx, sy []float32 // each point's screen position
	fill   []int32
}

// build indexes the points of d that are shown under g: those of
// categories not hidden (hidden[c+1]) and inside the view.
func (ix *index) build(d *dataset, hidden []bool, g geom) {
	a, view := g.a, g.view
	ix.x0, ix.y0 = a.x0, a.y0
	ix.nx = max(1, int(math.Ceil((a.x1-a.x0)/cellSize)))
	ix.ny = max(1, int(math.Ceil((a.y1-a.y0)/cellSize)))
	cells := ix.nx * ix.ny
	ix.start = grow(ix.start, cells+1)
	clear(ix.start)
	n := len(d.x)
	ix.cellOf = grow(ix.cellOf, n)
	ix.sx = grow(ix.sx, n)
	ix.sy = grow(ix.sy, n)
	kx, ky := g.kx(), g.ky()
	count := 0
	for i := range n {
		x, y := d.x[i], d.y[i]
		c := d.cat[i]
		if (c+1 < len(hidden) && hidden[c+1]) || !view.contains(x, y) {
			ix.cellOf[i] = -1
			continue
		}
		sx := a.x0 + (x-view.x0)*kx
		sy := a.y1 - (y-view.y0)*ky
		cx := min(max(int((sx-a.x0)/cellSize), 0), ix.nx-1)
		cy := min(max(int((sy-a.y0)/cellSize), 0), ix.ny-1)
		cell := int32(cy*ix.nx + cx)
		ix.cellOf[i] = cell
		ix.sx[i], ix.sy[i] = float32(sx), float32(sy)
		ix.start[cell+1]++
		count++
	}
	for c := range cells {
		ix.start[c+1] += ix.start[c]
	}
	ix.fill = grow(ix.fill, cells)
	copy(ix.fill, ix.start[:cells])
	ix.items = grow(ix.items, count)
	ix.px = grow(ix.px, count)
	ix.py = grow(ix.py, count)
	for i := range n {
		cell := ix.cellOf[i]
		if cell < 0 {
			continue
		}
		k := ix.fill[cell]
		ix.fill[cell]++
		ix.items[k] = int32(i)
		ix.px[k], ix.py[k] = ix.sx[i], ix.sy[i]
	}
}

// nearest returns the indexed point nearest to (x, y) within r (at most
// cellSize), or −1 if there is none.
func (ix *index) nearest(x, y, r float64) int { return ix.nearestExcept(x, y, r, nil) }

// nearestExcept is nearest of the points i not skipped (skip nil, or
// skip[i] false).
func (ix *index) nearestExcept(x, y, r float64, skip []bool) int {
	if ix.nx == 0 || math.IsNaN(x) || math.IsNaN(y) {
		return -1
	}
	cell := func(v, origin float64, n int) int {
		return min(max(int(math.Floor((v-origin)/cellSize)), 0), n-1)
	}
	cx0, cx1 := cell(x-r, ix.x0, ix.nx), cell(x+r, ix.x0, ix.nx)
	cy0, cy1 := cell(y-r, ix.y0, ix.ny), cell(y+r, ix.y0, ix.ny)
	best, bestD := -1, r*r
	for cy := cy0; cy <= cy1; cy++ {
		for cx := cx0; cx <= cx1; cx++ {
			c := cy*ix.nx + cx
			for k := ix.start[c]; k < ix.start[c+1]; k++ {
				if skip != nil && skip[ix.items[k]] {
					continue
				}
				dx, dy := float64(ix.px[k])-x, float64(ix.py[k])-y
				if d := dx*dx + dy*dy; d <= bestD && (best < 0 || d < bestD) {
					best, bestD = int(ix.items[k]), d
				}
			}
		}
	}
	return best
}

// grow returns s with length n, reallocated only if its capacity is less.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
