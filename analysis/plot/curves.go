package plot

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/fashionlens/fashionlens/analysis"
)

// Epoch is one epoch's scores in a training history. Accuracies are
// fractions from 0 to 1. ValLoss and ValAccuracy are NaN when there was
// no validation.
type Epoch struct {
	Loss, Accuracy       float64
	ValLoss, ValAccuracy float64
}

// CurvesOptions are the texts and choices of TrainingCurves.
type CurvesOptions struct {
	// Title is drawn above both panels; empty for none.
	Title string
	// Best is the 1-based epoch whose weights were kept, marked in both
	// panels with a dotted line; 0 for none.
	Best int
}

// Series styles: training solid blue with dots, validation dashed orange
// with squares, so that they differ without colour too.
var (
	trainLine = draw.LineStyle{Color: Palette[0], Width: vg.Points(1.5)}
	valLine   = draw.LineStyle{Color: Palette[1], Width: vg.Points(1.5), Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}
	trainDot  = draw.GlyphStyle{Color: Palette[0], Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}
	valDot    = draw.GlyphStyle{Color: Palette[1], Radius: vg.Points(2.5), Shape: draw.BoxGlyph{}}
	bestLine  = draw.LineStyle{Color: dimColor, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(1.5), vg.Points(2)}}
)

// maxDots is the most epochs whose points get a glyph.
const maxDots = 40

// TrainingCurves returns two panels side by side: loss and accuracy (in
// per cent) against the epoch, for training and, where the history has
// it, validation. history[0] is epoch 1.
//
// It returns an error wrapping analysis.ErrInput if history is empty, a
// training score is NaN or infinite, a validation score is infinite, an
// accuracy is outside [0, 1], a loss is negative, or Best is not 0 to
// len(history).
func TrainingCurves(history []Epoch, opt CurvesOptions) (*Panels, error) {
	n := len(history)
	if n == 0 {
		return nil, analysis.Errorf("training curves: no epochs")
	}
	if opt.Best < 0 || opt.Best > n {
		return nil, analysis.Errorf("training curves: best epoch %d: want 0 to %d", opt.Best, n)
	}
	x := make([]float64, n)
	loss, acc := make([]float64, n), make([]float64, n)
	vloss, vacc := make([]float64, n), make([]float64, n)
	hasVal := false
	for i, e := range history {
		x[i] = float64(i + 1)
		for _, v := range []struct {
			name     string
			val      float64
			optional bool
			acc      bool
		}{
			{"loss", e.Loss, false, false},
			{"accuracy", e.Accuracy, false, true},
			{"validation loss", e.ValLoss, true, false},
			{"validation accuracy", e.ValAccuracy, true, true},
		} {
			switch {
			case math.IsNaN(v.val) && v.optional:
			case !finite(v.val):
				return nil, analysis.Errorf("training curves: epoch %d: %s is %v", i+1, v.name, v.val)
			case v.acc && (v.val < 0 || v.val > 1):
				return nil, analysis.Errorf("training curves: epoch %d: %s is %v: want 0 to 1", i+1, v.name, v.val)
			case !v.acc && v.val < 0:
				return nil, analysis.Errorf("training curves: epoch %d: %s is %v: want 0 or more", i+1, v.name, v.val)
			}
		}
		loss[i], acc[i] = e.Loss, 100*e.Accuracy
		vloss[i], vacc[i] = e.ValLoss, 100*e.ValAccuracy
		if !math.IsNaN(e.ValLoss) || !math.IsNaN(e.ValAccuracy) {
			hasVal = true
		}
	}

	panel := func(title, yLabel string, train, val []float64) *plot.Plot {
		p := newPlot(title, "epoch", yLabel)
		p.Add(grid())
		if opt.Best > 0 {
			p.Add(&rule{at: float64(opt.Best), vertical: true, line: bestLine})
		}
		tr := &series{x: x, y: train, line: trainLine}
		va := &series{x: x, y: val, line: valLine}
		if n <= maxDots {
			tr.glyph, va.glyph = trainDot, valDot
		}
		if hasVal {
			p.Add(va)
		}
		p.Add(tr)
		p.X.Tick.Marker = intTicks{max: 10}
		p.Y.Tick.Marker = niceTicks{n: 5}
		if n == 1 {
			p.X.Min, p.X.Max = 0.5, 1.5
		}
		return p
	}
	f := &Panels{
		Title: opt.Title,
		Plots: []*plot.Plot{
			panel("Loss", "loss", loss, vloss),
			panel("Accuracy", "accuracy (%)", acc, vacc),
		},
	}
	tr := &series{line: trainLine}
	va := &series{line: valLine}
	if n <= maxDots {
		tr.glyph, va.glyph = trainDot, valDot
	}
	f.key = append(f.key, tr.key("training"))
	if hasVal {
		f.key = append(f.key, va.key("validation"))
	}
	if opt.Best > 0 {
		f.key = append(f.key, keyEntry{label: fmt.Sprintf("weights kept (epoch %d)", opt.Best), line: bestLine})
	}
	return f, nil
}
