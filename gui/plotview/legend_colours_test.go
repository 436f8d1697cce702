package plotview

import (
	"image/color"
	"testing"

	"github.com/fashionlens/fashionlens/analysis/plot"
)

// TestLegendColours checks that the legend shows Data.Colors, and the
// palette and the noise grey without them.
func TestLegendColours(t *testing.T) {
	cols := []color.NRGBA{plot.ClusterPalette[0], plot.Palette[6]}
	d := Data{X: []float64{0, 1, 2}, Y: []float64{0, 1, 2}, Cat: []int{0, 1, -1}, Names: []string{"a", "b"}, Colors: cols}
	v := New()
	v.SetData(d)
	items := v.legendItems()
	if len(items) != 3 || items[0].col != cols[0] || items[1].col != cols[1] || items[2].col != plot.NoiseColor {
		t.Fatalf("legend %+v, want colours %v, %v and the noise grey", items, cols[0], cols[1])
	}
	d.Colors = nil
	v.SetData(d)
	if items := v.legendItems(); items[0].col != plot.Palette[0] || items[1].col != plot.Palette[1] {
		t.Errorf("without colours the legend has %v and %v", items[0].col, items[1].col)
	}
	d.Colors = cols[:1]
	v.SetData(d)
	if v.legendItems() != nil {
		t.Error("one colour for two categories was accepted")
	}
}
