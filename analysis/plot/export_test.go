package plot

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// smallPlot returns a quick scatter to save.
func smallPlot(t *testing.T) *plot.Plot {
	t.Helper()
	x, y, cat := blobs(60, 3, 6, 9)
	p, err := Scatter(x, y, cat, ScatterOptions{Title: "Small", Names: fourNames[:3]})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// hasMagic says whether data starts as a file of format should.
func hasMagic(format string, data []byte) bool {
	switch format {
	case "png":
		return bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n"))
	case "svg":
		return bytes.HasPrefix(data, []byte("<?xml")) || bytes.HasPrefix(data, []byte("<svg"))
	case "pdf":
		return bytes.HasPrefix(data, []byte("%PDF-"))
	}
	return false
}

func TestSaveFormats(t *testing.T) {
	dir := t.TempDir()
	p := smallPlot(t)
	for _, name := range []string{"a.png", "b.svg", "c.pdf", "D.PNG", "e.Svg", "f.PdF"} {
		path := filepath.Join(dir, name)
		if err := Save(p, path, 300, 200); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		format := strings.ToLower(strings.TrimPrefix(filepath.Ext(name), "."))
		if !hasMagic(format, data) {
			t.Errorf("%s starts %q", name, data[:min(len(data), 16)])
		}
	}
	// Only the files themselves: no temporary files left.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 6 {
		t.Errorf("%d files in the folder, want 6", len(entries))
	}
}

func TestSavePNGSize(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.png")
	if err := Save(smallPlot(t), path, 750, 600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := decodePNG(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1000 || b.Dy() != 800 {
		t.Errorf("750×600 points gave %v pixels, want 1000×800", b.Size())
	}
}

func TestFormats(t *testing.T) {
	f := Formats()
	if strings.Join(f, " ") != "png svg pdf" {
		t.Errorf("Formats() = %q", f)
	}
	f[0] = "gif"
	if Formats()[0] != "png" {
		t.Error("Formats returns the package's own slice")
	}
}

func TestSaveUnknownExtension(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"plot.jpg", "plot.eps", "plot", "plot.png.txt"} {
		path := filepath.Join(dir, name)
		err := Save(smallPlot(t), path, 300, 200)
		wantInput(t, name, err)
		if err != nil && (!strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), ".png, .svg or .pdf")) {
			t.Errorf("%s: error %q should name the path and the supported formats", name, err)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left %d files behind", len(entries))
	}
}

func TestSaveMissingFolder(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "missing", "plot.png")
	err := Save(smallPlot(t), path, 300, 200)
	if err == nil {
		t.Fatal("no error")
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("error %q does not name the path", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the missing folder exists now (%v)", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left %d files behind", len(entries))
	}
}

// TestSaveKeepsOldFile checks that a failing save leaves an earlier file
// as it was.
func TestSaveKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.svg")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Save(smallPlot(t), path, -1, 200)
	wantInput(t, "negative width", err)
	if data, _ := os.ReadFile(path); string(data) != "old" {
		t.Errorf("file now holds %q", data)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files in the folder, want 1", len(entries))
	}
}

func TestWrite(t *testing.T) {
	p := smallPlot(t)
	for _, format := range []string{"png", ".svg", "PDF"} {
		var buf bytes.Buffer
		if err := Write(&buf, p, format, 200, 150); err != nil {
			t.Errorf("%s: %v", format, err)
			continue
		}
		if !hasMagic(strings.ToLower(strings.TrimPrefix(format, ".")), buf.Bytes()) {
			t.Errorf("%s starts %q", format, buf.Bytes()[:16])
		}
	}
	var buf bytes.Buffer
	wantInput(t, "format gif", Write(&buf, p, "gif", 200, 150))
	wantInput(t, "zero height", Write(&buf, p, "png", 200, 0))
	wantInput(t, "huge width", Write(&buf, p, "png", 1e6, 100))
	wantInput(t, "NaN width", Write(&buf, p, "png", vg.Length(nan()), 100))
	wantInput(t, "nil figure", Write(&buf, nil, "png", 200, 150))
	wantInput(t, "nil plot", Write(&buf, (*plot.Plot)(nil), "png", 200, 150))
	if buf.Len() != 0 {
		t.Errorf("failed writes wrote %d bytes", buf.Len())
	}
}

func TestRaster(t *testing.T) {
	p := smallPlot(t)
	for _, c := range []struct {
		w, h  int
		scale float64
	}{{320, 240, 1}, {640, 480, 2}, {401, 299, 1.25}} {
		img, err := Raster(p, c.w, c.h, c.scale)
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != c.w || b.Dy() != c.h {
			t.Errorf("Raster(%d, %d, %v) is %v", c.w, c.h, c.scale, b.Size())
		}
		// The corners are background, and something is drawn.
		if img.RGBAAt(0, 0) != (img.RGBAAt(c.w-1, c.h-1)) || img.RGBAAt(0, 0).R != 0xFF {
			t.Errorf("corner colours %v and %v, want white", img.RGBAAt(0, 0), img.RGBAAt(c.w-1, c.h-1))
		}
	}
	for _, c := range []struct {
		name  string
		w, h  int
		scale float64
	}{
		{"zero width", 0, 10, 1}, {"negative height", 10, -1, 1}, {"too wide", MaxPixels + 1, 10, 1},
		{"zero scale", 10, 10, 0}, {"NaN scale", 10, 10, nan()}, {"huge scale", 10, 10, 100},
	} {
		_, err := Raster(p, c.w, c.h, c.scale)
		wantInput(t, c.name, err)
	}
	_, err := Raster(nil, 10, 10, 1)
	wantInput(t, "nil figure", err)
}

// TestPanelsEmpty draws panels with a nil plot and with none.
func TestPanelsEmpty(t *testing.T) {
	for _, f := range []*Panels{{Title: "Nothing"}, {Plots: []*plot.Plot{smallPlot(t), nil}}} {
		if _, err := Raster(f, 300, 200, 1); err != nil {
			t.Error(err)
		}
	}
	wantInput(t, "nil panels", Write(&bytes.Buffer{}, (*Panels)(nil), "png", 100, 100))
}

func TestDrawPanicIsError(t *testing.T) {
	err := Write(&bytes.Buffer{}, panicFigure{}, "png", 100, 100)
	if err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("got %v, want an error saying boom", err)
	}
}

// Export writes a PNG of 1600×1200 pixels and vector files of 8×6 inches.
func TestExportSizes(t *testing.T) {
	dir := t.TempDir()
	png := filepath.Join(dir, "p.png")
	if err := Export(smallPlot(t), png); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(png)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := decodePNG(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1600 || b.Dy() != 1200 {
		t.Errorf("exported PNG is %v pixels, want 1600×1200", b.Size())
	}
	svg := filepath.Join(dir, "p.svg")
	if err := Export(smallPlot(t), svg); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(svg)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`width="8in"`)) && !bytes.Contains(b, []byte(`width="576pt"`)) {
		t.Errorf("SVG is not 8 inches wide: %.200s", b)
	}
	if err := SaveDPI(smallPlot(t), png, 100, 100, 5); err == nil {
		t.Error("5 dots per inch: no error")
	}
}
