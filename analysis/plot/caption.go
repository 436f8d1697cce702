package plot

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Caption geometry, in points.
const (
	captionSize = 8 // font size
	captionGap  = 5 // between the plot (its axis title) and the caption
)

// captionColor is the grey of a caption, darker than dimColor so that
// small text stays legible in print.
var captionColor = color.NRGBA{0x60, 0x60, 0x60, 0xFF}

// Captioned is a plot with a caption: one line of small grey text below
// it, inside the figure, that says what the figure shows ("bundled seed
// (fashion10) · 10,000 test images · PCA"), so that a figure pasted into
// a report explains itself. Save, Write and Raster draw it within the
// margin they leave around a *plot.Plot; a caption too wide for the
// figure is cut, its last character an ellipsis.
type Captioned struct {
	Plot    *plot.Plot
	Caption string
}

// WithCaption returns p with caption below it; p itself if caption is
// empty.
func WithCaption(p *plot.Plot, caption string) Figure {
	if caption == "" {
		return p
	}
	return &Captioned{Plot: p, Caption: caption}
}

// Draw implements Figure, drawing the caption along the bottom of c and
// the plot above it.
func (f *Captioned) Draw(c draw.Canvas) {
	area, line, sty, caption := f.layout(c)
	if caption != "" {
		c.FillText(sty, line, caption)
	}
	if f.Plot != nil {
		f.Plot.Draw(area)
	}
}

// layout returns the plot's area in c, the point at which the caption is
// drawn in its style (centred, its descenders at c's bottom) and its
// text, cut to fit c's width.
func (f *Captioned) layout(c draw.Canvas) (area draw.Canvas, at vg.Point, sty text.Style, caption string) {
	sty = textStyle(captionSize, captionColor)
	sty.XAlign = draw.XCenter
	sty.YAlign = draw.YBottom
	caption = fitCaption(sty, f.Caption, c.Max.X-c.Min.X)
	// The baseline lies the font's descent above c's bottom: text.Plain
	// puts it the font size less the ascent above the point given.
	ext := sty.FontExtents()
	at = vg.Point{X: c.Center().X, Y: c.Min.Y + ext.Descent + ext.Ascent - sty.Font.Size}
	area = c
	if caption != "" {
		area.Min.Y += ext.Ascent + ext.Descent + vg.Points(captionGap)
	}
	return area, at, sty, caption
}

// fitCaption returns s cut, its last character an ellipsis, so that a
// viewer drawing it centred in width points in a font up to fontSlack
// wider than sty's still ends inside: its start lies width/2 − w/2 from
// the centre and its end fontSlack·w further.
func fitCaption(sty text.Style, s string, width vg.Length) string {
	limit := width / (2*fontSlack - 1)
	r := []rune(s)
	for n := len(r); n > 1 && sty.Width(s) > limit; n-- {
		s = string(r[:n-1]) + "…"
	}
	if sty.Width(s) > limit {
		return ""
	}
	return s
}
