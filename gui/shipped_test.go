package gui

import (
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fashionlens/fashionlens/model"
	"github.com/fashionlens/fashionlens/model/dataset"
	"github.com/fashionlens/fashionlens/resources"
)

var updateShipped = flag.Bool("update-shipped", false, "rewrite resources/results from the bundled models")

// TestShippedResults checks the results shipped in the binary against the
// bundled models: one file per bundled model, under the key the app looks
// for, holding what running the model on the embedded test split gives
// (within the rounding of the kernel path, which depends on the CPU). With
// -update-shipped it writes them instead.
func TestShippedResults(t *testing.T) {
	if raceEnabled && !*updateShipped {
		t.Skip("two forward passes of the test split: too slow under the race detector; make test runs this test without it")
	}
	split, err := dataset.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, sc := range dataset.Schemes {
		net, ck, err := model.Bundled(sc)
		if err != nil {
			t.Fatal(err)
		}
		m := &Model{Name: "bundled " + sc.Name, Net: net, Checkpoint: ck, Bundled: true}
		key := cacheKey(derivedVersion, "features", m.Fingerprint(), split.Images.SHA256, "all")
		want = append(want, filepath.Base(shippedName("features", key)))
		rows, err := featureRows(context.Background(), m, split, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		n, cols := split.Len(), model.FeatureDim+1+net.Classes()
		if *updateShipped {
			writeShipped(t, "features", key, n, cols, rows)
			continue
		}
		got, err := shippedFloats("features", key, n, cols)
		if err != nil {
			t.Fatalf("%s: no shipped features under the current key (%v): run make shipped-results", sc.Name, err)
		}
		compareRows(t, sc.Name, got, rows, n, cols, net.Classes())
	}
	if *updateShipped {
		removeStaleShipped(t, want)
		return
	}
	// Nothing else is shipped: no stale files.
	entries, err := fs.ReadDir(resources.Results, "results")
	if err != nil {
		t.Fatal(err)
	}
	var have []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".bin.gz") {
			have = append(have, e.Name())
		}
	}
	slices.Sort(have)
	slices.Sort(want)
	if !slices.Equal(have, want) {
		t.Errorf("shipped %v, want %v: run make shipped-results and remove stale files", have, want)
	}
}

// compareRows compares shipped rows with freshly computed ones: the
// features and probabilities within 1e-4 (relative to 1 + |value|), and
// the same predicted class wherever the two most probable classes are
// more than 1e-4 apart.
func compareRows(t *testing.T, name string, got, want []float64, n, cols, classes int) {
	t.Helper()
	bad := 0
	for i := range n {
		g, w := got[i*cols:(i+1)*cols], want[i*cols:(i+1)*cols]
		for j := range cols {
			if j == model.FeatureDim {
				continue
			}
			if math.Abs(g[j]-w[j]) > 1e-4*(1+math.Abs(w[j])) {
				bad++
				if bad <= 3 {
					t.Errorf("%s: image %d, column %d: shipped %v, computed %v", name, i, j, g[j], w[j])
				}
			}
		}
		if g[model.FeatureDim] != w[model.FeatureDim] {
			p := slices.Clone(w[model.FeatureDim+1:])
			slices.Sort(p)
			if p[classes-1]-p[classes-2] > 1e-4 {
				t.Errorf("%s: image %d: shipped prediction %v, computed %v", name, i, g[model.FeatureDim], w[model.FeatureDim])
			}
		}
	}
	if bad > 3 {
		t.Errorf("%s: %d values differ", name, bad)
	}
}

// removeStaleShipped removes the shipped files of models no longer
// bundled: every .bin.gz in resources/results but the named ones.
func removeStaleShipped(t *testing.T, keep []string) {
	t.Helper()
	dir := filepath.Join("..", "resources", "results")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".bin.gz") && !slices.Contains(keep, e.Name()) {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				t.Fatal(err)
			}
			t.Logf("removed %s", e.Name())
		}
	}
}

// writeShipped writes rows to resources/results as shippedFloats reads
// them.
func writeShipped(t *testing.T, kind, key string, rows, cols int, vals []float64) {
	t.Helper()
	tmp := &resultCache{dir: t.TempDir()}
	if err := tmp.storeFloats(kind, key, rows, cols, vals, true); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(tmp.path(kind, key))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	z, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	z.Write(raw)
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("..", "resources", shippedName(kind, key))
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%d bytes)", path, b.Len())
}
