package plot

import (
	"image/color"
	"testing"

	"github.com/fashionlens/fashionlens/model/dataset"
)

func TestConfusionGolden(t *testing.T) {
	counts := [][]int{
		{850, 30, 120},
		{12, 960, 28},
		{140, 0, 1860},
	}
	p, err := Confusion(counts, []string{"Tops", "Shoes", "Coats"}, nil, ConfusionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "confusion", p, 320, 300)
}

func TestConfusionTenClasses(t *testing.T) {
	counts := make([][]int, 10)
	for i := range counts {
		counts[i] = make([]int, 10)
		for j := range counts[i] {
			counts[i][j] = (i*7 + j*3) % 11
		}
		counts[i][i] = 900 + i
	}
	names := dataset.ClassNames[:]
	for _, opt := range []ConfusionOptions{{}, {ByCount: true, Title: "By count", XLabel: "cluster", YLabel: "class"}} {
		p, err := Confusion(counts, names, names, opt)
		if err != nil {
			t.Fatal(err)
		}
		if p.X.Tick.Label.Rotation == 0 {
			t.Error("long column names should be rotated")
		}
		if _, err := Raster(p, 500, 460, 1); err != nil {
			t.Fatal(err)
		}
	}
	// Rectangular: clusters against classes, with an empty row.
	rect := [][]int{{1, 2, 3, 4, 5, 6}, {0, 0, 0, 0, 0, 0}}
	p, err := Confusion(rect, []string{"a", "b"}, []string{"0", "1", "2", "3", "4", "5"}, ConfusionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Raster(p, 300, 150, 1); err != nil {
		t.Fatal(err)
	}
}

func TestConfusionBadInput(t *testing.T) {
	names := []string{"a", "b"}
	big := make([][]int, maxConfusion+1)
	bigNames := make([]string, maxConfusion+1)
	for i := range big {
		big[i] = make([]int, maxConfusion+1)
	}
	for _, c := range []struct {
		name       string
		counts     [][]int
		rows, cols []string
	}{
		{"no rows", nil, nil, nil},
		{"fewer row names", [][]int{{1, 2}, {3, 4}}, names[:1], names},
		{"no column names", [][]int{{}, {}}, names, []string{}},
		{"ragged row", [][]int{{1, 2}, {3}}, names, nil},
		{"negative count", [][]int{{1, 2}, {-3, 4}}, names, nil},
		{"too large", big, bigNames, nil},
	} {
		p, err := Confusion(c.counts, c.rows, c.cols, ConfusionOptions{})
		if p != nil {
			t.Errorf("%s: got a plot", c.name)
		}
		wantInput(t, c.name, err)
	}
}

func TestBlues(t *testing.T) {
	if blues(0) != bluesStops[0] || blues(1) != bluesStops[len(bluesStops)-1] {
		t.Errorf("ends %v and %v", blues(0), blues(1))
	}
	if blues(-1) != blues(0) || blues(2) != blues(1) {
		t.Error("values outside [0, 1] should clamp")
	}
	prev := 2.0
	for i := 0; i <= 20; i++ {
		l := luminance(blues(float64(i) / 20))
		if l >= prev {
			t.Errorf("luminance not decreasing at %d/20: %v after %v", i, l, prev)
		}
		prev = l
	}
	if l := luminance(color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}); l != 1 {
		t.Errorf("white luminance %v", l)
	}
}
