package plot

import (
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/fashionlens/fashionlens/analysis"
)

// series is a line through points (x[i], y[i]), broken where y is NaN,
// with an optional glyph at each point.
type series struct {
	x, y  []float64
	line  draw.LineStyle
	glyph draw.GlyphStyle // Shape nil for no glyphs
}

// DataRange implements plot.DataRanger, skipping NaN values.
func (s *series) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for i, y := range s.y {
		if math.IsNaN(y) {
			continue
		}
		xmin, xmax = min(xmin, s.x[i]), max(xmax, s.x[i])
		ymin, ymax = min(ymin, y), max(ymax, y)
	}
	return xmin, xmax, ymin, ymax
}

// GlyphBoxes implements plot.GlyphBoxer for the glyphs, if any.
func (s *series) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	if s.glyph.Shape == nil {
		return nil
	}
	var bs []plot.GlyphBox
	for i, y := range s.y {
		if !math.IsNaN(y) {
			bs = append(bs, plot.GlyphBox{X: p.X.Norm(s.x[i]), Y: p.Y.Norm(y), Rectangle: s.glyph.Rectangle()})
		}
	}
	return bs
}

// Plot implements plot.Plotter.
func (s *series) Plot(c draw.Canvas, p *plot.Plot) {
	if !roomy(c) {
		return
	}
	trX, trY := p.Transforms(&c)
	var lines [][]vg.Point
	var cur []vg.Point
	for i, y := range s.y {
		if math.IsNaN(y) {
			if len(cur) > 0 {
				lines = append(lines, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, vg.Point{X: trX(s.x[i]), Y: trY(y)})
	}
	if len(cur) > 0 {
		lines = append(lines, cur)
	}
	if s.line.Color != nil && s.line.Width > 0 {
		c.StrokeLines(s.line, c.ClipLinesXY(lines...)...)
	}
	if s.glyph.Shape != nil {
		for _, l := range lines {
			for _, pt := range l {
				c.DrawGlyph(s.glyph, pt)
			}
		}
	}
}

// key returns the legend entry of the series.
func (s *series) key(label string) keyEntry {
	return keyEntry{label: label, line: s.line, glyph: s.glyph}
}

// marker is a point drawn on top of a plot: a ring and a label beside it.
type marker struct {
	x, y  float64
	ring  draw.GlyphStyle
	label string
	// side puts the label left of the point (−1), centred on it (0) or
	// right of it (+1).
	side int
	// above puts the label above the point, else below.
	above bool
}

// Plot implements plot.Plotter.
func (m *marker) Plot(c draw.Canvas, p *plot.Plot) {
	if !roomy(c) {
		return
	}
	trX, trY := p.Transforms(&c)
	pt := vg.Point{X: trX(m.x), Y: trY(m.y)}
	c.DrawGlyphNoClip(m.ring, pt)
	if m.label == "" {
		return
	}
	sty := textStyle(keySize, color.Black)
	gap := m.ring.Radius + vg.Points(2)
	var dx vg.Length
	switch {
	case m.side < 0:
		sty.XAlign, dx = draw.XRight, -gap
	case m.side > 0:
		sty.XAlign, dx = draw.XLeft, gap
	default:
		sty.XAlign = draw.XCenter
	}
	sty.YAlign = draw.YTop
	dy := -gap
	if m.above {
		sty.YAlign, dy = draw.YBottom, gap
	}
	if m.side != 0 {
		dy /= 2
	}
	c.FillText(sty, vg.Point{X: pt.X + dx, Y: pt.Y + dy}, m.label)
}

// GlyphBoxes implements plot.GlyphBoxer, so that the ring is not clipped.
func (m *marker) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	return []plot.GlyphBox{{X: p.X.Norm(m.x), Y: p.Y.Norm(m.y), Rectangle: m.ring.Rectangle()}}
}

// rule is a horizontal or vertical line across the data area, with a
// label at one end.
type rule struct {
	at       float64
	vertical bool
	line     draw.LineStyle
	label    string
}

// Plot implements plot.Plotter. A vertical rule's label is at its top,
// right of it; a horizontal one's at its left end, above it.
func (r *rule) Plot(c draw.Canvas, p *plot.Plot) {
	if !roomy(c) {
		return
	}
	trX, trY := p.Transforms(&c)
	sty := textStyle(tickSize, color.Black)
	sty.Color = r.line.Color
	if r.vertical {
		x := trX(r.at)
		c.StrokeLine2(r.line, x, c.Min.Y, x, c.Max.Y)
		sty.XAlign = draw.XLeft
		sty.YAlign = draw.YTop
		c.FillText(sty, vg.Point{X: x + vg.Points(3), Y: c.Max.Y - vg.Points(2)}, r.label)
		return
	}
	y := trY(r.at)
	c.StrokeLine2(r.line, c.Min.X, y, c.Max.X, y)
	sty.XAlign = draw.XLeft
	sty.YAlign = draw.YBottom
	c.FillText(sty, vg.Point{X: c.Min.X + vg.Points(4), Y: y + vg.Points(2)}, r.label)
}

// intTicks marks whole numbers, at a step of 1, 2, 5, 10, 20, … that
// gives at most max ticks.
type intTicks struct{ max int }

// Ticks implements plot.Ticker.
func (t intTicks) Ticks(lo, hi float64) []plot.Tick {
	first, last := math.Ceil(lo), math.Floor(hi)
	if !(last >= first) || math.IsInf(first, 0) || math.IsInf(last, 0) {
		return nil
	}
	step := 1.0
	for i := 0; (last-first)/step+1 > float64(t.max); i++ {
		step *= [...]float64{2, 2.5, 2}[i%3]
	}
	var ticks []plot.Tick
	for v := math.Ceil(first/step) * step; v <= last; v += step {
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
	}
	return ticks
}

// niceTicks marks round numbers (1, 2, 2.5 or 5 times a power of ten
// apart), about n of them with labels and unlabelled ones halfway.
type niceTicks struct{ n int }

// Ticks implements plot.Ticker.
func (t niceTicks) Ticks(lo, hi float64) []plot.Tick {
	raw := (hi - lo) / float64(max(t.n, 2))
	if !(raw > 0) || !finite(lo) || !finite(hi) || !finite(raw) {
		return nil
	}
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*mag >= raw*0.7 {
			step = m * mag
			break
		}
	}
	decimals := 0
	for decimals < 15 {
		v := step * math.Pow(10, float64(decimals))
		if math.Abs(v-math.Round(v)) < 1e-6*v {
			break
		}
		decimals++
	}
	var ticks []plot.Tick
	half := step / 2
	first := math.Ceil(lo/half - 1e-9)
	for i := first; i*half <= hi+half*1e-9; i++ {
		v := i * half
		if math.Abs(v) < half*1e-9 {
			v = 0
		}
		if math.Mod(i, 2) != 0 {
			ticks = append(ticks, plot.Tick{Value: v})
			continue
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: formatTick(v, decimals)})
	}
	return ticks
}

// formatTick formats a tick value with the given decimals, grouping the
// thousands of large whole numbers.
func formatTick(v float64, decimals int) string {
	if math.Abs(v) >= 1e15 {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	if decimals == 0 && math.Abs(v) >= 10000 {
		return analysis.Thousands(int(math.Round(v)))
	}
	return strconv.FormatFloat(v, 'f', decimals, 64)
}
