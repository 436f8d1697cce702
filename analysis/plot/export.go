package plot

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/internal/atomicfile"
)

// Figure is anything this package can save or rasterise: a *plot.Plot,
// Panels, a Montage or a Captioned plot. Save, Write and Raster add a
// margin around a *plot.Plot (and a Captioned one) and check that the size leaves room for its data; prefer them
// to calling Draw directly.
type Figure interface {
	// Draw draws the figure to fill the canvas.
	Draw(c draw.Canvas)
}

// formats are the file formats Save and Write support.
var formats = [...]string{"png", "svg", "pdf"}

// Formats returns the file formats Save and Write support, as extensions
// without the dot: png, svg and pdf.
func Formats() []string { return slices.Clone(formats[:]) }

// DPI is the resolution at which PNG files are written: a figure saved at
// 750×600 points is 1000×800 pixels.
const DPI = vgimg.DefaultDPI

// MaxLength bounds a figure's width and height when saved or written (100
// inches, 9600 PNG pixels), so that a wrong unit cannot ask for gigabytes.
const MaxLength = 100 * vg.Inch

// MaxPixels bounds Raster's width and height.
const MaxPixels = 10000

// Save writes f to path, width × height points in size, in the format of
// path's extension: .png (at DPI), .svg or .pdf, in any case. Any other
// extension is an error wrapping analysis.ErrInput. The file is written
// atomically (internal/atomicfile): on any error nothing is left at path but
// what was there before. Errors name the path. A size too small for the
// figure's labels is an error wrapping analysis.ErrInput.
func Save(f Figure, path string, width, height vg.Length) error {
	return SaveDPI(f, path, width, height, DPI)
}

// ExportWidth and ExportHeight are the size of an exported figure: 8×6
// inches, which SaveDPI at ExportDPI makes a 1600×1200-pixel PNG.
const (
	ExportWidth  = 8 * vg.Inch
	ExportHeight = 6 * vg.Inch
	ExportDPI    = 200
)

// Export saves f to path at the size of an exported figure (ExportWidth ×
// ExportHeight, PNG at ExportDPI), as Save does.
func Export(f Figure, path string) error {
	return SaveDPI(f, path, ExportWidth, ExportHeight, ExportDPI)
}

// SaveDPI is Save with the resolution of a PNG file given, in dots per
// inch (36 to 600); SVG and PDF files do not depend on it.
func SaveDPI(f Figure, path string, width, height vg.Length, dpi int) error {
	if dpi < 36 || dpi > 600 {
		return analysis.Errorf("save %s: %d dots per inch: want 36 to 600", path, dpi)
	}
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	if !supported(format) {
		return analysis.Errorf("save %s: unsupported file type %q: use .png, .svg or .pdf", path, filepath.Ext(path))
	}
	if err := checkSize(width, height); err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	return atomicfile.Write(path, func(w io.Writer) error {
		if err := write(w, f, format, width, height, dpi); err != nil {
			return fmt.Errorf("save %s: %w", path, err)
		}
		return nil
	})
}

// Write writes f to w in format ("png", "svg" or "pdf", in any case, with
// or without a leading dot), width × height points in size. An unknown
// format, a size out of range or too small for the figure's labels is an
// error wrapping analysis.ErrInput.
func Write(w io.Writer, f Figure, format string, width, height vg.Length) (err error) {
	return write(w, f, format, width, height, DPI)
}

// write is Write with a PNG resolution.
func write(w io.Writer, f Figure, format string, width, height vg.Length, dpi int) (err error) {
	format = strings.TrimPrefix(strings.ToLower(format), ".")
	if !supported(format) {
		return analysis.Errorf("unsupported format %q: use png, svg or pdf", format)
	}
	if err := checkSize(width, height); err != nil {
		return err
	}
	if f == nil || isNilPlot(f) {
		return analysis.Errorf("no figure to write")
	}
	c := newCanvas(format, width, height, dpi)
	if err := drawSafely(f, draw.New(c)); err != nil {
		return err
	}
	if format == "svg" {
		return writeSVG(w, c)
	}
	_, err = c.WriteTo(w)
	return err
}

// newCanvas returns a canvas of format ("png", "svg" or "pdf"), width ×
// height points in size; a PNG one at dpi, on white.
func newCanvas(format string, width, height vg.Length, dpi int) vg.CanvasWriterTo {
	switch format {
	case "png":
		return vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))}
	case "svg":
		return vgsvg.New(width, height)
	}
	return pdfCanvas{vgpdf.New(width, height)}
}

