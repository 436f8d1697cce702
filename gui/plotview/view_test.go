package plotview

import (
	"errors"
	"image"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"gonum.org/v1/plot/vg"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/analysis/plot"
)

// tapEach taps at where each of the points is drawn and checks that the
// tap selects it and calls OnSelect with it.
func tapEach(t *testing.T, h *harness, points []int, what string) {
	t.Helper()
	var got []int
	h.v.OnSelect = func(i int) { got = append(got, i) }
	for _, i := range points {
		got = got[:0]
		test.TapAt(h.v, h.pos(i))
		if s := h.v.Selected(); s != i {
			t.Errorf("%s: tap on point %d selected %d", what, i, s)
		}
		if !slices.Equal(got, []int{i}) {
			t.Errorf("%s: tap on point %d called OnSelect with %v", what, i, got)
		}
		h.settle()
	}
}

// shown returns up to n points drawn in the data area, spread over the
// indices.
func shown(h *harness, n int) []int {
	var pts []int
	total := len(h.v.d.x)
	for k := range total {
		i := (k * 7919) % total
		if _, ok := h.v.PointPosition(i); ok {
			pts = append(pts, i)
			if len(pts) == n {
				break
			}
		}
	}
	return pts
}

func TestTapSelects(t *testing.T) {
	h := newHarness(t, blobs(400, 5, 10, 2, 1), 640, 480)
	tapEach(t, h, []int{0, 17, 123, 250, 399}, "full view")

	h.v.Zoom(3, fyne.NewPos(300, 200))
	h.settle()
	pts := shown(h, 8)
	if len(pts) < 5 {
		t.Fatalf("only %d points in the zoomed view", len(pts))
	}
	tapEach(t, h, pts, "zoomed")

	h.v.Pan(45, -30)
	h.settle()
	tapEach(t, h, shown(h, 8), "panned")

	// A tap on empty space selects nothing and calls nothing.
	sel := h.v.Selected()
	called := false
	h.v.OnSelect = func(int) { called = true }
	test.TapAt(h.v, h.emptySpot())
	if h.v.Selected() != sel || called {
		t.Errorf("a tap on empty space changed the selection from %d to %d (OnSelect called: %v)", sel, h.v.Selected(), called)
	}
	// SetSelected does not call OnSelect.
	h.v.SetSelected(3)
	if called || h.v.Selected() != 3 {
		t.Errorf("SetSelected(3): selected %d, OnSelect called: %v", h.v.Selected(), called)
	}
	h.v.SetSelected(-1)
	if h.v.Selected() != -1 {
		t.Errorf("SetSelected(-1): selected %d", h.v.Selected())
	}
	h.v.SetSelected(100000)
	if h.v.Selected() != -1 {
		t.Errorf("SetSelected(out of range): selected %d", h.v.Selected())
	}
}

