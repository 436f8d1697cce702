package plot

import (
	"bytes"
	"image"
	"image/color"
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/vg"

	"github.com/fashionlens/fashionlens/model/dataset"
)

var fourNames = []string{"Alpha", "Beta", "Gamma", "Delta"}

// TestScatterGolden draws 400 points in four blobs with noise, category 2
// hidden and two points highlighted.
func TestScatterGolden(t *testing.T) {
	x, y, cat := blobs(400, 4, 10, 1)
	p, err := Scatter(x, y, cat, ScatterOptions{
		Title: "Four blobs", XLabel: "x", YLabel: "y",
		Names:     fourNames,
		Hidden:    []int{2},
		Highlight: []int{0, 5},
	})
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "scatter", p, 400, 300)
}

func TestScatterDrawOrder(t *testing.T) {
	cat := []int{0, Noise, 1, 2, Noise, 1, 0, 2}
	x := []float64{0, 1, 2, 3, 4, 5, 6, 7}
	y := slices.Clone(x)
	s, key, err := newScatter(x, y, cat, ScatterOptions{Names: []string{"a", "b", "c"}, Hidden: []int{1}, Highlight: []int{2}})
	if err != nil {
		t.Fatal(err)
	}
	// Noise first, then the shown categories; hidden category 1 left out.
	if got := s.order[:2]; got[0] != 1 || got[1] != 4 {
		t.Errorf("drawn first: %v, want the noise points 1 and 4", got)
	}
	rest := slices.Clone(s.order[2:])
	slices.Sort(rest)
	if !slices.Equal(rest, []int32{0, 3, 6, 7}) {
		t.Errorf("then: %v, want points 0, 3, 6 and 7 in any order", rest)
	}
	if !slices.Equal(s.highlight, []int{2}) {
		t.Errorf("highlight %v", s.highlight)
	}
	// The legend lists every category, hidden ones dimmed, and the noise.
	var labels []string
	for _, e := range key.entries {
		labels = append(labels, e.label)
	}
	want := []string{"a (2)", "b (2)", "c (2)", "Noise (2)"}
	if !slices.Equal(labels, want) {
		t.Errorf("legend %q, want %q", labels, want)
	}
	if !key.entries[1].dim || key.entries[0].dim {
		t.Error("only the hidden category's entry should be dim")
	}
	// The axes cover all points, hidden ones too.
	if xmin, xmax, _, _ := s.DataRange(); xmin != 0 || xmax != 7 {
		t.Errorf("x range %v to %v, want 0 to 7", xmin, xmax)
	}
	// Changing the caller's slices does not change the plot.
	x[0], cat[0] = 100, 2
	if s.x[0] != 0 || s.cat[0] != 0 {
		t.Error("the plot shares the caller's slices")
	}
}

