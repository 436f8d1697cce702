package plot

import (
	"bytes"
	"math"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
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

// withLR returns h with a one-cycle learning rate: a linear warm-up over
// the first quarter of the epochs to 3e-3, then a cosine decay.
func withLR(h []Epoch) []Epoch {
	n := float64(len(h))
	for i := range h {
		f := float64(i+1) / n
		if f <= 0.25 {
			h[i].LR = 3e-3 * f / 0.25
		} else {
			h[i].LR = 3e-3 * (0.02 + 0.98*0.5*(1+math.Cos(math.Pi*(f-0.25)/0.75)))
		}
	}
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
		{"learning rate", withLR(history(24)), CurvesOptions{Best: 23}, 4},
		{"learning rate, one epoch", withLR(history(1)), CurvesOptions{}, 2},
		{"learning rate partly unknown", func() []Epoch {
			h := withLR(history(10))
			h[0].LR, h[4].LR, h[9].LR = 0, math.NaN(), 0
			return h
		}(), CurvesOptions{}, 3},
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
		// Too small for the labels: an error, not a panic or a loop.
		for _, size := range [][2]int{{40, 30}, {120, 60}} {
			_, err := Raster(f, size[0], size[1], 1)
			wantInput(t, c.name+" too small", err)
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

// The learning rate on the right of the loss panel, with the best recipe's
// one-cycle shape.
func TestTrainingCurvesLRGolden(t *testing.T) {
	f, err := TrainingCurves(withLR(history(24)), CurvesOptions{Title: "Training", Best: 23})
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "curves_lr", f, 600, 260)
}

// The learning rate is drawn only when the history has one: a history
// whose rates are all unknown (0 or NaN) draws exactly as one without the
// field, and a known rate adds a legend entry and an axis right of the
// loss panel's data area.
func TestTrainingCurvesLRAppearsOnlyWithData(t *testing.T) {
	render := func(h []Epoch) (*Panels, []byte, vg.Length) {
		t.Helper()
		f, err := TrainingCurves(h, CurvesOptions{Title: "Run", Best: 3})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := Write(&buf, f, "png", 420, 172); err != nil {
			t.Fatal(err)
		}
		c := draw.New(vgimg.New(420, 172))
		_, areas := f.layout(c)
		data := f.Plots[0].DataCanvas(areas[0])
		return f, buf.Bytes(), data.Max.X - data.Min.X
	}
	hasLRKey := func(f *Panels) bool {
		for _, e := range f.key {
			if e.label == "learning rate" {
				return true
			}
		}
		return false
	}
	plain, plainPNG, plainW := render(history(8))
	if hasLRKey(plain) {
		t.Error("a history without learning rates has a learning-rate legend entry")
	}
	unknown := history(8)
	for i := range unknown {
		unknown[i].LR = []float64{0, math.NaN()}[i%2]
	}
	f, png, w := render(unknown)
	if hasLRKey(f) || !bytes.Equal(png, plainPNG) || w != plainW {
		t.Error("a history whose learning rates are all unknown draws differently from one without them")
	}
	f, png, w = render(withLR(history(8)))
	if !hasLRKey(f) {
		t.Error("no learning-rate legend entry")
	}
	if bytes.Equal(png, plainPNG) {
		t.Error("the learning rate is not drawn")
	}
	if w >= plainW-20 {
		t.Errorf("the loss panel's data area is %.0f points wide with the learning-rate axis, %.0f without: no room was made for the axis", float64(w), float64(plainW))
	}
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
		{"negative learning rate", func(h []Epoch, o *CurvesOptions) []Epoch { h[2].LR = -1e-3; return h }},
		{"infinite learning rate", func(h []Epoch, o *CurvesOptions) []Epoch { h[2].LR = math.Inf(1); return h }},
		{"minus infinite learning rate", func(h []Epoch, o *CurvesOptions) []Epoch { h[2].LR = math.Inf(-1); return h }},
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