func TestHiddenNotSelectable(t *testing.T) {
	// Tight blobs far apart: no point of one is near a point of another.
	d := blobs(300, 3, 0, 0.5, 2)
	h := newHarness(t, d, 600, 450)
	lg := h.v.Legend().(*legend)
	if lg != h.v.Legend() {
		t.Fatal("Legend returns a different object")
	}
	w := test.NewTempWindow(t, lg)
	w.Resize(fyne.NewSize(200, 300))
	if len(lg.entries) != 3 {
		t.Fatalf("%d legend entries, want 3", len(lg.entries))
	}

	i := 4 // category 1
	if d.Cat[i] != 1 {
		t.Fatalf("point %d is in category %d", i, d.Cat[i])
	}
	p := h.pos(i)
	h.v.SetHidden(1, true)
	h.settle()
	if !lg.entries[1].hidden || lg.entries[1].label.Importance != widget.LowImportance {
		t.Error("SetHidden(1, true) is not shown in the legend")
	}
	if lg.showAll.Disabled() || lg.hideAll.Disabled() {
		t.Error("with one category hidden, both buttons should be enabled")
	}
	test.TapAt(h.v, p)
	if s := h.v.Selected(); s >= 0 {
		t.Errorf("a tap on hidden point %d selected %d", i, s)
	}
	if j := h.v.PointAt(p); j >= 0 {
		t.Errorf("PointAt on hidden point %d gives %d", i, j)
	}
	if _, ok := h.v.PointPosition(i); !ok {
		t.Error("PointPosition of a hidden point: want its place")
	}

	// The legend toggles.
	test.Tap(lg.entries[1])
	if h.v.Hidden(1) || lg.entries[1].hidden {
		t.Error("tapping the hidden category's entry did not show it")
	}
	test.TapAt(h.v, p)
	if s := h.v.Selected(); s != i {
		t.Errorf("after showing category 1 again, a tap selected %d, want %d", s, i)
	}
	test.Tap(lg.entries[0])
	if !h.v.Hidden(0) || !lg.entries[0].hidden {
		t.Error("tapping an entry did not hide its category")
	}
	test.Tap(lg.hideAll)
	for c := range 3 {
		if !h.v.Hidden(c) || !lg.entries[c].hidden {
			t.Errorf("Hide all left category %d shown", c)
		}
	}
	if !lg.hideAll.Disabled() || lg.showAll.Disabled() {
		t.Error("with all hidden, only Show all should be enabled")
	}
	for k := range 50 {
		if j := h.v.PointAt(h.pos(k)); j >= 0 {
			t.Fatalf("all hidden, yet PointAt found %d", j)
		}
	}
	test.Tap(lg.showAll)
	for c := range 3 {
		if h.v.Hidden(c) {
			t.Errorf("Show all left category %d hidden", c)
		}
	}
	// Out-of-range categories are ignored.
	h.v.SetHidden(7, true)
	h.v.SetHidden(-2, true)
	if h.v.Hidden(7) || h.v.Hidden(-2) {
		t.Error("unknown categories reported hidden")
	}
}

func TestLegendEntries(t *testing.T) {
	// 40 clusters (DBSCAN) and noise; clusters 5 and 6 have no points.
	d := blobs(4100, 41, 0, 1, 3)
	for i := range d.Cat {
		switch d.Cat[i] {
		case 40:
			d.Cat[i] = plot.Noise
		case 5, 6:
			d.Cat[i] = 7
		}
	}
	d.Names = plot.ClusterNames(40)
	h := newHarness(t, d, 500, 400)
	lg := h.v.Legend().(*legend)
	var labels []string
	for _, e := range lg.entries {
		labels = append(labels, e.label.Text)
	}
	if len(labels) != 39 || labels[0] != "Cluster 0 (100)" || labels[5] != "Cluster 7 (300)" || labels[38] != "Noise (100)" {
		t.Errorf("legend: %d entries %q…", len(labels), labels)
	}
	if lg.entries[38].cat != plot.Noise {
		t.Error("the last entry is not the noise")
	}
	w := test.NewTempWindow(t, lg)
	w.Resize(fyne.NewSize(220, 300))
	if m := lg.MinSize(); m.Height > 200 {
		t.Errorf("legend min height %v: it should scroll", m.Height)
	}
	test.Tap(lg.entries[38])
	if !h.v.Hidden(plot.Noise) {
		t.Error("tapping Noise did not hide the noise")
	}
	// Swatches: the category's colour in the middle, hollow when hidden.
	for _, e := range []*legendEntry{lg.entries[0], lg.entries[12], lg.entries[38]} {
		img := e.swatch.Image
		b := img.Bounds()
		mid := color.RGBAModel.Convert(img.At(b.Dx()/2, b.Dy()/2)).(color.RGBA)
		want := plot.CategoryColor(e.cat)
		if e.hidden {
			if mid.A > 40 {
				t.Errorf("hidden entry %d: swatch not hollow (%v in the middle)", e.cat, mid)
			}
		} else if !colourNear(mid, want, 10) {
			t.Errorf("entry %d: swatch %v in the middle, want %v", e.cat, mid, want)
		}
	}
	// New data with other names: new entries, nothing hidden.
	h.v.SetData(blobs(50, 2, 0, 1, 4))
	if len(lg.entries) != 2 || h.v.Hidden(plot.Noise) {
		t.Errorf("after SetData: %d entries, noise hidden %v", len(lg.entries), h.v.Hidden(plot.Noise))
	}
}

