package plotview

import (
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	gplot "gonum.org/v1/plot"

	"github.com/fashionlens/fashionlens/analysis/plot"
)

// renderKey is everything a raster depends on.
type renderKey struct {
	dataVer, hiddenVer   uint64
	markedVer, dimmedVer uint64
	imagesVer            uint64 // counts changes of the images shown
	hl                   int    // highlighted point, −1 for none
	view                 rng
	w, h                 int // pixels
	scale                float64
}

// sameFrame says whether rasters of a and b differ only in the range
// shown or the highlight: one may stand in for the other while the user
// drags or zooms. Rasters of other marked or dimmed points, or with
// images switched, are stale.
func sameFrame(a, b renderKey) bool {
	return a.dataVer == b.dataVer && a.hiddenVer == b.hiddenVer &&
		a.markedVer == b.markedVer && a.dimmedVer == b.dimmedVer && a.imagesVer == b.imagesVer &&
		a.w == b.w && a.h == b.h && a.scale == b.scale
}

// looks are the options of a plot of the data besides the range: what is
// hidden, highlighted, marked and dimmed, and the images. The slices are
// never changed.
type looks struct {
	hidden []int                   // hidden categories
	hl     int                     // highlighted point, −1 for none
	marked []int                   // marked points, nil for none
	dimmed []bool                  // nil, or one per point
	thumbs func(i int) image.Image // the images' source, nil for dots
	reps   []int                   // the points drawn as thumbnails; nil to let the plot pick
}

// buildPlot returns the scatter plot of d over view as look says; with
// the legend and the axis titles if figure is set (an export), without
// them on screen, where the view has its own legend and the map needs
// the room.
func buildPlot(d *dataset, look looks, view rng, figure bool) (*gplot.Plot, error) {
	var highlight []int
	if look.hl >= 0 {
		highlight = []int{look.hl}
	}
	opt := plot.ScatterOptions{
		Title: d.title, Names: d.names, Colors: d.colors, Hidden: look.hidden, Highlight: highlight, NoLegend: !figure,
		Marked: look.marked, Dimmed: look.dimmed, Thumbs: look.thumbs, ThumbPoints: look.reps,
	}
	if figure {
		opt.XLabel, opt.YLabel = d.xLabel, d.yLabel
	}
	p, err := plot.Scatter(d.x, d.y, d.cat, opt)
	if err != nil {
		return nil, err
	}
	p.X.Min, p.X.Max = view.x0, view.x1
	p.Y.Min, p.Y.Max = view.y0, view.y1
	return p, nil
}

// snapshot is an immutable copy of a render's inputs.
type snapshot struct {
	seq  uint64
	key  renderKey
	d    *dataset // never changed after SetData
	look looks    // its slices are never changed
}

// draw rasterises the snapshot.
func (s *snapshot) draw() (image.Image, error) {
	p, err := buildPlot(s.d, s.look, s.key.view, false)
	if err != nil {
		return nil, err
	}
	img, err := plot.Raster(p, s.key.w, s.key.h, s.key.scale)
	if err != nil {
		return nil, err
	}
	return img, nil
}

// renderKey returns the inputs of a raster of the current state; false if
// there is nothing to draw (no data, or no size). v.mu is held.
func (v *View) renderKey() (renderKey, bool) {
	if v.d == nil {
		return renderKey{}, false
	}
	w, h := pixels(v.size, v.scale)
	if w <= 0 || h <= 0 {
		return renderKey{}, false
	}
	return renderKey{
		dataVer: v.dataVer, hiddenVer: v.hiddenVer, markedVer: v.markedVer, dimmedVer: v.dimmedVer,
		imagesVer: v.im.ver, hl: v.highlightFor(v.view),
		view: v.view, w: w, h: h, scale: rasterScale(v.scale),
	}, true
}

// snapshot makes the current state the latest request and returns a
// snapshot of it, or nil if there is nothing to draw. v.mu is held.
func (v *View) snapshot() *snapshot {
	key, ok := v.renderKey()
	v.requested, v.reqValid = key, ok
	if !ok {
		return nil
	}
	v.seq++
	look := looks{hidden: v.hiddenList(), hl: key.hl, marked: v.marked, dimmed: v.dimmed}
	if look.thumbs = v.thumbsShown(); look.thumbs != nil {
		// The representatives that hit-testing knows.
		if c := v.thumbReps(); c != nil {
			look.reps = c.reps
		}
	}
	return &snapshot{seq: v.seq, key: key, d: v.d, look: look}
}

