package plotview

import (
	"image"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The pointer interfaces a View implements.
var (
	_ fyne.Tappable      = (*View)(nil)
	_ fyne.Scrollable    = (*View)(nil)
	_ fyne.Draggable     = (*View)(nil)
	_ desktop.Hoverable  = (*View)(nil)
	_ desktop.Cursorable = (*View)(nil)
)

// Scroll zoom: each scrollStep units of a scroll event's DY zoom by
// zoomPerStep (Fyne's desktop driver gives 10 to 25 units per notch of a
// mouse wheel, fewer per event for a touchpad).
const (
	scrollStep  = 10
	zoomPerStep = 1.15
)

// Tooltip geometry, in device-independent pixels.
const (
	thumbSize = 56 // the tooltip's image
	tipOffset = 16 // from the cursor to the tooltip
)

// Tapped implements fyne.Tappable: a tap on a visible point selects it and
// calls OnSelect; a tap elsewhere does nothing. With Shift held at the
// press it calls OnSelectArea with the selectable point tapped (dimmed
// points are passed over) and Add, with Alt or Control with Remove,
// leaving the selected point as it is.
func (v *View) Tapped(e *fyne.PointEvent) {
	v.mu.Lock()
	op := opFor(v.takePress())
	v.mu.Unlock()
	if op != Replace {
		if i := v.selectableAt(e.Position); i >= 0 && v.OnSelectArea != nil {
			v.OnSelectArea([]int{i}, op)
		}
		return
	}
	i := v.PointAt(e.Position)
	if i < 0 {
		return
	}
	v.SetSelected(i)
	if f := v.OnSelect; f != nil {
		f(i)
	}
}

// MouseIn implements desktop.Hoverable.
func (v *View) MouseIn(e *desktop.MouseEvent) {
	v.rescale()
	v.hover(e.Position)
	v.update() // in case the scale has changed
}

// MouseMoved implements desktop.Hoverable: the tooltip follows the mouse,
// shown while it is over a point.
func (v *View) MouseMoved(e *desktop.MouseEvent) { v.hover(e.Position) }

// MouseOut implements desktop.Hoverable.
func (v *View) MouseOut() {
	v.mu.Lock()
	v.mouseIn, v.hoverIdx, v.tipIdx = false, -1, -1
	r := v.r
	v.mu.Unlock()
	if r != nil {
		r.tip.hide()
	}
}

// Cursor implements desktop.Cursorable: a pointer over a point, else a
// crosshair for the Box and Lasso tools.
func (v *View) Cursor() desktop.Cursor {
	v.mu.Lock()
	defer v.mu.Unlock()
	switch {
	case v.hoverIdx >= 0 && !v.dragging:
		return desktop.PointerCursor
	case v.tool != Pan || v.sd != nil:
		return desktop.CrosshairCursor
	}
	return desktop.DefaultCursor
}

// hover updates the tooltip for the mouse at pos.
func (v *View) hover(pos fyne.Position) {
	v.mu.Lock()
	v.mouseIn, v.mouse = true, pos
	dragging := v.dragging
	v.mu.Unlock()
	i := -1
	if !dragging {
		i = v.PointAt(pos)
	}
	tooltip := v.Tooltip
	v.mu.Lock()
	v.hoverIdx = i
	if tooltip == nil {
		i = -1
	}
	same := i == v.tipIdx
	v.tipIdx = i
	r, size := v.r, v.size
	v.mu.Unlock()
	if r == nil {
		return
	}
	if i < 0 {
		r.tip.hide()
		return
	}
	if !same {
		img, text := tooltip(i)
		r.tip.set(img, text)
	}
	r.tip.place(pos, size)
}

// rehover updates the tooltip after the points have moved under a still
// mouse.
func (v *View) rehover() {
	v.mu.Lock()
	in, pos := v.mouseIn, v.mouse
	v.tipIdx = -1 // the tooltip's point may have changed
	v.mu.Unlock()
	if in {
		v.hover(pos)
	}
}

// Scrolled implements fyne.Scrollable: scrolling up zooms in around the
// mouse, scrolling down zooms out.
func (v *View) Scrolled(e *fyne.ScrollEvent) {
	dy := float64(e.Scrolled.DY)
	if dy == 0 || math.IsNaN(dy) || math.IsInf(dy, 0) {
		return
	}
	f := min(max(math.Pow(zoomPerStep, dy/scrollStep), 0.25), 4)
	at := e.Position
	if at == (fyne.Position{}) && e.AbsolutePosition == (fyne.Position{}) {
		// An event without a position (Fyne's test.Scroll): the mouse's.
		v.mu.Lock()
		if v.mouseIn {
			at = v.mouse
		}
		v.mu.Unlock()
	}
	v.Zoom(f, at)
}

// Dragged implements fyne.Draggable: with the Pan tool the data point
// under the mouse follows it; with Box or Lasso the area grows and is
// drawn over the plot.
func (v *View) Dragged(e *fyne.DragEvent) {
	v.mu.Lock()
	first := !v.dragging
	v.dragging, v.hoverIdx, v.tipIdx = true, -1, -1
	if first && v.tool != Pan {
		v.startSelect(e)
	}
	sd := v.sd
	changed := false
	if sd != nil {
		sd.move(e.Position)
	} else {
		tx, ty := float64(e.Position.X), float64(e.Position.Y)
		changed = v.pan(tx-float64(e.Dragged.DX), ty-float64(e.Dragged.DY), tx, ty)
	}
	r := v.r
	v.mu.Unlock()
	if first && r != nil {
		r.tip.hide()
	}
	if sd != nil && r != nil {
		r.over.show(sd)
	}
	if changed {
		v.update()
	}
}

// DragEnd implements fyne.Draggable. At the end of a Box or Lasso drag it
// removes the area's outline and calls OnSelectArea.
func (v *View) DragEnd() {
	v.mu.Lock()
	v.dragging = false
	sd := v.sd
	v.sd = nil
	v.takePress()
	r := v.r
	v.mu.Unlock()
	if sd != nil {
		if r != nil {
			r.over.hide()
		}
		v.endSelect(sd)
	}
	v.rehover()
}

// tooltip is the box shown next to the mouse over a point: a thumbnail
// and a text.
type tooltip struct {
	o    fyne.Widget // the widget whose theme it follows
	box  *fyne.Container
	bg   *canvas.Rectangle
	img  *canvas.Image
	text *widget.Label
}

// newTooltip returns a hidden tooltip for o.
func newTooltip(o fyne.Widget) *tooltip {
	t := &tooltip{o: o, bg: canvas.NewRectangle(nil), text: widget.NewLabel("")}
	t.bg.StrokeWidth = 1
	t.img = &canvas.Image{FillMode: canvas.ImageFillContain, ScaleMode: canvas.ImageScalePixels}
	t.img.SetMinSize(fyne.NewSquareSize(thumbSize))
	t.box = container.NewWithoutLayout(t.bg, t.img, t.text)
	t.box.Hide()
	t.colour()
	return t
}

// colour sets the tooltip's colours from the theme.
func (t *tooltip) colour() {
	t.bg.FillColor = theme.ColorForWidget(theme.ColorNameOverlayBackground, t.o)
	t.bg.StrokeColor = theme.ColorForWidget(theme.ColorNameInputBorder, t.o)
	t.bg.CornerRadius = theme.InputRadiusSize()
}

// refresh follows a change of theme.
func (t *tooltip) refresh() {
	t.colour()
	t.bg.Refresh()
	t.text.Refresh()
}

// set shows img (none if nil) and text, and lays them out.
func (t *tooltip) set(img image.Image, text string) {
	if img == nil && text == "" {
		t.hide()
		return
	}
	pad := theme.Padding()
	thumb := float32(0)
	t.img.Image = img
	if img != nil {
		thumb = thumbSize
		t.img.Show()
	} else {
		t.img.Hide()
	}
	t.text.SetText(text)
	ts := t.text.MinSize()
	if text == "" {
		ts = fyne.NewSize(pad, 0)
		t.text.Hide()
	} else {
		t.text.Show()
	}
	w := pad + thumb + ts.Width
	h := max(thumb+2*pad, ts.Height)
	t.bg.Resize(fyne.NewSize(w, h))
	t.img.Move(fyne.NewPos(pad, (h-thumb)/2))
	t.img.Resize(fyne.NewSquareSize(thumb))
	t.text.Move(fyne.NewPos(pad+thumb, (h-ts.Height)/2))
	t.text.Resize(ts)
	t.box.Resize(fyne.NewSize(w, h))
	t.img.Refresh()
	t.box.Show()
}

// place puts the tooltip next to the mouse at pos, inside a widget of the
// given size where it fits.
func (t *tooltip) place(pos fyne.Position, size fyne.Size) {
	if !t.box.Visible() {
		return
	}
	s := t.box.Size()
	x := pos.X + tipOffset
	if x+s.Width > size.Width {
		x = pos.X - tipOffset - s.Width
	}
	y := pos.Y + tipOffset
	if y+s.Height > size.Height {
		y = pos.Y - tipOffset - s.Height
	}
	x = max(0, min(x, size.Width-s.Width))
	y = max(0, min(y, size.Height-s.Height))
	t.box.Move(fyne.NewPos(x, y))
}

// hide hides the tooltip.
func (t *tooltip) hide() {
	if t.box.Visible() {
		t.box.Hide()
	}
}