func TestScrollZoomKeepsPoint(t *testing.T) {
	h := newHarness(t, blobs(500, 4, 10, 2, 5), 700, 500)
	for k, i := range []int{3, 77, 150, 401} {
		p, ok := h.v.PointPosition(i)
		if !ok {
			continue
		}
		dy := float32(25)
		if k%2 == 1 {
			dy = -25
		}
		h.v.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: p, AbsolutePosition: p}, Scrolled: fyne.Delta{DY: dy}})
		if q, ok := h.v.PointPosition(i); !ok || !near(p, q, 1) {
			t.Errorf("scroll %v at point %d (%v): it moved to %v (shown %v)", dy, i, p, q, ok)
		}
		h.settle()
	}
	// test.Scroll gives no position: the mouse's is used.
	i := shown(h, 1)[0]
	p := h.pos(i)
	test.MoveMouse(h.win.Canvas(), p)
	before := h.v.view
	test.Scroll(h.win.Canvas(), p, 0, 50)
	if h.v.view.w() >= before.w() {
		t.Errorf("scrolling up did not zoom in: width %v → %v", before.w(), h.v.view.w())
	}
	if q := h.pos(i); !near(p, q, 1) {
		t.Errorf("test.Scroll at point %d (%v): it moved to %v", i, p, q)
	}
	// Zoom bounds.
	full := h.v.d.full
	for range 10 {
		h.v.Zoom(1e3, p)
	}
	if w := h.v.view.w(); math.Abs(w/full.w()-minSpan) > 1e-9 {
		t.Errorf("zoomed in to width %v of %v: want %v of it", w, full.w(), minSpan)
	}
	h.v.Zoom(1e-12, p)
	if w := h.v.view.w(); math.Abs(w/full.w()-maxSpan) > 1e-9 {
		t.Errorf("zoomed out to width %v of %v: want %v times it", w, full.w(), maxSpan)
	}
	h.settle()
	renders := h.v.Renders()
	h.v.Zoom(0, p)
	h.v.Zoom(math.NaN(), p)
	h.v.Zoom(math.Inf(1), p)
	h.v.Zoom(1e-3, p) // already at the bound
	h.settle()
	if h.v.Renders() != renders {
		t.Errorf("%d renders after zooms that change nothing, want %d", h.v.Renders(), renders)
	}
}

func TestDragPans(t *testing.T) {
	h := newHarness(t, blobs(300, 3, 0, 2, 6), 600, 400)
	i := shown(h, 1)[0]
	p := h.pos(i)
	test.Drag(h.win.Canvas(), p, 35, -20)
	want := p.AddXY(35, -20)
	if q := h.pos(i); !near(q, want, 1) {
		t.Errorf("drag by (35, −20) from point %d at %v: it is at %v, want %v", i, p, q, want)
	}
	// Pan moves every point by the same amount, within a pixel (the data
	// area may change with the tick labels).
	before := make(map[int]fyne.Position)
	for _, j := range shown(h, 20) {
		before[j] = h.pos(j)
	}
	h.v.Pan(-50, 25)
	moved := 0
	for j, p := range before {
		if q, ok := h.v.PointPosition(j); ok {
			moved++
			if !near(q, p.AddXY(-50, 25), 3) {
				t.Errorf("Pan(−50, 25): point %d moved from %v to %v", j, p, q)
			}
		}
	}
	if moved == 0 {
		t.Error("no point left in view after Pan")
	}
	h.settle()
	// The data cannot be dragged out of sight.
	for range 20 {
		h.v.Pan(5000, 0)
	}
	if v, f := h.v.view, h.v.d.full; v.x1 < f.x0 || v.x0 > f.x1 {
		t.Errorf("view %v no longer overlaps the data %v", v, f)
	}
}

