package plot

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image/color"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/fashionlens/fashionlens/model/dataset"
)

// figureSizes are the sizes figures are written at: the window's export
// (8×6 inches), analyze's (750×600 points), and a small one.
var figureSizes = []struct {
	name string
	w, h vg.Length
}{
	{"export", ExportWidth, ExportHeight},
	{"cli", 750, 600},
	{"small", 432, 288}, // 6×4 inches
	{"tiny", 360, 270},
}

// legendCases are legends of 10 and 15 categories, with short and long
// names (longer than maxKeyName, so cut).
func legendCases() []struct {
	name  string
	names []string
} {
	long := make([]string, 15)
	for i := range long {
		long[i] = fmt.Sprintf("Imported class number %d with a name far too long to show", i+1)
	}
	fifteen := append(dataset.ClassNames[:], "Scarf", "Hat", "Belt", "Glove", "Sock")
	return []struct {
		name  string
		names []string
	}{
		{"fashion10", dataset.ClassNames[:]},
		{"fifteen", fifteen},
		{"long15", long},
		{"wide10", []string{"WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW", "MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM", "c", "d", "e", "f", "g", "h", "i", "j"}},
	}
}

// exportScatter returns a scatter as the window exports it: title, axis
// titles and legend, 1,000 points a category.
func exportScatter(t *testing.T, names []string) ([]float64, []float64, []int, ScatterOptions) {
	t.Helper()
	x, y, cat := blobs(1000*len(names), len(names), 0, 3)
	return x, y, cat, ScatterOptions{
		Title: "PCA of the encoded features, coloured by true class", Names: names,
		XLabel: "PC 1 (23.8% of variance)", YLabel: "PC 2 (16.1%)",
	}
}

// traceFigure draws f in format at w × h points through a traceCanvas and
// returns the trace and the file's bytes.
func traceFigure(t *testing.T, f Figure, format string, w, h vg.Length) (*traceCanvas, []byte) {
	t.Helper()
	tc := newTrace(newCanvas(format, w, h, ExportDPI))
	if err := drawSafely(f, draw.New(tc)); err != nil {
		t.Fatalf("%s %v×%v: %v", format, w, h, err)
	}
	var buf bytes.Buffer
	var err error
	if format == "svg" {
		err = writeSVG(&buf, tc)
	} else {
		_, err = tc.WriteTo(&buf)
	}
	if err != nil {
		t.Fatal(err)
	}
	return tc, buf.Bytes()
}

// TestLegendFits checks that the legend of a scatter is drawn whole and
// inside the figure in every format and size, with a margin, even if a
// viewer draws its text in a font up to fontSlack wider than Liberation
// Sans (an SVG viewer without it substitutes one).
func TestLegendFits(t *testing.T) {
	const margin = 2 // points
	for _, lc := range legendCases() {
		x, y, cat, opt := exportScatter(t, lc.names)
		p, err := Scatter(x, y, cat, opt)
		if err != nil {
			t.Fatal(err)
		}
		counts := make([]int, len(lc.names)+1)
		for _, c := range cat {
			counts[c+1]++
		}
		key := scatterKey(lc.names, counts, make([]bool, len(lc.names)+1), CategoryColor)
		for _, size := range figureSizes {
			for _, format := range Formats() {
				name := fmt.Sprintf("%s/%s/%s", lc.name, size.name, format)
				tc, data := traceFigure(t, p, format, size.w, size.h)
				for _, e := range key.entries {
					i := findText(tc.texts, e.label)
					if i < 0 {
						t.Errorf("%s: legend entry %q not drawn", name, e.label)
						continue
					}
					if tr := tc.texts[i]; !inside(tr.wide, size.w, size.h, margin) {
						t.Errorf("%s: legend entry %q reaches %v (%v in a font %.0f%% wider): want inside %v×%v less %v",
							name, e.label, tr.box, tr.wide.Max, 100*(fontSlack-1), size.w, size.h, margin)
					}
				}
				for _, r := range tc.ink {
					if !inside(r, size.w, size.h, margin) {
						t.Errorf("%s: ink at %v: outside %v×%v less %v", name, r, size.w, size.h, margin)
						break
					}
				}
				if format == "svg" {
					checkSVGText(t, name, data, keyLabels(key), margin)
				}
			}
		}
	}
}

// findText returns the index of the text s in texts, or −1.
func findText(texts []traced, s string) int {
	for i, tr := range texts {
		if tr.text == s {
			return i
		}
	}
	return -1
}

// keyLabels returns the labels of key's entries.
func keyLabels(key *sideKey) []string {
	var labels []string
	for _, e := range key.entries {
		labels = append(labels, e.label)
	}
	return labels
}

// checkSVGText checks, in an SVG file, that each text of want is there,
// in Liberation Sans with fallbacks of the same widths, and that its start
// plus its width in Liberation Sans at its size, widened by fontSlack,
// lies inside the viewBox less margin.
func checkSVGText(t *testing.T, name string, data []byte, want []string, margin vg.Length) {
	t.Helper()
	type text struct {
		X     string `xml:"x,attr"`
		Y     string `xml:"y,attr"`
		Style string `xml:"style,attr"`
		Body  string `xml:",chardata"`
	}
	var viewW, viewH vg.Length
	found := map[string]bool{}
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "svg":
			for _, a := range se.Attr {
				if a.Name.Local == "viewBox" {
					f := strings.Fields(a.Value)
					w, _ := strconv.ParseFloat(f[2], 64)
					h, _ := strconv.ParseFloat(f[3], 64)
					viewW, viewH = vg.Length(w), vg.Length(h)
				}
			}
		case "text":
			var tx text
			if err := dec.DecodeElement(&tx, &se); err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(want, tx.Body) {
				continue
			}
			found[tx.Body] = true
			if !strings.Contains(tx.Style, "font-family:'Liberation Sans',Arimo,Arial,Helvetica,sans-serif;") {
				t.Errorf("%s: SVG text %q has style %q: want Liberation Sans and fonts of its widths", name, tx.Body, tx.Style)
			}
			x, _ := strconv.ParseFloat(tx.X, 64)
			y, _ := strconv.ParseFloat(tx.Y, 64) // flipped: y is −(distance from the bottom)
			size := svgFontSize(tx.Style)
			w := textStyle(size, color.Black).Width(tx.Body)
			right := vg.Length(x) + vg.Length(fontSlack)*w
			if vg.Length(x) < margin || right > viewW-margin || -y < float64(margin) || -y > float64(viewH-margin) {
				t.Errorf("%s: SVG text %q at (%v, %v), %v wide at %vpt (%v in a font %.0f%% wider): outside the viewBox %v×%v less %v",
					name, tx.Body, x, -y, w, size, right, 100*(fontSlack-1), viewW, viewH, margin)
			}
		}
	}
	if viewW == 0 {
		t.Errorf("%s: no viewBox", name)
	}
	for _, s := range want {
		if !found[s] {
			t.Errorf("%s: text %q is not in the SVG", name, s)
		}
	}
}

// svgFontSize reads font-size:Npx from an SVG style.
func svgFontSize(style string) vg.Length {
	for _, f := range strings.Split(style, ";") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(f), "font-size:"); ok {
			n, _ := strconv.ParseFloat(strings.TrimSuffix(v, "px"), 64)
			return vg.Length(n)
		}
	}
	return 0
}
