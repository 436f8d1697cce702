package gui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/fashionlens/fashionlens/model/dataset"
)

// waitIdle waits until the window's background work is done.
func waitIdle(t *testing.T, w *Window) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Minute); w.Busy(); {
		if time.Now().After(deadline) {
			t.Fatal("background work did not finish")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// At first start the Embeddings and Clusters tabs have real content: the
// bundled model's features of the embedded test split, their PCA map and
// a K-means mapping; switching the model recomputes them.
func TestFirstStartMapsAndClusters(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	w := mustWindow(t, a, Options{DataDir: t.TempDir()})
	defer w.Close()
	waitReady(t, w)
	waitIdle(t, w)
	d := w.derived
	if d == nil || d.Err != nil {
		t.Fatalf("derived results: %+v", d)
	}
	if r, c := d.Features.Dims(); r != 10000 || c != 64 || len(d.Pred) != 10000 || d.Scheme != dataset.Fashion10 {
		t.Fatalf("features %dx%d, %d predictions, scheme %s", r, c, len(d.Pred), d.Scheme.Name)
	}
	if h := w.embTab.header.Text; !strings.Contains(h, "PCA") || !strings.Contains(h, "bundled") {
		t.Errorf("Embeddings header %q", h)
	}
	if w.embTab.img.Image.Bounds().Dx() != mapWidth {
		t.Errorf("Embeddings map is %v", w.embTab.img.Image.Bounds())
	}
	tab := w.cluTab.table.Text
	if !strings.Contains(tab, "ARI") || strings.Count(tab, "Cluster ") != 10 {
		t.Errorf("Clusters table:\n%s", tab)
	}

	// The bundled groups5 model: five clusters.
	for i, m := range w.State().Models() {
		if strings.Contains(m.Name, "groups5") {
			w.State().SetCurrent(i)
		}
	}
	waitIdle(t, w)
	if w.derived.Scheme != dataset.Groups5 {
		t.Fatalf("derived results for %s after switching to groups5", w.derived.Scheme.Name)
	}
	if tab := w.cluTab.table.Text; strings.Count(tab, "Cluster ") != 5 {
		t.Errorf("Clusters table for groups5:\n%s", tab)
	}
}

func TestExportMap(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	w := mustWindow(t, a, Options{DataDir: t.TempDir(), CacheDir: t.TempDir()})
	defer w.Close()
	waitReady(t, w)
	d := w.derived
	dir := t.TempDir()
	for ext, magic := range map[string]string{".png": "\x89PNG", ".svg": "<?xml", ".pdf": "%PDF"} {
		path := filepath.Join(dir, "map"+ext)
		if err := exportMap(path, d.PCA.Projected, d.Labels, d.Scheme.Classes, "test"); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil || !strings.HasPrefix(string(b), magic) {
			t.Errorf("%s: %v, starts %q", ext, err, b[:min(len(b), 8)])
		}
	}
	if err := exportMap(filepath.Join(dir, "no", "such", "map.png"), d.PCA.Projected, d.Labels, d.Scheme.Classes, "x"); err == nil {
		t.Error("a missing folder: no error")
	}
	var items []string
	for _, m := range w.MainMenu().Items {
		for _, it := range m.Items {
			items = append(items, it.Label)
		}
	}
	for _, want := range []string{"Open data folder…", "Open model…", "Save model as…", "Export map…", "About"} {
		if !strings.Contains(strings.Join(items, "|"), want) {
			t.Errorf("menu %v has no %q", items, want)
		}
	}
}
