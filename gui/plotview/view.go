// Package plotview is a Fyne widget that shows a scatter plot of
// analysis/plot (plot.Scatter) at the widget's own pixel size, sharp on
// HiDPI screens, with tap selection, a hover tooltip, zoom (scroll) and pan
// (drag), and a clickable legend that hides and shows categories.
//
// # Tools and area selection
//
// What a drag does depends on the view's tool (SetTool): Pan (the
// default) moves the plot; Box draws a rectangle from the press point to
// the pointer and Lasso a free-form polygon following it. At the end of a
// Box or Lasso drag the view calls OnSelectArea with the selectable points
// inside (see Selectable) and an operation from the modifier keys held at
// the press: none replaces the selection, Shift adds to it, Alt or Control
// removes from it. A tap on a point with Shift or Alt/Control does the
// same for that point alone; a plain tap inspects it (OnSelect). Scrolling
// zooms in every tool. The view does not keep the selection itself: the
// app shows it with SetMarked (a dark ring around each point) and may grey
// out points with SetDimmed (drawn first, in light grey, and not
// selectable by area).
//
// # Threading
//
// Like every Fyne widget, a View is used from the UI goroutine: its
// methods, the callbacks it calls (OnSelect, OnSelectArea, Tooltip) and
// the functions it passes to Do run there. The queries that only read the
// view (PointAt, PointPosition, PointsInRect, PointsInPolygon,
// Selectable, Marked, Dimmed, Selected, Hidden, Tool) take the view's
// lock and may also be called from other goroutines.
//
// Rendering runs in the background, through Go, on an immutable snapshot
// of the view's inputs; the finished image is handed back through Do. At
// most one render runs at a time and at most one more is pending: further
// requests replace the pending one. A render whose inputs have changed
// meanwhile is dropped, with one exception that keeps the plot following
// a drag or a zoom: one that differs from the latest request only in the
// range shown or the selected point is shown until the latest is ready
// (other marked or dimmed points make it stale). The latest request is
// always drawn and shown last.
//
// With images shown (SetShowImages), the render goroutine calls the
// images' source (SetThumbs), which must be safe for concurrent use.
//
// Hit-testing (PointAt, PointPosition, taps, the tooltip) never waits for
// a render: it computes the data area for the current view and size the
// way plot.Raster places it (plot.DataArea).
//
// Fyne's test driver runs fyne.Do at once on the calling goroutine, so
// that with the default Do the render goroutine would touch the widgets
// while a test does; tests should pass a Do that queues functions for the
// test goroutine (or the app's own Go and Do, which serialise UI work).
package plotview

import (
	"errors"
	"image"
	"image/color"
	"math"
	"slices"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/analysis/plot"
)

// Data is what a View shows. Cat[i] is point i's category, −1 for noise;
// Names names categories 0 … len(Names)−1.
type Data struct {
	// X and Y are the points' coordinates.
	X, Y []float64
	// Cat are the points' categories: 0 … len(Names)−1, or −1 (noise).
	Cat []int
	// Names are the categories' names, shown in the legend.
	Names []string
	// Title is drawn above the plot; empty for none.
	Title string
	// XLabel and YLabel are the axes' titles and Caption a line below
	// the plot that says what it shows; the exported figure
	// (ExportFigure) has them, the view leaves them out for the map's
	// room. Empty for none.
	XLabel, YLabel, Caption string
	// Colors, if not nil, are the categories' colours, one per name
	// (plot.ScatterOptions.Colors); nil for plot.CategoryColor.
	Colors []color.NRGBA
}

