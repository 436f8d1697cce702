package gui

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// The Images switch of a map shows its points' images (the split's
// pixels), only on that map, and is remembered.
func TestImagesSwitch(t *testing.T) {
	a, w := exploreWindow(t)
	onUI(w, func() { test.Tap(w.embTab.filter.images) })
	waitIdle(t, w)
	onUI(w, func() {
		if !w.embTab.view.ShowImages() || w.cluTab.view.ShowImages() {
			t.Errorf("images on the Embeddings map: %v, on the Clusters map: %v", w.embTab.view.ShowImages(), w.cluTab.view.ShowImages())
		}
		img := w.derived.thumbs()(7)
		if img == nil || img.Bounds().Dx() != 28 {
			t.Fatalf("point 7's thumbnail: %v", img)
		}
		want := w.derived.Image(7)
		for y := range 28 {
			for x := range 28 {
				if r, _, _, _ := img.At(x, y).RGBA(); uint8(r>>8) != want[y*28+x] {
					t.Fatalf("thumbnail pixel (%d, %d) differs from the image's", x, y)
				}
			}
		}
	})
	w2 := mustWindow(t, a, Options{DataDir: t.TempDir(), CacheDir: sharedCache})
	t.Cleanup(w2.Close)
	waitReady(t, w2)
	waitIdle(t, w2)
	onUI(w2, func() {
		if !w2.embTab.view.ShowImages() || !w2.embTab.filter.images.Checked || w2.cluTab.view.ShowImages() {
			t.Error("the Images switch was not remembered for the Embeddings map alone")
		}
	})
	if (&Derived{}).thumbs() != nil {
		t.Error("points without images have a thumbnail source")
	}
}