func TestResetView(t *testing.T) {
	h := newHarness(t, blobs(200, 4, 0, 2, 7), 500, 400)
	before := make([]fyne.Position, 200)
	for i := range before {
		before[i] = h.pos(i)
	}
	h.v.Zoom(2.5, fyne.NewPos(100, 120))
	h.v.Pan(30, 70)
	h.settle()
	if h.v.view == h.v.d.full {
		t.Fatal("the view did not change")
	}
	h.v.ResetView()
	for i := range before {
		if q := h.pos(i); !near(q, before[i], 1e-3) {
			t.Errorf("point %d at %v after ResetView, was %v", i, q, before[i])
		}
	}
	// Counted after the first ResetView's render has finished: counting
	// before it, as this test once did, raced with that render.
	h.settle()
	renders := h.v.Renders()
	h.v.ResetView()
	h.settle()
	if h.v.Renders() != renders {
		t.Errorf("%d renders, want %d: ResetView of the full view redrew", h.v.Renders(), renders)
	}
}

func TestRenderScale(t *testing.T) {
	h := newHarness(t, grid(5, 4), 300, 200)
	img := h.image()
	if b := img.Bounds(); b.Dx() != 300 || b.Dy() != 200 {
		t.Fatalf("image %v at scale 1, want 300×200", b)
	}
	p1 := h.pos(7)
	h.win.Canvas().(test.WindowlessCanvas).SetScale(2)
	h.v.Refresh()
	h.settle()
	img = h.image()
	if b := img.Bounds(); b.Dx() != 600 || b.Dy() != 400 {
		t.Fatalf("image %v at scale 2, want 600×400", b)
	}
	// Text keeps its size in points, so the layout hardly moves.
	if p2 := h.pos(7); !near(p1, p2, 1) {
		t.Errorf("point 7 at %v at scale 1, %v at scale 2", p1, p2)
	}
	checkColours(t, h, img, 2)
	// A scale change is noticed when the mouse comes in, too.
	h.win.Canvas().(test.WindowlessCanvas).SetScale(1.5)
	test.MoveMouse(h.win.Canvas(), fyne.NewPos(5, 5))
	h.settle()
	if b := h.image().Bounds(); b.Dx() != 450 || b.Dy() != 300 {
		t.Errorf("image %v at scale 1.5, want 450×300", b)
	}
}

// checkColours checks that img has the colour of each shown point's
// category where PointPosition puts it.
func checkColours(t *testing.T, h *harness, img *image.RGBA, scale float32) {
	t.Helper()
	checked := 0
	for i, c := range h.v.d.cat {
		p, ok := h.v.PointPosition(i)
		if !ok || h.v.Hidden(c) {
			continue
		}
		x, y := int(p.X*scale), int(p.Y*scale)
		got := img.RGBAAt(x, y)
		if want := plot.CategoryColor(c); !colourNear(got, want, 12) {
			t.Errorf("point %d (category %d) at %v: pixel (%d, %d) is %v, want %v", i, c, p, x, y, got, want)
		}
		checked++
	}
	if checked < 4 {
		t.Errorf("only %d points checked", checked)
	}
}

func TestRenderColours(t *testing.T) {
	h := newHarness(t, grid(6, 4), 640, 420)
	checkColours(t, h, h.image(), 1)
	// Selected (drawn larger with an outline): still its colour inside.
	h.v.SetSelected(9)
	h.settle()
	checkColours(t, h, h.image(), 1)
	// Zoomed and panned: the analytic positions follow.
	h.v.Zoom(1.7, fyne.NewPos(200, 150))
	h.v.Pan(20, 10)
	h.settle()
	img := h.image()
	checkColours(t, h, img, 1)
	// Nothing is drawn outside the data area: no category colour beyond
	// it (allowing a point's radius of overhang), even for the selected
	// point (which plot.Scatter draws wherever it is). Pan point 14 onto
	// the y axis's labels, off the data area but on the image, and select
	// it.
	out := 14
	h.v.mu.Lock()
	g0, _ := h.v.geometry()
	h.v.mu.Unlock()
	p := h.pos(out)
	h.v.Pan(float32(g0.a.x0)-28-p.X, 0)
	h.v.mu.Lock()
	g0, _ = h.v.geometry()
	h.v.mu.Unlock()
	if sx, _ := g0.toScreen(h.v.d.x[out], h.v.d.y[out]); sx > g0.a.x0-15 || sx < 10 {
		t.Fatalf("point %d at x = %v, data area from %v", out, sx, g0.a.x0)
	}
	h.v.SetSelected(out)
	h.settle()
	img = h.image()
	h.v.mu.Lock()
	g, _ := h.v.geometry()
	h.v.mu.Unlock()
	const overhang = 8
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			fx, fy := float64(x)+0.5, float64(y)+0.5
			if fx > g.a.x0-overhang && fx < g.a.x1+overhang && fy > g.a.y0-overhang && fy < g.a.y1+overhang {
				continue
			}
			got := img.RGBAAt(x, y)
			for c := range 10 {
				if want := plot.CategoryColor(c); colourNear(got, want, 6) {
					t.Fatalf("pixel (%d, %d) outside the data area %v has category %d's colour", x, y, g.a, c)
				}
			}
		}
	}
}

