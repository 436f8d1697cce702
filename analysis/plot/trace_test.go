package plot

import (
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// traced is a text a traceCanvas saw drawn.
type traced struct {
	text string
	size vg.Length // the font size
	// box is the text's bounding box on the page, measured with the font
	// drawn (Liberation Sans), and wide is box widened to the right as a
	// substitute font with wider letters (fontSlack) would draw the text
	// from the same start; for rotated text, wide is box.
	box, wide vg.Rectangle
}

// traceCanvas is a vg.Canvas that passes every call on to a real canvas
// (a PNG, SVG or PDF one) and records where ink goes: each text's box and
// the bounding box of every filled or stroked path and image not drawn in
// white, in page coordinates (it follows Translate, Rotate, Scale, Push
// and Pop).
type traceCanvas struct {
	vg.CanvasWriterTo
	m     affine   // the current transformation
	stack []affine // pushed transformations
	col   color.Color
	texts []traced
	ink   []vg.Rectangle
}

// affine maps (x, y) to (a·x + b·y + c, d·x + e·y + f).
type affine struct{ a, b, c, d, e, f float64 }

var identity = affine{a: 1, e: 1}

// then returns the transformation that applies n, then m.
func (m affine) then(n affine) affine {
	return affine{
		a: m.a*n.a + m.b*n.d, b: m.a*n.b + m.b*n.e, c: m.a*n.c + m.b*n.f + m.c,
		d: m.d*n.a + m.e*n.d, e: m.d*n.b + m.e*n.e, f: m.d*n.c + m.e*n.f + m.f,
	}
}

// apply maps pt.
func (m affine) apply(pt vg.Point) vg.Point {
	x, y := float64(pt.X), float64(pt.Y)
	return vg.Point{X: vg.Length(m.a*x + m.b*y + m.c), Y: vg.Length(m.d*x + m.e*y + m.f)}
}

// rotated says whether m turns text.
func (m affine) rotated() bool { return math.Abs(m.b) > 1e-9 || math.Abs(m.d) > 1e-9 }

// newTrace returns a traceCanvas over c.
func newTrace(c vg.CanvasWriterTo) *traceCanvas {
	return &traceCanvas{CanvasWriterTo: c, m: identity}
}

// Rotate implements vg.Canvas.
func (t *traceCanvas) Rotate(rad float64) {
	s, c := math.Sincos(rad)
	t.m = t.m.then(affine{a: c, b: -s, d: s, e: c})
	t.CanvasWriterTo.Rotate(rad)
}

// Translate implements vg.Canvas.
func (t *traceCanvas) Translate(pt vg.Point) {
	t.m = t.m.then(affine{a: 1, c: float64(pt.X), e: 1, f: float64(pt.Y)})
	t.CanvasWriterTo.Translate(pt)
}

// Scale implements vg.Canvas.
func (t *traceCanvas) Scale(x, y float64) {
	t.m = t.m.then(affine{a: x, e: y})
	t.CanvasWriterTo.Scale(x, y)
}

// Push implements vg.Canvas.
func (t *traceCanvas) Push() {
	t.stack = append(t.stack, t.m)
	t.CanvasWriterTo.Push()
}

// Pop implements vg.Canvas.
func (t *traceCanvas) Pop() {
	t.m = t.stack[len(t.stack)-1]
	t.stack = t.stack[:len(t.stack)-1]
	t.CanvasWriterTo.Pop()
}

// SetColor implements vg.Canvas.
func (t *traceCanvas) SetColor(c color.Color) {
	t.col = c
	t.CanvasWriterTo.SetColor(c)
}

// white says whether the current colour is white (a background).
func (t *traceCanvas) white() bool {
	if t.col == nil {
		return false
	}
	r, g, b, _ := t.col.RGBA()
	return r == 0xFFFF && g == 0xFFFF && b == 0xFFFF
}

// box returns the page's bounding box of the local points pts.
func (t *traceCanvas) box(pts ...vg.Point) vg.Rectangle {
	inf := vg.Length(math.Inf(1))
	r := vg.Rectangle{Min: vg.Point{X: inf, Y: inf}, Max: vg.Point{X: -inf, Y: -inf}}
	for _, p := range pts {
		q := t.m.apply(p)
		r.Min.X, r.Min.Y = min(r.Min.X, q.X), min(r.Min.Y, q.Y)
		r.Max.X, r.Max.Y = max(r.Max.X, q.X), max(r.Max.Y, q.Y)
	}
	return r
}

// pathBox returns the local points bounding path (arcs by their circles).
func pathBox(path vg.Path, grow vg.Length) []vg.Point {
	var pts []vg.Point
	for _, c := range path {
		switch c.Type {
		case vg.MoveComp, vg.LineComp:
			pts = append(pts, c.Pos)
		case vg.ArcComp:
			r := c.Radius + grow
			pts = append(pts, vg.Point{X: c.Pos.X - r, Y: c.Pos.Y - r}, vg.Point{X: c.Pos.X + r, Y: c.Pos.Y + r})
		case vg.CurveComp:
			pts = append(pts, c.Pos)
			pts = append(pts, c.Control...)
		}
	}
	if grow == 0 || len(pts) == 0 {
		return pts
	}
	var out []vg.Point
	for _, p := range pts {
		out = append(out, vg.Point{X: p.X - grow, Y: p.Y - grow}, vg.Point{X: p.X + grow, Y: p.Y + grow})
	}
	return out
}

// Fill implements vg.Canvas.
func (t *traceCanvas) Fill(path vg.Path) {
	if pts := pathBox(path, 0); len(pts) > 0 && !t.white() {
		t.ink = append(t.ink, t.box(pts...))
	}
	t.CanvasWriterTo.Fill(path)
}

// Stroke implements vg.Canvas. The line's width is not counted: lines
// are thin.
func (t *traceCanvas) Stroke(path vg.Path) {
	if pts := pathBox(path, 0); len(pts) > 0 && !t.white() {
		t.ink = append(t.ink, t.box(pts...))
	}
	t.CanvasWriterTo.Stroke(path)
}

// DrawImage implements vg.Canvas.
func (t *traceCanvas) DrawImage(rect vg.Rectangle, img image.Image) {
	t.ink = append(t.ink, t.box(rect.Min, rect.Max))
	t.CanvasWriterTo.DrawImage(rect, img)
}

// FillString implements vg.Canvas.
func (t *traceCanvas) FillString(f font.Face, pt vg.Point, s string) {
	ext := f.Extents()
	w := f.Width(s)
	lo := vg.Point{X: pt.X, Y: pt.Y - ext.Descent}
	hi := vg.Point{X: pt.X + w, Y: pt.Y + ext.Ascent}
	tr := traced{text: s, size: f.Font.Size, box: t.box(lo, hi)}
	tr.wide = tr.box
	if !t.m.rotated() {
		tr.wide = t.box(lo, vg.Point{X: pt.X + vg.Length(fontSlack)*w, Y: hi.Y})
	}
	t.texts = append(t.texts, tr)
	t.ink = append(t.ink, tr.box)
	t.CanvasWriterTo.FillString(f, pt, s)
}

// inside says whether r lies within [m, w−m] × [m, h−m].
func inside(r vg.Rectangle, w, h, m vg.Length) bool {
	return r.Min.X >= m && r.Min.Y >= m && r.Max.X <= w-m && r.Max.Y <= h-m
}

// overlap says whether a and b overlap.
func overlap(a, b vg.Rectangle) bool {
	return a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y
}
