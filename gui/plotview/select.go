package plotview

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// Tool is what a drag on the view does.
type Tool int

// The tools.
const (
	// Pan moves the plot with the pointer (the default).
	Pan Tool = iota
	// Box selects the points in the rectangle from the press point to
	// the pointer.
	Box
	// Lasso selects the points in a free-form polygon that follows the
	// pointer.
	Lasso
)

// String returns the tool's name.
func (t Tool) String() string {
	switch t {
	case Pan:
		return "pan"
	case Box:
		return "box"
	case Lasso:
		return "lasso"
	}
	return "Tool(?)"
}

// SelectOp is what an area selection does to the app's selection.
type SelectOp int

// The operations of an area selection, from the modifier keys held at the
// press.
const (
	// Replace makes the points the selection (no modifier).
	Replace SelectOp = iota
	// Add adds the points to the selection (Shift).
	Add
	// Remove removes the points from the selection (Alt or Control, with
	// or without Shift).
	Remove
)

// String returns the operation's name.
func (op SelectOp) String() string {
	switch op {
	case Replace:
		return "replace"
	case Add:
		return "add"
	case Remove:
		return "remove"
	}
	return "SelectOp(?)"
}

// opFor returns the operation that modifier keys mod ask for.
func opFor(mod fyne.KeyModifier) SelectOp {
	switch {
	case mod&(fyne.KeyModifierAlt|fyne.KeyModifierControl) != 0:
		return Remove
	case mod&fyne.KeyModifierShift != 0:
		return Add
	}
	return Replace
}

// Lasso geometry: a vertex is added when the pointer has moved lassoStep
// device-independent pixels from the last one; at maxLasso vertices every
// other one is dropped.
const (
	lassoStep = 3
	maxLasso  = 1024
)

// The pointer interface that gives the modifier keys of a press.
var _ desktop.Mouseable = (*View)(nil)

// SetTool makes t the view's tool, for the next drag (one in progress
// goes on with its tool). Unknown tools are ignored.
func (v *View) SetTool(t Tool) {
	if t < Pan || t > Lasso {
		return
	}
	v.mu.Lock()
	v.tool = t
	v.mu.Unlock()
}

// Tool returns the view's tool.
func (v *View) Tool() Tool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.tool
}

// MouseDown implements desktop.Mouseable: it records where the primary
// button was pressed and the modifier keys held, for the drag or tap that
// follows (Fyne's drag and tap events carry no modifiers).
func (v *View) MouseDown(e *desktop.MouseEvent) {
	if e.Button != desktop.MouseButtonPrimary {
		return
	}
	v.mu.Lock()
	v.pressed, v.press, v.pressMod = true, e.Position, e.Modifier
	v.mu.Unlock()
}

// MouseUp implements desktop.Mouseable. Fyne calls it before DragEnd and
// Tapped, which use what MouseDown recorded and then forget it.
func (v *View) MouseUp(*desktop.MouseEvent) {}

// takePress returns the modifier keys of the press MouseDown recorded, if
// any, and forgets it. v.mu is held.
func (v *View) takePress() fyne.KeyModifier {
	mod := v.pressMod
	if !v.pressed {
		mod = 0
	}
	v.pressed, v.pressMod = false, 0
	return mod
}

// selectDrag is a Box or Lasso drag in progress. It is used on the UI
// goroutine only.
type selectDrag struct {
	tool  Tool
	op    SelectOp
	start fyne.Position   // the press point
	cur   fyne.Position   // the pointer
	poly  []fyne.Position // the lasso's vertices, from start
	gen   int             // counts the times poly was thinned
}

// move follows the pointer to pos.
func (s *selectDrag) move(pos fyne.Position) {
	s.cur = pos
	if s.tool != Lasso {
		return
	}
	last := s.poly[len(s.poly)-1]
	if math.Hypot(float64(pos.X-last.X), float64(pos.Y-last.Y)) < lassoStep {
		return
	}
	if len(s.poly) >= maxLasso {
		// Keep the first vertex and every other one after it.
		k := 0
		for j := 0; j < len(s.poly); j += 2 {
			s.poly[k] = s.poly[j]
			k++
		}
		s.poly = s.poly[:k]
		s.gen++
	}
	s.poly = append(s.poly, pos)
}