func TestNoNeedlessRedraw(t *testing.T) {
	h := newHarness(t, blobs(300, 3, 0, 2, 8), 500, 350)
	n := h.v.Renders()
	same := func(what string) {
		t.Helper()
		h.settle()
		if got := h.v.Renders(); got != n {
			t.Errorf("%s: %d renders, want %d", what, got, n)
			n = got
		}
	}
	h.v.Refresh()
	same("Refresh")
	h.win.Resize(fyne.NewSize(500, 350))
	same("Resize to the same size")
	h.v.SetSelected(-1)
	same("SetSelected(-1) with none selected")
	h.v.SetHidden(1, false)
	same("SetHidden of a shown category")
	test.MoveMouse(h.win.Canvas(), h.pos(5))
	test.MoveMouse(h.win.Canvas(), fyne.NewPos(3, 3))
	same("mouse moves")
	h.v.Pan(0, 0)
	same("Pan(0, 0)")

	one := func(what string) {
		t.Helper()
		h.settle()
		if got := h.v.Renders(); got != n+1 {
			t.Errorf("%s: %d renders, want %d", what, got, n+1)
		}
		n = h.v.Renders()
	}
	h.v.SetSelected(5)
	one("SetSelected")
	h.v.SetSelected(-1)
	one("SetSelected(-1)")
	h.v.SetHidden(2, true)
	one("SetHidden")
	h.v.Zoom(1.5, fyne.NewPos(200, 100))
	one("Zoom")
	h.win.Resize(fyne.NewSize(520, 350))
	one("Resize")
	h.win.Canvas().(test.WindowlessCanvas).SetScale(2)
	h.v.Refresh()
	one("scale 2")
	h.v.Refresh()
	same("Refresh at the end")
}

func TestRendersCoalesce(t *testing.T) {
	h := newHarness(t, blobs(2000, 5, 0, 2, 9), 500, 400)
	n := h.v.Renders()
	// Hold the next render until ten changes have been requested.
	gate := make(chan struct{})
	h.v.Go = func(f func()) {
		h.ui.Go(func() {
			<-gate
			f()
		})
	}
	for k := range 10 {
		h.v.Pan(float32(3*k+1), 0)
	}
	h.v.SetSelected(7)
	close(gate)
	h.settle()
	// The first request, then the latest; the ones between were replaced.
	if got := h.v.Renders(); got != n+2 {
		t.Errorf("%d renders for 11 quick changes, want %d", got, n+2)
	}
	h.v.mu.Lock()
	shown, want := h.v.shown, h.v.requested
	h.v.mu.Unlock()
	if shown != want || want.hl != 7 {
		t.Errorf("the image shown is for %+v, want the latest %+v", shown, want)
	}
	// A stale raster of other data is dropped, never shown.
	gate = make(chan struct{})
	h.v.SetData(grid(4, 4))
	h.v.SetData(blobs(100, 2, 0, 1, 10))
	close(gate)
	h.ui.wg.Wait()
	h.ui.mu.Lock()
	queued := len(h.ui.q)
	h.ui.mu.Unlock()
	h.settle()
	if queued != 1 {
		t.Errorf("%d images handed to the UI, want 1 (the stale one dropped)", queued)
	}
	if h.v.shown.dataVer != h.v.dataVer {
		t.Error("the image shown is not of the latest data")
	}
}

