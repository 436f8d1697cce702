package gui

import (
	"fmt"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// heatCell is one tappable cell of the confusion heat map.
type heatCell struct {
	widget.BaseWidget
	rect  *canvas.Rectangle
	text  *canvas.Text
	onTap func()
}

func newHeatCell(count int, share float64, onTap func()) *heatCell {
	bg := heatColour(share)
	fg := color.Color(color.Black)
	if share > 0.5 {
		fg = color.White
	}
	c := &heatCell{rect: canvas.NewRectangle(bg), text: canvas.NewText(fmt.Sprint(count), fg), onTap: onTap}
	c.rect.StrokeColor = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	c.rect.StrokeWidth = 1
	c.text.Alignment = fyne.TextAlignCenter
	c.text.TextSize = theme.CaptionTextSize()
	c.ExtendBaseWidget(c)
	return c
}

// Tapped shows the cell's images.
func (c *heatCell) Tapped(*fyne.PointEvent) {
	if c.onTap != nil {
		c.onTap()
	}
}

// Cursor shows a pointer: the cell can be clicked.
func (c *heatCell) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (c *heatCell) CreateRenderer() fyne.WidgetRenderer {
	return &heatCellRenderer{c: c}
}

type heatCellRenderer struct{ c *heatCell }

func (r *heatCellRenderer) Layout(size fyne.Size) {
	r.c.rect.Resize(size)
	ts := r.c.text.MinSize()
	r.c.text.Resize(fyne.NewSize(size.Width, ts.Height))
	r.c.text.Move(fyne.NewPos(0, (size.Height-ts.Height)/2))
}
func (r *heatCellRenderer) MinSize() fyne.Size {
	ts := r.c.text.MinSize()
	return fyne.NewSize(max(ts.Width+8, 34), max(ts.Height+4, 20))
}
func (r *heatCellRenderer) Refresh() { r.c.rect.Refresh(); r.c.text.Refresh() }
func (r *heatCellRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.c.rect, r.c.text}
}
func (r *heatCellRenderer) Destroy() {}

// heatColour maps a share (0 to 1) to a white-to-dark-blue scale.
func heatColour(v float64) color.NRGBA {
	if math.IsNaN(v) || v < 0 {
		v = 0
	}
	v = math.Min(v, 1)
	v = math.Sqrt(v) // so that small shares of errors show
	lo := [3]float64{0xf7, 0xfb, 0xff}
	hi := [3]float64{0x08, 0x30, 0x6b}
	var c [3]uint8
	for i := range c {
		c[i] = uint8(math.Round(lo[i] + (hi[i]-lo[i])*v))
	}
	return color.NRGBA{R: c[0], G: c[1], B: c[2], A: 0xff}
}

// tableLayout places objects in a table of rows × cols, row-major: the
// first and last columns as wide as their widest object, the columns
// between sharing the rest equally, all rows as tall as the tallest.
type tableLayout struct{ rows, cols int }

func (l tableLayout) sizes(objs []fyne.CanvasObject) (first, last, cell, rowH float32) {
	for i, o := range objs {
		ms := o.MinSize()
		switch c := i % l.cols; {
		case c == 0:
			first = max(first, ms.Width)
		case c == l.cols-1:
			last = max(last, ms.Width)
		default:
			cell = max(cell, ms.Width)
		}
		rowH = max(rowH, ms.Height)
	}
	return
}

func (l tableLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	first, last, cell, rowH := l.sizes(objs)
	return fyne.NewSize(first+last+cell*float32(l.cols-2), rowH*float32(l.rows))
}

func (l tableLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	first, last, cell, rowH := l.sizes(objs)
	if inner := l.cols - 2; inner > 0 {
		cell = max(cell, min((size.Width-first-last)/float32(inner), 2.5*cell))
	}
	rowH = max(rowH, min(size.Height/float32(l.rows), 1.6*rowH))
	for i, o := range objs {
		r, c := i/l.cols, i%l.cols
		x, w := first+cell*float32(c-1), cell
		switch c {
		case 0:
			x, w = 0, first
		case l.cols - 1:
			w = last
		}
		o.Move(fyne.NewPos(x, rowH*float32(r)))
		o.Resize(fyne.NewSize(w, rowH))
	}
}
