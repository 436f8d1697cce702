package plot

import (
	"math"
	"testing"
)

// history returns n epochs of plausible scores, without validation in the
// first.
func history(n int) []Epoch {
	h := make([]Epoch, n)
	for i := range h {
		e := float64(i + 1)
		h[i] = Epoch{
			Loss: 0.25 + 0.6*math.Exp(-e/3), Accuracy: 0.97 - 0.2*math.Exp(-e/3),
			ValLoss: 0.3 + 0.5*math.Exp(-e/3), ValAccuracy: 0.92 - 0.18*math.Exp(-e/3),
		}
	}
	h[0].ValLoss, h[0].ValAccuracy = math.NaN(), math.NaN()
	return h
}

func TestTrainingCurves(t *testing.T) {
	for _, c := range []struct {
		name string
		h    []Epoch
		opt  CurvesOptions
		keys int
	}{
		{"typical", history(15), CurvesOptions{Title: "Run", Best: 11}, 3},
		{"one epoch", history(1), CurvesOptions{}, 1},
		{"many epochs", history(200), CurvesOptions{Best: 200}, 3},
		{"no validation", func() []Epoch {
			h := history(5)
			for i := range h {
				h[i].ValLoss, h[i].ValAccuracy = math.NaN(), math.NaN()
			}
			return h
		}(), CurvesOptions{}, 1},
	} {
		f, err := TrainingCurves(c.h, c.opt)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if len(f.Plots) != 2 || len(f.key) != c.keys {
			t.Errorf("%s: %d plots and %d legend entries, want 2 and %d", c.name, len(f.Plots), len(f.key), c.keys)
		}
		if _, err := Raster(f, 600, 260, 1); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

func TestTrainingCurvesGolden(t *testing.T) {
	f, err := TrainingCurves(history(12), CurvesOptions{Title: "Training", Best: 9})
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "curves", f, 600, 260)
}

func TestTrainingCurvesBadInput(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(h []Epoch, o *CurvesOptions) []Epoch
	}{
		{"no epochs", func(h []Epoch, o *CurvesOptions) []Epoch { return nil }},
		{"NaN loss", func(h []Epoch, o *CurvesOptions) []Epoch { h[2].Loss = math.NaN(); return h }},
		{"NaN accuracy", func(h []Epoch, o *CurvesOptions) []Epoch { h[2].Accuracy = math.NaN(); return h }},
		{"infinite loss", func(h []Epoch, o *CurvesOptions) []Epoch { h[2].Loss = math.Inf(1); return h }},
		{"negative loss", func(h []Epoch, o *CurvesOptions) []Epoch { h[2].Loss = -0.1; return h }},
		{"accuracy in per cent", func(h []Epoch, o *CurvesOptions) []Epoch { h[2].Accuracy = 91; return h }},
		{"infinite validation loss", func(h []Epoch, o *CurvesOptions) []Epoch { h[2].ValLoss = math.Inf(1); return h }},
		{"validation accuracy above 1", func(h []Epoch, o *CurvesOptions) []Epoch { h[2].ValAccuracy = 1.5; return h }},
		{"best after the end", func(h []Epoch, o *CurvesOptions) []Epoch { o.Best = len(h) + 1; return h }},
		{"negative best", func(h []Epoch, o *CurvesOptions) []Epoch { o.Best = -1; return h }},
	} {
		var opt CurvesOptions
		h := c.edit(history(5), &opt)
		f, err := TrainingCurves(h, opt)
		if f != nil {
			t.Errorf("%s: got a figure", c.name)
		}
		wantInput(t, c.name, err)
	}
}
