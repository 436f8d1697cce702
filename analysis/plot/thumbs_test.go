package plot

import (
	"bytes"
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// testThumb returns a 28×28 grey image for point i: a smooth ramp, so
// that a shifted or scaled copy differs little, with i in its offset.
func testThumb(i int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, Side, Side))
	for y := range Side {
		for x := range Side {
			g.Pix[y*g.Stride+x] = uint8(20 + 6*x + 2*y + i%5)
		}
	}
	return g
}

// pickBrute is PickThumbs by brute force: for each cell, every candidate
// compared with every other; then every offer with every one taken.
func pickBrute(ids []int, x, y []float64, cell, side float64) []int {
	type key struct{ x, y float64 }
	best := map[key]int{}
	dist := func(k int) float64 {
		cx, cy := (math.Floor(x[k]/cell)+0.5)*cell, (math.Floor(y[k]/cell)+0.5)*cell
		return math.Hypot(x[k]-cx, y[k]-cy)
	}
	before := func(a, b int) bool { return dist(a) < dist(b) || (dist(a) == dist(b) && ids[a] < ids[b]) }
	for k := range ids {
		c := key{math.Floor(x[k] / cell), math.Floor(y[k] / cell)}
		if b, ok := best[c]; !ok || before(k, b) {
			best[c] = k
		}
	}
	var offers []int
	for _, k := range best {
		offers = append(offers, k)
	}
	slices.SortFunc(offers, func(a, b int) int {
		if before(a, b) {
			return -1
		}
		return 1
	})
	var taken []int
	out := []int{}
	for _, k := range offers {
		free := true
		for _, j := range taken {
			if math.Abs(x[j]-x[k]) < side && math.Abs(y[j]-y[k]) < side {
				free = false
			}
		}
		if free {
			taken = append(taken, k)
			out = append(out, ids[k])
		}
	}
	slices.Sort(out)
	return out
}

func TestPickThumbs(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 5))
	for _, spread := range []float64{10, 100, 1e9} { // the last takes the map
		n := 500
		ids := make([]int, n)
		x, y := make([]float64, n), make([]float64, n)
		for k := range n {
			ids[k] = 3*k + 1
			x[k], y[k] = spread*(r.Float64()-0.5), spread*(r.Float64()-0.5)
		}
		for _, cell := range []float64{0.7, 3, 25} {
			for _, side := range []float64{0, cell * 0.8, cell * 2.5} {
				got := PickThumbs(ids, x, y, cell, side)
				if want := pickBrute(ids, x, y, cell, side); !slices.Equal(got, want) {
					t.Errorf("spread %v, cell %v, side %v: got %d points, want %d: %v…", spread, cell, side, len(got), len(want), got[:min(5, len(got))])
				}
				// No two thumbnails overlap.
				for a, i := range got {
					for _, j := range got[a+1:] {
						ki, kj := slices.Index(ids, i), slices.Index(ids, j)
						if math.Abs(x[ki]-x[kj]) < side && math.Abs(y[ki]-y[kj]) < side {
							t.Fatalf("spread %v, cell %v, side %v: points %d and %d overlap", spread, cell, side, i, j)
						}
					}
				}
			}
		}
	}
	// Two points at the same distance from the centre: the lower index.
	if got := PickThumbs([]int{9, 4, 7}, []float64{0.25, 0.75, 1.5}, []float64{0.5, 0.5, 0.5}, 1, 0); !slices.Equal(got, []int{4, 7}) {
		t.Errorf("tie: got %v, want [4 7]", got)
	}
	// Negative coordinates have cells of their own.
	if got := PickThumbs([]int{0, 1}, []float64{-0.1, 0.1}, []float64{0, 0}, 1, 0.1); !slices.Equal(got, []int{0, 1}) {
		t.Errorf("across zero: got %v, want [0 1]", got)
	}
	// NaN and infinite coordinates are left out; none at all is empty.
	if got := PickThumbs([]int{0, 1, 2}, []float64{math.NaN(), math.Inf(1), 0.5}, []float64{0, 0, 0.5}, 1, 1); !slices.Equal(got, []int{2}) {
		t.Errorf("NaN: got %v, want [2]", got)
	}
	if got := PickThumbs(nil, nil, nil, 1, 1); got == nil || len(got) != 0 {
		t.Errorf("no candidates: got %#v, want an empty slice", got)
	}
	for _, cell := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		if got := PickThumbs([]int{0}, []float64{0}, []float64{0}, cell, 1); got != nil {
			t.Errorf("cell %v: got %v, want nil", cell, got)
		}
	}
	for _, side := range []float64{math.NaN(), math.Inf(1)} {
		if got := PickThumbs([]int{0}, []float64{0}, []float64{0}, 1, side); got != nil {
			t.Errorf("side %v: got %v, want nil", side, got)
		}
	}
	// Overlapping offers: the better-centred one.
	if got := PickThumbs([]int{5, 6}, []float64{0.9, 1.4}, []float64{0.5, 0.5}, 1, 0.8); !slices.Equal(got, []int{6}) {
		t.Errorf("overlap: got %v, want [6]", got)
	}
	if got := PickThumbs([]int{0, 1}, []float64{0}, []float64{0, 1}, 1, 0); got != nil {
		t.Errorf("mismatched slices: got %v, want nil", got)
	}
}

