package plotview

import (
	"fmt"
	"image"
	"image/color"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/analysis/plot"
)

// Legend returns the view's legend, the same object on every call: a
// button to show and one to hide all categories above a scrolling list of
// the categories that occur in the data (and "Noise" if there is any),
// each with its colour and glyph, name and count. Tapping an entry hides
// or shows its category; hidden entries look hollow and dimmed.
func (v *View) Legend() fyne.CanvasObject {
	if v.lg == nil {
		v.lg = newLegend(v)
	}
	return v.lg
}

// legend is the widget Legend returns.
type legend struct {
	widget.BaseWidget
	v                *View
	list             *fyne.Container
	showAll, hideAll *widget.Button
	content          fyne.CanvasObject
	entries          []*legendEntry
}

// newLegend returns the legend of v.
func newLegend(v *View) *legend {
	l := &legend{v: v, list: container.NewVBox()}
	l.showAll = widget.NewButton("Show all", func() { v.SetAllHidden(false) })
	l.hideAll = widget.NewButton("Hide all", func() { v.SetAllHidden(true) })
	buttons := container.NewGridWithColumns(2, l.showAll, l.hideAll)
	l.content = container.NewBorder(buttons, nil, nil, nil, container.NewVScroll(l.list))
	l.ExtendBaseWidget(l)
	l.rebuild()
	return l
}

// CreateRenderer implements fyne.Widget.
func (l *legend) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(l.content)
}

// legendItem is a legend entry's contents.
type legendItem struct {
	cat, count int
	col        color.NRGBA
	name       string
	hidden     bool
}

// legendItems returns the legend's entries: the categories that occur,
// then the noise if there is any.
func (v *View) legendItems() []legendItem {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.d == nil {
		return nil
	}
	var items []legendItem
	for c, name := range v.d.names {
		if n := v.d.counts[c+1]; n > 0 {
			items = append(items, legendItem{cat: c, col: v.d.color(c), count: n, name: name, hidden: v.hiddenLocked(c)})
		}
	}
	if n := v.d.counts[0]; n > 0 {
		items = append(items, legendItem{cat: plot.Noise, col: plot.NoiseColor, count: n, name: "Noise", hidden: v.hiddenLocked(plot.Noise)})
	}
	return items
}

// rebuild makes the entries anew for new data.
func (l *legend) rebuild() {
	items := l.v.legendItems()
	l.entries = make([]*legendEntry, len(items))
	objs := make([]fyne.CanvasObject, len(items))
	for i, it := range items {
		l.entries[i] = newLegendEntry(l.v, it)
		objs[i] = l.entries[i]
	}
	l.list.Objects = objs
	l.list.Refresh()
	l.syncButtons()
}

// sync shows the entries' hidden states.
func (l *legend) sync() {
	for _, e := range l.entries {
		e.setHidden(l.v.Hidden(e.cat))
	}
	l.syncButtons()
}

