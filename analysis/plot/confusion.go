package plot

import (
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/fashionlens/fashionlens/analysis"
)

// ConfusionOptions are the texts and choices of Confusion.
type ConfusionOptions struct {
	// Title is the plot's title; empty for "Confusion matrix".
	Title string
	// XLabel and YLabel name the columns and rows; empty for
	// "predicted class" and "true class".
	XLabel, YLabel string
	// ByCount colours the cells by their count relative to the largest;
	// by default a cell's colour is its share of its row, so that every
	// true class's errors show whatever its size.
	ByCount bool
}

// maxConfusion bounds the rows and columns of a confusion matrix.
const maxConfusion = 100

// Confusion returns a heat map of a confusion matrix: counts[i][j] is the
// number of points of true class i (row i, from the top) predicted as
// class j (column j, from the left). Every cell shows its count. colNames
// may be nil when the columns are the rows' classes.
//
// It returns an error wrapping analysis.ErrInput if there are no rows,
// the names do not match the matrix's rows and columns, the matrix is
// larger than 100×100, or a count is negative.
func Confusion(counts [][]int, rowNames, colNames []string, opt ConfusionOptions) (*plot.Plot, error) {
	if colNames == nil {
		colNames = rowNames
	}
	rows, cols := len(counts), len(colNames)
	switch {
	case rows == 0:
		return nil, analysis.Errorf("confusion matrix: no rows")
	case rows != len(rowNames):
		return nil, analysis.Errorf("confusion matrix: %d rows and %d row names", rows, len(rowNames))
	case cols == 0:
		return nil, analysis.Errorf("confusion matrix: no column names")
	case rows > maxConfusion || cols > maxConfusion:
		return nil, analysis.Errorf("confusion matrix: %d×%d: want at most %d×%d", rows, cols, maxConfusion, maxConfusion)
	}
	largest := 0
	for i, r := range counts {
		if len(r) != cols {
			return nil, analysis.Errorf("confusion matrix: row %d has %d counts and there are %d column names", i, len(r), cols)
		}
		for j, v := range r {
			if v < 0 {
				return nil, analysis.Errorf("confusion matrix: count [%d][%d] is %d", i, j, v)
			}
			largest = max(largest, v)
		}
	}
	h := &heatCells{counts: counts, cols: cols, byCount: opt.ByCount, largest: largest}

	title, xl, yl := opt.Title, opt.XLabel, opt.YLabel
	if title == "" {
		title = "Confusion matrix"
	}
	if xl == "" {
		xl = "predicted class"
	}
	if yl == "" {
		yl = "true class"
	}
	p := newPlot(title, xl, yl)
	p.Add(h)
	p.NominalX(colNames...)
	rev := slices.Clone(rowNames)
	slices.Reverse(rev)
	p.NominalY(rev...)
	p.X.Padding, p.Y.Padding = vg.Points(3), vg.Points(3)
	p.X.Tick.Label.Font.Size = vg.Points(keySize)
	p.Y.Tick.Label.Font.Size = vg.Points(keySize)
	var widest vg.Length
	for _, name := range colNames {
		widest = max(widest, p.X.Tick.Label.Width(name))
	}
	if widest > vg.Points(36) && cols > 3 {
		p.X.Tick.Label.Rotation = math.Pi / 6
		p.X.Tick.Label.XAlign = draw.XRight
		p.X.Tick.Label.YAlign = draw.YCenter
	}
	return p, nil
}

// heatCells draws the cells of a confusion matrix with their counts.
type heatCells struct {
	counts  [][]int
	cols    int
	byCount bool
	largest int
}

// DataRange implements plot.DataRanger: cell (i, j) is centred on
// (j, rows−1−i).
func (h *heatCells) DataRange() (xmin, xmax, ymin, ymax float64) {
	return -0.5, float64(h.cols) - 0.5, -0.5, float64(len(h.counts)) - 0.5
}

// Plot implements plot.Plotter. The counts' size follows the cells'.
func (h *heatCells) Plot(c draw.Canvas, p *plot.Plot) {
	if !roomy(c) {
		return
	}
	trX, trY := p.Transforms(&c)
	rows := len(h.counts)
	cw := trX(0.5) - trX(-0.5)
	ch := trY(0.5) - trY(-0.5)
	digits := len(analysis.Thousands(h.largest))
	size := min(vg.Points(11), ch*0.42, cw/vg.Length(0.58*float64(digits)+0.6))
	sep := draw.LineStyle{Color: color.White, Width: vg.Points(0.75)}
	for i, r := range h.counts {
		total := 0
		for _, v := range r {
			total += v
		}
		y := float64(rows - 1 - i)
		for j, v := range r {
			var share float64
			switch {
			case h.byCount && h.largest > 0:
				share = float64(v) / float64(h.largest)
			case !h.byCount && total > 0:
				share = float64(v) / float64(total)
			}
			fill := blues(share)
			rect := vg.Rectangle{
				Min: vg.Point{X: trX(float64(j) - 0.5), Y: trY(y - 0.5)},
				Max: vg.Point{X: trX(float64(j) + 0.5), Y: trY(y + 0.5)},
			}
			c.SetColor(fill)
			c.Fill(rect.Path())
			c.SetLineStyle(sep)
			c.Stroke(rect.Path())
			if size < vg.Points(4) {
				continue // too small to read
			}
			sty := textStyle(size, color.Black)
			switch {
			case luminance(fill) < 0.4:
				sty.Color = color.White
			case v == 0:
				sty.Color = color.Gray{0xA0}
			}
			sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
			c.FillText(sty, vg.Point{X: trX(float64(j)), Y: trY(y)}, analysis.Thousands(v))
		}
	}
}

// bluesStops is ColorBrewer's 9-class sequential "Blues" scheme
// (https://colorbrewer2.org), from white to dark blue.
var bluesStops = [...]color.NRGBA{
	{0xF7, 0xFB, 0xFF, 0xFF}, {0xDE, 0xEB, 0xF7, 0xFF}, {0xC6, 0xDB, 0xEF, 0xFF},
	{0x9E, 0xCA, 0xE1, 0xFF}, {0x6B, 0xAE, 0xD6, 0xFF}, {0x42, 0x92, 0xC6, 0xFF},
	{0x21, 0x71, 0xB5, 0xFF}, {0x08, 0x51, 0x9C, 0xFF}, {0x08, 0x30, 0x6B, 0xFF},
}

// blues maps v in [0, 1] to a colour of bluesStops, interpolating.
func blues(v float64) color.NRGBA {
	v = max(0, min(1, v)) * float64(len(bluesStops)-1)
	i := min(int(v), len(bluesStops)-2)
	t := v - float64(i)
	a, b := bluesStops[i], bluesStops[i+1]
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-t) + float64(y)*t)) }
	return color.NRGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xFF}
}

// luminance returns the relative luminance (0 black to 1 white) of an
// opaque colour, as WCAG defines it.
func luminance(c color.NRGBA) float64 {
	return 0.2126*linear(c.R) + 0.7152*linear(c.G) + 0.0722*linear(c.B)
}

// linear converts an sRGB component to linear light.
func linear(v uint8) float64 {
	s := float64(v) / 255
	if s <= 0.04045 {
		return s / 12.92
	}
	return math.Pow((s+0.055)/1.055, 2.4)
}
