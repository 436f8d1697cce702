package plotview

import (
	"errors"
	"math"

	"fyne.io/fyne/v2"
	gplot "gonum.org/v1/plot"

	"github.com/fashionlens/fashionlens/analysis/plot"
)

// Zoom limits: the shown range is at least minSpan and at most maxSpan
// times the range of all points.
const (
	minSpan = 1e-6
	maxSpan = 10
)

// rng is a range of data: x0 ≤ x ≤ x1 by y0 ≤ y ≤ y1.
type rng struct{ x0, x1, y0, y1 float64 }

// w returns r's width.
func (r rng) w() float64 { return r.x1 - r.x0 }

// h returns r's height.
func (r rng) h() float64 { return r.y1 - r.y0 }

// contains says whether (x, y) lies in r.
func (r rng) contains(x, y float64) bool {
	return x >= r.x0 && x <= r.x1 && y >= r.y0 && y <= r.y1
}

// area is a rectangle in widget coordinates (device-independent pixels,
// origin at the top left): x0 ≤ x ≤ x1 by y0 ≤ y ≤ y1.
type area struct{ x0, y0, x1, y1 float64 }

// geom maps a range of data onto the data area of the screen.
type geom struct {
	view rng
	a    area
}

// toScreen returns where data point (x, y) is drawn.
func (g geom) toScreen(x, y float64) (sx, sy float64) {
	return g.a.x0 + (x-g.view.x0)*g.kx(), g.a.y1 - (y-g.view.y0)*g.ky()
}

// toData returns the data point drawn at (sx, sy).
func (g geom) toData(sx, sy float64) (x, y float64) {
	return g.view.x0 + (sx-g.a.x0)/g.kx(), g.view.y0 + (g.a.y1-sy)/g.ky()
}

// kx returns the screen length of one x unit.
func (g geom) kx() float64 { return (g.a.x1 - g.a.x0) / g.view.w() }

// ky returns the screen length of one y unit.
func (g geom) ky() float64 { return (g.a.y1 - g.a.y0) / g.view.h() }

// layoutKey is what a data area depends on besides the range and the
// size: the plot's contents. The marked and dimmed points are not part of
// it: plot.Scatter draws them without changing the layout (the glyph
// boxes), so the data area, the geometry and the screen index stay valid
// when they change; the render key holds their versions.
type layoutKey struct {
	dataVer, hiddenVer uint64
	hl                 int // the highlighted point, −1 for none
}

// layoutCache holds the plots whose data areas areaFor computes: two, as
// a pan or zoom may go back and forth between a range that shows the
// selected point and one that does not.
type layoutCache struct {
	keys [2]layoutKey
	ps   [2]*gplot.Plot
	next int // the slot to fill next
}

// get returns the plot of key, nil if there is none.
func (c *layoutCache) get(key layoutKey) *gplot.Plot {
	for i, p := range c.ps {
		if p != nil && c.keys[i] == key {
			return p
		}
	}
	return nil
}

// put keeps p as the plot of key, in place of the older of the two.
func (c *layoutCache) put(key layoutKey, p *gplot.Plot) {
	c.keys[c.next], c.ps[c.next] = key, p
	c.next = 1 - c.next
}

// geoKey is what the current geometry depends on.
type geoKey struct {
	layoutKey
	view  rng
	size  fyne.Size
	scale float64
}

// geoCache holds the current geometry.
type geoCache struct {
	ok  bool
	key geoKey
	g   geom
	err error
}

// errNoSize is the error of a geometry without room.
var errNoSize = errors.New("plotview: no size")

// pixels returns the size of the raster of a widget of size s at scale.
func pixels(s fyne.Size, scale float64) (w, h int) {
	px := func(l float32) int {
		return min(plot.MaxPixels, int(math.Round(float64(l)*scale)))
	}
	return px(s.Width), px(s.Height)
}

// rasterScale returns scale within the bounds of plot.Raster.
func rasterScale(scale float64) float64 {
	if !(scale > 0) {
		return 1
	}
	return min(8, max(0.25, scale))
}

