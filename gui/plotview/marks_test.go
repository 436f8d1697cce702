package plotview

import (
	"image"
	"image/color"
	"slices"
	"sync"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/fashionlens/fashionlens/analysis/plot"
)

// dark says whether c is darker than 0x70 in every channel.
func dark(c color.RGBA) bool { return c.R < 0x70 && c.G < 0x70 && c.B < 0x70 }

// ringAround says how many of four pixels 6 device-independent pixels
// from p (beyond the point, 5⅓ pixels wide at 4 points, on its ring) are
// dark.
func ringAround(img *image.RGBA, p fyne.Position) int {
	n := 0
	for _, d := range [][2]float32{{6, 0}, {-6, 0}, {0, 6}, {0, -6}} {
		if dark(img.RGBAAt(int(p.X+d[0]), int(p.Y+d[1]))) {
			n++
		}
	}
	return n
}

func TestMarkedDimmed(t *testing.T) {
	d := grid(6, 4)
	h := newHarness(t, d, 640, 420)
	n := h.v.Renders()
	renders := func(what string, want int) {
		t.Helper()
		h.settle()
		if got := h.v.Renders(); got != n+want {
			t.Errorf("%s: %d renders, want %d", what, got-n, want)
		}
		n = h.v.Renders()
	}
	h.v.SetMarked([]int{9, 3, 3, 100, -1})
	renders("SetMarked", 1)
	if got := h.v.Marked(); !slices.Equal(got, []int{3, 9}) {
		t.Errorf("Marked() = %v, want [3 9]", got)
	}
	h.v.SetMarked([]int{3, 9})
	renders("SetMarked of the same points", 0)
	img := h.image()
	for _, i := range []int{3, 9} {
		p := h.pos(i)
		if got, want := img.RGBAAt(int(p.X), int(p.Y)), plot.CategoryColor(d.Cat[i]); !colourNear(got, want, 12) {
			t.Errorf("marked point %d: %v in the middle, want %v", i, got, want)
		}
		if k := ringAround(img, p); k < 4 {
			t.Errorf("marked point %d: %d of 4 ring pixels dark", i, k)
		}
	}
	if k := ringAround(img, h.pos(4)); k > 0 {
		t.Errorf("point 4, not marked: %d dark pixels around it", k)
	}
	checkColours(t, h, img, 1)

	mask := make([]bool, len(d.X))
	mask[4], mask[5], mask[9] = true, true, true
	h.v.SetDimmed(mask)
	renders("SetDimmed", 1)
	mask[4] = false // the view keeps a copy
	if got := h.v.Dimmed(); !got[4] || !got[5] {
		t.Error("Dimmed() does not give the mask set")
	}
	mask[4] = true
	h.v.SetDimmed(mask)
	renders("SetDimmed of the same mask", 0)
	img = h.image()
	for _, i := range []int{4, 5, 9} {
		p := h.pos(i)
		if got := img.RGBAAt(int(p.X), int(p.Y)); !colourNear(got, plot.DimColor, 6) {
			t.Errorf("dimmed point %d: %v, want %v", i, got, plot.DimColor)
		}
	}
	// 9 is marked and dimmed: grey in its ring.
	if k := ringAround(img, h.pos(9)); k < 4 {
		t.Errorf("marked dimmed point 9: %d of 4 ring pixels dark", k)
	}
	if got := h.v.Selectable(); slices.Contains(got, 4) || slices.Contains(got, 9) || !slices.Contains(got, 3) || len(got) != len(d.X)-3 {
		t.Errorf("Selectable() = %v: want all but 4, 5 and 9", got)
	}

	// The figure shows what the view shows.
	p, err := h.v.Figure(false)
	if err != nil {
		t.Fatal(err)
	}
	fig, err := plot.Raster(p, 640, 420, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{4, 5} {
		q := h.pos(i)
		if got := fig.RGBAAt(int(q.X), int(q.Y)); !colourNear(got, plot.DimColor, 6) {
			t.Errorf("figure: dimmed point %d is %v", i, got)
		}
	}
	if k := ringAround(fig, h.pos(3)); k < 4 {
		t.Errorf("figure: marked point 3 has %d of 4 ring pixels dark", k)
	}

	// A mask of the wrong length, or none true, clears the dimming.
	h.v.SetDimmed(mask[:5])
	renders("SetDimmed of a short mask", 1)
	if h.v.Dimmed() != nil {
		t.Error("a short mask was kept")
	}
	h.v.SetDimmed(make([]bool, len(d.X)))
	renders("SetDimmed of no point", 0)
	h.v.SetMarked([]int{-5})
	renders("SetMarked of nothing valid", 1)
	if h.v.Marked() != nil {
		t.Errorf("Marked() = %v", h.v.Marked())
	}

	// SetData keeps them for as many points, clears them for others.
	h.v.SetMarked([]int{1})
	h.v.SetDimmed(mask)
	d2 := grid(6, 4)
	d2.X[0] = 0.5
	h.v.SetData(d2)
	if !slices.Equal(h.v.Marked(), []int{1}) || h.v.Dimmed() == nil {
		t.Error("SetData of as many points cleared the marks or the dimming")
	}
	h.v.SetData(grid(5, 4))
	if h.v.Marked() != nil || h.v.Dimmed() != nil {
		t.Error("SetData of other points kept the marks or the dimming")
	}
	h.settle()
	checkColours(t, h, h.image(), 1)
}

// TestStaleMarksDropped checks that a raster of old marked or dimmed
// points is never shown.
func TestStaleMarksDropped(t *testing.T) {
	d := blobs(2000, 5, 0, 2, 28)
	h := newHarness(t, d, 500, 400)
	for _, change := range []struct {
		name string
		a, b func()
	}{
		{"marked", func() { h.v.SetMarked([]int{1, 2}) }, func() { h.v.SetMarked([]int{3}) }},
		{"dimmed", func() { h.v.SetDimmed(everyOther(len(d.X), 2)) }, func() { h.v.SetDimmed(everyOther(len(d.X), 3)) }},
	} {
		gate := make(chan struct{})
		h.v.Go = func(f func()) {
			h.ui.Go(func() {
				<-gate
				f()
			})
		}
		change.a() // drawn while…
		change.b() // …this one waits
		close(gate)
		h.ui.wg.Wait()
		h.ui.mu.Lock()
		queued := len(h.ui.q)
		h.ui.mu.Unlock()
		h.settle()
		if queued != 1 {
			t.Errorf("%s: %d images handed to the UI, want 1 (the stale one dropped)", change.name, queued)
		}
		h.v.mu.Lock()
		shown, want := h.v.shown, h.v.requested
		h.v.mu.Unlock()
		if shown != want {
			t.Errorf("%s: the image shown is for %+v, want %+v", change.name, shown, want)
		}
	}
}

// TestSelectConcurrent runs the selection queries on other goroutines
// while the UI goroutine changes the view and renders run (for -race).
func TestSelectConcurrent(t *testing.T) {
	d := blobs(3000, 5, 10, 2, 29)
	h := newHarness(t, d, 600, 450)
	poly := densify(blob(fyne.NewPos(300, 220), 180, 60, 3), 4)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				h.v.PointsInPolygon(poly)
				h.v.PointsInRect(fyne.NewPos(50, 40), fyne.NewPos(400, 300))
				h.v.Selectable()
				h.v.Marked()
				h.v.Dimmed()
				h.v.Tool()
				h.v.PointAt(fyne.NewPos(200, 200))
			}
		}()
	}
	var got []int
	h.v.OnSelectArea = func(idx []int, _ SelectOp) { got = idx }
	for k := range 25 {
		h.v.SetMarked(got)
		h.v.SetDimmed(everyOther(len(d.X), 2+k%4))
		h.v.SetHidden(k%5, k%2 == 0)
		h.v.Zoom(1+0.1*float64(k%3), fyne.NewPos(300, 220))
		h.v.SetTool(Tool(1 + k%2))
		dragPath(h.v, 0, poly, nil)
		h.v.Pan(float32(k%3)-1, 0)
		if k%4 == 0 {
			h.settle()
		}
	}
	close(stop)
	wg.Wait()
	h.settle()
	if len(h.v.Marked()) == 0 {
		t.Error("nothing was ever selected")
	}
}
