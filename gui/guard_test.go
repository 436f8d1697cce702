package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// A panic in a background job or a UI update becomes an error dialog and
// a log entry; the window goes on (issue 13, item 3).
func TestPanicInJobShowsError(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	w := mustWindow(t, a, Options{DataDir: t.TempDir()})
	defer w.Close()
	waitReady(t, w)
	waitIdle(t, w)
	w.goJob(func() { panic("boom in a job") })
	waitIdle(t, w)
	if w.panics.Load() != 1 {
		t.Fatalf("%d panics caught, want 1", w.panics.Load())
	}
	var msg string
	onUI(w, func() { msg = topOverlayText(t, w) })
	if !strings.Contains(msg, "boom in a job") || !strings.Contains(msg, "The window goes on") {
		t.Errorf("dialog says %q", msg)
	}
	w.ui(func() { panic("boom in an update") })
	if w.panics.Load() != 2 {
		t.Fatalf("%d panics caught, want 2", w.panics.Load())
	}
	// The window still works: it loads the data set again.
	w.LoadData(t.TempDir())
	waitIdle(t, w)
	if w.state.Dataset() == nil || w.Busy() {
		t.Error("the window stopped working after the panics")
	}
}