func TestDefaultGoDo(t *testing.T) {
	test.NewTempApp(t)
	v := New()
	w := test.NewTempWindow(t, v)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(300, 240))
	v.SetData(grid(3, 3))
	v.wait() // fyne.Do runs at once under the test driver
	if v.Renders() != 1 {
		t.Errorf("%d renders, want 1", v.Renders())
	}
	v.mu.Lock()
	img := v.img
	v.mu.Unlock()
	if img == nil || img.Bounds().Dx() != 300 {
		t.Errorf("image %v, want one 300 pixels wide", img)
	}
}

func TestInvalidData(t *testing.T) {
	h := newHarness(t, grid(3, 3), 400, 300)
	for _, tc := range []struct {
		name string
		d    Data
		msg  string
	}{
		{"lengths", Data{X: []float64{1, 2, 3}, Y: []float64{1, 2}, Cat: []int{0, 0, 0}, Names: []string{"a"}}, "3 x, 2 y"},
		{"NaN", Data{X: []float64{1, math.NaN()}, Y: []float64{1, 2}, Cat: []int{0, 0}, Names: []string{"a"}}, "NaN"},
		{"Inf", Data{X: []float64{1, 2}, Y: []float64{math.Inf(-1), 2}, Cat: []int{0, 0}, Names: []string{"a"}}, "Inf"},
		{"unnamed", Data{X: []float64{1, 2}, Y: []float64{1, 2}, Cat: []int{0, 2}, Names: []string{"a", "b"}}, "category 2"},
		{"below noise", Data{X: []float64{1, 2}, Y: []float64{1, 2}, Cat: []int{0, -2}, Names: []string{"a"}}, "category -2"},
		{"huge range", Data{X: []float64{-1e308, 1e308}, Y: []float64{1, 2}, Cat: []int{0, 0}, Names: []string{"a"}}, "too large"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h.v.SetSelected(1)
			h.v.SetData(tc.d)
			h.settle()
			r := h.v.r
			if !r.msg.Visible() || !strings.Contains(r.msg.Text, tc.msg) || !strings.HasPrefix(r.msg.Text, "Cannot show the plot: ") {
				t.Errorf("message %q (shown %v), want one with %q", r.msg.Text, r.msg.Visible(), tc.msg)
			}
			if r.img.Image != blank {
				t.Error("the old plot is still shown")
			}
			if h.v.Selected() != -1 || h.v.PointAt(fyne.NewPos(200, 150)) != -1 {
				t.Error("bad data: something selected or selectable")
			}
			if _, ok := h.v.PointPosition(0); ok {
				t.Error("bad data: PointPosition(0) is true")
			}
			h.v.Zoom(2, fyne.NewPos(10, 10))
			h.v.Pan(10, 10)
			h.v.ResetView()
			test.TapAt(h.v, fyne.NewPos(200, 150))
			test.Scroll(h.win.Canvas(), fyne.NewPos(200, 150), 0, 10)
			test.Drag(h.win.Canvas(), fyne.NewPos(200, 150), 10, 10)
			if _, err := h.v.Figure(true); !errors.Is(err, analysis.ErrInput) {
				t.Errorf("Figure: %v, want an input error", err)
			}
		})
	}
	// Good data again: the plot, no message.
	h.v.SetData(grid(3, 3))
	h.settle()
	if h.v.r.msg.Visible() {
		t.Errorf("message %q still shown", h.v.r.msg.Text)
	}
	checkColours(t, h, h.image(), 1)
	// Empty data: blank, no message.
	h.v.SetData(Data{})
	h.settle()
	if h.v.r.msg.Visible() || h.v.r.img.Image != blank {
		t.Error("empty data: want a blank view")
	}
	if _, err := h.v.Figure(false); err == nil {
		t.Error("Figure without data: want an error")
	}
}