// update starts a render of the current state unless the latest request
// is for the same inputs. While a render runs, it only marks a newer
// request as pending: the running render loop takes it up when it is done,
// so at most one render is ever waiting. Call it on the UI goroutine
// without v.mu.
func (v *View) update() {
	v.mu.Lock()
	key, ok := v.renderKey()
	switch {
	case !ok:
		v.reqValid, v.pending = false, false
		v.mu.Unlock()
		return
	case v.reqValid && key == v.requested:
		v.mu.Unlock()
		return
	case v.running:
		v.requested, v.reqValid, v.pending = key, true, true
		v.mu.Unlock()
		return
	}
	snap := v.snapshot()
	v.running = true
	v.busy++
	goFn, doFn := v.Go, v.Do
	v.mu.Unlock()
	if goFn == nil {
		goFn = func(f func()) { go f() }
	}
	if doFn == nil {
		doFn = fyne.Do
	}
	goFn(func() { v.renderLoop(snap, doFn) })
}

// renderLoop draws snap, hands the image to the UI goroutine through do,
// and goes on with the pending request, if any, until there is none.
// A raster whose data, hidden categories or size are no longer the
// latest is dropped; one that differs from the latest only in the range
// or highlight is shown while the latest is drawn, so that the plot
// follows a drag.
func (v *View) renderLoop(snap *snapshot, do func(func())) {
	for snap != nil {
		img, err := snap.draw()
		v.mu.Lock()
		v.renders++
		show := v.reqValid && sameFrame(snap.key, v.requested)
		v.mu.Unlock()
		if show {
			s := snap
			do(func() { v.show(s, img, err) })
		}
		v.mu.Lock()
		snap = nil
		if v.pending {
			v.pending = false
			snap = v.snapshot()
		}
		if snap == nil {
			v.running = false
			v.busy--
			v.cond.Broadcast()
		}
		v.mu.Unlock()
	}
}

// show shows the raster of s, unless it has become stale or a newer one
// is shown. It runs on the UI goroutine.
func (v *View) show(s *snapshot, img image.Image, err error) {
	v.mu.Lock()
	if !v.reqValid || !sameFrame(s.key, v.requested) || s.seq <= v.shownSeq {
		v.mu.Unlock()
		return
	}
	v.shownSeq, v.shown, v.img, v.renderErr = s.seq, s.key, img, err
	v.mu.Unlock()
	v.refreshUI()
}

// wait blocks until no render loop runs. With a Do that runs its function
// at once (Fyne's test driver), the last image is then shown.
func (v *View) wait() {
	v.mu.Lock()
	for v.busy > 0 {
		v.cond.Wait()
	}
	v.mu.Unlock()
}

// refreshUI shows the current image or message. It runs on the UI
// goroutine without v.mu.
func (v *View) refreshUI() { v.applyUI(true) }

// applyUI shows the current image or message, refreshing the objects
// that change if refresh is true (not for a renderer not drawn yet).
func (v *View) applyUI(refresh bool) {
	v.mu.Lock()
	r := v.r
	img, msg := v.img, ""
	switch {
	case v.dataErr != nil:
		img, msg = nil, "Cannot show the plot: "+v.dataErr.Error()
	case v.d == nil:
		img = nil
	case v.renderErr != nil:
		img, msg = nil, "Cannot draw the plot: "+v.renderErr.Error()
	}
	v.mu.Unlock()
	if r != nil {
		r.set(img, msg, refresh)
	}
}

// canvasScale returns the scale factor of o's canvas, 1 if it has none.
func canvasScale(o fyne.CanvasObject) (scale float64) {
	defer func() {
		// Fyne's test driver panics when there is no window.
		if recover() != nil {
			scale = 1
		}
	}()
	a := fyne.CurrentApp()
	if a == nil {
		return 1
	}
	c := a.Driver().CanvasForObject(o)
	if c == nil {
		return 1
	}
	if s := float64(c.Scale()); s > 0 {
		return s
	}
	return 1
}