// View is a widget showing a scatter plot of Data. Make one with New.
type View struct {
	widget.BaseWidget

	// OnSelect is called on the UI goroutine when a tap selects point i
	// (never with −1: a tap on empty space does nothing).
	OnSelect func(i int)
	// OnSelectArea is called on the UI goroutine at the end of a Box or
	// Lasso drag with the selectable points inside the area, ascending
	// (empty if there are none), and the operation the modifier keys held
	// at the press ask for; and after a Shift or Alt/Control tap with the
	// selectable point tapped. It is not called for an area without room
	// (a drag that did not move, a flat box, a lasso of fewer than three
	// vertices or all on one line). The view does not change its marked
	// points itself: the callback may call SetMarked.
	OnSelectArea func(idx []int, op SelectOp)
	// Tooltip, if set, gives the thumbnail (nil for none) and the text
	// shown while the mouse hovers over point i.
	Tooltip func(i int) (image.Image, string)
	// Go runs a background job; nil means `go f()`. An app may pass its
	// own, to count the jobs running.
	Go func(f func())
	// Do runs f on the UI goroutine; nil means fyne.Do. Functions passed
	// to Do touch the view's widgets, so they must not run at the same
	// time as other UI code.
	Do func(f func())

	mu   sync.Mutex // guards the fields below
	cond *sync.Cond // signals busy reaching 0

	d           *dataset // nil if none, or if the data were bad
	dataErr     error    // why the last SetData's data cannot be shown
	dataVer     uint64   // counts SetData calls
	hidden      []bool   // hidden[c+1]: category c is hidden
	hiddenNames []string // the names hidden refers to
	hiddenVer   uint64   // counts changes of hidden
	n           int      // points of the last valid data
	sel         int      // selected point, −1 for none
	marked      []int    // marked points, ascending; never changed in place
	markedVer   uint64   // counts changes of marked
	dimmed      []bool   // nil, or one per point; never changed in place
	dimmedVer   uint64   // counts changes of dimmed
	tool        Tool     // what a drag does
	view        rng      // the data range shown
	size        fyne.Size
	scale       float64 // the canvas's scale factor

	lay layoutCache // a plot for computing data areas
	geo geoCache    // the current screen geometry
	idx index       // screen index of the visible points
	im  imageState  // the points' images (images.go)

	// Rendering.
	requested renderKey // the inputs of the latest render requested
	reqValid  bool      // whether requested is set (there is something to draw)
	running   bool      // a render loop runs
	pending   bool      // requested changed while it ran
	busy      int       // render loops not yet finished
	renders   int       // rasters drawn
	seq       uint64    // numbers snapshots
	shownSeq  uint64    // the snapshot of the image shown
	shown     renderKey // the inputs of the image shown
	img       image.Image
	renderErr error // the error of the latest render shown

	// Pointer state.
	mouseIn  bool
	mouse    fyne.Position
	hoverIdx int  // point under the mouse, −1 for none
	tipIdx   int  // point whose tooltip is shown, −1 for none
	dragging bool // a drag is in progress
	pressed  bool // a primary button press was seen by MouseDown
	press    fyne.Position
	pressMod fyne.KeyModifier // the modifiers held at the press
	sd       *selectDrag      // the Box or Lasso drag in progress, if any

	r  *viewRenderer // the widget's objects, nil before CreateRenderer
	lg *legend       // made by Legend
}

// dataset is a validated copy of Data; it never changes after SetData, so
// renders in the background may read it.
type dataset struct {
	x, y   []float64
	cat    []int
	names  []string
	title  string
	xLabel string // the axes' titles and the caption, for exports
	yLabel string
	capt   string
	colors []color.NRGBA // nil for plot.CategoryColor
	counts []int         // counts[c+1]: points of category c
	full   rng           // the range of all points
}

// New returns an empty View.
func New() *View {
	v := &View{sel: -1, hoverIdx: -1, tipIdx: -1, scale: 1}
	v.cond = sync.NewCond(&v.mu)
	v.ExtendBaseWidget(v)
	return v
}

// errNoData is the error of Figure without data.
var errNoData = errors.New("plotview: no data")

// newDataset validates d like plot.Scatter and copies it. Empty data give
// a nil dataset and no error.
func newDataset(d Data) (*dataset, error) {
	if len(d.X) == 0 && len(d.Y) == 0 && len(d.Cat) == 0 {
		return nil, nil
	}
	// plot.Scatter's checks are the reference: run them.
	if _, err := plot.Scatter(d.X, d.Y, d.Cat, plot.ScatterOptions{Names: d.Names, Colors: d.Colors, NoLegend: true}); err != nil {
		return nil, err
	}
	ds := &dataset{
		x: slices.Clone(d.X), y: slices.Clone(d.Y), cat: slices.Clone(d.Cat),
		names: slices.Clone(d.Names), title: d.Title, xLabel: d.XLabel, yLabel: d.YLabel, capt: d.Caption, colors: slices.Clone(d.Colors),
		counts: make([]int, len(d.Names)+1),
	}
	for _, c := range ds.cat {
		ds.counts[c+1]++
	}
	ds.full.x0, ds.full.x1 = minMax(ds.x)
	ds.full.y0, ds.full.y1 = minMax(ds.y)
	// A single value is widened as gonum/plot widens it.
	if ds.full.x0 == ds.full.x1 {
		ds.full.x0, ds.full.x1 = ds.full.x0-1, ds.full.x1+1
	}
	if ds.full.y0 == ds.full.y1 {
		ds.full.y0, ds.full.y1 = ds.full.y0-1, ds.full.y1+1
	}
	if w, h := ds.full.x1-ds.full.x0, ds.full.y1-ds.full.y0; !finite(w) || !finite(h) || w <= 0 || h <= 0 {
		return nil, analysis.Errorf("scatter: range %v to %v by %v to %v: too large to show", ds.full.x0, ds.full.x1, ds.full.y0, ds.full.y1)
	}
	return ds, nil
}

