package plot

import (
	"image/color"
	"testing"
)

func TestClusterColors(t *testing.T) {
	// Clusters 0 and 3 are mostly class 6 (Shirt); cluster 4's majority is
	// unknown; the others each have a class of their own.
	got := ClusterColors([]int{6, 1, 8, 6, -1, 0})
	want := []color.NRGBA{ClusterPalette[0], Palette[1], Palette[8], ClusterPalette[1], ClusterPalette[2], Palette[0]}
	if len(got) != len(want) {
		t.Fatalf("%d colours for 6 clusters", len(got))
	}
	for c := range want {
		if got[c] != want[c] {
			t.Errorf("cluster %d: colour %v, want %v", c, got[c], want[c])
		}
	}
	// More shared clusters than palette colours: the palette repeats.
	many := ClusterColors([]int{2, 2, 2, 2, 2, 2, 2})
	if many[5] != ClusterPalette[0] || many[6] != ClusterPalette[1] {
		t.Errorf("the sixth and seventh shared clusters got %v and %v, want the palette again", many[5], many[6])
	}
	if len(ClusterColors(nil)) != 0 {
		t.Error("colours for no clusters")
	}
}

// TestClusterPaletteApart checks that the cluster colours stay apart from
// every class colour, the noise grey, white and each other under normal
// vision and the three simulated dichromacies.
func TestClusterPaletteApart(t *testing.T) {
	const minDE = 8.5
	others := append([]color.NRGBA{NoiseColor, {0xFF, 0xFF, 0xFF, 0xFF}}, Palette[:]...)
	for _, v := range visions {
		for i, c := range ClusterPalette {
			for _, o := range others {
				if d := deltaE(v.see(c), v.see(o)); d < minDE {
					t.Errorf("%s: cluster colour %d %v is ΔE %.1f from %v", v.name, i, c, d, o)
				}
			}
			for j := i + 1; j < len(ClusterPalette); j++ {
				if d := deltaE(v.see(c), v.see(ClusterPalette[j])); d < minDE {
					t.Errorf("%s: cluster colours %d and %d are ΔE %.1f apart", v.name, i, j, d)
				}
			}
		}
	}
}

// TestScatterColors checks that ScatterOptions.Colors colours the points
// and the legend, and that a wrong count is an input error.
func TestScatterColors(t *testing.T) {
	x, y, cat := []float64{0, 1, 2}, []float64{0, 1, 2}, []int{0, 1, -1}
	names := []string{"a", "b"}
	cols := []color.NRGBA{ClusterPalette[0], ClusterPalette[2]}
	s, key, err := newScatter(x, y, cat, ScatterOptions{Names: names, Colors: cols})
	if err != nil {
		t.Fatal(err)
	}
	if s.color(0) != cols[0] || s.color(1) != cols[1] || s.color(Noise) != NoiseColor {
		t.Errorf("point colours %v %v %v", s.color(0), s.color(1), s.color(Noise))
	}
	if key.entries[1].glyph.Color != cols[1] {
		t.Errorf("legend colour %v, want %v", key.entries[1].glyph.Color, cols[1])
	}
	if _, err := Scatter(x, y, cat, ScatterOptions{Names: names, Colors: cols[:1]}); err == nil {
		t.Error("one colour for two categories is accepted")
	}
	plain, _, _ := newScatter(x, y, cat, ScatterOptions{Names: names})
	if plain.color(1) != Palette[1] {
		t.Errorf("without Colors, category 1 is %v", plain.color(1))
	}
}
