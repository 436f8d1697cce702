package dataset

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestEmbeddedTestSplit(t *testing.T) {
	s, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 10000 || len(s.Pixels) != 10000*ImageSize {
		t.Fatalf("embedded split has %d images, %d pixels", s.Len(), len(s.Pixels))
	}
	for c, n := range s.ClassCounts() {
		if n != 1000 {
			t.Errorf("class %d (%s) has %d images, want 1000", c, ClassNames[c], n)
		}
	}
	if !s.Images.Verified || !s.Label.Verified {
		t.Fatalf("embedded files do not match Fashion-MNIST's SHA-256: %+v %+v", s.Images, s.Label)
	}
	if s.Origin != OriginEmbedded {
		t.Fatalf("origin %q", s.Origin)
	}
}

func TestReadSplitTiny(t *testing.T) {
	s, err := ReadSplit("testdata/tiny", Test)
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 3 || s.Labels[1] != 5 {
		t.Fatalf("got %d images, labels %v", s.Len(), s.Labels)
	}
	if s.Images.Verified {
		t.Fatal("a fixture cannot verify as Fashion-MNIST")
	}
	if !strings.HasSuffix(s.Images.Path, ".gz") || strings.HasSuffix(s.Label.Path, ".gz") {
		t.Fatalf("paths %q %q: want the .gz images and the raw labels", s.Images.Path, s.Label.Path)
	}
	if _, err := ReadSplit("testdata/tiny", Train); !errors.Is(err, ErrNotFound) {
		t.Fatalf("train split in a folder without one: got %v, want ErrNotFound", err)
	}
}

func writeFile(t *testing.T, dir, name string, b []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestReadSplitIncompleteAndMismatch(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "t10k-images-idx3-ubyte", idx([]uint32{ImageMagic, 2, 28, 28}, pixels(2)))
	_, err := ReadSplit(dir, Test)
	if err == nil || errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "incomplete") {
		t.Fatalf("images without labels: got %v", err)
	}
	writeFile(t, dir, "t10k-labels-idx1-ubyte.gz", gz(idx([]uint32{LabelMagic, 3}, []byte{1, 2, 3})))
	_, err = ReadSplit(dir, Test)
	if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "holds 2 images but") || !strings.Contains(err.Error(), "3 labels") {
		t.Fatalf("count mismatch: got %v", err)
	}
}

func TestFloatBatchTo(t *testing.T) {
	s, err := ReadSplit("testdata/tiny", Test)
	if err != nil {
		t.Fatal(err)
	}
	dst := s.FloatBatchTo(nil, []int{2, 0})
	if len(dst) != 2*ImageSize {
		t.Fatalf("len %d", len(dst))
	}
	for k := 0; k < ImageSize; k++ {
		if want := float32(s.Image(2)[k]) / 255; abs(dst[k]-want) > 1e-6 {
			t.Fatalf("pixel %d of image 2: %v, want %v", k, dst[k], want)
		}
		if want := float32(s.Image(0)[k]) / 255; abs(dst[ImageSize+k]-want) > 1e-6 {
			t.Fatalf("pixel %d of image 0: %v, want %v", k, dst[ImageSize+k], want)
		}
	}
	again := s.FloatBatchTo(dst, []int{1})
	if &again[0] != &dst[0] {
		t.Fatal("a large enough dst was not reused")
	}
}

func abs(x float32) float32 {
	if x < 0 {
		return -x
	}
	return x
}

func TestSearchOrder(t *testing.T) {
	t.Setenv(EnvVar, "/env/dir")
	t.Setenv("XDG_CACHE_HOME", "/cache")
	t.Setenv("LocalAppData", `C:\cache`)
	got := Search("")
	cache, err := CacheDir()
	if err != nil {
		t.Fatal(err)
	}
	want := []Location{{OriginEnv, "/env/dir"}, {OriginCache, cache}}
	if runtime.GOOS != "windows" {
		if cache != "/cache/fashionlens" {
			t.Errorf("cache folder %q, want /cache/fashionlens from $XDG_CACHE_HOME", cache)
		}
		want = append(want, Location{OriginSystem, SystemDir})
	} else if cache != `C:\cache\fashionlens` {
		t.Errorf("cache folder %q, want C:\\cache\\fashionlens from %%LocalAppData%%", cache)
	}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	if got := Search("/mine"); len(got) != 1 || got[0] != (Location{OriginFolder, "/mine"}) {
		t.Fatalf("a chosen folder must be the only one searched, got %v", got)
	}
}

func TestLoadFallsBackToEmbedded(t *testing.T) {
	d, err := Load(context.Background(), LoadOptions{Locations: []Location{{OriginFolder, t.TempDir()}}})
	if err != nil {
		t.Fatal(err)
	}
	if d.Train != nil {
		t.Fatal("an empty folder gave a train split")
	}
	if d.Test.Origin != OriginEmbedded || d.Test.Len() != 10000 || d.Source() != OriginEmbedded {
		t.Fatalf("test split from %s with %d images", d.Test.Origin, d.Test.Len())
	}
}

