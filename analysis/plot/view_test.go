package plot

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// viewPoints are well separated points, one per category, at the corners
// and the middle of the range [0, 10] × [0, 5].
var (
	viewX   = []float64{0, 10, 0, 10, 5, 2.5}
	viewY   = []float64{0, 0, 5, 5, 2.5, 3.75}
	viewCat = []int{0, 1, 2, 3, 4, Noise}
)

// TestDataArea rasterises plots of points of known categories and checks
// the colours at and around the pixels where DataArea puts them.
func TestDataArea(t *testing.T) {
	for _, tc := range []struct {
		name          string
		width, height int
		scale         float64
		opt           ScatterOptions
		xr, yr        [2]float64 // axis ranges; zero for the data's
	}{
		{"plain", 400, 300, 1, ScatterOptions{NoLegend: true}, [2]float64{}, [2]float64{}},
		{"title", 500, 320, 1, ScatterOptions{Title: "Title", NoLegend: true}, [2]float64{}, [2]float64{}},
		{"legend", 600, 300, 1, ScatterOptions{Title: "With a legend"}, [2]float64{}, [2]float64{}},
		{"labels", 450, 350, 1, ScatterOptions{XLabel: "x", YLabel: "y", NoLegend: true}, [2]float64{}, [2]float64{}},
		{"scale2", 800, 600, 2, ScatterOptions{Title: "HiDPI", NoLegend: true}, [2]float64{}, [2]float64{}},
		{"scale1.5", 601, 451, 1.5, ScatterOptions{NoLegend: true}, [2]float64{}, [2]float64{}},
		{"scale1.25", 503, 377, 1.25, ScatterOptions{Title: "t", NoLegend: true}, [2]float64{}, [2]float64{}},
		{"zoomed", 400, 300, 1, ScatterOptions{NoLegend: true}, [2]float64{-1, 7}, [2]float64{1.5, 5.5}},
		{"highlight", 400, 300, 1, ScatterOptions{NoLegend: true, Highlight: []int{4}}, [2]float64{}, [2]float64{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt := tc.opt
			opt.Names = ClusterNames(5)
			opt.Radius = vg.Points(4)
			p, err := Scatter(viewX, viewY, viewCat, opt)
			if err != nil {
				t.Fatal(err)
			}
			if tc.xr != ([2]float64{}) {
				p.X.Min, p.X.Max = tc.xr[0], tc.xr[1]
				p.Y.Min, p.Y.Max = tc.yr[0], tc.yr[1]
			}
			x0, y0, x1, y1, err := DataArea(p, tc.width, tc.height, tc.scale)
			if err != nil {
				t.Fatal(err)
			}
			if !(x0 > 0 && x1 > x0 && x1 < float64(tc.width) && y0 > 0 && y1 > y0 && y1 < float64(tc.height)) {
				t.Fatalf("data area (%v, %v)–(%v, %v) not inside %d×%d", x0, y0, x1, y1, tc.width, tc.height)
			}
			img, err := Raster(p, tc.width, tc.height, tc.scale)
			if err != nil {
				t.Fatal(err)
			}
			if b := img.Bounds(); b.Dx() != tc.width || b.Dy() != tc.height {
				t.Fatalf("raster %v, want %d×%d", b, tc.width, tc.height)
			}
			// Radius in pixels; highlighted points are larger.
			r := 4 * tc.scale * DPI / 72
			checked := 0
			for i := range viewX {
				if i == 4 && len(opt.Highlight) > 0 {
					continue // drawn with an outline
				}
				x, y := viewX[i], viewY[i]
				if x < p.X.Min || x > p.X.Max || y < p.Y.Min || y > p.Y.Max {
					continue
				}
				px := x0 + (x-p.X.Min)/(p.X.Max-p.X.Min)*(x1-x0)
				py := y1 - (y-p.Y.Min)/(p.Y.Max-p.Y.Min)*(y1-y0)
				want := CategoryColor(viewCat[i])
				if got := pixel(img, px, py); !near(got, want, 8) {
					t.Errorf("point %d at (%.1f, %.1f): colour %v, want %v", i, px, py, got, want)
				}
				// Just inside the disc the colour is the same; just outside
				// it is not (white, or an axis). Only the sides that lie
				// inside the data area are checked.
				for _, d := range [][2]float64{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
					in := pixel(img, px+d[0]*(r-1.6), py+d[1]*(r-1.6))
					if !near(in, want, 24) {
						t.Errorf("point %d: colour %v at %.1f px %v of the centre, want %v", i, in, r-1.6, d, want)
					}
					ox, oy := px+d[0]*(r+1.6), py+d[1]*(r+1.6)
					if ox < x0 || ox > x1 || oy < y0 || oy > y1 {
						continue
					}
					if out := pixel(img, ox, oy); near(out, want, 24) {
						t.Errorf("point %d: colour %v at %.1f px %v of the centre: the point is not where predicted", i, out, r+1.6, d)
					}
				}
				checked++
			}
			if checked < 3 {
				t.Fatalf("only %d points checked", checked)
			}
		})
	}
}

// TestDataAreaErrors checks that DataArea fails where Raster does.
func TestDataAreaErrors(t *testing.T) {
	p, err := Scatter(viewX, viewY, viewCat, ScatterOptions{Names: ClusterNames(5), Title: "A title"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		w, h  int
		scale float64
	}{{0, 100, 1}, {100, -1, 1}, {MaxPixels + 1, 100, 1}, {100, 100, 0}, {100, 100, math.NaN()}, {100, 100, 9}, {30, 30, 1}} {
		_, _, _, _, err := DataArea(p, tc.w, tc.h, tc.scale)
		wantInput(t, fmt.Sprintf("DataArea %d×%d at %v", tc.w, tc.h, tc.scale), err)
		_, rerr := Raster(p, tc.w, tc.h, tc.scale)
		wantInput(t, fmt.Sprintf("Raster %d×%d at %v", tc.w, tc.h, tc.scale), rerr)
	}
	var nilPlot *plot.Plot
	_, _, _, _, err = DataArea(nilPlot, 100, 100, 1)
	wantInput(t, "DataArea of nil", err)
}

// pixel returns img's colour at the pixel containing (x, y).
func pixel(img *image.RGBA, x, y float64) color.RGBA {
	return img.RGBAAt(int(math.Floor(x)), int(math.Floor(y)))
}

// near says whether c is within tol of want in every channel.
func near(c color.RGBA, want color.NRGBA, tol int) bool {
	d := func(a, b uint8) bool { return math.Abs(float64(a)-float64(b)) <= float64(tol) }
	return d(c.R, want.R) && d(c.G, want.G) && d(c.B, want.B)
}
