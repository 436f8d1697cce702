package plot

import (
	"fmt"
	"image"
	"image/color"
	stddraw "image/draw"
	"io"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/internal/atomicfile"
)

// Side is the width and height of a montage image in pixels; an image
// has Side × Side pixels, row by row.
const Side = 28

// MaxMontage bounds the number of images in a montage.
const MaxMontage = 2000

// MontageOptions are the layout choices of a montage.
type MontageOptions struct {
	// Title is drawn above the images; empty for none.
	Title string
	// Cols is the number of images per row; 0 picks up to 10, fewer for
	// a few images.
	Cols int
	// Scale enlarges every pixel to Scale × Scale pixels (1 to 16); 0 is
	// 4.
	Scale int
	// Invert draws 255 − v: dark garments on white instead of the
	// data set's light garments on black.
	Invert bool
}

// Montage is a grid of grayscale images with a caption under each, for
// example "#123 Shirt → Coat". Its Image is drawn pixel for pixel with
// nearest-neighbour enlargement; as a Figure it can also be saved as SVG
// or PDF.
type Montage struct {
	tiles    []*image.Gray // enlarged images
	captions [][]string    // wrapped caption lines per image
	title    string
	cols     int
	scale    int
	// layout, in pixels at DPI
	cellW, tileY, capH, titleH, w, h int
}

// Montage layout, in pixels at DPI.
const (
	montageMargin   = 10
	montageGap      = 10
	montageFontSize = 8 // points
	montageLines    = 2 // caption lines at most
)

// NewMontage returns a montage of n images: pixels(i) returns image i's
// Side×Side pixels (0 black to 255 white) and caption(i) its caption.
// caption may be nil for no captions; a caption too wide for its cell is
// wrapped onto two lines and, if still too long, cut with "…". It returns
// an error wrapping analysis.ErrInput if n is not 1 to MaxMontage, an
// image has the wrong number of pixels, or an option is out of range.
func NewMontage(n int, pixels func(i int) []uint8, caption func(i int) string, opt MontageOptions) (*Montage, error) {
	switch {
	case n < 1 || n > MaxMontage:
		return nil, analysis.Errorf("montage of %d images: want 1 to %d", n, MaxMontage)
	case pixels == nil:
		return nil, analysis.Errorf("montage: no image function")
	case opt.Cols < 0:
		return nil, analysis.Errorf("montage: %d columns", opt.Cols)
	case opt.Scale < 0 || opt.Scale > 16:
		return nil, analysis.Errorf("montage: scale %d: want 1 to 16", opt.Scale)
	}
	m := &Montage{cols: opt.Cols, scale: opt.Scale, title: opt.Title}
	if m.scale == 0 {
		m.scale = 4
	}
	if m.cols == 0 {
		m.cols = 10
		for m.cols > 1 && (m.cols-1)*(m.cols-1) >= n {
			m.cols--
		}
	}
	m.cols = min(m.cols, n)
	t := Side * m.scale
	m.tiles = make([]*image.Gray, n)
	for i := range n {
		px := pixels(i)
		if len(px) != Side*Side {
			return nil, analysis.Errorf("montage: image %d has %d pixels: want %d", i, len(px), Side*Side)
		}
		g := image.NewGray(image.Rect(0, 0, t, t))
		for y := range t {
			row := g.Pix[y*g.Stride : y*g.Stride+t]
			src := px[(y/m.scale)*Side : (y/m.scale+1)*Side]
			for x := range row {
				v := src[x/m.scale]
				if opt.Invert {
					v = 255 - v
				}
				row[x] = v
			}
		}
		m.tiles[i] = g
	}

	// Layout. Cells are at least wide enough for about 14 characters.
	m.cellW = max(t, 84) + montageGap
	sty := m.captionStyle(1)
	lineH := int(pt2px(sty.Height("Ag")*1.15) + 0.999)
	if caption != nil {
		m.captions = make([][]string, n)
		width := px2pt(float64(m.cellW - 4))
		for i := range n {
			m.captions[i] = wrap(sty, caption(i), width, montageLines)
		}
		m.capH = montageLines*lineH + 4
	}
	if m.title != "" {
		m.titleH = int(pt2px(textStyle(labelSize, color.Black).Height(m.title))+0.999) + montageGap
	}
	rows := (n + m.cols - 1) / m.cols
	m.tileY = t + 4 + m.capH + montageGap // row pitch
	m.w = 2*montageMargin + m.cols*m.cellW - montageGap
	m.h = 2*montageMargin + m.titleH + rows*m.tileY - montageGap
	return m, nil
}

// MontageOf is NewMontage of images with captions; captions may be nil
// for none, or else must have one per image.
func MontageOf(images [][]uint8, captions []string, opt MontageOptions) (*Montage, error) {
	if captions != nil && len(captions) != len(images) {
		return nil, analysis.Errorf("montage: %d images and %d captions", len(images), len(captions))
	}
	var caption func(int) string
	if captions != nil {
		caption = func(i int) string { return captions[i] }
	}
	return NewMontage(len(images), func(i int) []uint8 { return images[i] }, caption, opt)
}

// Size returns the montage's natural size: its Image's pixels at DPI.
func (m *Montage) Size() (width, height vg.Length) {
	return vg.Length(px2pt(float64(m.w))), vg.Length(px2pt(float64(m.h)))
}