func TestNoData(t *testing.T) {
	test.NewTempApp(t)
	v := New()
	u := &fakeUI{}
	v.Go, v.Do = u.Go, u.Do
	// Before it is shown: no size.
	v.SetData(grid(3, 3))
	if _, ok := v.PointPosition(0); ok || v.PointAt(fyne.NewPos(1, 1)) != -1 {
		t.Error("a view without a size hit-tests")
	}
	v.Zoom(2, fyne.NewPos(1, 1))
	v.Pan(1, 1)
	if v.view != v.d.full {
		t.Error("a view without a size zoomed or panned")
	}
	v.SetData(Data{})
	w := test.NewTempWindow(t, v)
	w.Resize(fyne.NewSize(300, 200))
	u.settle()
	if v.PointAt(fyne.NewPos(100, 100)) != -1 || v.Renders() != 0 {
		t.Error("an empty view hit-tests or renders")
	}
	v.Zoom(2, fyne.NewPos(100, 100))
	v.Pan(3, 3)
	v.ResetView()
	v.SetHidden(0, true)
	v.SetSelected(0)
	test.MoveMouse(w.Canvas(), fyne.NewPos(100, 100))
	if v.Selected() != -1 {
		t.Error("selected a point of no data")
	}
	// A widget too small for the labels shows why.
	v.SetData(grid(3, 3))
	w.Resize(fyne.NewSize(60, 40))
	u.settle()
	if !v.r.msg.Visible() || !strings.Contains(v.r.msg.Text, "too small") {
		t.Errorf("message %q for a tiny view", v.r.msg.Text)
	}
	if v.PointAt(fyne.NewPos(30, 20)) != -1 {
		t.Error("a tiny view hit-tests")
	}
}

func TestSetDataKeeps(t *testing.T) {
	d := blobs(100, 4, 0, 1, 11)
	h := newHarness(t, d, 400, 300)
	h.v.SetHidden(2, true)
	h.v.SetSelected(10)
	h.v.Zoom(2, fyne.NewPos(200, 150))
	// Same names and count (new coordinates): hidden and selection kept,
	// view reset.
	d2 := blobs(100, 4, 0, 1, 12)
	h.v.SetData(d2)
	if !h.v.Hidden(2) || h.v.Selected() != 10 || h.v.view != h.v.d.full {
		t.Errorf("same names and count: hidden %v, selected %d, view reset %v", h.v.Hidden(2), h.v.Selected(), h.v.view == h.v.d.full)
	}
	// Changing the caller's slices changes nothing.
	d2.X[0] = 1e6
	if h.v.d.x[0] == 1e6 {
		t.Error("the view shares the caller's slices")
	}
	// Other count: selection cleared.
	h.v.SetData(blobs(90, 4, 0, 1, 12))
	if !h.v.Hidden(2) || h.v.Selected() != -1 {
		t.Errorf("other count: hidden %v, selected %d", h.v.Hidden(2), h.v.Selected())
	}
	// Other names: nothing hidden.
	d3 := blobs(90, 4, 0, 1, 12)
	d3.Names = []string{"a", "b", "c", "d"}
	h.v.SetData(d3)
	if h.v.Hidden(2) {
		t.Error("other names: category 2 still hidden")
	}
	h.settle()
}

func TestTooltip(t *testing.T) {
	d := grid(5, 4)
	h := newHarness(t, d, 500, 400)
	thumb := image.NewGray(image.Rect(0, 0, 28, 28))
	var asked []int
	h.v.Tooltip = func(i int) (image.Image, string) {
		asked = append(asked, i)
		return thumb, "Point " + string(rune('A'+i))
	}
	tip := h.v.r.tip
	c := h.win.Canvas()
	for _, i := range []int{0, 4, 15, 19} { // the corners: the tooltip must stay inside
		p := h.pos(i)
		test.MoveMouse(c, p.AddXY(2, -1))
		if !tip.box.Visible() || tip.text.Text != "Point "+string(rune('A'+i)) || tip.img.Image != thumb {
			t.Fatalf("hovering point %d: tooltip shown %v, text %q", i, tip.box.Visible(), tip.text.Text)
		}
		pos, size := tip.box.Position(), tip.box.Size()
		if pos.X < 0 || pos.Y < 0 || pos.X+size.Width > 500 || pos.Y+size.Height > 400 {
			t.Errorf("point %d: tooltip at %v, %v: outside the view", i, pos, size)
		}
		if size.Height < thumbSize {
			t.Errorf("tooltip %v: too small for the thumbnail", size)
		}
		if h.v.Cursor() != desktop.PointerCursor {
			t.Error("no pointer cursor over a point")
		}
	}
	// Moving over the same point asks once.
	asked = asked[:0]
	p := h.pos(7)
	test.MoveMouse(c, p)
	test.MoveMouse(c, p.AddXY(1, 1))
	if !slices.Equal(asked, []int{7}) {
		t.Errorf("Tooltip asked for %v, want [7]", asked)
	}
	test.MoveMouse(c, h.emptySpot())
	if tip.box.Visible() {
		t.Error("tooltip shown over empty space")
	}
	test.MoveMouse(c, p)
	if !tip.box.Visible() {
		t.Error("tooltip not shown again")
	}
	h.v.MouseOut()
	if tip.box.Visible() {
		t.Error("tooltip shown after the mouse left")
	}
	// Hiding the category under the mouse hides the tooltip.
	test.MoveMouse(c, p)
	h.v.SetHidden(d.Cat[7], true)
	if tip.box.Visible() {
		t.Error("tooltip of a hidden point")
	}
	h.settle()
}