func TestLoadTakesEachSplitFromFirstLocation(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	writeFile(t, a, "t10k-images-idx3-ubyte", idx([]uint32{ImageMagic, 1, 28, 28}, pixels(1)))
	writeFile(t, a, "t10k-labels-idx1-ubyte", idx([]uint32{LabelMagic, 1}, []byte{4}))
	writeFile(t, b, "train-images-idx3-ubyte", idx([]uint32{ImageMagic, 2, 28, 28}, pixels(2)))
	writeFile(t, b, "train-labels-idx1-ubyte", idx([]uint32{LabelMagic, 2}, []byte{4, 5}))
	writeFile(t, b, "t10k-images-idx3-ubyte", idx([]uint32{ImageMagic, 2, 28, 28}, pixels(2)))
	writeFile(t, b, "t10k-labels-idx1-ubyte", idx([]uint32{LabelMagic, 2}, []byte{4, 5}))
	d, err := Load(context.Background(), LoadOptions{Locations: []Location{{OriginEnv, a}, {OriginCache, b}}})
	if err != nil {
		t.Fatal(err)
	}
	if d.Test.Len() != 1 || d.Test.Origin != OriginEnv {
		t.Fatalf("test split: %d images from %s, want 1 from env", d.Test.Len(), d.Test.Origin)
	}
	if d.Train == nil || d.Train.Len() != 2 || d.Train.Origin != OriginCache || d.Source() != OriginCache {
		t.Fatalf("train split: %+v", d.Train)
	}
}

func TestLoadReportsMalformedFile(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	writeFile(t, a, "train-images-idx3-ubyte", []byte("garbage, not IDX at all"))
	writeFile(t, a, "train-labels-idx1-ubyte", idx([]uint32{LabelMagic, 1}, []byte{4}))
	writeFile(t, b, "train-images-idx3-ubyte", idx([]uint32{ImageMagic, 1, 28, 28}, pixels(1)))
	writeFile(t, b, "train-labels-idx1-ubyte", idx([]uint32{LabelMagic, 1}, []byte{4}))
	_, err := Load(context.Background(), LoadOptions{Locations: []Location{{OriginEnv, a}, {OriginCache, b}}})
	if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), filepath.Join(a, "train-images-idx3-ubyte")) {
		t.Fatalf("a malformed file must be reported, not skipped: got %v", err)
	}
}

// Lenient: a damaged train file leaves the train split missing, keeps its
// error, and the test split still loads (the embedded one here).
func TestLoadLenientKeepsTheOtherSplit(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	writeFile(t, a, "train-images-idx3-ubyte", []byte("garbage, not IDX at all"))
	writeFile(t, a, "train-labels-idx1-ubyte", idx([]uint32{LabelMagic, 1}, []byte{4}))
	writeFile(t, b, "train-images-idx3-ubyte", idx([]uint32{ImageMagic, 1, 28, 28}, pixels(1)))
	writeFile(t, b, "train-labels-idx1-ubyte", idx([]uint32{LabelMagic, 1}, []byte{4}))
	d, err := Load(context.Background(), LoadOptions{Locations: []Location{{OriginFolder, a}, {OriginCache, b}}, Lenient: true})
	if err != nil {
		t.Fatal(err)
	}
	if d.Train != nil {
		t.Errorf("the damaged train split was replaced by %s's", d.Train.Origin)
	}
	if d.Test == nil || d.Test.Origin != OriginEmbedded {
		t.Fatalf("test split %+v, want the embedded one", d.Test)
	}
	if len(d.Damaged) != 1 || !errors.Is(d.Damaged[Train], ErrFormat) || !strings.Contains(d.Damaged[Train].Error(), filepath.Join(a, "train-images-idx3-ubyte")) {
		t.Fatalf("damaged %v", d.Damaged)
	}
	if got := d.DamagedFile(Train); got != "train-images-idx3-ubyte" {
		t.Errorf("damaged file %q", got)
	}
	r := d.Report()
	var text strings.Builder
	if err := r.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if r.Damaged[Train] == "" || !strings.Contains(text.String(), "train split: could not be read: ") {
		t.Errorf("the report does not say why the train split is missing: %q", text.String())
	}
}

// TestSystemPackage reads the real data set where Debian's
// dataset-fashion-mnist is installed (the Makefile installs it).
func TestSystemPackage(t *testing.T) {
	if _, err := os.Stat(SystemDir); err != nil {
		t.Skipf("Debian's dataset-fashion-mnist is not installed: %v", err)
	}
	d, err := Load(context.Background(), LoadOptions{Locations: []Location{{OriginSystem, SystemDir}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*Split{d.Train, d.Test} {
		want := map[string]int{Train: 60000, Test: 10000}[s.Name]
		if s.Len() != want || s.Origin != OriginSystem || !s.Images.Verified || !s.Label.Verified {
			t.Fatalf("%s: %d images from %s, verified %v/%v", s.Name, s.Len(), s.Origin, s.Images.Verified, s.Label.Verified)
		}
		for c, n := range s.ClassCounts() {
			if n != want/10 {
				t.Errorf("%s class %d: %d images", s.Name, c, n)
			}
		}
	}
}
