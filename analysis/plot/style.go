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
