package dataset

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func addSeeds(f *testing.F) {
	for _, p := range []string{"tiny/t10k-images-idx3-ubyte.gz", "tiny/t10k-labels-idx1-ubyte"} {
		b, err := os.ReadFile(filepath.Join("testdata", p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(idx([]uint32{ImageMagic, 1, 28, 28}, pixels(1)))
	f.Add(gz(idx([]uint32{LabelMagic, 2}, []byte{3, 4})))
	f.Add(idx([]uint32{ImageMagic, 4_000_000_000, 28, 28}, nil))
	f.Add([]byte{})
}

func FuzzReadImages(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		img, err := ReadImages(bytes.NewReader(in), "fuzz")
		if err != nil {
			return
		}
		if img.Kind != Images || len(img.Data) != img.Count*ImageSize || img.Count > MaxItems {
			t.Fatalf("inconsistent result: kind %v, count %d, %d bytes", img.Kind, img.Count, len(img.Data))
		}
	})
}

func FuzzReadLabels(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		lab, err := ReadLabels(bytes.NewReader(in), "fuzz")
		if err != nil {
			return
		}
		if lab.Kind != Labels || len(lab.Data) != lab.Count {
			t.Fatalf("inconsistent result: kind %v, count %d, %d bytes", lab.Kind, lab.Count, len(lab.Data))
		}
		for i, l := range lab.Data {
			if l >= NumClasses {
				t.Fatalf("label %d at %d accepted", l, i)
			}
		}
	})
}