// rescale reads the canvas's scale factor. It runs on the UI goroutine
// without v.mu.
func (v *View) rescale() {
	s := canvasScale(v)
	v.mu.Lock()
	v.scale = s
	v.mu.Unlock()
}

// blank is the image of a view with no plot: one transparent pixel.
var blank = image.NewNRGBA(image.Rect(0, 0, 1, 1))

// viewRenderer lays out a View's objects: the plot's image, the area of a
// Box or Lasso drag over it, a message in its place (an error) and the
// tooltip.
type viewRenderer struct {
	v    *View
	img  *canvas.Image
	over *overlay
	msg  *widget.Label
	tip  *tooltip
	size fyne.Size
}

// CreateRenderer implements fyne.Widget.
func (v *View) CreateRenderer() fyne.WidgetRenderer {
	r := &viewRenderer{v: v, tip: newTooltip(v), over: newOverlay(v)}
	r.img = &canvas.Image{Image: blank, FillMode: canvas.ImageFillStretch, ScaleMode: canvas.ImageScaleSmooth}
	r.msg = widget.NewLabel("")
	r.msg.Wrapping = fyne.TextWrapWord
	r.msg.Alignment = fyne.TextAlignCenter
	r.msg.Importance = widget.DangerImportance
	r.msg.Hide()
	v.mu.Lock()
	v.r = r
	v.tipIdx = -1
	v.mu.Unlock()
	v.applyUI(false)
	return r
}

// set shows img (none if nil) and msg (none if empty), refreshing the
// objects that change if refresh is true.
func (r *viewRenderer) set(img image.Image, msg string, refresh bool) {
	// The image object stays visible, showing nothing when there is no
	// plot: Fyne's GL painter does not always repaint an object that was
	// hidden when the canvas was first drawn and is shown later.
	if img == nil {
		img = blank
	}
	if r.img.Image != img {
		r.img.Image = img
		if refresh {
			r.img.Refresh()
		}
	}
	if msg == "" {
		r.msg.Hide()
		return
	}
	if r.msg.Text != msg || !r.msg.Visible() {
		r.msg.Text = msg
		r.msg.Show()
		r.layoutMsg()
		if refresh {
			r.msg.Refresh()
		}
	}
}

// layoutMsg centres the message.
func (r *viewRenderer) layoutMsg() {
	pad := theme.Padding()
	w := max(0, r.size.Width-2*pad)
	r.msg.Resize(fyne.NewSize(w, r.msg.MinSize().Height))
	h := min(r.msg.MinSize().Height, r.size.Height)
	r.msg.Resize(fyne.NewSize(w, h))
	r.msg.Move(fyne.NewPos(pad, (r.size.Height-h)/2))
}

// Layout implements fyne.WidgetRenderer: the image fills the widget, and
// a new size asks for a new raster.
func (r *viewRenderer) Layout(size fyne.Size) {
	r.size = size
	r.img.Resize(size)
	r.img.Move(fyne.NewPos(0, 0))
	r.over.box.Resize(size)
	r.layoutMsg()
	s := canvasScale(r.v)
	r.v.mu.Lock()
	r.v.size, r.v.scale = size, s
	r.v.mu.Unlock()
	r.v.update()
	r.v.rehover()
}

// MinSize implements fyne.WidgetRenderer.
func (r *viewRenderer) MinSize() fyne.Size { return fyne.NewSize(160, 120) }

// Refresh implements fyne.WidgetRenderer. It draws a new raster only if
// an input has changed (the canvas's scale, say).
func (r *viewRenderer) Refresh() {
	r.v.rescale()
	r.v.update()
	r.v.refreshUI()
	r.msg.Refresh()
	r.tip.refresh()
	r.over.refresh()
}

// Objects implements fyne.WidgetRenderer.
func (r *viewRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.img, r.over.box, r.msg, r.tip.box}
}

// Destroy implements fyne.WidgetRenderer.
func (r *viewRenderer) Destroy() {
	r.v.mu.Lock()
	if r.v.r == r {
		r.v.r = nil
	}
	r.v.mu.Unlock()
}
