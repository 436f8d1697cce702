package plot

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestColourBlindViews writes what the PNG files named by $CVD_IN (a
// comma-separated list of absolute paths, since go test runs in the
// package's folder) look like under simulated protanopia, deuteranopia
// and tritanopia (visions, Machado et al. 2009, severity 1) into the
// folder $CVD_OUT, as NAME-protanopia.png and so on, to be looked at: the
// check of a whole screenshot that the palette tests make colour by
// colour. Skipped unless CVD_IN is set:
//
//	CVD_IN=$PWD/resources/screenshots/clusters.png CVD_OUT=/tmp/cvd go test -run TestColourBlindViews ./analysis/plot
func TestColourBlindViews(t *testing.T) {
	in, out := os.Getenv("CVD_IN"), os.Getenv("CVD_OUT")
	if in == "" {
		t.Skip("set CVD_IN (PNG files) and CVD_OUT (a folder) to write simulated views")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, path := range strings.Split(in, ",") {
		img, err := readPNG(path)
		if err != nil {
			t.Fatal(err)
		}
		base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		for _, v := range visions[1:] {
			name := filepath.Join(out, fmt.Sprintf("%s-%s.png", base, v.name))
			if err := writePNG(name, v.seeImage(img)); err != nil {
				t.Fatal(err)
			}
			t.Logf("wrote %s", name)
		}
	}
}

// seeImage returns img as seen with v.
func (v vision) seeImage(img image.Image) *image.NRGBA {
	b := img.Bounds()
	out := image.NewNRGBA(b)
	seen := map[color.NRGBA]color.NRGBA{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			c.A = 0xFF
			s, ok := seen[c]
			if !ok {
				s = v.see(c)
				seen[c] = s
			}
			out.SetNRGBA(x, y, s)
		}
	}
	return out
}

func TestSeeImage(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 2, 1))
	img.SetNRGBA(0, 0, Palette[3])
	img.SetNRGBA(1, 0, color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF})
	for _, v := range visions {
		got := v.seeImage(img)
		if got.NRGBAAt(0, 0) != v.see(Palette[3]) {
			t.Errorf("%s: pixel %v, want %v", v.name, got.NRGBAAt(0, 0), v.see(Palette[3]))
		}
		if w := got.NRGBAAt(1, 0); deltaE(w, color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}) > 1 {
			t.Errorf("%s: white is seen as %v", v.name, w)
		}
	}
	if visions[2].see(Palette[3]) == Palette[3] {
		t.Error("deuteranopia leaves vermillion unchanged")
	}
}

func readPNG(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("decode %s: %w", path, err)
	}
	return img, nil
}

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("encode %s: %w", path, err)
	}
	return f.Close()
}