// thumbScatter draws a scatter with thumbnails as a raster of w × h
// pixels at scale 1, and returns the image, the points whose images
// were asked for, in order, and where each point lies in pixels.
func thumbScatter(t *testing.T, x, y []float64, cat []int, opt ScatterOptions, view func(p *plot.Plot), w, h int) (*image.RGBA, []int, func(i int) (float64, float64)) {
	t.Helper()
	var calls []int
	opt.Thumbs = func(i int) image.Image { calls = append(calls, i); return testThumb(i) }
	opt.NoLegend = true
	if opt.Names == nil {
		opt.Names = ClusterNames(10)
	}
	p, err := Scatter(x, y, cat, opt)
	if err != nil {
		t.Fatal(err)
	}
	if view != nil {
		view(p)
	}
	img, err := Raster(p, w, h, 1)
	if err != nil {
		t.Fatal(err)
	}
	x0, y0, x1, y1, err := DataArea(p, w, h, 1)
	if err != nil {
		t.Fatal(err)
	}
	_ = y0
	at := func(i int) (float64, float64) {
		return x0 + (x[i]-p.X.Min)/(p.X.Max-p.X.Min)*(x1-x0), y1 - (y[i]-p.Y.Min)/(p.Y.Max-p.Y.Min)*(y1-y0)
	}
	return img, calls, at
}

// TestScatterThumbsPick checks that the thumbnails drawn are
// PickThumbs's choice among the points shown, not dimmed, whose
// thumbnails fit in the data area, on the grid of ThumbCell anchored at
// the data's origin; and that zooming in shows more of them.
func TestScatterThumbsPick(t *testing.T) {
	x, y, cat := blobs(3000, 5, 10, 8)
	dimmed := make([]bool, len(x))
	for i := range dimmed {
		dimmed[i] = i%7 == 0
	}
	opt := ScatterOptions{Hidden: []int{2}, Dimmed: dimmed}
	const w, h = 600, 480
	check := func(view func(p *plot.Plot)) (drawn []int, inside func(i int) bool) {
		t.Helper()
		var p *plot.Plot
		img, calls, at := thumbScatter(t, x, y, cat, opt, func(q *plot.Plot) {
			p = q
			if view != nil {
				view(q)
			}
		}, w, h)
		_ = img
		x0, y0, x1, y1, _ := DataArea(p, w, h, 1)
		kx, ky := (x1-x0)/(p.X.Max-p.X.Min), (y1-y0)/(p.Y.Max-p.Y.Min)
		const half = 14 // DefaultThumbSide at 96 dpi, halved
		var ids []int
		var u, v []float64
		for i := range x {
			px, py := at(i)
			if cat[i] == 2 || dimmed[i] || px-half < x0 || px+half > x1 || py-half < y0 || py+half > y1 {
				continue
			}
			ids = append(ids, i)
			u, v = append(u, x[i]*kx), append(v, y[i]*ky)
		}
		want := PickThumbs(ids, u, v, 35, 32) // ThumbCell(21 pt), 24 pt in pixels
		if !slices.Equal(calls, want) {
			t.Errorf("range %v…%v: drew %d thumbnails, want %d", p.X.Min, p.X.Max, len(calls), len(want))
		}
		if len(want) < 20 {
			t.Errorf("only %d thumbnails", len(want))
		}
		return calls, func(i int) bool {
			return x[i] >= p.X.Min && x[i] <= p.X.Max && y[i] >= p.Y.Min && y[i] <= p.Y.Max
		}
	}
	full, _ := check(nil)
	zoomed, in := check(func(p *plot.Plot) {
		p.X.Min, p.X.Max = 4, 12
		p.Y.Min, p.Y.Max = -4, 4
	})
	before := 0
	for _, i := range full {
		if in(i) {
			before++
		}
	}
	if len(zoomed) < 2*before {
		t.Errorf("zoomed in: %d thumbnails where the whole view had %d", len(zoomed), before)
	}
}

