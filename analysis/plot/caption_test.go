package plot

import (
	"fmt"
	"image/color"
	"strings"
	"testing"

	"github.com/fashionlens/fashionlens/model/dataset"
)

// TestCaptionFits checks that a scatter's caption is drawn below the
// plot in every format and size, in small grey text, inside the figure
// with a margin even in a font fontSlack wider, above nothing and
// overlapping no other text (the axis titles, the tick labels), and that
// the axis titles and the legend are drawn too. A caption too long for
// the figure is cut with an ellipsis.
func TestCaptionFits(t *testing.T) {
	const margin = 2 // points
	captions := []string{
		"bundled seed (fashion10) · 10,000 test images · t-SNE (perplexity 30, iterations 1000)",
		strings.Repeat("a caption far too long for any figure · ", 12),
	}
	for _, lc := range legendCases()[1:3] {
		x, y, cat, opt := exportScatter(t, lc.names)
		p, err := Scatter(x, y, cat, opt)
		if err != nil {
			t.Fatal(err)
		}
		for ci, caption := range captions {
			f := WithCaption(p, caption)
			for _, size := range figureSizes {
				for _, format := range Formats() {
					name := fmt.Sprintf("%s/caption %d/%s/%s", lc.name, ci, size.name, format)
					tc, data := traceFigure(t, f, format, size.w, size.h)
					i := captionText(tc.texts, caption)
					if i < 0 {
						t.Errorf("%s: no caption drawn", name)
						continue
					}
					capt := tc.texts[i]
					if capt.size != captionSize {
						t.Errorf("%s: caption at %vpt, want %v", name, capt.size, captionSize)
					}
					if ci == 1 && !strings.HasSuffix(capt.text, "…") {
						t.Errorf("%s: a long caption drawn as %q: want it cut with an ellipsis", name, capt.text)
					}
					if !inside(capt.wide, size.w, size.h, margin) {
						t.Errorf("%s: caption at %v (%v in a font %.0f%% wider): outside %v×%v less %v",
							name, capt.box, capt.wide, 100*(fontSlack-1), size.w, size.h, margin)
					}
					for j, o := range tc.texts {
						if j != i && (overlap(o.box, capt.box) || o.box.Min.Y < capt.box.Max.Y) {
							t.Errorf("%s: %q at %v is not above the caption at %v", name, o.text, o.box, capt.box)
						}
					}
					for _, s := range []string{opt.XLabel, opt.YLabel, opt.Title} {
						if findText(tc.texts, s) < 0 {
							t.Errorf("%s: %q not drawn", name, s)
						}
					}
					for _, r := range tc.ink {
						if !inside(r, size.w, size.h, margin) {
							t.Errorf("%s: ink at %v: outside %v×%v less %v", name, r, size.w, size.h, margin)
							break
						}
					}
					if format == "svg" {
						checkSVGText(t, name, data, []string{capt.text, opt.XLabel}, margin)
					}
				}
			}
		}
	}
}

// captionText returns the index of the text that is caption or its cut
// start, or −1.
func captionText(texts []traced, caption string) int {
	for i, tr := range texts {
		if tr.text == caption || strings.HasSuffix(tr.text, "…") && strings.HasPrefix(caption, strings.TrimSuffix(tr.text, "…")) {
			return i
		}
	}
	return -1
}

func TestWithCaption(t *testing.T) {
	p := smallPlot(t)
	if f := WithCaption(p, ""); f != Figure(p) {
		t.Errorf("WithCaption without a caption = %v, want the plot", f)
	}
	if f := WithCaption(p, "what it shows"); f.(*Captioned).Plot != p {
		t.Error("WithCaption lost the plot")
	}
	var buf strings.Builder
	wantInput(t, "a caption without a plot", Write(&buf, &Captioned{Caption: "x"}, "svg", 300, 200))
	wantInput(t, "a nil caption", Write(&buf, (*Captioned)(nil), "svg", 300, 200))
	// Too small for the plot once the caption has its line: an error, as
	// for a plot.
	wantInput(t, "a tiny captioned figure", Write(&buf, WithCaption(p, "what it shows"), "png", 60, 40))
	// The caption takes a line from the plot, in every way of drawing.
	img, err := Raster(WithCaption(p, "what it shows"), 400, 300, 1)
	if err != nil {
		t.Fatal(err)
	}
	bottom := func(img interface{ At(x, y int) color.Color }) int {
		for y := 299; y >= 0; y-- {
			for x := range 400 {
				if r, g, b, _ := img.At(x, y).RGBA(); r != 0xFFFF || g != 0xFFFF || b != 0xFFFF {
					return y
				}
			}
		}
		return -1
	}
	plain, err := Raster(p, 400, 300, 1)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := bottom(img), bottom(plain); a <= b {
		t.Errorf("the captioned figure's ink ends at row %d, the plain one's at %d: want the caption lower", a, b)
	}
}

// TestCaptionGolden draws an exported map: title, axis titles, legend and
// caption, at the size of an exported figure, at 96 dots per inch.
func TestCaptionGolden(t *testing.T) {
	x, y, cat := blobs(2000, 10, 0, 5)
	p, err := Scatter(x, y, cat, ScatterOptions{
		Title: "PCA of the encoded features, coloured by true class", Names: dataset.ClassNames[:],
		XLabel: "PC 1 (23.8% of variance)", YLabel: "PC 2 (16.1%)",
	})
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "captioned", WithCaption(p, "bundled seed (fashion10) · 10,000 test images · PCA"), ExportWidth, ExportHeight)
}
