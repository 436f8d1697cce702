package plotview

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/fashionlens/fashionlens/analysis/plot"
)

// fakeUI stands in for the app's Go and Do: Go runs jobs in goroutines
// it counts, Do queues functions that settle runs on the test goroutine,
// as the UI goroutine would.
type fakeUI struct {
	wg sync.WaitGroup
	mu sync.Mutex
	q  []func()
}

// Go implements View.Go.
func (u *fakeUI) Go(f func()) {
	u.wg.Add(1)
	go func() {
		defer u.wg.Done()
		f()
	}()
}

// Do implements View.Do.
func (u *fakeUI) Do(f func()) {
	u.mu.Lock()
	u.q = append(u.q, f)
	u.mu.Unlock()
}

// settle waits for the background jobs and runs the queued functions
// until there are none left.
func (u *fakeUI) settle() {
	for {
		u.wg.Wait()
		u.mu.Lock()
		q := u.q
		u.q = nil
		u.mu.Unlock()
		if len(q) == 0 {
			return
		}
		for _, f := range q {
			f()
		}
	}
}

// harness is a View in a test window.
type harness struct {
	t   *testing.T
	v   *View
	win fyne.Window
	ui  *fakeUI
}

// newHarness shows d in a View of w × h device-independent pixels in a
// test window without padding, and waits for the first raster.
func newHarness(t *testing.T, d Data, w, h float32) *harness {
	t.Helper()
	test.NewTempApp(t)
	v := New()
	u := &fakeUI{}
	v.Go, v.Do = u.Go, u.Do
	v.SetData(d)
	win := test.NewTempWindow(t, v)
	win.SetPadded(false)
	win.Resize(fyne.NewSize(w, h))
	u.settle()
	hs := &harness{t: t, v: v, win: win, ui: u}
	if v.Size() != fyne.NewSize(w, h) {
		t.Fatalf("view size %v, want %v×%v", v.Size(), w, h)
	}
	return hs
}

// settle waits for pending renders to be shown.
func (h *harness) settle() { h.ui.settle() }

// pos returns where point i is drawn, failing the test if it is not.
func (h *harness) pos(i int) fyne.Position {
	h.t.Helper()
	p, ok := h.v.PointPosition(i)
	if !ok {
		h.t.Fatalf("point %d is not shown", i)
	}
	return p
}

// image returns the image shown, failing the test if there is none.
func (h *harness) image() *image.RGBA {
	h.t.Helper()
	h.v.mu.Lock()
	img := h.v.img
	r := h.v.r
	h.v.mu.Unlock()
	if img == nil || r == nil || r.img.Image != img || img == blank {
		h.t.Fatal("no image shown")
	}
	rgba, ok := img.(*image.RGBA)
	if !ok {
		h.t.Fatalf("image is a %T", img)
	}
	return rgba
}

// blobs returns n points in k Gaussian blobs of the given spread on a
// circle of radius 10, every noiseEvery-th point (if > 0) noise spread
// over the square.
func blobs(n, k, noiseEvery int, spread float64, seed uint64) Data {
	r := rand.New(rand.NewPCG(seed, 3))
	d := Data{X: make([]float64, n), Y: make([]float64, n), Cat: make([]int, n), Names: plot.ClusterNames(k)}
	for i := range n {
		j := i % k
		a := 2 * math.Pi * float64(j) / float64(k)
		d.X[i] = 10*math.Cos(a) + spread*r.NormFloat64()
		d.Y[i] = 10*math.Sin(a) + spread*r.NormFloat64()
		d.Cat[i] = j
		if noiseEvery > 0 && i%noiseEvery == noiseEvery-1 {
			d.X[i], d.Y[i], d.Cat[i] = 24*(r.Float64()-0.5), 24*(r.Float64()-0.5), plot.Noise
		}
	}
	return d
}

// grid returns points on a cols × rows grid (far apart), in categories
// 0 … 9 in turn, the last one noise.
func grid(cols, rows int) Data {
	d := Data{Names: []string{"T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Boot"}, Title: "Grid"}
	for r := range rows {
		for c := range cols {
			d.X = append(d.X, float64(c))
			d.Y = append(d.Y, float64(r)*2)
			d.Cat = append(d.Cat, len(d.Cat)%10)
		}
	}
	d.Cat[len(d.Cat)-1] = plot.Noise
	return d
}

// near says whether p and q are within tol in both coordinates.
func near(p, q fyne.Position, tol float32) bool {
	return math.Abs(float64(p.X-q.X)) <= float64(tol) && math.Abs(float64(p.Y-q.Y)) <= float64(tol)
}

// colourNear says whether c is within tol of want in every channel.
func colourNear(c color.RGBA, want color.NRGBA, tol int) bool {
	d := func(a, b uint8) bool { return math.Abs(float64(a)-float64(b)) <= float64(tol) }
	return d(c.R, want.R) && d(c.G, want.G) && d(c.B, want.B)
}

// emptySpot returns a position in the data area with no point within
// 2·hitRadius, failing the test if there is none.
func (h *harness) emptySpot() fyne.Position {
	h.t.Helper()
	h.v.mu.Lock()
	g, err := h.v.geometry()
	d := h.v.d
	h.v.mu.Unlock()
	if err != nil {
		h.t.Fatal(err)
	}
	for y := g.a.y0 + 3; y < g.a.y1; y += 3 {
		for x := g.a.x0 + 3; x < g.a.x1; x += 3 {
			ok := true
			for i := range d.x {
				sx, sy := g.toScreen(d.x[i], d.y[i])
				if math.Hypot(sx-x, sy-y) < 2*hitRadius {
					ok = false
					break
				}
			}
			if ok {
				return fyne.NewPos(float32(x), float32(y))
			}
		}
	}
	h.t.Fatal("no empty spot")
	return fyne.Position{}
}