// TestScatterThumbPixels checks a thumbnail's pixels: the image pixel
// for pixel at 96 dots per inch, centred on its point, in a frame of its
// category's colour; a marked one in a dark ring, a highlighted one in a
// dark outline and a white halo; a dimmed one not at all.
func TestScatterThumbPixels(t *testing.T) {
	x := []float64{0, 10, 0, 10, 5}
	y := []float64{0, 0, 10, 10, 5}
	cat := []int{0, 1, 2, 3, 4}
	dimmed := []bool{false, false, false, false, true}
	img, calls, at := thumbScatter(t, x, y, cat, ScatterOptions{Marked: []int{1}, Highlight: []int{2}, Dimmed: dimmed, ThumbPoints: []int{0, 1, 2, 3, 4}}, nil, 400, 400)
	if want := []int{0, 1, 3, 2}; !slices.Equal(calls, want) {
		t.Fatalf("images of %v, want %v (the highlighted last, no dimmed)", calls, want)
	}
	for _, i := range []int{0, 1, 2, 3} {
		px, py := at(i)
		x0, y0 := int(math.Round(px-14)), int(math.Round(py-14))
		src := testThumb(i)
		bad := 0
		for b := range Side {
			for a := range Side {
				if c := img.RGBAAt(x0+a, y0+b); c.R != src.GrayAt(a, b).Y || c.G != c.R || c.B != c.R {
					bad++
				}
			}
		}
		if bad > 0 {
			t.Errorf("point %d: %d of the image's pixels differ at (%d, %d)", i, bad, x0, y0)
		}
		// Left of the image, outwards: the frame (2 pixels), then the
		// ring or outline.
		cc := CategoryColor(cat[i])
		for d := 1; d <= 2; d++ {
			if c := img.RGBAAt(x0-d, y0+14); !near(c, cc, 2) {
				t.Errorf("point %d: %v at %d pixels left of the image, want the frame %v", i, c, d, cc)
			}
		}
		dark := func(c color.RGBA) bool { return c.R < 0x40 && c.G < 0x40 && c.B < 0x40 }
		c3 := img.RGBAAt(x0-3, y0+14)
		switch i {
		case 1: // marked
			if !dark(c3) {
				t.Errorf("marked point: %v outside the frame, want dark", c3)
			}
		case 2: // highlighted
			if c4, c6 := img.RGBAAt(x0-4, y0+14), img.RGBAAt(x0-6, y0+14); !dark(c3) || !dark(c4) || c6 != (color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}) {
				t.Errorf("highlighted point: %v, %v, %v outside the frame, want dark, dark, white", c3, c4, c6)
			}
		default:
			if dark(c3) {
				t.Errorf("point %d: dark %v outside the frame", i, c3)
			}
		}
	}
	// The dimmed point is a grey dot.
	if px, py := at(4); !near(pixel(img, px, py), DimColor, 8) {
		t.Errorf("dimmed point: %v, want %v", pixel(img, px, py), DimColor)
	}
}

// opaqueCanvas hides a vgimg canvas's type, so that thumbnails take the
// generic path of the vector formats (the canvas's DrawImage).
type opaqueCanvas struct{ vg.CanvasSizer }

