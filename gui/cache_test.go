package gui

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/fashionlens/fashionlens/internal/workspace"
	"github.com/fashionlens/fashionlens/model"
	"github.com/fashionlens/fashionlens/model/dataset"
)

func TestResultCacheRoundTrip(t *testing.T) {
	c := &resultCache{dir: t.TempDir()}
	vals := []float64{1.5, -2, 3.25, 1e-3, 0, 7}
	for _, f32 := range []bool{false, true} {
		if err := c.storeFloats("x", "k", 3, 2, vals, f32); err != nil {
			t.Fatal(err)
		}
		got, err := c.loadFloats("x", "k", 3, 2)
		if err != nil {
			t.Fatal(err)
		}
		for i := range vals {
			if got[i] != vals[i] && !(f32 && float32(got[i]) == float32(vals[i])) {
				t.Fatalf("f32=%v: %v, want %v", f32, got, vals)
			}
		}
	}
	if _, err := c.loadFloats("x", "k", 2, 3); err == nil {
		t.Error("another shape was accepted")
	}
	if _, err := c.loadFloats("x", "other", 3, 2); err == nil {
		t.Error("a missing file was accepted")
	}
	// A damaged file is ignored, not trusted.
	p := c.path("x", "k")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, b[:len(b)-3], 0o644)
	if _, err := c.loadFloats("x", "k", 3, 2); err == nil {
		t.Error("a truncated file was accepted")
	}
	os.WriteFile(p, append([]byte("garbage!"), b[8:]...), 0o644)
	if _, err := c.loadFloats("x", "k", 3, 2); err == nil {
		t.Error("a file without the magic was accepted")
	}
	// A disabled cache stores nothing and finds nothing.
	off := &resultCache{}
	if err := off.storeFloats("x", "k", 3, 2, vals, false); err != nil {
		t.Error(err)
	}
	if _, err := off.loadFloats("x", "k", 3, 2); err == nil {
		t.Error("a disabled cache found something")
	}
}

// Reopening the app restores the last session: the current model, its
// features, and a t-SNE map computed before, from the cache.
func TestSessionRestored(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	cache := t.TempDir()
	a.Preferences().SetString(prefCurrentModel, "bundled:groups5")
	w := mustWindow(t, a, Options{DataDir: t.TempDir(), CacheDir: cache})
	waitReady(t, w)
	waitIdle(t, w)
	if m := w.State().Current(); m == nil || m.Net.Scheme != dataset.Groups5 {
		t.Fatalf("current model %+v, want the bundled groups5 one", m)
	}
	d := w.derived
	// The bundled model's features of the embedded split are shipped: not
	// computed, so not cached.
	files, _ := filepath.Glob(filepath.Join(cache, "features-*.bin"))
	if len(files) != 0 {
		t.Fatalf("features cache files: %v", files)
	}
	// Pretend a t-SNE map was computed: the next window shows it.
	n := d.Split.Len()
	layout := make([]float64, 2*n)
	for i := range layout {
		layout[i] = float64(i % 97)
	}
	tsne, _ := workspace.ProjectionNamed("tsne")
	if err := (cacheStore{w.cache}).Save("tsne", workspace.StoreKey(d.Points, "tsne", workspace.Defaults(tsne.Params)), n, 2, layout); err != nil {
		t.Fatal(err)
	}
	a.Preferences().SetString(prefMap, "t-SNE")
	w.Close()

	w2 := mustWindow(t, a, Options{DataDir: t.TempDir(), CacheDir: cache})
	defer w2.Close()
	waitReady(t, w2)
	waitIdle(t, w2)
	if w2.derived == nil || w2.derived.Scheme != dataset.Groups5 {
		t.Fatal("the second window did not restore the groups5 model")
	}
	e := w2.embTab
	if l := w2.layoutNamed("tsne"); l == nil || e.which.Selected != "t-SNE" || l.XY.At(5, 1) != layout[11] {
		t.Errorf("t-SNE map not restored: selected %q", e.which.Selected)
	}
	for i := 0; i < n; i++ {
		if w2.derived.Pred[i] != d.Pred[i] {
			t.Fatalf("prediction %d from the cache is %d, computed %d", i, w2.derived.Pred[i], d.Pred[i])
		}
	}
}

// A cache file with a flipped bit fails its checksum, and one holding a
// NaN is refused, even with a valid checksum.
func TestResultCacheDamage(t *testing.T) {
	c := &resultCache{dir: t.TempDir()}
	vals := []float64{1, 2, 3, 4}
	c.storeFloats("x", "k", 2, 2, vals, true)
	p := c.path("x", "k")
	b, _ := os.ReadFile(p)
	b[len(cacheMagic)+12] ^= 1
	os.WriteFile(p, b, 0o644)
	if _, err := c.loadFloats("x", "k", 2, 2); err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Errorf("a flipped bit: %v", err)
	}
	c.storeFloats("x", "k", 2, 2, []float64{1, math.NaN(), 3, 4}, true)
	if _, err := c.loadFloats("x", "k", 2, 2); err == nil {
		t.Error("a NaN was accepted")
	}
}

// A cached prediction outside the scheme's classes (or a probability
// outside [0, 1]) in a file whose checksum holds does not crash the app:
// the entry is discarded and computed again (the crash was an index out
// of range in Net.score).
func TestDamagedFeaturesRecomputed(t *testing.T) {
	split, err := dataset.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	net, ck, err := model.Bundled(dataset.Fashion10)
	if err != nil {
		t.Fatal(err)
	}
	m := &Model{Name: "bundled fashion10", Net: net, Checkpoint: ck, Bundled: true}
	data := &dataset.Dataset{Test: split}
	cache := &resultCache{dir: t.TempDir()}
	good := computeDerived(context.Background(), m, data, DefaultSource, cache, false, nil)
	if good.Err != nil {
		t.Fatal(good.Err)
	}
	n, cols := split.Len(), model.FeatureDim+1+net.Classes()
	for _, bad := range []float64{-3, 1e9, 2.5} {
		rows, err := cache.loadFloats("features", good.Key, n, cols)
		if err != nil {
			t.Fatal(err)
		}
		rows[5*cols+model.FeatureDim] = bad
		cache.storeFloats("features", good.Key, n, cols, rows, true)
		d := computeDerived(context.Background(), m, data, DefaultSource, cache, false, nil)
		if d.Err != nil || d.Pred[5] != good.Pred[5] {
			t.Errorf("prediction %v cached: err %v, prediction %d, want %d recomputed", bad, d.Err, d.Pred[5], good.Pred[5])
		}
	}
}

// The cache reader never panics, and what it accepts has the asked shape
// and finite values.
func FuzzParseFloats(f *testing.F) {
	c := &resultCache{dir: f.TempDir()}
	c.storeFloats("x", "k", 2, 3, []float64{1, 2, 3, 4, 5, 6}, true)
	b, _ := os.ReadFile(c.path("x", "k"))
	f.Add(b, 2, 3)
	f.Add(b[:20], 2, 3)
	f.Fuzz(func(t *testing.T, b []byte, rows, cols int) {
		if rows < 0 || cols < 0 || rows > 1<<10 || cols > 1<<10 {
			return
		}
		vals, err := parseFloats(b, rows, cols)
		if err != nil {
			return
		}
		if len(vals) != rows*cols {
			t.Fatalf("%d values for %d×%d", len(vals), rows, cols)
		}
		for _, v := range vals {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("accepted %v", v)
			}
		}
	})
}