// Image returns the montage drawn pixel for pixel at its natural size.
func (m *Montage) Image() *image.RGBA {
	w, h := m.Size()
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(DPI), vgimg.UseBackgroundColor(color.White))
	img := c.Image()
	border := image.NewUniform(color.Gray{0xC8})
	for i, t := range m.tiles {
		x, y := m.tileAt(i)
		r := t.Bounds().Add(image.Pt(x, y))
		stddraw.Draw(img, r.Inset(-1), border, image.Point{}, stddraw.Src)
		stddraw.Draw(img, r, t, image.Point{}, stddraw.Src)
	}
	m.drawText(draw.New(c), 1, 0, 0)
	return img.(*image.RGBA)
}

// Draw implements Figure, scaling the montage uniformly to fit c and
// centring it. Viewers of SVG and PDF may smooth the enlarged pixels.
func (m *Montage) Draw(c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	w, h := m.Size()
	s := min(float64((c.Max.X-c.Min.X)/w), float64((c.Max.Y-c.Min.Y)/h))
	ox := c.Min.X + (c.Max.X-c.Min.X-w*vg.Length(s))/2
	oy := c.Min.Y + (c.Max.Y-c.Min.Y-h*vg.Length(s))/2
	border := color.Gray{0xC8}
	for i, t := range m.tiles {
		x, y := m.tileAt(i)
		size := float64(t.Bounds().Dx())
		r := vg.Rectangle{
			Min: vg.Point{X: ox + vg.Length(px2pt(float64(x))*s), Y: oy + vg.Length(px2pt(float64(m.h-y)-size)*s)},
		}
		r.Max = r.Min.Add(vg.Point{X: vg.Length(px2pt(size) * s), Y: vg.Length(px2pt(size) * s)})
		c.SetLineStyle(draw.LineStyle{Color: border, Width: vg.Length(px2pt(1) * s)})
		c.Stroke(r.Path())
		c.DrawImage(r, t)
	}
	m.drawText(c, s, ox, oy)
}

// Save writes the montage to path at its natural size: a .png pixel for
// pixel, a .svg or .pdf through Write. Any other extension is an error
// wrapping analysis.ErrInput. The file is written atomically.
func (m *Montage) Save(path string) error {
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	if format != "png" {
		w, h := m.Size()
		return Save(m, path, w, h)
	}
	return atomicfile.Write(path, func(w io.Writer) error {
		if err := encodePNG(w, m.Image()); err != nil {
			return fmt.Errorf("save %s: %w", path, err)
		}
		return nil
	})
}

// tileAt returns the top left pixel of image i, counting y down from the
// top.
func (m *Montage) tileAt(i int) (x, y int) {
	r, col := i/m.cols, i%m.cols
	t := m.tiles[i].Bounds().Dx()
	x = montageMargin + col*m.cellW + (m.cellW-montageGap-t)/2
	y = montageMargin + m.titleH + r*m.tileY
	return x, y
}

// captionStyle returns the captions' text style at scale s.
func (m *Montage) captionStyle(s float64) text.Style {
	sty := textStyle(vg.Length(montageFontSize*s), color.Black)
	sty.XAlign = draw.XCenter
	sty.YAlign = draw.YTop
	return sty
}

// drawText draws the title and captions to c, scaled by s from the
// natural size and placed with the montage's bottom left corner at
// (ox, oy).
func (m *Montage) drawText(c draw.Canvas, s float64, ox, oy vg.Length) {
	at := func(x, y float64) vg.Point { // pixels from the top left
		return vg.Point{X: ox + vg.Length(px2pt(x)*s), Y: oy + vg.Length(px2pt(float64(m.h)-y)*s)}
	}
	if m.title != "" {
		sty := textStyle(vg.Length(labelSize*s), color.Black)
		sty.XAlign = draw.XCenter
		sty.YAlign = draw.YTop
		c.FillText(sty, at(float64(m.w)/2, montageMargin), m.title)
	}
	sty := m.captionStyle(s)
	lineH := float64(m.capH-4) / montageLines
	for i, lines := range m.captions {
		x, y := m.tileAt(i)
		cx := float64(x) + float64(m.tiles[i].Bounds().Dx())/2
		ty := float64(y + m.tiles[i].Bounds().Dy() + 4)
		for j, l := range lines {
			c.FillText(sty, at(cx, ty+float64(j)*lineH), l)
		}
	}
}

// wrap breaks s into at most maxLines lines no wider than width at
// spaces, cutting the last line with "…" if the text does not fit.
func wrap(sty text.Style, s string, width float64, maxLines int) []string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return nil
	}
	fits := func(l string) bool { return float64(sty.Width(l)) <= width }
	var lines []string
	words := strings.Split(s, " ")
	for len(words) > 0 && len(lines) < maxLines {
		line := words[0]
		k := 1
		for k < len(words) && fits(line+" "+words[k]) {
			line += " " + words[k]
			k++
		}
		words = words[k:]
		if len(lines) == maxLines-1 && len(words) > 0 {
			line += " " + strings.Join(words, " ")
			words = nil
		}
		if !fits(line) {
			r := []rune(line)
			for len(r) > 1 && !fits(string(r)+"…") {
				r = r[:len(r)-1]
			}
			line = strings.TrimRight(string(r), " ") + "…"
		}
		lines = append(lines, line)
	}
	return lines
}

// pt2px converts points to pixels at DPI.
func pt2px(l vg.Length) float64 { return float64(l) * DPI / 72 }

// px2pt converts pixels at DPI to points.
func px2pt(px float64) float64 { return px * 72 / DPI }
