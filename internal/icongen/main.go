// Command icongen draws the Fashion Lens icon, resources/Icon.png: a lens
// over a scatter of coloured clusters, the app's encoded-feature maps.
// Run it from the repository root with `go run ./internal/icongen`; the
// drawing is deterministic, so the file only changes with this program.
package main

import (
	"fmt"
	"image/color"
	"image/png"
	"math"
	"math/rand/v2"
	"os"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/fashionlens/fashionlens/analysis/plot"
)

// size is the icon's side in pixels (and points: it is drawn at 72 dpi).
const size = 512

func main() {
	out := "resources/Icon.png"
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	if err := write(out); err != nil {
		fmt.Fprintln(os.Stderr, "icon:", err)
		os.Exit(1)
	}
}

func write(path string) error {
	c := vgimg.NewWith(vgimg.UseWH(size, size), vgimg.UseDPI(72), vgimg.UseBackgroundColor(color.Transparent))
	draw1(c)
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, c.Image()); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// cluster is a blob of points of one category.
type cluster struct {
	x, y, spread float64
	cat, n       int
}

// draw1 draws the icon on c (y up, origin at the bottom left).
func draw1(c vg.Canvas) {
	// A rounded square in deep blue.
	c.SetColor(color.NRGBA{0x16, 0x25, 0x3D, 0xFF})
	c.Fill(roundedSquare(16, size-16, 88))

	// The map: clusters of dots in the app's category colours.
	clusters := []cluster{
		{140, 380, 34, 0, 26}, {330, 400, 30, 1, 22}, {400, 250, 34, 2, 24},
		{150, 170, 36, 3, 24}, {222, 300, 20, 4, 14}, {285, 245, 18, 0, 12}, {360, 120, 28, 5, 18},
		{100, 280, 22, 6, 12},
	}
	r := rand.New(rand.NewPCG(7, 11))
	type dot struct {
		x, y float64
		cat  int
	}
	var dots []dot
	for _, cl := range clusters {
		for range cl.n {
			dots = append(dots, dot{cl.x + cl.spread*r.NormFloat64(), cl.y + cl.spread*r.NormFloat64(), cl.cat})
		}
	}
	// The lens: centre, radius and magnification.
	lx, ly, lr, mag := 250.0, 275.0, 118.0, 1.7
	for _, d := range dots {
		if math.Hypot(d.x-lx, d.y-ly) < lr+10 {
			continue // under the lens's rim or inside it
		}
		if d.x < 40 || d.x > size-40 || d.y < 40 || d.y > size-40 {
			continue
		}
		c.SetColor(plot.CategoryColor(d.cat))
		c.Fill(circle(d.x, d.y, 7))
	}
	// Inside the lens: a lighter glass, and the dots near its centre
	// magnified.
	c.SetColor(color.NRGBA{0xF4, 0xF7, 0xFB, 0xFF})
	c.Fill(circle(lx, ly, lr))
	for _, d := range dots {
		mx, my := lx+(d.x-lx)*mag, ly+(d.y-ly)*mag
		if math.Hypot(mx-lx, my-ly) > lr-14 {
			continue
		}
		c.SetColor(plot.CategoryColor(d.cat))
		c.Fill(circle(mx, my, 11))
	}
	// The rim and the handle.
	c.SetColor(color.White)
	c.SetLineWidth(22)
	c.Stroke(circle(lx, ly, lr))
	var h vg.Path
	a := -math.Pi / 4
	h.Move(vg.Point{X: vg.Length(lx + (lr+11)*math.Cos(a)), Y: vg.Length(ly + (lr+11)*math.Sin(a))})
	h.Line(vg.Point{X: vg.Length(lx + (lr+150)*math.Cos(a)), Y: vg.Length(ly + (lr+150)*math.Sin(a))})
	c.SetLineWidth(44)
	c.Stroke(h)
}

// circle returns a circle's path.
func circle(x, y, r float64) vg.Path {
	var p vg.Path
	p.Move(vg.Point{X: vg.Length(x + r), Y: vg.Length(y)})
	p.Arc(vg.Point{X: vg.Length(x), Y: vg.Length(y)}, vg.Length(r), 0, 2*math.Pi)
	p.Close()
	return p
}

// roundedSquare returns the path of a square from lo to hi on both axes
// with corners of radius r.
func roundedSquare(lo, hi, r float64) vg.Path {
	var p vg.Path
	pt := func(x, y float64) vg.Point { return vg.Point{X: vg.Length(x), Y: vg.Length(y)} }
	p.Move(pt(lo+r, lo))
	p.Line(pt(hi-r, lo))
	p.Arc(pt(hi-r, lo+r), vg.Length(r), -math.Pi/2, math.Pi/2)
	p.Line(pt(hi, hi-r))
	p.Arc(pt(hi-r, hi-r), vg.Length(r), 0, math.Pi/2)
	p.Line(pt(lo+r, hi))
	p.Arc(pt(lo+r, hi-r), vg.Length(r), math.Pi/2, math.Pi/2)
	p.Line(pt(lo, lo+r))
	p.Arc(pt(lo+r, lo+r), vg.Length(r), math.Pi, math.Pi/2)
	p.Close()
	return p
}
