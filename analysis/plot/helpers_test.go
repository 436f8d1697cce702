package plot

import (
	"bytes"
	"errors"
	"flag"
	"image"
	stddraw "image/draw"
	"image/png"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot/cmpimg"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/fashionlens/fashionlens/analysis"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata/")

// checkGolden renders f as a PNG of width × height points and compares it
// with testdata/name_golden.png, or rewrites that with -update.
func checkGolden(t *testing.T, name string, f Figure, width, height vg.Length) {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, f, "png", width, height); err != nil {
		t.Fatal(err)
	}
	checkGoldenBytes(t, name, buf.Bytes())
}

// checkGoldenBytes compares PNG data with testdata/name_golden.png, or
// rewrites that with -update.
func checkGoldenBytes(t *testing.T, name string, data []byte) {
	t.Helper()
	buf := bytes.NewBuffer(data)
	golden := filepath.Join("testdata", name+"_golden.png")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", golden)
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	// Anti-aliasing may differ in the last bits between machines.
	ok, err := cmpimg.EqualApprox("png", buf.Bytes(), want, 0.05)
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		got := filepath.Join(os.TempDir(), "fashionlens-plot-"+name+".png")
		if err := os.WriteFile(got, buf.Bytes(), 0o644); err != nil {
			t.Log(err)
		}
		t.Errorf("%s: differs from %s: see %s (go test -update rewrites the golden image)", name, golden, got)
	}
}

// toRGBA returns img as an *image.RGBA.
func toRGBA(img image.Image) *image.RGBA {
	if r, ok := img.(*image.RGBA); ok {
		return r
	}
	r := image.NewRGBA(img.Bounds())
	stddraw.Draw(r, r.Bounds(), img, img.Bounds().Min, stddraw.Src)
	return r
}

// wantInput fails the test unless err wraps analysis.ErrInput.
func wantInput(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, analysis.ErrInput) {
		t.Errorf("%s: got error %v, want one wrapping analysis.ErrInput", what, err)
	}
}

// blobs returns n points in k Gaussian blobs around a circle, every
// noiseEvery-th point (if > 0) noise scattered uniformly.
func blobs(n, k, noiseEvery int, seed uint64) (x, y []float64, cat []int) {
	r := rand.New(rand.NewPCG(seed, 7))
	x, y, cat = make([]float64, n), make([]float64, n), make([]int, n)
	for i := range n {
		j := i % k
		a := 2 * math.Pi * float64(j) / float64(k)
		x[i] = 10*math.Cos(a) + 2*r.NormFloat64()
		y[i] = 10*math.Sin(a) + 2*r.NormFloat64()
		cat[i] = j
		if noiseEvery > 0 && i%noiseEvery == noiseEvery-1 {
			x[i], y[i], cat[i] = 30*(r.Float64()-0.5), 30*(r.Float64()-0.5), Noise
		}
	}
	return x, y, cat
}

// nan returns a NaN.
func nan() float64 { return math.NaN() }

// decodePNG decodes a PNG image.
func decodePNG(r io.Reader) (image.Image, error) { return png.Decode(r) }

// panicFigure is a figure whose drawing panics.
type panicFigure struct{}

// Draw implements Figure.
func (panicFigure) Draw(draw.Canvas) { panic("boom") }