// svgFont and svgFonts are the font of an SVG file's texts as vgsvg
// names it, and as writeSVG names it: Liberation Sans, then fonts of the
// same widths, which most systems have, before any sans-serif font.
const (
	svgFont  = `style="font-family:Liberation Sans;`
	svgFonts = `style="font-family:'Liberation Sans',Arimo,Arial,Helvetica,sans-serif;`
)

// writeSVG writes the SVG canvas c to w, naming fallbacks for its font:
// an SVG file does not carry its font, and a viewer's own choice may
// draw the text wider than it was measured (see fontSlack).
func writeSVG(w io.Writer, c vg.CanvasWriterTo) error {
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return err
	}
	// Texts are escaped (a quote is &#34;): only style attributes match.
	_, err := w.Write(bytes.ReplaceAll(buf.Bytes(), []byte(svgFont), []byte(svgFonts)))
	return err
}

// Raster draws f into a new image of width × height pixels at scale times
// the usual 96 dots per inch: a GUI showing the figure in a widget of w × h
// device-independent pixels on a screen with scale factor s asks for
// Raster(f, w·s, h·s, s), and text keeps its size in points. A size too
// small for the figure's labels is an error wrapping analysis.ErrInput.
func Raster(f Figure, width, height int, scale float64) (*image.RGBA, error) {
	switch {
	case width <= 0 || height <= 0 || width > MaxPixels || height > MaxPixels:
		return nil, analysis.Errorf("raster size %d×%d pixels: want 1 to %d each", width, height, MaxPixels)
	case !(scale >= 0.25 && scale <= 8):
		return nil, analysis.Errorf("raster scale %v: want 0.25 to 8", scale)
	case f == nil || isNilPlot(f):
		return nil, analysis.Errorf("no figure to draw")
	}
	dpi := int(math.Round(DPI * scale))
	w := vg.Length(width) * vg.Inch / vg.Length(dpi)
	h := vg.Length(height) * vg.Inch / vg.Length(dpi)
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))
	if err := drawSafely(f, draw.New(c)); err != nil {
		return nil, err
	}
	img, ok := c.Image().(*image.RGBA)
	if !ok {
		return nil, fmt.Errorf("raster: unexpected image type %T", c.Image())
	}
	return img, nil
}

// supported says whether format (lower case, no dot) is one of formats.
func supported(format string) bool {
	for _, f := range formats {
		if format == f {
			return true
		}
	}
	return false
}

// checkSize returns an error wrapping analysis.ErrInput unless width and
// height are positive and at most MaxLength.
func checkSize(width, height vg.Length) error {
	ok := func(l vg.Length) bool { return l > 0 && l <= MaxLength }
	if !ok(width) || !ok(height) {
		return analysis.Errorf("figure size %v×%v points: want more than 0 and at most %v each",
			float64(width), float64(height), float64(MaxLength))
	}
	return nil
}

// isNilPlot says whether f is a nil *plot.Plot, *Panels, *Montage or
// *Captioned (or one without a plot) in a non-nil interface.
func isNilPlot(f Figure) bool {
	switch f := f.(type) {
	case *plot.Plot:
		return f == nil
	case *Panels:
		return f == nil
	case *Montage:
		return f == nil
	case *Captioned:
		return f == nil || f.Plot == nil
	}
	return false
}

// drawSafely draws f to c, a *plot.Plot (or a Captioned one) within a
// small margin. It returns an error wrapping analysis.ErrInput, drawing
// only the background, if c leaves a plot no room for its data beside its
// labels, legend and caption (a degenerate data area would make the
// rasteriser loop), and turns a panic
// in the drawing code into an error: the inputs are checked when figures
// are made, so one would be a bug, but a figure should not take its
// program down.
func drawSafely(f Figure, c draw.Canvas) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("draw figure: %v", r)
		}
	}()
	tooSmall := func() error {
		c.SetColor(color.White)
		c.Fill(c.Rectangle.Path())
		size := c.Size()
		return analysis.Errorf("figure size %.0f×%.0f points: too small for the figure's labels", float64(size.X), float64(size.Y))
	}
	switch f := f.(type) {
	case *plot.Plot:
		// A plot fills its canvas to the edges: leave a margin.
		c.SetColor(color.White)
		c.Fill(c.Rectangle.Path())
		c = plotMargin(c)
		if !roomy(c) || !roomyIn(f.DataCanvas(c), c) {
			return tooSmall()
		}
		f.Draw(c)
	case *Captioned:
		// As a plot, with the caption along the bottom of the margin.
		c.SetColor(color.White)
		c.Fill(c.Rectangle.Path())
		c = plotMargin(c)
		area, _, _, _ := f.layout(c)
		if !roomy(area) || !roomyIn(f.Plot.DataCanvas(area), area) {
			return tooSmall()
		}
		f.Draw(c)
	case *Panels:
		_, areas := f.layout(c)
		for i, p := range f.Plots {
			if p != nil && !roomyIn(p.DataCanvas(areas[i]), areas[i]) {
				return tooSmall()
			}
		}
		f.Draw(c)
	default:
		f.Draw(c)
	}
	return nil
}

