package plot

import (
	"slices"
	"testing"
)

func TestNiceTicks(t *testing.T) {
	labels := func(lo, hi float64, n int) []string {
		var l []string
		for _, tk := range (niceTicks{n: n}).Ticks(lo, hi) {
			if tk.Label != "" {
				l = append(l, tk.Label)
			}
		}
		return l
	}
	for _, c := range []struct {
		lo, hi float64
		n      int
		want   []string
	}{
		{0, 10, 5, []string{"0", "2", "4", "6", "8", "10"}},
		{-17, 18, 6, []string{"-15", "-10", "-5", "0", "5", "10", "15"}},
		{0.14, 5.6, 5, []string{"1", "2", "3", "4", "5"}},
		{0.12, 0.31, 5, []string{"0.15", "0.20", "0.25", "0.30"}},
		{340000, 560000, 5, []string{"350,000", "400,000", "450,000", "500,000", "550,000"}},
	} {
		if got := labels(c.lo, c.hi, c.n); !slices.Equal(got, c.want) {
			t.Errorf("ticks of [%v, %v]: %q, want %q", c.lo, c.hi, got, c.want)
		}
	}
	// Degenerate ranges have no ticks.
	for _, r := range [][2]float64{{1, 1}, {2, 1}, {0, nan()}, {-1e308, 1e308}} {
		if got := (niceTicks{n: 5}).Ticks(r[0], r[1]); len(got) != 0 {
			t.Errorf("ticks of [%v, %v]: %v", r[0], r[1], got)
		}
	}
}

func TestIntTicks(t *testing.T) {
	values := func(lo, hi float64, n int) []float64 {
		var v []float64
		for _, tk := range (intTicks{max: n}).Ticks(lo, hi) {
			v = append(v, tk.Value)
		}
		return v
	}
	if got := values(1, 5, 10); !slices.Equal(got, []float64{1, 2, 3, 4, 5}) {
		t.Errorf("1 to 5: %v", got)
	}
	if got := values(1, 15, 10); !slices.Equal(got, []float64{2, 4, 6, 8, 10, 12, 14}) {
		t.Errorf("1 to 15: %v", got)
	}
	if got := values(0.5, 1.5, 10); !slices.Equal(got, []float64{1}) {
		t.Errorf("0.5 to 1.5: %v", got)
	}
	if got := values(1, 200, 10); len(got) > 10 {
		t.Errorf("1 to 200: %d ticks", len(got))
	}
}