// SetData shows d, validated like plot.Scatter: bad data (mismatched
// lengths, NaN or infinite coordinates, a category without a name) leave
// the view showing the error's text instead of a plot, and empty data
// leave it blank. It resets the view to the range of all points; it keeps
// the hidden categories only if d.Names equal the previous names, and the
// selection and the marked and dimmed points only if the number of points
// is unchanged.
func (v *View) SetData(d Data) {
	ds, err := newDataset(d)
	v.mu.Lock()
	v.dataVer++
	v.d, v.dataErr = ds, err
	v.lay = layoutCache{} // let the old data go
	if !slices.Equal(v.hiddenNames, d.Names) || len(v.hidden) != len(d.Names)+1 {
		v.hidden = make([]bool, len(d.Names)+1)
		v.hiddenNames = slices.Clone(d.Names)
		v.hiddenVer++
	}
	n := 0
	if ds != nil {
		n = len(ds.x)
		v.view = ds.full
	}
	if n != v.n || ds == nil {
		v.sel = -1
		if v.marked != nil {
			v.marked = nil
			v.markedVer++
		}
		if v.dimmed != nil {
			v.dimmed = nil
			v.dimmedVer++
		}
	}
	if ds != nil {
		v.n = n
	}
	v.hoverIdx, v.tipIdx = -1, -1
	v.mu.Unlock()
	if v.lg != nil {
		v.lg.rebuild()
	}
	v.refreshUI()
	v.update()
	v.rehover()
}

// SetSelected selects point i, drawn on top of the others, larger and
// outlined (unless its category is hidden or it lies outside the view);
// −1 (or an index out of range) selects none. It does not call OnSelect.
func (v *View) SetSelected(i int) {
	v.mu.Lock()
	if v.d == nil || i < 0 || i >= len(v.d.x) {
		i = -1
	}
	changed := v.sel != i
	v.sel = i
	v.mu.Unlock()
	if changed {
		v.update()
	}
}

// Selected returns the selected point, −1 for none.
func (v *View) Selected() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.sel
}

// SetHidden hides or shows category cat (−1 for the noise). Hidden
// categories are not drawn, cannot be selected and look hollow in the
// legend. Categories without a name are ignored.
func (v *View) SetHidden(cat int, hidden bool) {
	v.mu.Lock()
	if cat < -1 || cat+1 >= len(v.hidden) || v.hidden[cat+1] == hidden {
		v.mu.Unlock()
		return
	}
	v.hidden[cat+1] = hidden
	v.hiddenVer++
	v.mu.Unlock()
	v.hiddenChanged()
}

// SetAllHidden hides or shows every category, noise included.
func (v *View) SetAllHidden(hidden bool) {
	v.mu.Lock()
	changed := false
	for c := range v.hidden {
		if v.hidden[c] != hidden {
			v.hidden[c] = hidden
			changed = true
		}
	}
	if changed {
		v.hiddenVer++
	}
	v.mu.Unlock()
	if changed {
		v.hiddenChanged()
	}
}

// hiddenChanged updates the legend, the tooltip and the plot after a
// change of the hidden categories.
func (v *View) hiddenChanged() {
	if v.lg != nil {
		v.lg.sync()
	}
	v.update()
	v.rehover()
}

// Hidden says whether category cat (−1 for the noise) is hidden.
func (v *View) Hidden(cat int) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.hiddenLocked(cat)
}

// hiddenLocked is Hidden with v.mu held.
func (v *View) hiddenLocked(cat int) bool {
	return cat >= -1 && cat+1 < len(v.hidden) && v.hidden[cat+1]
}

// hiddenList returns the hidden categories, for plot.ScatterOptions.
func (v *View) hiddenList() []int {
	var h []int
	for i, hid := range v.hidden {
		if hid {
			h = append(h, i-1)
		}
	}
	return h
}

// Renders returns how many rasters the view has drawn, shown or dropped
// as stale; tests use it to check that nothing is redrawn needlessly.
func (v *View) Renders() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.renders
}

// highlightFor returns the point to highlight in view: the selection, if
// its category is shown and it lies in view (scatter draws highlighted
// points wherever they are, even outside the data area); else −1.
func (v *View) highlightFor(view rng) int {
	i := v.sel
	if v.d == nil || i < 0 || i >= len(v.d.x) || v.hiddenLocked(v.d.cat[i]) || !view.contains(v.d.x[i], v.d.y[i]) {
		return -1
	}
	return i
}

// finite says whether f is neither NaN nor infinite.
func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// minMax returns the least and greatest of xs, which is not empty.
func minMax(xs []float64) (lo, hi float64) {
	lo, hi = xs[0], xs[0]
	for _, x := range xs[1:] {
		lo, hi = min(lo, x), max(hi, x)
	}
	return lo, hi
}

// color returns category c's colour in d.
func (d *dataset) color(c int) color.NRGBA {
	if c >= 0 && c < len(d.colors) {
		return d.colors[c]
	}
	return plot.CategoryColor(c)
}
