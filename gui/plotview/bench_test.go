package plotview

import (
	"image"
	"math/rand/v2"
	"testing"

	"fyne.io/fyne/v2"

	fmnist "github.com/fashionlens/fashionlens/model/dataset"
)

// benchView returns a View of 10,000 points in 10 categories, 1000 × 800
// device-independent pixels at scale 1, without a window.
func benchView(b *testing.B) *View { return benchViewOf(b, 10000) }

// benchViewOf is benchView with n points.
func benchViewOf(b *testing.B, n int) *View {
	b.Helper()
	v := New()
	v.Go = func(func()) {} // no renders in the background
	v.SetData(blobs(n, 10, 0, 2, 42))
	v.mu.Lock()
	v.size, v.scale = fyne.NewSize(1000, 800), 1
	_, err := v.geometry()
	v.mu.Unlock()
	if err != nil {
		b.Fatal(err)
	}
	return v
}

// BenchmarkRedraw measures the render of one frame: the plot made from
// the snapshot and rasterised.
func BenchmarkRedraw(b *testing.B) {
	v := benchView(b)
	v.mu.Lock()
	snap := v.snapshot()
	v.mu.Unlock()
	for b.Loop() {
		if _, err := snap.draw(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRedrawImages is BenchmarkRedraw with images shown: the
// 10,000 points each with an image of the embedded test split, as the app
// passes them (an *image.Gray over the split's pixels). Zoomed is the
// view zoomed in 4 times around a blob, where more of the points visible
// get thumbnails.
func BenchmarkRedrawImages(b *testing.B) {
	s, err := fmnist.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	thumbs := func(i int) image.Image {
		return &image.Gray{Pix: s.Image(i), Stride: fmnist.Cols, Rect: image.Rect(0, 0, fmnist.Cols, fmnist.Rows)}
	}
	for _, zoom := range []struct {
		name   string
		factor float64
	}{{"all", 1}, {"zoomed", 4}} {
		b.Run(zoom.name, func(b *testing.B) {
			v := benchView(b)
			if n := len(v.d.x); n > s.Len() {
				b.Fatalf("%d points, %d images", n, s.Len())
			}
			v.SetThumbs(thumbs)
			v.SetShowImages(true)
			if zoom.factor != 1 {
				at, _ := v.PointPosition(0) // in a blob
				v.Zoom(zoom.factor, at)
			}
			v.mu.Lock()
			snap := v.snapshot()
			v.mu.Unlock()
			if snap.look.thumbs == nil || len(snap.look.reps) < 50 {
				b.Fatalf("%d thumbnails", len(snap.look.reps))
			}
			for b.Loop() {
				if _, err := snap.draw(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(snap.look.reps)), "thumbs")
		})
	}
}

// BenchmarkThumbReps measures finding the representatives of 10,000
// points, as the first hover or render after a pan or zoom does (the
// screen index rebuilt too).
func BenchmarkThumbReps(b *testing.B) {
	v := benchView(b)
	v.SetThumbs(func(int) image.Image { return nil })
	v.SetShowImages(true)
	v.mu.Lock()
	defer v.mu.Unlock()
	for b.Loop() {
		v.idx.ok, v.im.reps.ok = false, false
		v.thumbReps()
	}
}

// BenchmarkRedraw60k is BenchmarkRedraw with 60,000 points: the whole
// train split.
func BenchmarkRedraw60k(b *testing.B) {
	v := benchViewOf(b, 60000)
	v.mu.Lock()
	snap := v.snapshot()
	v.mu.Unlock()
	for b.Loop() {
		if _, err := snap.draw(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPointAt measures a hit test (the index built).
func BenchmarkPointAt(b *testing.B) {
	v := benchView(b)
	r := rand.New(rand.NewPCG(1, 2))
	pos := make([]fyne.Position, 1024)
	for i := range pos {
		pos[i] = fyne.NewPos(float32(r.Float64()*1000), float32(r.Float64()*800))
	}
	v.PointAt(pos[0])
	k, hits := 0, 0
	for b.Loop() {
		if v.PointAt(pos[k%len(pos)]) >= 0 {
			hits++
		}
		k++
	}
	b.ReportMetric(float64(hits)/float64(k), "hits/op")
}

// BenchmarkIndex measures rebuilding the screen index.
func BenchmarkIndex(b *testing.B) {
	v := benchView(b)
	v.mu.Lock()
	defer v.mu.Unlock()
	g, _ := v.geometry()
	for b.Loop() {
		v.idx.build(v.d, v.hidden, g)
	}
}

// BenchmarkPan measures the work of one drag event on the UI goroutine:
// the new range and its data area.
func BenchmarkPan(b *testing.B) {
	v := benchView(b)
	dx := float32(1)
	for b.Loop() {
		v.Pan(dx, 0)
		dx = -dx
	}
}

// BenchmarkPointAtLinear is the hit test without the grid, for
// comparison with BenchmarkPointAt: every visible point's screen position
// is compared with the mouse's.
func BenchmarkPointAtLinear(b *testing.B) {
	v := benchView(b)
	v.PointAt(fyne.NewPos(0, 0)) // builds the index, and so the screen positions
	r := rand.New(rand.NewPCG(1, 2))
	pos := make([]fyne.Position, 1024)
	for i := range pos {
		pos[i] = fyne.NewPos(float32(r.Float64()*1000), float32(r.Float64()*800))
	}
	ix := &v.idx
	k, hits := 0, 0
	for b.Loop() {
		p := pos[k%len(pos)]
		best, bestD := -1, float64(hitRadius*hitRadius)
		for i, c := range ix.cellOf[:len(v.d.x)] {
			if c < 0 {
				continue
			}
			dx, dy := float64(ix.sx[i])-float64(p.X), float64(ix.sy[i])-float64(p.Y)
			if d := dx*dx + dy*dy; d <= bestD {
				best, bestD = i, d
			}
		}
		if best >= 0 {
			hits++
		}
		k++
	}
	b.ReportMetric(float64(hits)/float64(k), "hits/op")
}

// benchLasso returns the lasso of BenchmarkLasso: a wobbly loop of 200
// vertices over the middle of the 1000 × 800 view, with the number of
// points inside.
func benchLasso(b *testing.B, v *View) []fyne.Position {
	b.Helper()
	poly := blob(fyne.NewPos(520, 390), 330, 200, 9)
	if n := len(v.PointsInPolygon(poly)); n < 2000 {
		b.Fatalf("only %d points in the lasso", n)
	}
	return poly
}

// BenchmarkLasso measures the selection at the end of a lasso drag over
// 10,000 points: the lasso of 200 vertices covers about half of the data
// area. Each round first drops the geometry and the screen index, as a
// zoom during the drag would, so it pays for rebuilding them too.
func BenchmarkLasso(b *testing.B) {
	v := benchView(b)
	poly := benchLasso(b, v)
	k := 0
	for b.Loop() {
		v.mu.Lock()
		v.geo.ok, v.idx.ok = false, false
		v.mu.Unlock()
		k = len(v.PointsInPolygon(poly))
	}
	b.ReportMetric(float64(k), "points")
}

// BenchmarkLassoIndexed is BenchmarkLasso with the index up to date: the
// point-in-polygon tests alone.
func BenchmarkLassoIndexed(b *testing.B) {
	v := benchView(b)
	poly := benchLasso(b, v)
	for b.Loop() {
		v.PointsInPolygon(poly)
	}
}

// BenchmarkLassoDrag measures a whole lasso drag as the UI goroutine
// sees it: 600 drag events of 3 pixels or more (the view's own overlay
// not drawn: no renderer), then the drag's end and the selection.
func BenchmarkLassoDrag(b *testing.B) {
	v := benchView(b)
	v.SetTool(Lasso)
	path := densify(blob(fyne.NewPos(520, 390), 330, 200, 9), 3.5)
	k := 0
	v.OnSelectArea = func(idx []int, _ SelectOp) { k = len(idx) }
	for b.Loop() {
		dragPath(v, 0, path, nil)
	}
	b.ReportMetric(float64(len(path)), "events")
	b.ReportMetric(float64(k), "points")
}
