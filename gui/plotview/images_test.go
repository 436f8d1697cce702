package plotview

import (
	"bytes"
	"image"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/fashionlens/fashionlens/analysis/plot"
)

// thumbSide is the side of the synthetic images.
const thumbSide = 28

// testThumbs returns n synthetic 28×28 grey images: a ramp whose
// centre pixel is thumbCentre, and a source of them that counts calls.
func testThumbs(n int) (func(i int) image.Image, *sync.Map) {
	imgs := make([]*image.Gray, n)
	for i := range imgs {
		g := image.NewGray(image.Rect(0, 0, thumbSide, thumbSide))
		for y := range thumbSide {
			for x := range thumbSide {
				g.Pix[y*g.Stride+x] = uint8(30 + 5*x + 2*y)
			}
		}
		imgs[i] = g
	}
	var asked sync.Map
	return func(i int) image.Image {
		asked.Store(i, true)
		return imgs[i]
	}, &asked
}

// thumbCentre is the centre pixel of testThumbs's images.
const thumbCentre = 30 + 5*14 + 2*14

// reps returns the representatives the view hit-tests, and how far
// their thumbnails reach.
func reps(h *harness) ([]int, float64) {
	h.v.mu.Lock()
	defer h.v.mu.Unlock()
	c := h.v.thumbReps()
	if c == nil {
		h.t.Fatal("no representatives")
	}
	return slices.Clone(c.reps), c.reach
}

// thumbShown says whether the image shows a thumbnail's centre pixel at p.
func thumbShown(img *image.RGBA, p fyne.Position) bool {
	c := img.RGBAAt(int(p.X), int(p.Y))
	return c.R == c.G && c.G == c.B && math.Abs(float64(c.R)-thumbCentre) <= 10
}

func TestShowImagesRedraws(t *testing.T) {
	d := blobs(2000, 5, 10, 2, 31)
	h := newHarness(t, d, 600, 450)
	dots := h.image()
	n := h.v.Renders()
	f, asked := testThumbs(len(d.X))
	h.v.SetThumbs(f)
	h.settle()
	if got := h.v.Renders(); got != n {
		t.Errorf("SetThumbs with images off: %d renders, want %d", got, n)
	}
	if h.v.ShowImages() {
		t.Error("images shown before SetShowImages")
	}
	h.v.SetShowImages(true)
	h.settle()
	if got := h.v.Renders(); got != n+1 {
		t.Errorf("SetShowImages(true): %d renders, want %d", got, n+1)
	}
	if !h.v.ShowImages() {
		t.Error("ShowImages false after SetShowImages(true)")
	}
	img := h.image()
	rs, _ := reps(h)
	if len(rs) < 20 {
		t.Fatalf("%d representatives", len(rs))
	}
	// The representatives hit-tested are those drawn: each one's image,
	// and no other's, was asked for, and its centre shows (unless a
	// later one covers it).
	for i := range d.X {
		_, ok := asked.Load(i)
		if want := slices.Contains(rs, i); ok != want {
			t.Fatalf("point %d: image asked for %v, representative %v", i, ok, want)
		}
	}
	drawn := 0
	for _, i := range rs {
		if thumbShown(img, h.pos(i)) {
			drawn++
		}
		if thumbShown(dots, h.pos(i)) {
			t.Errorf("point %d: a thumbnail's pixel without images", i)
		}
	}
	if drawn < len(rs)*8/10 {
		t.Errorf("%d of %d representatives show their image's centre", drawn, len(rs))
	}
	h.v.SetShowImages(true)
	h.settle()
	if got := h.v.Renders(); got != n+1 {
		t.Errorf("SetShowImages(true) again: %d renders, want %d", got, n+1)
	}
	// A new source redraws.
	h.v.SetThumbs(f)
	h.settle()
	if got := h.v.Renders(); got != n+2 {
		t.Errorf("SetThumbs with images on: %d renders, want %d", got, n+2)
	}
	h.v.SetShowImages(false)
	h.settle()
	if got := h.v.Renders(); got != n+3 {
		t.Errorf("SetShowImages(false): %d renders, want %d", got, n+3)
	}
	if !bytes.Equal(h.image().Pix, dots.Pix) {
		t.Error("the dots differ after images were shown and hidden")
	}
	// Zooming in shows other representatives.
	h.v.SetShowImages(true)
	h.v.Zoom(3, fyne.NewPos(300, 225))
	h.settle()
	if zoomed, _ := reps(h); slices.Equal(zoomed, rs) {
		t.Error("the same representatives after zooming in")
	}
}