// areaFor returns the data area of the plot of view at the widget's size:
// where plot.Raster puts it, converted to widget coordinates. v.mu is
// held.
func (v *View) areaFor(view rng) (area, error) {
	if v.d == nil {
		return area{}, errNoData
	}
	w, h := pixels(v.size, v.scale)
	if w <= 0 || h <= 0 {
		return area{}, errNoSize
	}
	key := layoutKey{v.dataVer, v.hiddenVer, v.highlightFor(view)}
	p := v.lay.get(key)
	if p == nil {
		var err error
		if p, err = buildPlot(v.d, looks{hidden: v.hiddenList(), hl: key.hl}, view, false); err != nil {
			return area{}, err
		}
		v.lay.put(key, p)
	}
	p.X.Min, p.X.Max = view.x0, view.x1
	p.Y.Min, p.Y.Max = view.y0, view.y1
	x0, y0, x1, y1, err := plot.DataArea(p, w, h, rasterScale(v.scale))
	if err != nil {
		return area{}, err
	}
	// The raster is stretched over the widget.
	sx, sy := float64(v.size.Width)/float64(w), float64(v.size.Height)/float64(h)
	return area{x0 * sx, y0 * sy, x1 * sx, y1 * sy}, nil
}

// geometry returns the geometry of the current view, size and scale,
// computing it only when one of them, or the plot, has changed. v.mu is
// held.
func (v *View) geometry() (geom, error) {
	key := geoKey{layoutKey{v.dataVer, v.hiddenVer, v.highlightFor(v.view)}, v.view, v.size, v.scale}
	if !v.geo.ok || v.geo.key != key {
		a, err := v.areaFor(v.view)
		v.geo = geoCache{ok: true, key: key, g: geom{view: v.view, a: a}, err: err}
	}
	return v.geo.g, v.geo.err
}

// place returns the range of width wx and height wy that puts data point
// (ax, ay) at screen point (tx, ty) of data area a.
func place(ax, ay, tx, ty, wx, wy float64, a area) rng {
	x0 := ax - (tx-a.x0)/(a.x1-a.x0)*wx
	y0 := ay - (a.y1-ty)/(a.y1-a.y0)*wy
	return rng{x0, x0 + wx, y0, y0 + wy}
}

// solve returns the range of width wx and height wy that draws data point
// (ax, ay) at screen point (tx, ty). The data area moves with the range
// (its tick labels change width, glyph padding comes and goes), so the
// range is placed in the area a of the current one, then again in the
// area of the result, until the point lands within a hair of the target.
// v.mu is held.
func (v *View) solve(ax, ay, tx, ty, wx, wy float64, a area) rng {
	r := place(ax, ay, tx, ty, wx, wy, a)
	best, bestErr := r, math.Inf(1)
	for range 8 {
		a2, err := v.areaFor(r)
		if err != nil {
			break
		}
		sx, sy := geom{view: r, a: a2}.toScreen(ax, ay)
		e := math.Hypot(sx-tx, sy-ty)
		if e < bestErr {
			best, bestErr = r, e
		}
		if e < 1e-6 {
			break
		}
		r = place(ax, ay, tx, ty, wx, wy, a2)
	}
	return best
}

// setView makes r the view, moved if need be so that it overlaps the
// range of all points (the data cannot be dragged out of sight). It says
// whether the view changed. v.mu is held.
func (v *View) setView(r rng) bool {
	if v.d == nil || !finite(r.x0) || !finite(r.x1) || !finite(r.y0) || !finite(r.y1) || r.w() <= 0 || r.h() <= 0 {
		return false
	}
	full := v.d.full
	if w := r.w(); r.x0 > full.x1 {
		r.x0, r.x1 = full.x1, full.x1+w
	} else if r.x1 < full.x0 {
		r.x0, r.x1 = full.x0-w, full.x0
	}
	if h := r.h(); r.y0 > full.y1 {
		r.y0, r.y1 = full.y1, full.y1+h
	} else if r.y1 < full.y0 {
		r.y0, r.y1 = full.y0-h, full.y0
	}
	if r == v.view {
		return false
	}
	v.view = r
	return true
}

