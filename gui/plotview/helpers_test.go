package plotview

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
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

// areaCall is one call of OnSelectArea.
type areaCall struct {
	idx []int
	op  SelectOp
}

// record makes OnSelectArea and OnSelect append to the returned slices.
func record(v *View) (*[]areaCall, *[]int) {
	var areas []areaCall
	var taps []int
	v.OnSelectArea = func(idx []int, op SelectOp) { areas = append(areas, areaCall{slices.Clone(idx), op}) }
	v.OnSelect = func(i int) { taps = append(taps, i) }
	return &areas, &taps
}

// press sends a primary-button MouseDown at p with modifiers mod.
func press(v *View, p fyne.Position, mod fyne.KeyModifier) {
	v.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p}, Button: desktop.MouseButtonPrimary, Modifier: mod})
}

// dragPath drags along path as Fyne's desktop driver does: a press with
// modifiers mod at path[0], a drag event for each further point, the
// release and the drag's end. during, if not nil, runs before the release.
func dragPath(v *View, mod fyne.KeyModifier, path []fyne.Position, during func()) {
	press(v, path[0], mod)
	for k := 1; k < len(path); k++ {
		d := path[k].Subtract(path[k-1])
		v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: path[k]}, Dragged: fyne.NewDelta(d.X, d.Y)})
	}
	if during != nil {
		during()
	}
	v.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: path[len(path)-1]}, Button: desktop.MouseButtonPrimary, Modifier: mod})
	v.DragEnd()
}

// line returns n+1 points from a to b.
func line(a, b fyne.Position, n int) []fyne.Position {
	var ps []fyne.Position
	for k := range n + 1 {
		f := float32(k) / float32(n)
		ps = append(ps, fyne.NewPos(a.X+f*(b.X-a.X), a.Y+f*(b.Y-a.Y)))
	}
	return ps
}

// selectable returns, by brute force over all points, the points drawn
// in the data area, their category shown and not dimmed, with their
// positions.
func selectable(h *harness, dimmed []bool) map[int]fyne.Position {
	h.t.Helper()
	m := map[int]fyne.Position{}
	for i, c := range h.v.d.cat {
		p, ok := h.v.PointPosition(i)
		if ok && !h.v.Hidden(c) && (dimmed == nil || !dimmed[i]) {
			m[i] = p
		}
	}
	return m
}

// evenOdd says whether (x, y) is inside poly by the even-odd rule,
// testing every edge.
func evenOdd(poly []fyne.Position, x, y float64) bool {
	in := false
	for k := range poly {
		a, b := poly[k], poly[(k+1)%len(poly)]
		ax, ay, bx, by := float64(a.X), float64(a.Y), float64(b.X), float64(b.Y)
		if (ay > y) != (by > y) && x < ax+(y-ay)*(bx-ax)/(by-ay) {
			in = !in
		}
	}
	return in
}

// winding returns poly's winding number around (x, y).
func winding(poly []fyne.Position, x, y float64) int {
	w := 0
	for k := range poly {
		a, b := poly[k], poly[(k+1)%len(poly)]
		ax, ay, bx, by := float64(a.X)-x, float64(a.Y)-y, float64(b.X)-x, float64(b.Y)-y
		cross := ax*by - ay*bx
		if ay <= 0 && by > 0 && cross > 0 {
			w++
		} else if ay > 0 && by <= 0 && cross < 0 {
			w--
		}
	}
	return w
}

// wantIn returns the points of sel for which in is true, ascending.
func wantIn(sel map[int]fyne.Position, in func(p fyne.Position) bool) []int {
	var want []int
	for i, p := range sel {
		if in(p) {
			want = append(want, i)
		}
	}
	slices.Sort(want)
	return want
}

// everyOther returns a mask true for every k-th point.
func everyOther(n, k int) []bool {
	m := make([]bool, n)
	for i := range m {
		m[i] = i%k == 0
	}
	return m
}

// star returns a pentagram (self-intersecting) of radius r around c.
func star(c fyne.Position, r float64) []fyne.Position {
	var ps []fyne.Position
	for k := range 5 {
		a := -math.Pi/2 + float64(2*k)*2*math.Pi/5
		ps = append(ps, fyne.NewPos(c.X+float32(r*math.Cos(a)), c.Y+float32(r*math.Sin(a))))
	}
	return ps
}

// blob returns a closed wobbly loop of n vertices around c, each edge
// longer than lassoStep.
func blob(c fyne.Position, r float64, n int, seed uint64) []fyne.Position {
	rnd := rand.New(rand.NewPCG(seed, 5))
	var ps []fyne.Position
	for k := range n {
		a := 2 * math.Pi * float64(k) / float64(n)
		rr := r * (0.75 + 0.25*math.Sin(5*a) + 0.05*rnd.Float64())
		ps = append(ps, fyne.NewPos(c.X+float32(rr*math.Cos(a)), c.Y+float32(rr*math.Sin(a))))
	}
	return ps
}

// densify returns the closed polygon poly with points every step pixels
// along its edges, as a lasso drag would give them.
func densify(poly []fyne.Position, step float64) []fyne.Position {
	var ps []fyne.Position
	for k := range poly {
		a, b := poly[k], poly[(k+1)%len(poly)]
		n := max(1, int(math.Hypot(float64(b.X-a.X), float64(b.Y-a.Y))/step))
		ps = append(ps, line(a, b, n)[:n]...)
	}
	return ps
}
