package plot

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

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
	// LR is the learning rate at the epoch's end; 0 or NaN when unknown.
	LR float64
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
	// The learning rate: bluish green, dash-dotted, thinner.
	lrLine = draw.LineStyle{Color: Palette[2], Width: vg.Points(1.25),
		Dashes: []vg.Length{vg.Points(6), vg.Points(2), vg.Points(1.5), vg.Points(2)}}
	lrDot = draw.GlyphStyle{Color: Palette[2], Radius: vg.Points(2), Shape: draw.PyramidGlyph{}}
)

// maxDots is the most epochs whose points get a glyph.
const maxDots = 40

// TrainingCurves returns two panels side by side: loss and accuracy (in
// per cent) against the epoch, for training and, where the history has
// it, validation. history[0] is epoch 1. When at least one epoch's
// learning rate is known (LR > 0), the loss panel also draws the learning
// rate, on an axis of its own at the right from 0 up; epochs whose rate
// is unknown are left out of that line. A history without any learning
// rate draws exactly as it would without the field.
//
// It returns an error wrapping analysis.ErrInput if history is empty, a
// training score is NaN or infinite, a validation score is infinite, an
// accuracy is outside [0, 1], a loss is negative, a learning rate is
// negative or infinite, or Best is not 0 to len(history).
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
	lr := make([]float64, n)
	hasVal, lrMax := false, 0.0
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
		switch {
		case math.IsNaN(e.LR) || e.LR == 0:
			lr[i] = math.NaN() // unknown
		case math.IsInf(e.LR, 0) || e.LR < 0:
			return nil, analysis.Errorf("training curves: epoch %d: learning rate is %v: want 0 (unknown) or more", i+1, e.LR)
		default:
			lr[i], lrMax = e.LR, max(lrMax, e.LR)
		}
		loss[i], acc[i] = e.Loss, 100*e.Accuracy
		vloss[i], vacc[i] = e.ValLoss, 100*e.ValAccuracy
		if !math.IsNaN(e.ValLoss) || !math.IsNaN(e.ValAccuracy) {
			hasVal = true
		}
	}

	panel := func(title, yLabel string, train, val []float64, extra plot.Plotter) *plot.Plot {
		p := newPlot(title, "epoch", yLabel)
		p.Add(grid())
		if opt.Best > 0 {
			p.Add(&rule{at: float64(opt.Best), vertical: true, line: bestLine})
		}
		if extra != nil {
			p.Add(extra)
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
	var lrc plot.Plotter
	if lrMax > 0 {
		lrc = newLRCurve(x, lr, lrMax)
	}
	f := &Panels{
		Title: opt.Title,
		Plots: []*plot.Plot{
			panel("Loss", "loss", loss, vloss, lrc),
			panel("Accuracy", "accuracy (%)", acc, vacc, nil),
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
	if lrMax > 0 {
		f.key = append(f.key, keyEntry{label: "learning rate", line: lrLine})
	}
	if opt.Best > 0 {
		f.key = append(f.key, keyEntry{label: fmt.Sprintf("weights kept (epoch %d)", opt.Best), line: bestLine})
	}
	return f, nil
}

// lrCurve draws the learning rate in a panel on a scale of its own: from
// 0 at the bottom of the data area to top at the top, with its axis
// (ticks, labels and the title "learning rate") right of the data area.
// It has no data range, so the panel's own axes do not see it.
type lrCurve struct {
	x, lr []float64 // lr is NaN where unknown
	top   float64
	ticks []plot.Tick
}

// Geometry of the learning-rate axis, in points.
const (
	lrPad   = 5 // between the data area and the axis line, as gonum's axes
	lrTick  = 6 // length of a labelled tick
	lrSpace = 3 // between a tick and its label, and a label and the title
)

// newLRCurve returns the curve of lr (NaN where unknown), whose largest
// value is lrMax > 0.
func newLRCurve(x, lr []float64, lrMax float64) *lrCurve {
	// A little headroom, so that a constant rate is not drawn on the top
	// edge of the data area.
	top := 1.1 * lrMax
	ticks := niceTicks{n: 4}.Ticks(0, top)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = strconv.FormatFloat(ticks[i].Value, 'g', 3, 64)
		}
	}
	return &lrCurve{x: x, lr: lr, top: top, ticks: ticks}
}

// labelWidth returns the width of the widest tick label.
func (l *lrCurve) labelWidth() vg.Length {
	sty := textStyle(tickSize, color.Black)
	var w vg.Length
	for _, t := range l.ticks {
		w = max(w, sty.Width(t.Label))
	}
	return w
}

// width returns the width of the axis right of the data area.
func (l *lrCurve) width() vg.Length {
	title := textStyle(labelSize, color.Black)
	return vg.Points(lrPad+lrTick+2*lrSpace) + l.labelWidth() + title.Height(lrTitle)
}

// lrTitle is the title of the learning-rate axis.
const lrTitle = "learning rate"

// GlyphBoxes implements plot.GlyphBoxer: room for the axis right of the
// data area, and for half a label's height above the top tick and below
// the bottom one.
func (l *lrCurve) GlyphBoxes(*plot.Plot) []plot.GlyphBox {
	h := textStyle(tickSize, color.Black).Height("0")
	var bs []plot.GlyphBox
	for _, t := range l.ticks {
		if t.Label == "" {
			continue
		}
		bs = append(bs, plot.GlyphBox{X: 1, Y: t.Value / l.top, Rectangle: vg.Rectangle{
			Min: vg.Point{X: 0, Y: -h / 2},
			Max: vg.Point{X: l.width(), Y: h / 2},
		}})
	}
	return bs
}

// Plot implements plot.Plotter.
func (l *lrCurve) Plot(c draw.Canvas, p *plot.Plot) {
	if !roomy(c) {
		return
	}
	trX, _ := p.Transforms(&c)
	trY := func(v float64) vg.Length { return c.Min.Y + vg.Length(v/l.top)*(c.Max.Y-c.Min.Y) }
	// The line, broken where the rate is unknown; a lone point gets a
	// glyph, since a line through one point is invisible.
	var lines [][]vg.Point
	var cur []vg.Point
	for i, v := range l.lr {
		if math.IsNaN(v) {
			if len(cur) > 0 {
				lines, cur = append(lines, cur), nil
			}
			continue
		}
		cur = append(cur, vg.Point{X: trX(l.x[i]), Y: trY(v)})
	}
	if len(cur) > 0 {
		lines = append(lines, cur)
	}
	c.StrokeLines(lrLine, c.ClipLinesXY(lines...)...)
	for _, ln := range lines {
		if len(ln) == 1 {
			c.DrawGlyph(lrDot, ln[0])
		}
	}

	// The axis: a line, ticks and labels, and the title, in the line's
	// colour but for the labels, which stay black to be legible.
	axis := draw.LineStyle{Color: lrLine.Color, Width: vg.Points(0.75)}
	x := c.Max.X + vg.Points(lrPad)
	c.StrokeLine2(axis, x, c.Min.Y, x, c.Max.Y)
	sty := textStyle(tickSize, color.Black)
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	for _, t := range l.ticks {
		y := trY(t.Value)
		length := vg.Points(lrTick)
		if t.IsMinor() {
			length /= 2
		}
		c.StrokeLine2(axis, x, y, x+length, y)
		if t.Label != "" {
			c.FillText(sty, vg.Point{X: x + vg.Points(lrTick+lrSpace), Y: y}, t.Label)
		}
	}
	title := textStyle(labelSize, lrLine.Color)
	title.Rotation = math.Pi / 2
	title.XAlign, title.YAlign = draw.XCenter, draw.YCenter
	tx := x + vg.Points(lrTick+2*lrSpace) + l.labelWidth() + title.Height(lrTitle)/2
	c.FillText(title, vg.Point{X: tx, Y: (c.Min.Y + c.Max.Y) / 2}, lrTitle)
}