// Zoom zooms in by factor (> 1 zooms in, < 1 out) around at, a point in
// widget coordinates: the data point drawn at at stays there. The range
// shown stays between 10⁻⁶ and 10 times the range of all points. Without
// data, or before the view has a size, it does nothing.
func (v *View) Zoom(factor float64, at fyne.Position) {
	if !(factor > 0) || math.IsInf(factor, 0) {
		return
	}
	v.mu.Lock()
	changed := v.zoom(factor, at)
	v.mu.Unlock()
	if changed {
		v.viewChanged()
	}
}

// zoom is Zoom with v.mu held; it says whether the view changed.
func (v *View) zoom(factor float64, at fyne.Position) bool {
	if v.d == nil {
		return false
	}
	g, err := v.geometry()
	if err != nil {
		return false
	}
	full := v.d.full
	wx := min(max(v.view.w()/factor, full.w()*minSpan), full.w()*maxSpan)
	if wx == v.view.w() {
		return false
	}
	wy := v.view.h() * wx / v.view.w()
	tx := min(max(float64(at.X), g.a.x0), g.a.x1)
	ty := min(max(float64(at.Y), g.a.y0), g.a.y1)
	ax, ay := g.toData(tx, ty)
	return v.setView(v.solve(ax, ay, tx, ty, wx, wy, g.a))
}

// Pan moves the plot's contents by dx, dy device-independent pixels
// (positive: right and down). Without data it does nothing.
func (v *View) Pan(dx, dy float32) {
	if dx == 0 && dy == 0 {
		return
	}
	v.mu.Lock()
	changed := false
	if g, err := v.geometry(); err == nil {
		cx, cy := (g.a.x0+g.a.x1)/2, (g.a.y0+g.a.y1)/2
		changed = v.pan(cx, cy, cx+float64(dx), cy+float64(dy))
	}
	v.mu.Unlock()
	if changed {
		v.viewChanged()
	}
}

// pan moves the view so that the data point drawn at (fx, fy) is drawn at
// (tx, ty); it says whether the view changed. v.mu is held.
func (v *View) pan(fx, fy, tx, ty float64) bool {
	if v.d == nil || (fx == tx && fy == ty) {
		return false
	}
	g, err := v.geometry()
	if err != nil {
		return false
	}
	ax, ay := g.toData(fx, fy)
	return v.setView(v.solve(ax, ay, tx, ty, v.view.w(), v.view.h(), g.a))
}

// ResetView shows the range of all points again.
func (v *View) ResetView() {
	v.mu.Lock()
	changed := v.d != nil && v.view != v.d.full
	if changed {
		v.view = v.d.full
	}
	v.mu.Unlock()
	if changed {
		v.viewChanged()
	}
}

// viewChanged redraws the plot and updates the tooltip after the view
// has changed.
func (v *View) viewChanged() {
	v.update()
	v.rehover()
}

// PointPosition returns where point i is drawn, in widget coordinates,
// whether or not its category is hidden; false if there is no such point,
// it lies outside the data area or the view has no size yet.
func (v *View) PointPosition(i int) (fyne.Position, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.d == nil || i < 0 || i >= len(v.d.x) {
		return fyne.Position{}, false
	}
	g, err := v.geometry()
	if err != nil {
		return fyne.Position{}, false
	}
	x, y := v.d.x[i], v.d.y[i]
	if !g.view.contains(x, y) {
		return fyne.Position{}, false
	}
	sx, sy := g.toScreen(x, y)
	return fyne.NewPos(float32(sx), float32(sy)), true
}

// PointAt returns the visible point (its category not hidden, inside the
// data area) nearest to pos, in widget coordinates, within 6
// device-independent pixels; −1 if there is none. With images shown, a
// point whose thumbnail is drawn topmost at pos comes first. It looks the point up
// in a grid of the points' screen positions, rebuilt when the data, the
// hidden categories, the view or the size change.
func (v *View) PointAt(pos fyne.Position) int {
	v.mu.Lock()
	defer v.mu.Unlock()
	ix := v.screenIndex()
	if ix == nil {
		return -1
	}
	if i := v.thumbAt(pos, nil); i >= 0 {
		return i
	}
	return ix.nearest(float64(pos.X), float64(pos.Y), hitRadius)
}
