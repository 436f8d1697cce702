package plot

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testImage returns a 28×28 image whose pixel (x, y) is (x·9 + y + seed)
// mod 256.
func testImage(seed int) []uint8 {
	px := make([]uint8, Side*Side)
	for y := range Side {
		for x := range Side {
			px[y*Side+x] = uint8(x*9 + y + seed)
		}
	}
	return px
}

func TestMontageImage(t *testing.T) {
	imgs := [][]uint8{testImage(0), testImage(50), testImage(100), testImage(150), testImage(200)}
	caps := []string{"#0 Shirt → Coat", "#1", "", "#3 Ankle boot → T-shirt/top, a very long caption indeed", "#4 Bag"}
	for _, opt := range []MontageOptions{{}, {Cols: 2, Scale: 3, Invert: true, Title: "Two columns"}, {Cols: 9, Scale: 1}} {
		m, err := MontageOf(imgs, caps, opt)
		if err != nil {
			t.Fatal(err)
		}
		img := m.Image()
		w, h := m.Size()
		if b := img.Bounds(); b.Dx() != int(pt2px(w)+0.5) || b.Dy() != int(pt2px(h)+0.5) {
			t.Errorf("%+v: image %v, size %v×%v points", opt, b.Size(), w, h)
		}
		scale := max(opt.Scale, 1)
		if opt.Scale == 0 {
			scale = 4
		}
		// Every enlarged pixel is its source pixel, exactly.
		for i, src := range imgs {
			x0, y0 := m.tileAt(i)
			for y := 0; y < Side*scale; y += 1 + scale/2 {
				for x := 0; x < Side*scale; x += 1 + scale/2 {
					want := src[(y/scale)*Side+x/scale]
					if opt.Invert {
						want = 255 - want
					}
					got := img.RGBAAt(x0+x, y0+y)
					if got.R != want || got.G != want || got.B != want || got.A != 0xFF {
						t.Fatalf("%+v: image %d pixel (%d, %d) = %v, want gray %d", opt, i, x, y, got, want)
					}
				}
			}
		}
	}
}

func TestMontageGolden(t *testing.T) {
	imgs := [][]uint8{testImage(0), testImage(80), testImage(160)}
	m, err := MontageOf(imgs, []string{"#1 Shirt → Coat", "#22 Bag → Bag", "#333 Sneaker → Sandal"}, MontageOptions{Scale: 2, Title: "Montage"})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := encodePNG(&buf, m.Image()); err != nil {
		t.Fatal(err)
	}
	checkGoldenBytes(t, "montage", buf.Bytes())
}

func TestMontageCaptionsWrap(t *testing.T) {
	sty := textStyle(montageFontSize, nil)
	width := 60.0
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"#1 Bag", []string{"#1 Bag"}},
		{"#12 Ankle boot → Sneaker", []string{"#12 Ankle boot", "→ Sneaker"}},
		{"#12 Ankle boot → T-shirt/top and more words", []string{"#12 Ankle boot", "→ T-shirt/top…"}},
		{"Supercalifragilisticexpialidocious", []string{"Supercalifragil…"}},
	} {
		got := wrap(sty, c.in, width, 2)
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("wrap(%q) = %q, want %q", c.in, got, c.want)
		}
		for _, l := range got {
			if w := float64(sty.Width(l)); w > width {
				t.Errorf("line %q is %.1f points wide, more than %v", l, w, width)
			}
		}
	}
}

func TestMontageSave(t *testing.T) {
	dir := t.TempDir()
	m, err := NewMontage(3, func(i int) []uint8 { return testImage(i) }, func(i int) string { return fmt.Sprintf("#%d", i) }, MontageOptions{Scale: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"m.png", "m.svg", "M.PDF"} {
		path := filepath.Join(dir, name)
		if err := m.Save(path); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		data, _ := os.ReadFile(path)
		if !hasMagic(strings.ToLower(filepath.Ext(name)[1:]), data) {
			t.Errorf("%s starts %q", name, data[:16])
		}
	}
	path := filepath.Join(dir, "m.gif")
	wantInput(t, "gif", m.Save(path))
	if _, err := os.Stat(path); err == nil {
		t.Error("m.gif was written")
	}
	if err := m.Save(filepath.Join(dir, "missing", "m.png")); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("missing folder: %v", err)
	}
	// As a figure, at another size.
	if err := Save(m, filepath.Join(dir, "scaled.png"), 200, 100); err != nil {
		t.Error(err)
	}
}

func TestMontageBadInput(t *testing.T) {
	good := func(int) []uint8 { return testImage(0) }
	for _, c := range []struct {
		name   string
		n      int
		pixels func(int) []uint8
		opt    MontageOptions
	}{
		{"no images", 0, good, MontageOptions{}},
		{"too many images", MaxMontage + 1, good, MontageOptions{}},
		{"no pixel function", 2, nil, MontageOptions{}},
		{"short image", 2, func(i int) []uint8 { return make([]uint8, 783) }, MontageOptions{}},
		{"nil image", 2, func(i int) []uint8 { return nil }, MontageOptions{}},
		{"negative columns", 2, good, MontageOptions{Cols: -1}},
		{"scale 17", 2, good, MontageOptions{Scale: 17}},
		{"negative scale", 2, good, MontageOptions{Scale: -2}},
	} {
		m, err := NewMontage(c.n, c.pixels, nil, c.opt)
		if m != nil {
			t.Errorf("%s: got a montage", c.name)
		}
		wantInput(t, c.name, err)
	}
	_, err := MontageOf([][]uint8{testImage(0)}, []string{"a", "b"}, MontageOptions{})
	wantInput(t, "more captions than images", err)
	_, err = MontageOf(nil, nil, MontageOptions{})
	wantInput(t, "no images", err)
}

// TestMontageColumns checks the default number of columns.
func TestMontageColumns(t *testing.T) {
	for n, want := range map[int]int{1: 1, 2: 2, 4: 2, 5: 3, 9: 3, 10: 4, 24: 5, 100: 10, 500: 10} {
		m, err := NewMontage(n, func(int) []uint8 { return testImage(0) }, nil, MontageOptions{Scale: 1})
		if err != nil {
			t.Fatal(err)
		}
		if m.cols != want {
			t.Errorf("%d images: %d columns, want %d", n, m.cols, want)
		}
	}
}
