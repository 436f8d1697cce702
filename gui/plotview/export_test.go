package plotview

import (
	"bytes"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/fashionlens/fashionlens/analysis/plot"
)

// TestExportFigureTexts checks that the exported figure has the data's
// axis titles and caption and the legend, and that the map on screen
// leaves the titles out.
func TestExportFigureTexts(t *testing.T) {
	d := blobs(300, 4, 7, 2, 13)
	d.Title, d.XLabel, d.YLabel = "A map", "PC 1 (23.8% of variance)", "PC 2 (16.1%)"
	d.Caption = "bundled seed (fashion10) · 300 test images · PCA"
	h := newHarness(t, d, 500, 400)
	h.settle()
	fig, err := h.v.ExportFigure()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := plot.Write(&buf, fig, "svg", plot.ExportWidth, plot.ExportHeight); err != nil {
		t.Fatal(err)
	}
	svg := buf.String()
	for _, want := range []string{">A map<", ">PC 1 (23.8% of variance)<", ">PC 2 (16.1%)<", ">" + d.Caption + "<", d.Names[0] + " ("} {
		if !strings.Contains(svg, want) {
			t.Errorf("the exported SVG has no %q", want)
		}
	}
	p, err := h.v.Figure(false)
	if err != nil {
		t.Fatal(err)
	}
	if p.X.Label.Text != "" || p.Y.Label.Text != "" {
		t.Errorf("the map on screen has axis titles %q, %q: want none", p.X.Label.Text, p.Y.Label.Text)
	}
	// Without a caption, the figure is the plot.
	d.Caption = ""
	h.v.SetData(d)
	h.settle()
	if fig, err = h.v.ExportFigure(); err != nil {
		t.Fatal(err)
	}
	if _, ok := fig.(*plot.Captioned); ok {
		t.Error("a figure without a caption is Captioned")
	}
	if err := plot.Write(&buf, fig, "png", 6*vg.Inch, 4*vg.Inch); err != nil {
		t.Fatal(err)
	}
	if _, err := New().ExportFigure(); err == nil {
		t.Error("ExportFigure without data: want an error")
	}
}
