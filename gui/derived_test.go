package gui

import (
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
	w := mustWindow(t, a, Options{DataDir: t.TempDir(), CacheDir: sharedCache})
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
	w.SelectTab("Embeddings")
	waitIdle(t, w)
	if _, ok := w.embTab.view.PointPosition(0); !ok {
		t.Error("the Embeddings map does not show point 0")
	}
	if n := len(w.cluTab.rows); n != 10 || !strings.Contains(w.cluTab.metrics.Text, "ARI") {
		t.Errorf("Clusters tab: %d rows, metrics %q", n, w.cluTab.metrics.Text)
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
	if n := len(w.cluTab.rows); n != 5 {
		t.Errorf("Clusters table for groups5: %d rows", n)
	}
}

// The File menu has the app's commands.
func TestMenu(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	w := mustWindow(t, a, Options{DataDir: t.TempDir(), CacheDir: sharedCache})
	defer w.Close()
	waitReady(t, w)
	var items []string
	for _, m := range w.MainMenu().Items {
		for _, it := range m.Items {
			items = append(items, it.Label)
		}
	}
	for _, want := range []string{"Open data folder…", "Open model…", "Save model as…", "Export map…", "Import embeddings…", "About"} {
		if !strings.Contains(strings.Join(items, "|"), want) {
			t.Errorf("menu %v has no %q", items, want)
		}
	}
}