// minData is the least width and height of a data area.
const minData = 4 // points

// roomy says whether c's rectangle is at least minData points wide and
// high (and not NaN).
func roomy(c draw.Canvas) bool {
	return c.Max.X-c.Min.X >= minData && c.Max.Y-c.Min.Y >= minData
}

// roomyIn says whether data, a plot's data area on c, is roomy and
// within c: with too little room gonum/plot's padding can place it
// outside.
func roomyIn(data, c draw.Canvas) bool {
	const slack = 1
	return roomy(data) &&
		data.Min.X >= c.Min.X-slack && data.Min.Y >= c.Min.Y-slack &&
		data.Max.X <= c.Max.X+slack && data.Max.Y <= c.Max.Y+slack
}

// Panels is a figure of plots side by side, their data areas aligned,
// under an optional common title and legend.
type Panels struct {
	// Title is drawn centred above the plots; empty for none.
	Title string
	// Plots are drawn left to right; a nil plot leaves its place empty.
	Plots []*plot.Plot
	// key is a legend common to the plots, drawn in one row under the
	// title.
	key []keyEntry
}

// Draw implements Figure. A plot without room for its data area is left
// out.
func (f *Panels) Draw(c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	body, areas := f.layout(c)
	if f.Title != "" {
		sty := textStyle(titleSize, color.Black)
		sty.XAlign = draw.XCenter
		sty.YAlign = draw.YTop
		c.FillText(sty, vg.Point{X: body.Center().X, Y: body.Max.Y}, f.Title)
		body.Max.Y -= sty.Height(f.Title) + vg.Points(6)
	}
	if len(f.key) > 0 {
		f.drawKey(body)
	}
	for i, p := range f.Plots {
		if p != nil && roomyIn(p.DataCanvas(areas[i]), areas[i]) {
			p.Draw(areas[i])
		}
	}
}

// layout returns the area within c's margins, and the plots' areas below
// the title and the legend.
func (f *Panels) layout(c draw.Canvas) (body draw.Canvas, areas []draw.Canvas) {
	body = draw.Crop(c, vg.Points(4), -vg.Points(8), vg.Points(2), -vg.Points(6))
	rest := body
	if f.Title != "" {
		rest.Max.Y -= textStyle(titleSize, color.Black).Height(f.Title) + vg.Points(6)
	}
	if len(f.key) > 0 {
		rest.Max.Y -= keyHeight
	}
	if len(f.Plots) == 0 {
		return body, nil
	}
	tiles := draw.Tiles{Rows: 1, Cols: len(f.Plots), PadX: vg.Points(24)}
	return body, plot.Align([][]*plot.Plot{f.Plots}, tiles, rest)[0]
}

// keyHeight is the height of the row of Panels' legend.
const keyHeight = 1.6 * keySize

// drawKey draws the common legend in one row, centred at the top of c.
func (f *Panels) drawKey(c draw.Canvas) {
	sty := textStyle(keySize, color.Black)
	sty.YAlign = draw.YCenter
	const sep = 16 // points between entries
	var total vg.Length
	for _, e := range f.key {
		total += vg.Points(keySample+keySpace) + sty.Width(e.label)
	}
	total += vg.Points(sep) * vg.Length(len(f.key)-1)
	h := vg.Points(keyHeight)
	x := c.Center().X - total/2
	y := c.Max.Y - h/2
	for i := range f.key {
		e := &f.key[i]
		e.drawSample(&c, vg.Point{X: x + vg.Points(keySample/2), Y: y}, 1)
		x += vg.Points(keySample + keySpace)
		c.FillText(sty, vg.Point{X: x, Y: y}, e.label)
		x += sty.Width(e.label) + vg.Points(sep)
	}
}

// encodePNG writes img to w as PNG.
func encodePNG(w io.Writer, img image.Image) error {
	return png.Encode(w, img)
}
