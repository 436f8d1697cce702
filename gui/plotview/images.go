package plotview

import (
	"image"
	"math"

	"fyne.io/fyne/v2"

	"github.com/fashionlens/fashionlens/analysis/plot"
)

// imageState is what a View knows of the points' images; v.mu guards it.
type imageState struct {
	thumbs func(i int) image.Image // the images' source, nil for none
	on     bool                    // the images are to be shown
	ver    uint64                  // counts changes of what is drawn
	reps   repCache
}

// repKey is what the representatives depend on.
type repKey struct {
	geoKey
	dimmedVer, imagesVer uint64
}

// repCache holds the points drawn as thumbnails under the current
// geometry, with where their thumbnails reach.
type repCache struct {
	ok    bool
	key   repKey
	reps  []int   // ascending (the drawing order); never changed in place
	reach float64 // how far a thumbnail reaches from its point in x and y, in device-independent pixels

	// Scratch space, kept to avoid allocating on every rebuild.
	ids    []int
	xs, ys []float64
}

// SetThumbs sets the source of the points' images, shown by
// SetShowImages: f(i) returns point i's image (nil for none), of any
// size, drawn as a thumbnail of plot.DefaultThumbSide. f is called while
// a frame is drawn, on the render goroutine, at the same time as other
// code runs on the UI goroutine and possibly from several renders (of
// this view, or of Figure's plot while it is saved): it must be safe for
// concurrent use, must not call the view's methods, and should be cheap,
// returning a view of pixels the app keeps (an *image.Gray over a
// split's pixels, say) rather than a copy. The image must not change
// afterwards; f should return nil for an index it has no image for
// (after SetData with other points, say). nil removes the images. The
// view redraws if images are shown, even for the same function.
func (v *View) SetThumbs(f func(i int) image.Image) {
	v.mu.Lock()
	redraw := v.im.on && (f != nil || v.im.thumbs != nil)
	v.im.thumbs = f
	if redraw {
		v.im.ver++
	}
	v.mu.Unlock()
	if redraw {
		v.imagesChanged()
	}
}

// SetShowImages shows the points' images (set by SetThumbs) on the map,
// or plain dots again. With images, every point is still drawn as a dot,
// and over the dots a representative subset as thumbnails framed in
// their category's colour: on a grid of cells a little larger than a
// thumbnail, the point nearest each cell's centre whose thumbnail fits in
// the data area, among those shown and not dimmed (plot.PickThumbs). The
// grid is fixed to the data, so panning keeps the thumbnails and zooming
// in shows more of them. Marked points' thumbnails are drawn in a dark
// ring, and the selected point's last, in a dark outline. A hover or tap
// on a thumbnail hits its point; elsewhere the nearest dot is hit as
// without images. Figure carries the images too, picked anew for the
// figure's size.
func (v *View) SetShowImages(on bool) {
	v.mu.Lock()
	changed := v.im.on != on
	if changed {
		v.im.on = on
		v.im.ver++
	}
	v.mu.Unlock()
	if changed {
		v.imagesChanged()
	}
}

// ShowImages says whether the view is set to show the points' images.
func (v *View) ShowImages() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.im.on
}

// imagesChanged redraws the plot and updates the tooltip after the
// images were switched on or off.
func (v *View) imagesChanged() {
	v.update()
	v.rehover()
}

// thumbsShown returns the images' source if images are shown, else nil.
// v.mu is held.
func (v *View) thumbsShown() func(i int) image.Image {
	if !v.im.on {
		return nil
	}
	return v.im.thumbs
}

// pointLength returns the length of a point of a figure in
// device-independent pixels: the raster is drawn at a whole number of
// dots per inch, then stretched over the widget. v.mu is held.
func (v *View) pointLength() float64 {
	w, _ := pixels(v.size, v.scale)
	if w <= 0 {
		return 96.0 / 72
	}
	dpi := math.Round(plot.DPI * rasterScale(v.scale))
	return dpi / 72 * float64(v.size.Width) / float64(w)
}

// thumbReps returns the representatives of the current geometry, rebuilt
// if stale; nil without images, data or size. v.mu is held.
func (v *View) thumbReps() *repCache {
	if v.thumbsShown() == nil {
		return nil
	}
	ix := v.screenIndex()
	if ix == nil {
		return nil
	}
	key := repKey{v.geo.key, v.dimmedVer, v.im.ver}
	c := &v.im.reps
	if c.ok && c.key == key {
		return c
	}
	g, d := v.geo.g, v.d
	pt := v.pointLength()
	half := float64(plot.DefaultThumbSide) / 2 * pt
	ids, xs, ys := c.ids[:0], c.xs[:0], c.ys[:0]
	kx, ky := g.kx(), g.ky()
	for i, cell := range ix.cellOf[:len(d.x)] {
		if cell < 0 || v.dimmedLocked(i) {
			continue
		}
		sx, sy := g.toScreen(d.x[i], d.y[i])
		if sx-half < g.a.x0 || sx+half > g.a.x1 || sy-half < g.a.y0 || sy+half > g.a.y1 {
			continue
		}
		// Measured from the data's origin, y up, as plot.Scatter does.
		ids = append(ids, i)
		xs, ys = append(xs, d.x[i]*kx), append(ys, d.y[i]*ky)
	}
	side := plot.DefaultThumbSide + 2*plot.ThumbFrame // as plot.Scatter picks them
	reps := plot.PickThumbs(ids, xs, ys, float64(plot.ThumbCell(plot.DefaultThumbSide))*pt, float64(side)*pt)
	if reps == nil {
		reps = []int{} // none, rather than let the plot pick
	}
	*c = repCache{ok: true, key: key, reps: reps, reach: float64(plot.ThumbReach(plot.DefaultThumbSide)) * pt, ids: ids, xs: xs, ys: ys}
	return c
}

// thumbAt returns the point whose thumbnail is drawn topmost at pos, −1
// if there is none (or no images); points with skip[i] true (skip may be
// nil) are passed over. The selected point's thumbnail is drawn last,
// then the representatives' in ascending order. v.mu is held.
func (v *View) thumbAt(pos fyne.Position, skip []bool) int {
	c := v.thumbReps()
	if c == nil {
		return -1
	}
	ix := &v.idx
	x, y := float64(pos.X), float64(pos.Y)
	over := func(i int) bool {
		if skip != nil && skip[i] {
			return false
		}
		return math.Abs(float64(ix.sx[i])-x) <= c.reach && math.Abs(float64(ix.sy[i])-y) <= c.reach
	}
	if hl := v.highlightFor(v.view); hl >= 0 && ix.cellOf[hl] >= 0 && over(hl) {
		return hl
	}
	for k := len(c.reps) - 1; k >= 0; k-- {
		if i := c.reps[k]; over(i) {
			return i
		}
	}
	return -1
}