func TestImagesHit(t *testing.T) {
	d := blobs(2000, 5, 10, 2, 37)
	h := newHarness(t, d, 600, 450)
	f, _ := testThumbs(len(d.X))
	h.v.SetThumbs(f)
	h.v.SetShowImages(true)
	dimmed := everyOther(len(d.X), 3)
	h.v.SetDimmed(dimmed)
	h.settle()
	areas, taps := record(h.v)
	rs, reach := reps(h)
	if want := float64(plot.ThumbReach(plot.DefaultThumbSide)) * 4 / 3; math.Abs(reach-want) > 0.01 {
		t.Errorf("thumbnails reach %v, want %v", reach, want)
	}
	// A corner of a thumbnail, beyond a dot's hit radius: its point,
	// unless a later thumbnail covers that corner.
	hits := 0
	for _, i := range rs {
		if dimmed[i] {
			t.Fatalf("dimmed point %d has a thumbnail", i)
		}
		p := h.pos(i).AddXY(float32(reach-2), float32(-reach+2))
		if got := h.v.PointAt(p); got == i {
			hits++
		} else if !slices.Contains(rs, got) || slices.Index(rs, got) < slices.Index(rs, i) {
			t.Errorf("the corner of point %d's thumbnail hits %d", i, got)
		}
	}
	if hits < len(rs)/2 {
		t.Errorf("%d of %d thumbnails hit at their corner", hits, len(rs))
	}
	// A tap, a Shift tap and the tooltip.
	i := rs[len(rs)/2]
	p := h.pos(i).AddXY(float32(reach-1), 0)
	for h.v.PointAt(p) != i {
		i = rs[(slices.Index(rs, i)+1)%len(rs)]
		p = h.pos(i).AddXY(float32(reach-1), 0)
	}
	test.Tap(h.v) // at (0, 0): nothing
	h.v.Tapped(&fyne.PointEvent{Position: p})
	if !slices.Equal(*taps, []int{i}) || h.v.Selected() != i {
		t.Errorf("tap on point %d's thumbnail: OnSelect %v, selected %d", i, *taps, h.v.Selected())
	}
	// The selection's highlight may move the data area by a pixel.
	p = h.pos(i).AddXY(float32(reach-1), 0)
	press(h.v, p, fyne.KeyModifierShift)
	h.v.Tapped(&fyne.PointEvent{Position: p})
	if len(*areas) != 1 || !slices.Equal((*areas)[0].idx, []int{i}) || (*areas)[0].op != Add {
		t.Errorf("Shift tap on point %d's thumbnail: %v", i, *areas)
	}
	h.v.Tooltip = func(j int) (image.Image, string) { return nil, "tip" }
	test.MoveMouse(h.win.Canvas(), p)
	if h.v.tipIdx != i {
		t.Errorf("hovering point %d's thumbnail: tooltip of %d", i, h.v.tipIdx)
	}
	// The selected point's thumbnail is drawn on top: hit first.
	h.settle()
	for _, j := range rs {
		if j != i && math.Abs(float64(h.pos(j).X-h.pos(i).X)) < 2*reach && math.Abs(float64(h.pos(j).Y-h.pos(i).Y)) < 2*reach {
			pi, pj := h.pos(i), h.pos(j)
			q := fyne.NewPos((pi.X+pj.X)/2, (pi.Y+pj.Y)/2)
			if got := h.v.PointAt(q); got != i {
				t.Errorf("between the selected point %d and %d: hit %d", i, j, got)
			}
		}
	}
	// A dot that no thumbnail covers is still hit.
	found := false
	for j := range d.X {
		pj, ok := h.v.PointPosition(j)
		if !ok || slices.Contains(rs, j) || h.v.Hidden(d.Cat[j]) {
			continue
		}
		h.v.mu.Lock()
		covered := h.v.thumbAt(pj, nil) >= 0
		h.v.mu.Unlock()
		if covered {
			continue
		}
		found = true
		if got := h.v.PointAt(pj); got < 0 {
			t.Errorf("point %d, under no thumbnail: no hit", j)
		}
		break
	}
	if !found {
		t.Error("every dot is under a thumbnail")
	}
}

func TestFigureImages(t *testing.T) {
	d := blobs(1000, 4, 7, 2, 41)
	h := newHarness(t, d, 500, 400)
	f, _ := testThumbs(len(d.X))
	h.v.SetThumbs(f)
	svg := func() string {
		t.Helper()
		p, err := h.v.Figure(true)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := plot.Write(&buf, p, "svg", plot.ExportWidth, plot.ExportHeight); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	if n := strings.Count(svg(), "<image "); n != 0 {
		t.Errorf("images off: %d images in the SVG", n)
	}
	h.v.SetShowImages(true)
	if n := strings.Count(svg(), "<image "); n < 20 {
		t.Errorf("images on: %d images in the SVG", n)
	}
	h.settle()
}

func TestImagesConcurrent(t *testing.T) {
	d := blobs(3000, 5, 10, 2, 43)
	h := newHarness(t, d, 600, 450)
	f, _ := testThumbs(len(d.X))
	h.v.SetThumbs(f)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				h.v.PointAt(fyne.NewPos(300, 200))
				h.v.ShowImages()
				if p, err := h.v.Figure(false); err == nil {
					_ = plot.Write(&bytes.Buffer{}, p, "svg", 300, 200)
				}
			}
		}()
	}
	c := h.win.Canvas()
	for k := range 30 {
		h.v.SetShowImages(k%3 != 0)
		h.v.Zoom(1+0.1*float64(k%3), fyne.NewPos(300, 220))
		h.v.Pan(float32(k%5)-2, 1)
		h.v.SetDimmed(everyOther(len(d.X), 2+k%4))
		h.v.SetSelected(k * 7)
		test.MoveMouse(c, fyne.NewPos(float32(100+10*k), 200))
		if k%5 == 0 {
			h.v.SetThumbs(f)
			h.settle()
		}
	}
	close(stop)
	wg.Wait()
	h.settle()
}
