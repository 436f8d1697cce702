package gui

import (
	"fmt"
	"log"
	"runtime/debug"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// ui hands f to the UI goroutine (fyne.Do), holding uiMu while it runs.
// In the app the lock is never contended, since the UI goroutine runs one
// function at a time; Fyne's test driver, though, runs fyne.Do on the
// calling goroutine, and the lock keeps background updates (and tests,
// which take it too) from running at once there. A panic in f is
// recovered (recoverPanic).
func (w *Window) ui(f func()) {
	fyne.Do(func() {
		defer w.recoverPanic("updating the window")
		w.uiMu.Lock()
		defer w.uiMu.Unlock()
		f()
	})
}

// goJob runs f in a goroutine and counts it as background work until it
// returns (Busy). A panic in f is recovered (recoverPanic).
func (w *Window) goJob(f func()) {
	w.busy.Add(1)
	go func() {
		defer w.busy.Add(-1)
		defer w.recoverPanic("a background task")
		f()
	}()
}

// goFunc runs f in a goroutine that is not counted as background work (a
// download, which the user cancels), with the same guard.
func (w *Window) goFunc(f func()) {
	go func() {
		defer w.recoverPanic("a background task")
		f()
	}()
}

// recoverPanic, deferred by every goroutine and UI update the window
// starts, turns a panic into a log entry with its stack and an error
// dialog, and the window lives on. It is a safety net only: the bugs
// behind a panic get fixed.
func (w *Window) recoverPanic(what string) {
	r := recover()
	if r == nil {
		return
	}
	err := fmt.Errorf("an internal error stopped %s: %v", what, r)
	log.Printf("fashionlens: %v\n%s", err, debug.Stack())
	w.panics.Add(1)
	fyne.Do(func() {
		dialog.ShowError(fmt.Errorf("%w.\nThe window goes on; the log has the details. Please report it", err), w)
	})
}
