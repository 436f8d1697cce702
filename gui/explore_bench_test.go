package gui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
)

// BenchmarkTapToInspector measures a tap on the Embeddings map of the
// 10,000 test images up to the updated inspectors of both tabs: the hit
// test, the selection in both maps, the prediction's top classes, the
// clusters and the 8 nearest neighbours in feature space.
func BenchmarkTapToInspector(b *testing.B) {
	w := benchWindow(b)
	v := w.embTab.view
	var pts []int
	onUI(w, func() {
		for i := 0; i < 10000 && len(pts) < 64; i += 97 {
			if pos, ok := v.PointPosition(i); ok && v.PointAt(pos) == i {
				pts = append(pts, i)
			}
		}
	})
	if len(pts) == 0 {
		b.Fatal("no point to tap")
	}
	b.ResetTimer()
	for k := 0; b.Loop(); k++ {
		i := pts[k%len(pts)]
		onUI(w, func() {
			pos, _ := v.PointPosition(i)
			v.Tapped(tapAt(pos))
		})
		if w.Selected() != i {
			b.Fatalf("selected %d, want %d", w.Selected(), i)
		}
	}
}

// tapAt is a tap at pos, in the tapped object's coordinates.
func tapAt(pos fyne.Position) *fyne.PointEvent { return &fyne.PointEvent{Position: pos} }

// waitABit sleeps for a few milliseconds.
func waitABit() { time.Sleep(10 * time.Millisecond) }
