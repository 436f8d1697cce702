package plot

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"

	"github.com/fashionlens/fashionlens/analysis"
)

// DataArea returns the rectangle, in pixels with the origin at the top
// left, of p's data area in the image that Raster(p, width, height, scale)
// draws: a data point (x, y) lies at
//
//	x0 + (x−p.X.Min)/(p.X.Max−p.X.Min)·(x1−x0),
//	y1 − (y−p.Y.Min)/(p.Y.Max−p.Y.Min)·(y1−y0)
//
// for p's linear axes. The rectangle depends on the plot's texts, tick
// labels and glyphs, so a GUI that maps the mouse to data coordinates
// calls DataArea with the plot it draws (or one made from the same data
// and options, with the same axis ranges).
//
// DataArea finds p's ranges the way drawing does (a plot whose range is a
// single value is widened by one either side), which updates p.X and p.Y.
// Its errors are those of Raster: a size or scale out of range, or a size
// too small for the plot's labels, wrap analysis.ErrInput.
func DataArea(p *plot.Plot, width, height int, scale float64) (x0, y0, x1, y1 float64, err error) {
	switch {
	case width <= 0 || height <= 0 || width > MaxPixels || height > MaxPixels:
		return 0, 0, 0, 0, analysis.Errorf("raster size %d×%d pixels: want 1 to %d each", width, height, MaxPixels)
	case !(scale >= 0.25 && scale <= 8):
		return 0, 0, 0, 0, analysis.Errorf("raster scale %v: want 0.25 to 8", scale)
	case p == nil:
		return 0, 0, 0, 0, analysis.Errorf("no figure to draw")
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("data area: %v", r)
		}
	}()
	// The canvas of Raster: vgimg's, width × height pixels at dpi.
	dpi := math.Round(DPI * scale)
	w := vg.Length(width) * vg.Inch / vg.Length(dpi)
	h := vg.Length(height) * vg.Inch / vg.Length(dpi)
	c := draw.NewCanvas(new(recorder.Canvas), w, h)
	// The margin of drawSafely.
	c = plotMargin(c)
	if !roomy(c) {
		return 0, 0, 0, 0, tooSmallError(w, h)
	}
	data := p.DataCanvas(c)
	if !roomyIn(data, c) {
		return 0, 0, 0, 0, tooSmallError(w, h)
	}
	// vgimg maps a point to dots with y up from an image whose height is
	// rounded to whole pixels.
	imgH := float64(int(h/vg.Inch*vg.Length(dpi) + 0.5))
	dots := func(l vg.Length) float64 { return l.Dots(dpi) }
	return dots(data.Min.X), imgH - dots(data.Max.Y), dots(data.Max.X), imgH - dots(data.Min.Y), nil
}

// plotMargin returns c less the margin that Save, Write and Raster leave
// around a *plot.Plot (see drawSafely).
func plotMargin(c draw.Canvas) draw.Canvas {
	return draw.Crop(c, vg.Points(6), -vg.Points(10), vg.Points(4), -vg.Points(8))
}

// tooSmallError is drawSafely's error for a figure of w × h points that
// leaves no room for the data.
func tooSmallError(w, h vg.Length) error {
	return analysis.Errorf("figure size %.0f×%.0f points: too small for the figure's labels", float64(w), float64(h))
}
