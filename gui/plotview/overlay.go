package plotview

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// overlay draws the area of a Box or Lasso drag over the plot: a
// translucent rectangle with an outline, or the lasso's edges as lines,
// with a fainter one closing it from the pointer back to the start. It is
// used on the UI goroutine only.
type overlay struct {
	o     fyne.Widget // the widget whose theme it follows
	box   *fyne.Container
	rect  *canvas.Rectangle
	live  *canvas.Line   // from the lasso's last vertex to the pointer
	close *canvas.Line   // from the pointer to the first vertex
	lines []*canvas.Line // the lasso's edges; lines[:drawn] are shown
	drawn int
	gen   int // the selectDrag.gen of the lines shown
	lasso bool

	stroke, fill, faint color.Color
}

// overlayStroke is the width of the area's outline.
const overlayStroke = 1.5

// newOverlay returns a hidden overlay for o.
func newOverlay(o fyne.Widget) *overlay {
	ov := &overlay{o: o, rect: canvas.NewRectangle(nil)}
	ov.live = &canvas.Line{StrokeWidth: overlayStroke}
	ov.close = &canvas.Line{StrokeWidth: 1}
	ov.box = container.NewWithoutLayout()
	ov.box.Hide()
	ov.colour()
	return ov
}

// colour sets the overlay's colours from the theme.
func (ov *overlay) colour() {
	p := theme.ColorForWidget(theme.ColorNamePrimary, ov.o)
	r, g, b, _ := p.RGBA()
	rgb := func(a uint8) color.NRGBA { return color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), a} }
	ov.stroke, ov.fill, ov.faint = rgb(0xFF), rgb(0x30), rgb(0x90)
	ov.rect.FillColor, ov.rect.StrokeColor, ov.rect.StrokeWidth = ov.fill, ov.stroke, overlayStroke
	ov.live.StrokeColor, ov.close.StrokeColor = ov.stroke, ov.faint
	for _, l := range ov.lines {
		l.StrokeColor = ov.stroke
	}
}

// refresh follows a change of theme.
func (ov *overlay) refresh() {
	ov.colour()
	if ov.box.Visible() {
		ov.box.Refresh()
	}
}

// show draws the area of s.
func (ov *overlay) show(s *selectDrag) {
	if s.tool == Lasso {
		ov.showLasso(s)
	} else {
		ov.showBox(s.start, s.cur)
	}
	ov.box.Show()
}

// showBox draws the rectangle with corners a and b.
func (ov *overlay) showBox(a, b fyne.Position) {
	if ov.lasso || len(ov.box.Objects) == 0 {
		ov.lasso = false
		ov.box.Objects = []fyne.CanvasObject{ov.rect}
		ov.box.Refresh()
	}
	ov.rect.Move(fyne.NewPos(min(a.X, b.X), min(a.Y, b.Y)))
	ov.rect.Resize(fyne.NewSize(abs32(a.X-b.X), abs32(a.Y-b.Y)))
	ov.rect.Refresh()
}

// showLasso draws the lasso of s, adding lines for the new vertices (all
// again after s was thinned).
func (ov *overlay) showLasso(s *selectDrag) {
	restart := !ov.lasso || ov.gen != s.gen || ov.drawn > len(s.poly)-1
	if restart {
		ov.lasso, ov.gen, ov.drawn = true, s.gen, 0
	}
	added := false
	for ov.drawn < len(s.poly)-1 {
		if ov.drawn == len(ov.lines) {
			ov.lines = append(ov.lines, &canvas.Line{StrokeColor: ov.stroke, StrokeWidth: overlayStroke})
		}
		l := ov.lines[ov.drawn]
		l.Position1, l.Position2 = s.poly[ov.drawn], s.poly[ov.drawn+1]
		ov.drawn++
		added = true
	}
	if restart || added {
		objs := make([]fyne.CanvasObject, 0, ov.drawn+2)
		objs = append(objs, ov.close, ov.live)
		for _, l := range ov.lines[:ov.drawn] {
			objs = append(objs, l)
		}
		ov.box.Objects = objs
		ov.box.Refresh()
	}
	last := s.poly[len(s.poly)-1]
	ov.live.Position1, ov.live.Position2 = last, s.cur
	ov.close.Position1, ov.close.Position2 = s.cur, s.poly[0]
	ov.live.Refresh()
	ov.close.Refresh()
}

// hide removes the area.
func (ov *overlay) hide() {
	ov.box.Hide()
	ov.box.Objects = nil
	ov.lasso, ov.drawn = false, 0
}

// abs32 returns |x|.
func abs32(x float32) float32 {
	if x < 0 {
		return -x
	}
	return x
}