// TestScatterThumbsGenericPath checks that the raster's fast path puts
// the thumbnails where the canvas's own DrawImage does.
func TestScatterThumbsGenericPath(t *testing.T) {
	x, y, cat := blobs(400, 4, 0, 2)
	p, err := Scatter(x, y, cat, ScatterOptions{Names: fourNames, NoLegend: true, Thumbs: func(i int) image.Image { return testThumb(i) }})
	if err != nil {
		t.Fatal(err)
	}
	for _, scale := range []float64{1, 1.5, 2} {
		dpi := int(math.Round(DPI * scale))
		size := vg.Length(500) * vg.Inch / vg.Length(dpi)
		fast := vgimg.NewWith(vgimg.UseWH(size, size), vgimg.UseDPI(dpi))
		slow := vgimg.NewWith(vgimg.UseWH(size, size), vgimg.UseDPI(dpi))
		if err := drawSafely(p, draw.New(fast)); err != nil {
			t.Fatal(err)
		}
		if err := drawSafely(p, draw.New(opaqueCanvas{slow})); err != nil {
			t.Fatal(err)
		}
		a, b := toRGBA(fast.Image()), toRGBA(slow.Image())
		var sum, n float64
		for k := 0; k < len(a.Pix); k += 4 {
			if a.Pix[k] != 0xFF || b.Pix[k] != 0xFF {
				sum += math.Abs(float64(a.Pix[k]) - float64(b.Pix[k]))
				n++
			}
		}
		if n == 0 || sum/n > 12 {
			t.Errorf("scale %v: the fast path differs from DrawImage by %.1f on average over %v pixels", scale, sum/n, n)
		}
	}
}

// TestScatterThumbsExport checks that SVG and PDF files carry one image
// per thumbnail, and PNG files the thumbnails' pixels.
func TestScatterThumbsExport(t *testing.T) {
	x, y, cat := blobs(1000, 4, 10, 3)
	calls := 0
	distinct := map[int]bool{} // testThumb has five different images
	p, err := Scatter(x, y, cat, ScatterOptions{Names: fourNames, Highlight: []int{3}, Thumbs: func(i int) image.Image {
		calls++
		distinct[i%5] = true
		return testThumb(i)
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct{ format, image string }{{"svg", "<image "}, {"pdf", "/Subtype /Image"}, {"png", ""}} {
		calls = 0
		clear(distinct)
		var buf bytes.Buffer
		if err := Write(&buf, p, f.format, 500, 400); err != nil {
			t.Fatal(err)
		}
		if calls < 10 {
			t.Errorf("%s: %d thumbnails", f.format, calls)
		}
		if f.image == "" {
			continue
		}
		// A PDF holds each different image once.
		want := calls
		if f.format == "pdf" {
			want = len(distinct)
		}
		if n := strings.Count(buf.String(), f.image); n != want {
			t.Errorf("%s: %d images for %d thumbnails, want %d", f.format, n, calls, want)
		}
	}
}

// TestScatterThumbsBadInput checks the thumbnail options' validation, and
// that without Thumbs they change nothing.
func TestScatterThumbsBadInput(t *testing.T) {
	x, y, cat := blobs(50, 2, 0, 1)
	thumb := func(i int) image.Image { return testThumb(i) }
	for _, opt := range []ScatterOptions{
		{Thumbs: thumb, ThumbSide: -1},
		{Thumbs: thumb, ThumbSide: vg.Length(math.NaN())},
		{Thumbs: thumb, ThumbSide: MaxThumbSide + 1},
		{Thumbs: thumb, ThumbPoints: []int{50}},
		{Thumbs: thumb, ThumbPoints: []int{-1}},
		{ThumbPoints: []int{50}},
	} {
		opt.Names = fourNames[:2]
		_, err := Scatter(x, y, cat, opt)
		wantInput(t, "thumbnail options", err)
	}
	plain := func(opt ScatterOptions) *image.RGBA {
		t.Helper()
		opt.Names = fourNames[:2]
		p, err := Scatter(x, y, cat, opt)
		if err != nil {
			t.Fatal(err)
		}
		img, err := Raster(p, 300, 200, 1)
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	if !bytes.Equal(plain(ScatterOptions{}).Pix, plain(ScatterOptions{ThumbSide: 40, ThumbPoints: []int{1, 2}}).Pix) {
		t.Error("thumbnail options without Thumbs changed the plot")
	}
	// Images of any type and size, or none, are drawn or skipped.
	for _, img := range []image.Image{nil, image.NewRGBA(image.Rect(0, 0, 0, 0)), image.NewNRGBA(image.Rect(3, 4, 13, 9)), image.NewGray16(image.Rect(0, 0, 50, 50))} {
		p, err := Scatter(x, y, cat, ScatterOptions{Names: fourNames[:2], Highlight: []int{0}, Thumbs: func(int) image.Image { return img }})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"png", "svg", "pdf"} {
			if err := Write(&bytes.Buffer{}, p, f, 300, 200); err != nil {
				t.Errorf("%T %s: %v", img, f, err)
			}
		}
	}
}
