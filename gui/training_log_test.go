package gui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

// TestTrainingLogWrapsAndFollows: in a 1280×800 window the Training tab's
// log wraps its long lines inside the panel (none runs past its right
// edge, where it was cut), and after many lines the newest is in view.
func TestTrainingLogWrapsAndFollows(t *testing.T) {
	w, tab := trainingWindow(t, nil)
	locked(tab, func() {
		w.Resize(fyne.NewSize(1280, 800))
		w.SelectTab("Training")
	})
	const line = "epoch 1/3 loss 1.2183 acc 59.25% val loss 0.9876 acc 66.40% lr 0.00300  augmented  1234 img/s"
	const n = 40
	locked(tab, func() {
		for i := 1; i <= n; i++ {
			tab.appendLog(fmt.Sprintf("%d %s", i, line))
		}
	})
	locked(tab, func() {
		view := tab.logScroll.Size()
		content := tab.logScroll.Content.Size()
		if view.Width <= 0 || view.Height <= 0 {
			t.Fatalf("the log is not laid out: %v", view)
		}
		if view.Width > 600 {
			t.Fatalf("the log panel is %v wide at 1280×800: the test's lines would fit unwrapped", view.Width)
		}
		// Every line is wider than the panel; wrapped, none runs past it.
		if content.Width > view.Width+0.5 {
			t.Errorf("the log's text is %v wide in a panel %v wide: its lines are cut at the right edge",
				content.Width, view.Width)
		}
		if tab.logText.Wrapping != fyne.TextWrapWord {
			t.Errorf("the log wraps with %v, want TextWrapWord", tab.logText.Wrapping)
		}
		// The newest line is in view: scrolled to the end of the text.
		if content.Height <= view.Height {
			t.Fatalf("%d log lines fit in %v without scrolling", n, view)
		}
		if off := tab.logScroll.Offset.Y; off+view.Height < content.Height-1 {
			t.Errorf("the log shows %v to %v of %v: the newest line is not in view",
				off, off+view.Height, content.Height)
		}
		if !strings.HasSuffix(tab.logText.Text, fmt.Sprintf("%d %s", n, line)) {
			t.Errorf("the log does not end with line %d", n)
		}
	})
}