// syncButtons enables the buttons that would change something.
func (l *legend) syncButtons() {
	shown, hidden := 0, 0
	for _, e := range l.entries {
		if e.hidden {
			hidden++
		} else {
			shown++
		}
	}
	enable := func(b *widget.Button, on bool) {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	enable(l.showAll, hidden > 0)
	enable(l.hideAll, shown > 0)
}

// legendEntry is one category of the legend: its swatch, name and count.
type legendEntry struct {
	widget.BaseWidget
	v       *View
	cat     int
	col     color.NRGBA // the category's colour
	hidden  bool
	swatch  *canvas.Image
	label   *widget.Label
	hover   *canvas.Rectangle
	hovered bool
}

// The legend entry interfaces.
var (
	_ fyne.Tappable      = (*legendEntry)(nil)
	_ desktop.Hoverable  = (*legendEntry)(nil)
	_ desktop.Cursorable = (*legendEntry)(nil)
)

// swatchSize is the side of a legend swatch in device-independent pixels.
const swatchSize = 16

// newLegendEntry returns the entry of it.
func newLegendEntry(v *View, it legendItem) *legendEntry {
	e := &legendEntry{v: v, cat: it.cat, col: it.col, hidden: it.hidden}
	e.label = widget.NewLabel(fmt.Sprintf("%s (%s)", it.name, analysis.Thousands(it.count)))
	e.swatch = &canvas.Image{FillMode: canvas.ImageFillContain, ScaleMode: canvas.ImageScaleSmooth}
	e.swatch.SetMinSize(fyne.NewSquareSize(swatchSize))
	e.hover = canvas.NewRectangle(color.Transparent)
	e.hover.CornerRadius = theme.InputRadiusSize()
	e.look()
	e.ExtendBaseWidget(e)
	return e
}

// CreateRenderer implements fyne.Widget.
func (e *legendEntry) CreateRenderer() fyne.WidgetRenderer {
	pad := theme.Padding()
	swatch := container.New(&insetLayout{left: pad}, e.swatch)
	return widget.NewSimpleRenderer(container.NewStack(e.hover, container.NewBorder(nil, nil, swatch, nil, e.label)))
}

// look sets the swatch and the label for the hidden state.
func (e *legendEntry) look() {
	e.swatch.Image = swatchImage(e.cat, e.col, e.hidden)
	if e.hidden {
		e.label.Importance = widget.LowImportance
	} else {
		e.label.Importance = widget.MediumImportance
	}
}

// setHidden shows whether the entry's category is hidden.
func (e *legendEntry) setHidden(hidden bool) {
	if e.hidden == hidden {
		return
	}
	e.hidden = hidden
	e.look()
	e.swatch.Refresh()
	e.label.Refresh()
}

// Tapped implements fyne.Tappable: it hides or shows the category.
func (e *legendEntry) Tapped(*fyne.PointEvent) {
	e.v.SetHidden(e.cat, !e.v.Hidden(e.cat))
}

// MouseIn implements desktop.Hoverable.
func (e *legendEntry) MouseIn(*desktop.MouseEvent) {
	e.hover.FillColor = theme.ColorForWidget(theme.ColorNameHover, e)
	e.hover.Refresh()
}

// MouseMoved implements desktop.Hoverable.
func (e *legendEntry) MouseMoved(*desktop.MouseEvent) {}

// MouseOut implements desktop.Hoverable.
func (e *legendEntry) MouseOut() {
	e.hover.FillColor = color.Transparent
	e.hover.Refresh()
}

// Cursor implements desktop.Cursorable.
func (e *legendEntry) Cursor() desktop.Cursor { return desktop.PointerCursor }

// insetLayout centres its objects vertically at their minimum size, with
// room on the left.
type insetLayout struct{ left float32 }

// MinSize implements fyne.Layout.
func (l *insetLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s.AddWidthHeight(l.left, 0)
}

// Layout implements fyne.Layout.
func (l *insetLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		m := o.MinSize()
		o.Resize(m)
		o.Move(fyne.NewPos(l.left, (size.Height-m.Height)/2))
	}
}

// swatchKey identifies a swatch image.
type swatchKey struct {
	cat    int
	col    color.NRGBA
	hollow bool
}

// swatches caches swatch images, which never change.
var swatches struct {
	sync.Mutex
	m map[swatchKey]image.Image
}

// swatchImage returns the legend sample of category cat: its glyph in its
// colour col, drawn as in the plot (plot.CategoryGlyph),
// or a ring in its colour if hollow (a hidden category, as plot.Scatter's
// legend draws it), at twice the swatch size for HiDPI screens.
func swatchImage(cat int, col color.NRGBA, hollow bool) image.Image {
	key := swatchKey{cat, col, hollow}
	swatches.Lock()
	defer swatches.Unlock()
	if img, ok := swatches.m[key]; ok {
		return img
	}
	const dpi = 2 * vgimg.DefaultDPI // 2 pixels per device-independent pixel
	side := vg.Length(swatchSize) * vg.Inch / vgimg.DefaultDPI
	c := vgimg.NewWith(vgimg.UseWH(side, side), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.Transparent))
	shape := plot.CategoryGlyph(cat)
	if hollow {
		shape = draw.RingGlyph{}
	}
	dc := draw.New(c)
	dc.DrawGlyphNoClip(draw.GlyphStyle{Color: col, Radius: side * 0.3, Shape: shape}, vg.Point{X: side / 2, Y: side / 2})
	img := c.Image()
	if swatches.m == nil {
		swatches.m = make(map[swatchKey]image.Image)
	}
	swatches.m[key] = img
	return img
}
