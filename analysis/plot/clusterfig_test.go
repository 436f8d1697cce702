package plot

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestKDistance(t *testing.T) {
	dist := make([]float64, 5000)
	for i := range dist {
		f := float64(i) / float64(len(dist))
		dist[len(dist)-1-i] = 0.2 + f*0.5 + math.Pow(f, 30)*5 // reversed: unsorted input
	}
	orig := slices.Clone(dist)
	for _, eps := range []float64{0, 0.6, 100} {
		p, err := KDistance(dist, 4, eps)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Raster(p, 400, 300, 1); err != nil {
			t.Fatal(err)
		}
	}
	if !slices.Equal(dist, orig) {
		t.Error("KDistance changed its input")
	}
	for _, n := range []int{1, 3} {
		if _, err := KDistance(dist[:n], 1, 0.5); err != nil {
			t.Errorf("%d distances: %v", n, err)
		}
	}
	for _, c := range []struct {
		name string
		dist []float64
		k    int
		eps  float64
	}{
		{"no distances", nil, 4, 0.5},
		{"NaN distance", []float64{1, math.NaN()}, 4, 0.5},
		{"infinite distance", []float64{1, math.Inf(1)}, 4, 0.5},
		{"negative distance", []float64{1, -1}, 4, 0.5},
		{"k = 0", []float64{1, 2}, 0, 0.5},
		{"negative eps", []float64{1, 2}, 4, -0.5},
		{"NaN eps", []float64{1, 2}, 4, math.NaN()},
		{"infinite eps", []float64{1, 2}, 4, math.Inf(1)},
	} {
		p, err := KDistance(c.dist, c.k, c.eps)
		if p != nil {
			t.Errorf("%s: got a plot", c.name)
		}
		wantInput(t, c.name, err)
	}
}

func TestKSweep(t *testing.T) {
	ks := []int{1, 2, 3, 4, 5, 6}
	inertia := []float64{900, 500, 300, 250, 220, 200}
	sil := []float64{math.NaN(), 0.3, 0.45, 0.4, 0.35, 0.3}
	f, err := KSweep(ks, inertia, sil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Raster(f, 600, 260, 1); err != nil {
		t.Fatal(err)
	}
	// All silhouettes undefined: nothing to mark, but a figure.
	if _, err := KSweep([]int{1}, []float64{5}, []float64{math.NaN()}); err != nil {
		t.Error(err)
	}
	for _, c := range []struct {
		name    string
		ks      []int
		in, sil []float64
	}{
		{"empty", nil, nil, nil},
		{"fewer inertias", ks, inertia[:5], sil},
		{"fewer silhouettes", ks, inertia, sil[:5]},
		{"k = 0", []int{0, 1}, []float64{1, 2}, []float64{0, 0}},
		{"k not increasing", []int{2, 2}, []float64{1, 2}, []float64{0, 0}},
		{"negative inertia", []int{2, 3}, []float64{1, -2}, []float64{0, 0}},
		{"NaN inertia", []int{2, 3}, []float64{1, math.NaN()}, []float64{0, 0}},
		{"silhouette above 1", []int{2, 3}, []float64{1, 2}, []float64{0, 1.5}},
		{"infinite silhouette", []int{2, 3}, []float64{1, 2}, []float64{0, math.Inf(-1)}},
	} {
		f, err := KSweep(c.ks, c.in, c.sil)
		if f != nil {
			t.Errorf("%s: got a figure", c.name)
		}
		wantInput(t, c.name, err)
	}
}

func TestOrdinal(t *testing.T) {
	for n, want := range map[int]string{1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th", 21: "21st", 22: "22nd", 101: "101st", 111: "111th"} {
		if got := ordinal(n); got != want {
			t.Errorf("ordinal(%d) = %q, want %q", n, got, want)
		}
	}
}

// KDistanceMarked names the marked eps as asked; KDistance calls it the
// suggested eps.
func TestKDistanceMarkedName(t *testing.T) {
	dist := []float64{1, 2, 3, 4, 10}
	for name, want := range map[string]string{"": "suggested eps = 3", "eps": "eps = 3"} {
		p, err := KDistance(dist, 2, 3)
		if name != "" {
			p, err = KDistanceMarked(dist, 2, 3, name)
		}
		if err != nil {
			t.Fatal(err)
		}
		var svg bytes.Buffer
		if err := Write(&svg, p, "svg", 400, 300); err != nil {
			t.Fatal(err)
		}
		found := strings.Contains(svg.String(), ">"+want+"<")
		if !found {
			t.Errorf("no rule labelled %q", want)
		}
	}
}
