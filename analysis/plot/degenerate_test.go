package plot

import (
	"math"
	"testing"
)

// TestDegenerateInputsDraw draws figures of valid but extreme input:
// single points, zero ranges, huge coordinates, all-zero matrices.
func TestDegenerateInputsDraw(t *testing.T) {
	figure := func(f Figure, err error) Figure {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	one := []string{"a"}
	cases := map[string]Figure{
		"one point":        figure(Scatter([]float64{1}, []float64{2}, []int{0}, ScatterOptions{Names: one, Highlight: []int{0}})),
		"same points":      figure(Scatter([]float64{3, 3, 3}, []float64{-1, -1, -1}, []int{0, 0, Noise}, ScatterOptions{Names: one})),
		"huge coordinates": figure(Scatter([]float64{-1e300, 1e300}, []float64{1e300, -1e300}, []int{0, 0}, ScatterOptions{Names: one})),
		"tiny range":       figure(Scatter([]float64{1, 1 + 1e-12}, []float64{0, 1e-12}, []int{0, 0}, ScatterOptions{Names: one})),
		"all noise":        figure(Scatter([]float64{1, 2}, []float64{2, 1}, []int{Noise, Noise}, ScatterOptions{})),
		"all hidden":       figure(Scatter([]float64{1, 2}, []float64{2, 1}, []int{0, Noise}, ScatterOptions{Names: one, Hidden: []int{0, Noise}})),
		"flat curves":      figure(TrainingCurves([]Epoch{{Loss: 0.5, Accuracy: 1, ValLoss: 0.5, ValAccuracy: 1}, {Loss: 0.5, Accuracy: 1, ValLoss: 0.5, ValAccuracy: 1}}, CurvesOptions{Best: 1})),
		"zero confusion":   figure(Confusion([][]int{{0, 0}, {0, 0}}, []string{"a", "b"}, nil, ConfusionOptions{})),
		"huge counts":      figure(Confusion([][]int{{math.MaxInt32, 1}, {2, 3}}, []string{"a", "b"}, nil, ConfusionOptions{ByCount: true})),
		"flat distances":   figure(KDistance([]float64{1, 1, 1}, 2, 1)),
		"zero distances":   figure(KDistance([]float64{0, 0}, 2, 0)),
		"one k":            figure(KSweep([]int{3}, []float64{0}, []float64{0})),
	}
	for name, f := range cases {
		w, h := 300, 200
		if _, ok := f.(*Panels); ok {
			w, h = 600, 260
		}
		if _, err := Raster(f, w, h, 1); err != nil {
			t.Errorf("%s at %d×%d: %v", name, w, h, err)
		}
		// Too small for the labels: an error, neither a panic nor an
		// endless loop in the rasteriser.
		_, err := Raster(f, 40, 30, 1)
		wantInput(t, name+" at 40×30", err)
	}
}