func TestFigureSave(t *testing.T) {
	h := newHarness(t, blobs(300, 4, 7, 2, 13), 500, 400)
	h.v.SetHidden(1, true)
	h.v.SetSelected(0)
	h.v.Zoom(1.5, fyne.NewPos(250, 200))
	h.settle()
	dir := t.TempDir()
	for _, legend := range []bool{false, true} {
		p, err := h.v.Figure(legend)
		if err != nil {
			t.Fatal(err)
		}
		if p.X.Min != h.v.view.x0 || p.X.Max != h.v.view.x1 || p.Y.Min != h.v.view.y0 || p.Y.Max != h.v.view.y1 {
			t.Errorf("figure range %v–%v × %v–%v, want the view %v", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max, h.v.view)
		}
		for _, ext := range []string{"png", "svg", "pdf"} {
			name := filepath.Join(dir, "fig"+map[bool]string{false: "", true: "-legend"}[legend]+"."+ext)
			if err := plot.Save(p, name, 6*vg.Inch, 4*vg.Inch); err != nil {
				t.Fatal(err)
			}
			if fi, err := os.Stat(name); err != nil || fi.Size() < 1000 {
				t.Errorf("%s: %v, %d bytes", name, err, fi.Size())
			}
		}
	}
}

func TestIndexNearest(t *testing.T) {
	d := blobs(3000, 6, 9, 3, 14)
	h := newHarness(t, d, 600, 500)
	h.v.SetHidden(4, true)
	h.v.Zoom(1.3, fyne.NewPos(250, 260))
	h.settle()
	h.v.mu.Lock()
	g, _ := h.v.geometry()
	h.v.mu.Unlock()
	for k := range 2000 {
		pos := fyne.NewPos(float32(k*37%600), float32(k*53%500))
		got := h.v.PointAt(pos)
		want, best := -1, float64(hitRadius*hitRadius)
		for i := range d.X {
			if d.Cat[i] == 4 || !g.view.contains(d.X[i], d.Y[i]) {
				continue
			}
			sx, sy := g.toScreen(d.X[i], d.Y[i])
			dx, dy := float64(float32(sx))-float64(pos.X), float64(float32(sy))-float64(pos.Y)
			if dd := dx*dx + dy*dy; dd < best || (dd == best && want < 0) {
				want, best = i, dd
			}
		}
		if got != want {
			t.Fatalf("PointAt(%v) = %d, want %d", pos, got, want)
		}
	}
}

func TestSynchronousGoDo(t *testing.T) {
	test.NewTempApp(t)
	v := New()
	v.Go = func(f func()) { f() }
	v.Do = func(f func()) { f() }
	v.SetData(grid(4, 3))
	w := test.NewTempWindow(t, v)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(400, 300))
	n := v.Renders()
	v.SetSelected(2)
	v.Pan(10, 5)
	if v.Renders() != n+2 {
		t.Errorf("%d renders, want %d", v.Renders(), n+2)
	}
	h := &harness{t: t, v: v, win: w}
	checkColours(t, h, h.image(), 1)
}
