package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// benchWindow opens a window on the embedded test split with the
// Embeddings tab shown, and waits for its maps.
func benchWindow(b *testing.B) *Window {
	b.Helper()
	a := test.NewApp()
	b.Cleanup(a.Quit)
	w, err := NewWindow(a, Options{DataDir: b.TempDir(), CacheDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(w.Close)
	<-w.Ready()
	for w.Busy() {
		waitABit()
	}
	onUI(w, func() { w.SelectTab("Embeddings") })
	for w.Busy() {
		waitABit()
	}
	return w
}

// BenchmarkLassoToSelection measures the release of a lasso drawn over
// the Embeddings map of the 10,000 test images, up to the new selection
// shown everywhere: the points inside (the map's screen index and the
// even-odd test), the workspace's selection, both maps' marks and both
// selection panels. The drag's own events, drawn before the release, are
// not timed. Two lassos alternate, so that every release changes the
// selection.
func BenchmarkLassoToSelection(b *testing.B) {
	w := benchWindow(b)
	v := w.embTab.view
	onUI(w, func() { w.embTab.filter.tool.SetSelected("Lasso") })
	size := v.Size()
	lassos := [2][]fyne.Position{}
	for k, shape := range [2][][2]float32{lassoScene, {{0.1, 0.3}, {0.3, 0.25}, {0.45, 0.5}, {0.3, 0.8}, {0.12, 0.7}}} {
		for _, p := range shape {
			lassos[k] = append(lassos[k], fyne.NewPos(p[0]*size.Width, p[1]*size.Height))
		}
	}
	drag := func(poly []fyne.Position) {
		v.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: poly[0]}, Button: desktop.MouseButtonPrimary})
		prev := poly[0]
		for _, p := range append(poly[1:], poly[0]) {
			// Steps of about 4 pixels, as a mouse moves.
			for s := float32(1); s <= 8; s++ {
				q := fyne.NewPos(prev.X+(p.X-prev.X)*s/8, prev.Y+(p.Y-prev.Y)*s/8)
				v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: q}})
			}
			prev = p
		}
		v.MouseUp(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary})
	}
	selected := 0
	for k := 0; b.Loop(); k++ {
		b.StopTimer()
		onUI(w, func() { drag(lassos[k%2]) })
		b.StartTimer()
		onUI(w, func() {
			v.DragEnd()
			selected = len(w.ws.Selection())
		})
	}
	if selected == 0 {
		b.Fatal("the lasso selected nothing")
	}
	b.ReportMetric(float64(selected), "points")
}

// BenchmarkSelectionGalleryScroll measures a scroll step of the selection
// panel's gallery holding 5,000 images: the gallery moves down by a third
// of a row (back to the top at the end) and fills the cells that come
// into view. It reports the cells filled per step.
func BenchmarkSelectionGalleryScroll(b *testing.B) {
	w := benchWindow(b)
	p := w.embTab.selPanel
	sel := make([]int, 5000)
	for i := range sel {
		sel[i] = 2 * i
	}
	filled := 0
	onUI(w, func() {
		w.ws.Select(sel)
		update := p.gallery.UpdateItem
		p.gallery.UpdateItem = func(id widget.GridWrapItemID, o fyne.CanvasObject) {
			filled++
			update(id, o)
		}
	})
	var rowHeight, end float32
	onUI(w, func() {
		rowHeight = newThumb(nil).MinSize().Height
		cols := max(1, int(p.gallery.Size().Width/newThumb(nil).MinSize().Width))
		end = float32(len(sel)/cols) * rowHeight
	})
	if len(p.items) != len(sel) {
		b.Fatalf("the gallery holds %d images", len(p.items))
	}
	offset := float32(0)
	filled = 0
	steps := 0
	for b.Loop() {
		offset += rowHeight / 3
		if offset > end {
			offset = 0
		}
		onUI(w, func() { p.gallery.ScrollToOffset(offset) })
		steps++
	}
	if filled == 0 {
		b.Fatal("scrolling filled no cell")
	}
	b.ReportMetric(float64(filled)/float64(steps), "cells/op")
}
