package gui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fashionlens/fashionlens/analysis"
)

// barChart is a horizontal bar chart of counts per class: the class names
// on the left, a bar in the class's colour, and the count after it.
type barChart struct {
	widget.BaseWidget
	names  []string
	counts []int
	colors []color.Color
}

func newBarChart() *barChart {
	b := &barChart{}
	b.ExtendBaseWidget(b)
	return b
}

func (b *barChart) set(names []string, counts []int, colors []color.Color) {
	b.names, b.counts, b.colors = names, counts, colors
	b.Refresh()
}

func (b *barChart) CreateRenderer() fyne.WidgetRenderer {
	r := &barChartRenderer{b: b}
	r.Refresh()
	return r
}

type barChartRenderer struct {
	b      *barChart
	names  []*canvas.Text
	bars   []*canvas.Rectangle
	counts []*canvas.Text
	objs   []fyne.CanvasObject
}

func (r *barChartRenderer) Refresh() {
	th := r.b.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fg := th.Color(theme.ColorNameForeground, v)
	size := th.Size(theme.SizeNameText)
	n := len(r.b.names)
	r.names, r.bars, r.counts, r.objs = r.names[:0], r.bars[:0], r.counts[:0], r.objs[:0]
	for c := 0; c < n; c++ {
		name := canvas.NewText(r.b.names[c], fg)
		name.TextSize = size
		name.Alignment = fyne.TextAlignTrailing
		bar := canvas.NewRectangle(r.b.colors[c])
		count := canvas.NewText(analysis.Thousands(r.b.counts[c]), fg)
		count.TextSize = size
		r.names, r.bars, r.counts = append(r.names, name), append(r.bars, bar), append(r.counts, count)
		r.objs = append(r.objs, name, bar, count)
	}
	r.Layout(r.b.Size())
	canvas.Refresh(r.b)
}

// columns returns the widths of the name and count columns, and the
// height of a row.
func (r *barChartRenderer) columns() (nameW, countW, rowH float32) {
	for i := range r.names {
		ns, cs := r.names[i].MinSize(), r.counts[i].MinSize()
		nameW = max(nameW, ns.Width)
		countW = max(countW, cs.Width)
		rowH = max(rowH, ns.Height)
	}
	return nameW, countW, rowH + theme.Padding()
}

func (r *barChartRenderer) Layout(size fyne.Size) {
	nameW, countW, rowH := r.columns()
	pad := theme.Padding()
	most := 0
	for _, n := range r.b.counts {
		most = max(most, n)
	}
	room := max(size.Width-nameW-countW-4*pad, 0)
	for i := range r.names {
		y := float32(i) * rowH
		r.names[i].Move(fyne.NewPos(pad, y))
		r.names[i].Resize(fyne.NewSize(nameW, rowH))
		w := float32(0)
		if most > 0 {
			w = room * float32(r.b.counts[i]) / float32(most)
		}
		r.bars[i].Move(fyne.NewPos(nameW+2*pad, y+pad))
		r.bars[i].Resize(fyne.NewSize(w, rowH-2*pad))
		r.counts[i].Move(fyne.NewPos(nameW+3*pad+w, y))
		r.counts[i].Resize(fyne.NewSize(countW, rowH))
	}
}

func (r *barChartRenderer) MinSize() fyne.Size {
	nameW, countW, rowH := r.columns()
	return fyne.NewSize(nameW+countW+4*theme.Padding()+80, float32(len(r.names))*rowH)
}

func (r *barChartRenderer) Objects() []fyne.CanvasObject { return r.objs }

func (r *barChartRenderer) Destroy() {}
