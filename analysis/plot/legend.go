package plot

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/fashionlens/fashionlens/analysis"
)

// fontSlack is how much wider than Liberation Sans, with which figures
// measure their text, a viewer may draw it. PNG and PDF files carry the
// font, but an SVG file only names it, and a viewer that has neither it
// nor a font of its widths (Arimo, Arial, Helvetica: export.go names them
// as fallbacks) draws another, DejaVu Sans commonly, about 14% wider for
// the usual labels. Text that must end inside the figure (the side
// legend's labels, the caption) is given that much more room.
const fontSlack = 1.15

// maxKeyEntries bounds the legend's length; further categories are
// summarised in one line.
const maxKeyEntries = 24

// maxKeyName is the most characters of a name the legend shows.
const maxKeyName = 32

// maxKeyText bounds the width of a legend entry's label at the legend's
// full size, in points: names of wide letters are cut shorter than
// maxKeyName, so that the legend leaves the data room in a small figure.
const maxKeyText = 200

// minKeyScale is the least a side legend is scaled down to fit the
// height of the data area; the entries that still do not fit are
// summarised in a last line.
const minKeyScale = 0.5

// keyLineHeight is the height of a legend line, in font sizes.
const keyLineHeight = 1.45

// scatterKey returns the legend of a scatter: each category with its
// count, and the noise if there is any.
func scatterKey(names []string, counts []int, hidden []bool, colorOf func(int) color.NRGBA) *sideKey {
	k := &sideKey{size: keySize}
	sty := textStyle(keySize, color.Black)
	add := func(c int, name string) {
		e := keyEntry{
			label: fitLabel(sty, shorten(name, maxKeyName), " ("+analysis.Thousands(counts[c+1])+")", maxKeyText),
			glyph: draw.GlyphStyle{Color: colorOf(c), Radius: vg.Points(4), Shape: CategoryGlyph(c)},
			dim:   hidden[c+1],
		}
		if e.dim {
			e.glyph.Shape = draw.RingGlyph{}
		}
		k.entries = append(k.entries, e)
	}
	shown := len(names)
	if shown > maxKeyEntries {
		shown = maxKeyEntries - 1
	}
	for c := range shown {
		add(c, names[c])
	}
	if shown < len(names) {
		more := 0
		for c := shown; c < len(names); c++ {
			more += counts[c+1]
		}
		k.entries = append(k.entries, keyEntry{
			label: fmt.Sprintf("+ %d more (%s)", len(names)-shown, analysis.Thousands(more)),
			dim:   true,
		})
	}
	if counts[0] > 0 {
		add(Noise, "Noise")
	}
	return k
}

// ClusterNames returns names for k clusters: "Cluster 0" … "Cluster k−1".
func ClusterNames(k int) []string {
	names := make([]string, max(k, 0))
	for i := range names {
		names[i] = fmt.Sprintf("Cluster %d", i)
	}
	return names
}

// shorten cuts s to n characters, the last an ellipsis, if it is longer.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// fitLabel returns name+suffix, with name cut (its last character an
// ellipsis) so that the whole is at most width wide in sty, if it can be.
func fitLabel(sty text.Style, name, suffix string, width vg.Length) string {
	r := []rune(name)
	for n := len(r); n > 1 && sty.Width(name+suffix) > width; n-- {
		name = string(r[:n-1]) + "…"
	}
	return name + suffix
}

// sideKey is a legend drawn to the right of a plot's data area, in space
// it reserves through its glyph box so that it never covers data.
type sideKey struct {
	entries []keyEntry
	size    vg.Length // font size
}

// moreLabel is the last line of a legend that shows only some of its
// entries, n left out.
func moreLabel(n int) string { return fmt.Sprintf("+ %d more", n) }

// textWidth returns the width of the legend's widest label at full size,
// measured in Liberation Sans; a "+ n more" line is drawn at most at
// minKeyScale and is counted so.
func (k *sideKey) textWidth() vg.Length {
	sty := textStyle(k.size, color.Black)
	w := vg.Length(minKeyScale) * sty.Width(moreLabel(len(k.entries)))
	for _, e := range k.entries {
		w = max(w, sty.Width(e.label))
	}
	return w
}

// width returns the room the legend takes right of the data area: the
// gap, the samples and the labels, with fontSlack to spare.
func (k *sideKey) width() vg.Length {
	return vg.Points(keyGap+keySample+keySpace) + fontSlack*k.textWidth()
}

// GlyphBoxes implements plot.GlyphBoxer: one box right of the top right
// corner of the data area, as wide as the legend. Its height is zero, so
// that it takes no vertical room.
func (k *sideKey) GlyphBoxes(*plot.Plot) []plot.GlyphBox {
	return []plot.GlyphBox{{
		X: 1, Y: 1,
		Rectangle: vg.Rectangle{Max: vg.Point{X: k.width()}},
	}}
}

// keyLine is a line of a laid out legend: an entry's sample and label,
// or (entry nil) the line that sums up the entries left out.
type keyLine struct {
	entry  *keyEntry
	label  string
	sample vg.Point // the sample's centre
	text   vg.Point // the label's start, at the middle of its height
}

// keyLayout is a side legend laid out on a data area.
type keyLayout struct {
	scale float64    // of the font and samples, minKeyScale to 1
	style text.Style // of the labels, vertically centred
	lines []keyLine
}

// layout lays the legend out right of the data area c, from its top
// down: as many lines as fit the area's height, smaller if need be
// (down to minKeyScale); if the entries still do not fit, the last line
// says how many are left out. Every line lies within the area's height,
// and right of it within the width the glyph box reserves.
func (k *sideKey) layout(c draw.Canvas) keyLayout {
	height := c.Max.Y - c.Min.Y
	lineH := vg.Points(keyLineHeight * float64(k.size))
	n := len(k.entries)
	l := keyLayout{scale: 1}
	if need := lineH * vg.Length(n); need > height {
		l.scale = max(minKeyScale, float64(height/need))
	}
	lineH *= vg.Length(l.scale)
	fit := n
	if lineH > 0 {
		fit = min(n, int(height/lineH))
	}
	l.style = textStyle(k.size*vg.Length(l.scale), color.Black)
	l.style.YAlign = draw.YCenter
	x := c.Max.X + vg.Points(keyGap)
	y := c.Max.Y - lineH/2
	at := func(y vg.Length) (vg.Point, vg.Point) {
		return vg.Point{X: x + vg.Points(keySample/2), Y: y}, vg.Point{X: x + vg.Points(keySample+keySpace), Y: y}
	}
	shown := fit
	if fit < n {
		shown = max(fit-1, 0)
	}
	for i := range shown {
		s, t := at(y)
		l.lines = append(l.lines, keyLine{entry: &k.entries[i], label: k.entries[i].label, sample: s, text: t})
		y -= lineH
	}
	if shown < n && fit > 0 {
		s, t := at(y)
		l.lines = append(l.lines, keyLine{label: moreLabel(n - shown), sample: s, text: t})
	}
	return l
}

// Plot implements plot.Plotter, drawing the legend as layout places it.
func (k *sideKey) Plot(c draw.Canvas, _ *plot.Plot) {
	if !roomy(c) || len(k.entries) == 0 {
		return
	}
	l := k.layout(c)
	for _, line := range l.lines {
		s := l.style
		if line.entry == nil || line.entry.dim {
			s.Color = dimColor
		}
		if line.entry != nil {
			line.entry.drawSample(&c, line.sample, l.scale)
		}
		c.FillText(s, line.text, line.label)
	}
}
