// Package progress is the one progress report of the project's long
// work: a Report of steps done, with a line for a status bar and, for a
// map that converges, its layout so far; a Func receives them, and
// Throttle passes them on at a pace a window or a terminal can show.
//
// Inference (model.Net.Predict), the analyses (K-means, DBSCAN, the
// neighbour index, t-SNE) and the workspace's jobs all report through a
// Func. Training and downloading report richer events of their own
// (epochs with their losses, bytes), which carry a Report's numbers too.
package progress

import (
	"context"
	"sync"
	"time"

	"gonum.org/v1/gonum/mat"
)

// Report is how far a piece of work has come.
type Report struct {
	// Done of Total steps (images, restarts, points, iterations).
	Done, Total int
	// Note says what is being done, "iteration 250 of 1000, KL 2.31";
	// it may be empty.
	Note string
	// Frame is the layout so far (n×2) of a map that converges, or nil.
	Frame *mat.Dense
	// Value is a number the work tracks, with Note naming it (t-SNE's
	// KL divergence); 0 if none.
	Value float64
}

// Fraction returns Done/Total in 0…1.
func (r Report) Fraction() float64 {
	if r.Total <= 0 {
		return 0
	}
	return min(1, float64(r.Done)/float64(r.Total))
}

// Final reports whether the work is complete.
func (r Report) Final() bool { return r.Total > 0 && r.Done >= r.Total }

// Func receives reports. A nil Func is allowed wherever one is taken:
// call it through Send.
type Func func(Report)

// Send passes r to f if f is set.
func (f Func) Send(r Report) {
	if f != nil {
		f(r)
	}
}

// Steps sends Report{Done: done, Total: total}: a Func as a plain
// done-of-total callback.
func (f Func) Steps(done, total int) { f.Send(Report{Done: done, Total: total}) }

// The pace of Throttle.
const (
	// Every is the least time between two reports passed on; the final
	// one always is.
	Every = 100 * time.Millisecond
	// FrameEvery is the least time between two frames passed on.
	FrameEvery = 400 * time.Millisecond
)

// Throttle returns a Func that passes a report to f at most every Every
// (always the final one), with its Frame at most every FrameEvery, and
// nothing once ctx has ended. It may be called from several goroutines.
func Throttle(ctx context.Context, f Func) Func {
	var mu sync.Mutex
	var last, lastFrame time.Time
	return func(r Report) {
		mu.Lock()
		now := time.Now()
		if ctx.Err() != nil || (!r.Final() && now.Sub(last) < Every) {
			mu.Unlock()
			return
		}
		last = now
		if r.Frame != nil {
			if now.Sub(lastFrame) < FrameEvery {
				r.Frame = nil
			} else {
				lastFrame = now
			}
		}
		mu.Unlock()
		f.Send(r)
	}
}