// lasso returns the drag's final lasso (the pointer's last place added)
// or nil for a box.
func (s *selectDrag) lasso() []fyne.Position {
	if s.tool != Lasso {
		return nil
	}
	poly := s.poly
	if last := poly[len(poly)-1]; last != s.cur {
		poly = append(poly, s.cur)
	}
	return poly
}

// startSelect begins a Box or Lasso drag whose first event is e. v.mu is
// held.
func (v *View) startSelect(e *fyne.DragEvent) {
	start := e.Position.Subtract(e.Dragged)
	if v.pressed {
		start = v.press
	}
	v.sd = &selectDrag{
		tool: v.tool, op: opFor(v.takePress()),
		start: start, cur: start, poly: []fyne.Position{start},
	}
}

// endSelect ends the Box or Lasso drag s: it calls OnSelectArea with the
// selectable points in its area, unless the area has no room.
func (v *View) endSelect(s *selectDrag) {
	var idx []int
	if s.tool == Lasso {
		poly := s.lasso()
		if !roomyPolygon(poly) {
			return
		}
		idx = v.PointsInPolygon(poly)
	} else {
		if !(math.Abs(float64(s.cur.X-s.start.X)) >= minRoom && math.Abs(float64(s.cur.Y-s.start.Y)) >= minRoom) {
			return
		}
		idx = v.PointsInRect(s.start, s.cur)
	}
	if f := v.OnSelectArea; f != nil {
		if idx == nil {
			idx = []int{}
		}
		f(idx, s.op)
	}
}

// screenIndex returns the screen index of the current geometry, rebuilt
// if it is stale; nil without data or size. v.mu is held.
func (v *View) screenIndex() *index {
	if v.d == nil {
		return nil
	}
	g, err := v.geometry()
	if err != nil {
		return nil
	}
	if !v.idx.ok || v.idx.key != v.geo.key {
		v.idx.build(v.d, v.hidden, g)
		v.idx.key, v.idx.ok = v.geo.key, true
	}
	return &v.idx
}

// PointsInRect returns the selectable points (see Selectable) in the
// rectangle with corners a and b (in any order, edges included), in
// widget coordinates, ascending; nil if there are none.
func (v *View) PointsInRect(a, b fyne.Position) []int {
	x0, x1 := float64(min(a.X, b.X)), float64(max(a.X, b.X))
	y0, y1 := float64(min(a.Y, b.Y)), float64(max(a.Y, b.Y))
	v.mu.Lock()
	defer v.mu.Unlock()
	ix := v.screenIndex()
	if ix == nil {
		return nil
	}
	return ix.inRect(x0, y0, x1, y1, v.dimmed)
}

// PointsInPolygon returns the selectable points (see Selectable) inside
// the closed polygon poly (the last vertex joins the first), in widget
// coordinates, ascending; nil if there are none or poly has fewer than
// three vertices. It uses the even-odd rule: a point is inside if a ray
// from it crosses the edges an odd number of times, so where a
// self-intersecting lasso loops over itself twice, the points are
// outside. It tests only the points in the index's cells that the
// polygon's bounding box covers, each against the few edges that reach
// its row.
func (v *View) PointsInPolygon(poly []fyne.Position) []int {
	p := newPolygon(poly)
	if p == nil {
		return nil
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	ix := v.screenIndex()
	if ix == nil {
		return nil
	}
	return ix.inPolygon(p, v.dimmed)
}

// Selectable returns all selectable points, ascending (for Select all):
// those drawn in the data area (their category shown, inside the range
// shown) and not dimmed. Nil if there are none.
func (v *View) Selectable() []int {
	v.mu.Lock()
	defer v.mu.Unlock()
	ix := v.screenIndex()
	if ix == nil {
		return nil
	}
	return ix.all(v.dimmed)
}

// selectableAt is PointAt for selectable points only.
func (v *View) selectableAt(pos fyne.Position) int {
	v.mu.Lock()
	defer v.mu.Unlock()
	ix := v.screenIndex()
	if ix == nil {
		return -1
	}
	if i := v.thumbAt(pos, v.dimmed); i >= 0 {
		return i
	}
	return ix.nearestExcept(float64(pos.X), float64(pos.Y), hitRadius, v.dimmed)
}
