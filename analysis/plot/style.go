package plot

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// sans is the typeface of all figure text: Liberation Sans, which gonum/plot
// embeds, so figures look the same on every machine.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// Text sizes, in points.
const (
	titleSize = 13
	labelSize = 11
	tickSize  = 9
	keySize   = 10
)

// dimColor is the grey of secondary text: hidden legend entries, notes.
var dimColor = color.NRGBA{0x80, 0x80, 0x80, 0xFF}

// textStyle returns a plain text style of the given size and colour.
func textStyle(size vg.Length, c color.Color) text.Style {
	return text.Style{
		Color:   c,
		Font:    font.From(sans, size),
		Handler: plot.DefaultTextHandler,
	}
}

// newPlot returns a plot with the package's fonts and the given texts.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(sans, titleSize)
	p.Title.Padding = vg.Points(8)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sans, labelSize)
		a.Tick.Label.Font = font.From(sans, tickSize)
		a.Label.Padding = vg.Points(3)
	}
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.Legend.TextStyle.Font = font.From(sans, keySize)
	return p
}

// grid returns light grey grid lines at the major ticks.
func grid() plot.Plotter {
	return &gridLines{}
}

// gridLines draws light lines at both axes' major ticks.
type gridLines struct{}

// Plot implements plot.Plotter.
func (gridLines) Plot(c draw.Canvas, p *plot.Plot) {
	if !roomy(c) {
		return
	}
	sty := draw.LineStyle{Color: color.Gray{0xE4}, Width: vg.Points(0.5)}
	trX, trY := p.Transforms(&c)
	for _, t := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
		if t.IsMinor() || t.Value < p.X.Min || t.Value > p.X.Max {
			continue
		}
		x := trX(t.Value)
		c.StrokeLine2(sty, x, c.Min.Y, x, c.Max.Y)
	}
	for _, t := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
		if t.IsMinor() || t.Value < p.Y.Min || t.Value > p.Y.Max {
			continue
		}
		y := trY(t.Value)
		c.StrokeLine2(sty, c.Min.X, y, c.Max.X, y)
	}
}

// keyEntry is one line of a legend drawn by this package: a glyph or a
// line sample, and a label.
type keyEntry struct {
	label string
	// glyph, if its Shape is set, is drawn as the sample.
	glyph draw.GlyphStyle
	// outline, if its Color is set, outlines the glyph.
	outline draw.LineStyle
	// line, if its Color is set, is drawn as a short line sample.
	line draw.LineStyle
	// dim draws the label grey (a hidden category).
	dim bool
}

// Legend geometry, in points.
const (
	keyGap    = 10 // between the data area and a side legend
	keySample = 18 // width of an entry's sample
	keySpace  = 5  // between a sample and its label
)

// drawSample draws e's sample centred at pt.
func (e *keyEntry) drawSample(c *draw.Canvas, pt vg.Point, scale float64) {
	if e.line.Color != nil {
		l := e.line
		half := vg.Points(keySample/2) * vg.Length(scale)
		c.StrokeLine2(l, pt.X-half, pt.Y, pt.X+half, pt.Y)
	}
	if e.glyph.Shape != nil {
		g := e.glyph
		g.Radius *= vg.Length(scale)
		c.DrawGlyphNoClip(g, pt)
		if e.outline.Color != nil {
			c.SetLineStyle(e.outline)
			var path vg.Path
			path.Move(vg.Point{X: pt.X + g.Radius, Y: pt.Y})
			path.Arc(pt, g.Radius, 0, 2*math.Pi)
			path.Close()
			c.Stroke(path)
		}
	}
}

// sideKey is a legend drawn to the right of a plot's data area, in space
// it reserves through its glyph box so that it never covers data.
type sideKey struct {
	entries []keyEntry
	size    vg.Length // font size
}

// width returns the legend's width.
func (k *sideKey) width() vg.Length {
	sty := textStyle(k.size, color.Black)
	var w vg.Length
	for _, e := range k.entries {
		w = max(w, sty.Width(e.label))
	}
	return vg.Points(keySample+keySpace) + w
}

// GlyphBoxes implements plot.GlyphBoxer: one box right of the top right
// corner of the data area, as wide as the legend. Its height is zero, so
// that it takes no vertical room.
func (k *sideKey) GlyphBoxes(*plot.Plot) []plot.GlyphBox {
	return []plot.GlyphBox{{
		X: 1, Y: 1,
		Rectangle: vg.Rectangle{
			Min: vg.Point{X: vg.Points(keyGap)},
			Max: vg.Point{X: vg.Points(keyGap) + k.width()},
		},
	}}
}

// Plot implements plot.Plotter, drawing the legend from the top of the
// data area down, smaller if it would not fit.
func (k *sideKey) Plot(c draw.Canvas, _ *plot.Plot) {
	if !roomy(c) {
		return
	}
	if len(k.entries) == 0 {
		return
	}
	scale := 1.0
	lineH := vg.Points(1.45 * float64(k.size))
	if need := lineH * vg.Length(len(k.entries)); need > c.Max.Y-c.Min.Y {
		scale = max(0.5, float64((c.Max.Y-c.Min.Y)/need))
	}
	size := k.size * vg.Length(scale)
	lineH *= vg.Length(scale)
	sty := textStyle(size, color.Black)
	sty.YAlign = draw.YCenter
	x := c.Max.X + vg.Points(keyGap)
	y := c.Max.Y - lineH/2
	for i := range k.entries {
		e := &k.entries[i]
		e.drawSample(&c, vg.Point{X: x + vg.Points(keySample/2), Y: y}, scale)
		s := sty
		if e.dim {
			s.Color = dimColor
		}
		c.FillText(s, vg.Point{X: x + vg.Points(keySample+keySpace), Y: y}, e.label)
		y -= lineH
	}
}