func TestScatterHideNoise(t *testing.T) {
	x, y, cat := blobs(100, 2, 5, 2)
	s, key, err := newScatter(x, y, cat, ScatterOptions{Names: fourNames[:2], HideNoise: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range s.order {
		if cat[i] == Noise {
			t.Fatalf("noise point %d drawn", i)
		}
	}
	if last := key.entries[len(key.entries)-1]; last.label != "Noise (20)" || !last.dim {
		t.Errorf("last legend entry %q (dim %v), want a dim Noise (20)", last.label, last.dim)
	}
}

// TestScatterPixels checks in the rendered image that hidden categories
// and hidden noise leave no pixel of their colour.
func TestScatterPixels(t *testing.T) {
	x, y, cat := blobs(300, 3, 4, 3)
	count := func(opt ScatterOptions) map[color.NRGBA]int {
		t.Helper()
		opt.Names = fourNames[:3]
		opt.NoLegend = true
		p, err := Scatter(x, y, cat, opt)
		if err != nil {
			t.Fatal(err)
		}
		img, err := Raster(p, 300, 240, 1)
		if err != nil {
			t.Fatal(err)
		}
		n := map[color.NRGBA]int{}
		for i := 0; i < len(img.Pix); i += 4 {
			n[color.NRGBA{img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3]}]++
		}
		return n
	}
	all := count(ScatterOptions{})
	for _, c := range []color.NRGBA{Palette[0], Palette[1], Palette[2], NoiseColor} {
		if all[c] < 100 {
			t.Errorf("%d pixels of %v, want 100 or more", all[c], c)
		}
	}
	// Anti-aliased text may hit a colour by chance in a pixel or two.
	some := count(ScatterOptions{Hidden: []int{1}, HideNoise: true})
	for _, c := range []color.NRGBA{Palette[1], NoiseColor} {
		if some[c] > all[c]/50 {
			t.Errorf("%d pixels of hidden colour %v (%d when shown)", some[c], c, all[c])
		}
	}
	if some[Palette[0]] == 0 {
		t.Error("shown category 0 lost its pixels")
	}
}

// TestScatterDimmedMarkedOrder checks the drawing order with dimmed and
// marked points: dimmed first (marked or not), then the noise and the
// other points, then the marked ones; hidden categories never.
func TestScatterDimmedMarkedOrder(t *testing.T) {
	cat := []int{0, Noise, 1, 2, Noise, 1, 0, 2, 0, 2}
	x := []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	y := slices.Clone(x)
	dimmed := []bool{true, true, false, true, false, false, false, false, false, true}
	s, key, err := newScatter(x, y, cat, ScatterOptions{
		Names: []string{"a", "b", "c"}, Hidden: []int{1},
		Dimmed: dimmed, Marked: []int{9, 6, 2, 8, 6}, Highlight: []int{5},
	})
	if err != nil {
		t.Fatal(err)
	}
	// Dimmed, in index order: 0, 1, 3, 9 (9 marked as well).
	if s.nDim != 4 || !slices.Equal(s.order[:4], []int32{0, 1, 3, 9}) {
		t.Errorf("dimmed first: %v (%d), want [0 1 3 9]", s.order[:s.nDim], s.nDim)
	}
	// Then the noise not dimmed (4), then 7 (6 and 8 are marked, 2 and 5
	// hidden).
	if got := s.order[4:]; !slices.Equal(got, []int32{4, 7}) {
		t.Errorf("then %v, want [4 7]", got)
	}
	// Marked, not dimmed, shown: 6 and 8 (2 is hidden, 9 dimmed).
	if !slices.Equal(s.marked, []int32{6, 8}) {
		t.Errorf("marked pass %v, want [6 8]", s.marked)
	}
	if !s.mark[9] || s.mark[7] {
		t.Error("mark mask wrong")
	}
	// Legend counts are of all points.
	if key.entries[0].label != "a (3)" || key.entries[2].label != "c (3)" {
		t.Errorf("legend %q, %q", key.entries[0].label, key.entries[2].label)
	}
	// An all-false mask and no marks change nothing.
	a, _, err := newScatter(x, y, cat, ScatterOptions{Names: []string{"a", "b", "c"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := newScatter(x, y, cat, ScatterOptions{Names: []string{"a", "b", "c"}, Dimmed: make([]bool, len(x)), Marked: []int{}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.order, b.order) || b.nDim != 0 || b.mark != nil || b.marked != nil {
		t.Errorf("unset options: order %v, want %v", b.order, a.order)
	}
}

// TestScatterDimmedMarkedPixels checks in the image that dimmed points are
// drawn in DimColor under the others, and marked points in their colour
// inside a dark ring.
func TestScatterDimmedMarkedPixels(t *testing.T) {
	x, y, cat := blobs(300, 3, 0, 3)
	draw := func(opt ScatterOptions) (*image.RGBA, func(i int) (float64, float64)) {
		t.Helper()
		opt.Names = fourNames[:3]
		opt.NoLegend = true
		opt.Radius = vg.Points(3)
		p, err := Scatter(x, y, cat, opt)
		if err != nil {
			t.Fatal(err)
		}
		img, err := Raster(p, 400, 300, 1)
		if err != nil {
			t.Fatal(err)
		}
		// Where the points are drawn, in pixels.
		x0, y0, x1, y1, err := DataArea(p, 400, 300, 1)
		if err != nil {
			t.Fatal(err)
		}
		at := func(i int) (float64, float64) {
			return x0 + (x[i]-p.X.Min)/(p.X.Max-p.X.Min)*(x1-x0), y1 - (y[i]-p.Y.Min)/(p.Y.Max-p.Y.Min)*(y1-y0)
		}
		return img, at
	}
	count := func(img *image.RGBA, c color.NRGBA) int {
		n := 0
		for i := 0; i < len(img.Pix); i += 4 {
			if img.Pix[i] == c.R && img.Pix[i+1] == c.G && img.Pix[i+2] == c.B {
				n++
			}
		}
		return n
	}
	plain, _ := draw(ScatterOptions{})
	if n := count(plain, DimColor); n > 20 {
		t.Errorf("%d pixels of DimColor without dimmed points", n)
	}
	// Category 1 dimmed: its colour goes, DimColor comes.
	dimmed := make([]bool, len(x))
	for i, c := range cat {
		dimmed[i] = c == 1
	}
	img, _ := draw(ScatterOptions{Dimmed: dimmed})
	if n := count(img, Palette[1]); n > count(plain, Palette[1])/50 {
		t.Errorf("%d pixels of dimmed category 1's colour", n)
	}
	if n := count(img, DimColor); n < 200 {
		t.Errorf("%d pixels of DimColor, want 200 or more", n)
	}
	if count(img, Palette[0]) < count(plain, Palette[0])*9/10 {
		t.Error("dimming category 1 lost category 0's pixels: dimmed points drawn on top?")
	}
	// Every point dimmed, one not: it is drawn on top in its colour.
	for i := range dimmed {
		dimmed[i] = i != 7
	}
	img, at := draw(ScatterOptions{Dimmed: dimmed})
	if px, py := at(7); !near(pixel(img, px, py), CategoryColor(cat[7]), 8) {
		t.Errorf("the one point not dimmed is %v at (%v, %v), want %v", pixel(img, px, py), px, py, CategoryColor(cat[7]))
	}
	// Marked: the fill keeps the colour, a dark ring around it, on top.
	img, at = draw(ScatterOptions{Marked: []int{5, 40}})
	for _, i := range []int{5, 40} {
		px, py := at(i)
		if got := pixel(img, px, py); !near(got, CategoryColor(cat[i]), 8) {
			t.Errorf("marked point %d: %v in the middle, want %v", i, got, CategoryColor(cat[i]))
		}
		// 3 points are 4 pixels of radius, the ring 1⅓ pixels beyond.
		const r = 4 + 0.67
		for _, d := range [][2]float64{{0, -r}, {0, r}, {-r, 0}, {r, 0}} {
			if c := pixel(img, px+d[0], py+d[1]); c.R > 0x70 || c.G > 0x70 || c.B > 0x70 {
				t.Errorf("marked point %d at (%.1f, %.1f): %v at offset %v, want dark", i, px, py, c, d)
			}
			if c := pixel(plain, px+d[0], py+d[1]); c.R < 0x70 && c.G < 0x70 && c.B < 0x70 {
				t.Errorf("point %d not marked: dark %v at offset %v", i, c, d)
			}
		}
	}
}

func TestScatterBadInput(t *testing.T) {
	names := []string{"a", "b"}
	ok := func() ([]float64, []float64, []int) {
		return []float64{0, 1, 2}, []float64{2, 1, 0}, []int{0, 1, Noise}
	}
	for _, c := range []struct {
		name string
		edit func(x, y []float64, cat []int, o *ScatterOptions) ([]float64, []float64, []int)
	}{
		{"mismatched lengths", func(x, y []float64, cat []int, o *ScatterOptions) ([]float64, []float64, []int) {
			return x, y[:2], cat
		}},
		{"too few categories", func(x, y []float64, cat []int, o *ScatterOptions) ([]float64, []float64, []int) {
			return x, y, cat[:2]
		}},
		{"empty", func(x, y []float64, cat []int, o *ScatterOptions) ([]float64, []float64, []int) {
			return nil, nil, nil
		}},
		{"NaN x", func(x, y []float64, cat []int, o *ScatterOptions) ([]float64, []float64, []int) {
			x[1] = math.NaN()
			return x, y, cat
		}},
		{"infinite y", func(x, y []float64, cat []int, o *ScatterOptions) ([]float64, []float64, []int) {
			y[2] = math.Inf(-1)
			return x, y, cat
		}},
		{"category without a name", func(x, y []float64, cat []int, o *ScatterOptions) ([]float64, []float64, []int) {
			cat[0] = 2
			return x, y, cat
		}},
		{"category below noise", func(x, y []float64, cat []int, o *ScatterOptions) ([]float64, []float64, []int) {
			cat[0] = -2
			return x, y, cat
		}},
		{"no names", func(x, y []float64, cat []int, o *ScatterOptions) ([]float64, []float64, []int) {
			o.Names = nil
			return x, y, cat
		}},
		{"hidden out of range", func(x, y []float64, cat []int, o *ScatterOptions) ([]float64, []float64, []int) {
			o.Hidden = []int{5}
			return x, y, cat
		}},
		{"highlight out of range", func(x, y []float64, cat []int, o *ScatterOptions) ([]float64, []float64, []int) {
			o.Highlight = []int{3}
			return x, y, cat
		}},
		{"dimmed too short", func(x, y []float64, cat []int, o *ScatterOptions) ([]float64, []float64, []int) {
			o.Dimmed = []bool{true, false}
			return x, y, cat
		}},
		{"dimmed too long", func(x, y []float64, cat []int, o *ScatterOptions) ([]float64, []float64, []int) {
			o.Dimmed = make([]bool, 4)
			return x, y, cat
		}},
		{"marked out of range", func(x, y []float64, cat []int, o *ScatterOptions) ([]float64, []float64, []int) {
			o.Marked = []int{0, 3}
			return x, y, cat
		}},
		{"marked negative", func(x, y []float64, cat []int, o *ScatterOptions) ([]float64, []float64, []int) {
			o.Marked = []int{-1}
			return x, y, cat
		}},
		{"negative radius", func(x, y []float64, cat []int, o *ScatterOptions) ([]float64, []float64, []int) {
			o.Radius = -1
			return x, y, cat
		}},
	} {
		x, y, cat := ok()
		opt := ScatterOptions{Names: names}
		x, y, cat = c.edit(x, y, cat, &opt)
		p, err := Scatter(x, y, cat, opt)
		if p != nil {
			t.Errorf("%s: got a plot", c.name)
		}
		wantInput(t, c.name, err)
	}
	x, y, cat := ok()
	if _, err := Scatter(x, y, cat, ScatterOptions{Names: names}); err != nil {
		t.Errorf("good input: %v", err)
	}
}

func TestScatterDense(t *testing.T) {
	xy := mat.NewDense(3, 2, []float64{0, 1, 2, 3, 4, 5})
	if _, err := ScatterDense(xy, []int{0, 0, 1}, ScatterOptions{Names: []string{"a", "b"}}); err != nil {
		t.Error(err)
	}
	_, err := ScatterDense(mat.NewDense(2, 3, nil), []int{0, 0}, ScatterOptions{Names: []string{"a"}})
	wantInput(t, "three columns", err)
	_, err = ScatterDense(nil, nil, ScatterOptions{})
	wantInput(t, "nil matrix", err)
	_, err = ScatterDense(&mat.Dense{}, nil, ScatterOptions{})
	wantInput(t, "empty matrix", err)
}

// TestScatterManyCategories checks the legend of more categories than it
// lists, and that every glyph shape draws.
func TestScatterManyCategories(t *testing.T) {
	const k = 90
	x, y, cat := blobs(900, k, 0, 4)
	p, err := Scatter(x, y, cat, ScatterOptions{Names: ClusterNames(k)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Raster(p, 400, 300, 1); err != nil {
		t.Fatal(err)
	}
	_, key, _ := newScatter(x, y, cat, ScatterOptions{Names: ClusterNames(k)})
	if len(key.entries) != maxKeyEntries {
		t.Errorf("%d legend entries, want %d", len(key.entries), maxKeyEntries)
	}
	if last := key.entries[len(key.entries)-1].label; last != "+ 67 more (670)" {
		t.Errorf("last entry %q", last)
	}
}

func TestClusterNamesAndThousands(t *testing.T) {
	if got := ClusterNames(3); !slices.Equal(got, []string{"Cluster 0", "Cluster 1", "Cluster 2"}) {
		t.Errorf("ClusterNames(3) = %q", got)
	}
	if got := ClusterNames(-1); len(got) != 0 {
		t.Errorf("ClusterNames(-1) = %q", got)
	}
	if got := shorten("Dress + Coat + Ankle boot", 10); got != "Dress + C…" {
		t.Errorf("shorten: %q", got)
	}
	if got := shorten("Coat", 4); got != "Coat" {
		t.Errorf("shorten: %q", got)
	}
}

// BenchmarkScatter draws 10,000 points in ten classes with noise to a
// 1000×800-pixel PNG in memory.
func BenchmarkScatter(b *testing.B) {
	x, y, cat := blobs(10000, 10, 20, 5)
	opt := ScatterOptions{Title: "Benchmark", XLabel: "x", YLabel: "y", Names: dataset.ClassNames[:], Highlight: []int{1}}
	var buf bytes.Buffer
	for b.Loop() {
		p, err := Scatter(x, y, cat, opt)
		if err != nil {
			b.Fatal(err)
		}
		buf.Reset()
		if err := Write(&buf, p, "png", 750, 600); err != nil {
			b.Fatal(err)
		}
	}
}
