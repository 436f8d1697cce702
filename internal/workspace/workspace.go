// Package workspace holds one exploration, free of any user interface:
// the points the user looks at (their features, true classes,
// predictions), their projections and clusterings by name with their
// scores, and the current selection. The window and the command line's
// analyze both compute through it.
//
// Projections and clustering methods are entries in two registries
// (RegisterProjection, RegisterClustering), each describing its
// parameters. From them the window builds its controls, the command line
// its flags, and analyze its files' columns and summary sections: a new
// method is a new entry.
//
// Work runs as jobs under one convention: a context, one progress report
// (Progress), updates at most every progress.Every, and the latest request of
// a method wins (an older run of it is cancelled). Observers see every
// change through one stream (Observe).
package workspace

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/fashionlens/fashionlens/internal/progress"
)

// ChangeKind says what changed.
type ChangeKind int

// The kinds of change.
const (
	// PointsChanged: new points; every result was dropped.
	PointsChanged ChangeKind = iota
	// Working: a job of method Name made Progress.
	Working
	// Projected: the projection Name has a new layout.
	ProjectedNew
	// Clustered: the clustering Name has a new result.
	ClusteredNew
	// Failed: the job of method Name failed with Err (not when it was
	// cancelled).
	Failed
	// Stopped: the job of method Name was cancelled.
	Stopped
	// SelectionChanged: the selection changed.
	SelectionChanged
	// FilterChanged: the filter, or whether only the selection is
	// shown, changed.
	FilterChanged
)

// A Change is one entry of the change stream.
type Change struct {
	Kind ChangeKind
	// Name is the method the change is about.
	Name     string
	Progress Progress
	Err      error
}

// Workspace is one exploration. Its methods may be called from any
// goroutine. Observers are called from the goroutine that made the
// change, or through Options.Deliver for a job's changes (the window's
// UI goroutine, which serialises them); they may call the workspace,
// Start and Select included.
type Workspace struct {
	ctx     context.Context
	store   Store
	deliver func(func())

	mu          sync.Mutex
	pts         *Points
	gen         int // counts SetPoints
	projections map[string]*Projected
	clusterings map[string]*Clustered
	selection   []int
	filter      Filter
	selOnly     bool // only the selection is shown in colour
	jobs        map[string]*job
	observers   map[int]func(Change)
	nextObs     int
	wg          sync.WaitGroup
	busy        atomic.Int32 // jobs running and changes not yet delivered

}

// job is a running computation of one method.
type job struct {
	cancel context.CancelFunc
	gen    int
}

// Options configure a workspace.
type Options struct {
	// Store, if set, keeps the slow projections between sessions.
	Store Store
	// Deliver, if set, runs each change that a job makes (progress,
	// results, errors) where the observers want it: the window passes
	// fyne.Do's wrapper. A change is delivered only if it is still
	// current then (the job is the latest of its method, for the same
	// points). Changes made by calls (SetPoints, Select, PutProjection)
	// reach the observers in the caller's goroutine before the call
	// returns.
	Deliver func(func())
}

// New returns an empty workspace whose jobs end when ctx ends.
func New(ctx context.Context, opts Options) *Workspace {
	return &Workspace{ctx: ctx, store: opts.Store, deliver: opts.Deliver, projections: map[string]*Projected{}, clusterings: map[string]*Clustered{},
		jobs: map[string]*job{}, observers: map[int]func(Change){}}
}

// Observe adds f to the observers of the change stream and returns the
// function that removes it.
func (w *Workspace) Observe(f func(Change)) (stop func()) {
	w.mu.Lock()
	id := w.nextObs
	w.nextObs++
	w.observers[id] = f
	w.mu.Unlock()
	return func() {
		w.mu.Lock()
		delete(w.observers, id)
		w.mu.Unlock()
	}
}

// publish passes c to the observers.
func (w *Workspace) publish(c Change) {
	w.mu.Lock()
	ids := make([]int, 0, len(w.observers))
	for id := range w.observers {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	fs := make([]func(Change), len(ids))
	for i, id := range ids {
		fs[i] = w.observers[id]
	}
	w.mu.Unlock()
	for _, f := range fs {
		f(c)
	}
}

// SetPoints makes pts the points (nil for none), cancelling every job
// and dropping every result, the selection, and the filter's clusters;
// layouts are projections of pts computed with them.
func (w *Workspace) SetPoints(pts *Points, layouts ...*Projected) {
	w.mu.Lock()
	w.pts = pts
	w.gen++
	for name, j := range w.jobs {
		j.cancel()
		delete(w.jobs, name)
	}
	clear(w.projections)
	clear(w.clusterings)
	for _, l := range layouts {
		w.projections[l.Method.Name] = l
	}
	w.selection, w.selOnly = nil, false
	// The filter stays, but for its clusters: the clusterings are gone.
	w.filter.Clustering, w.filter.Clusters = "", nil
	w.mu.Unlock()
	w.publish(Change{Kind: PointsChanged})
}

// Points returns the points, nil before SetPoints.
func (w *Workspace) Points() *Points {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.pts
}

// Projection returns the layout of the projection called name, or nil.
func (w *Workspace) Projection(name string) *Projected {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.projections[name]
}

// Clustering returns the result of the clustering called name, or nil.
func (w *Workspace) Clustering(name string) *Clustered {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.clusterings[name]
}

// PutProjection makes p the layout of its projection for the current
// points (one computed elsewhere, as the window computes PCA with the
// features), and tells the observers.
func (w *Workspace) PutProjection(p *Projected) {
	w.mu.Lock()
	w.projections[p.Method.Name] = p
	w.mu.Unlock()
	w.publish(Change{Kind: ProjectedNew, Name: p.Method.Name})
}

// Running reports whether a job of method name runs.
func (w *Workspace) Running(name string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.jobs[name] != nil
}

// Cancel stops the job of method name, if one runs.
func (w *Workspace) Cancel(name string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if j := w.jobs[name]; j != nil {
		j.cancel()
	}
}

// Wait waits for every job started so far to end.
func (w *Workspace) Wait() { w.wg.Wait() }

// Start computes the projection or clustering called name with values v
// in the background, cancelling an earlier job of it: the latest request
// wins. A result of the same values already there is announced at once
// instead. Its progress, its result (ProjectedNew or ClusteredNew) or its
// error (Failed) arrive through the change stream; a result for points
// that have since changed is dropped.
func (w *Workspace) Start(name string, v Values) {
	w.mu.Lock()
	if j := w.jobs[name]; j != nil {
		j.cancel()
		delete(w.jobs, name)
	}
	if kind, ok := w.cached(name, v); ok {
		// The result of these values is there: the request is answered at
		// once, in the caller's goroutine.
		w.mu.Unlock()
		w.publish(Change{Kind: kind, Name: name})
		return
	}
	ctx, cancel := context.WithCancel(w.ctx)
	j := &job{cancel: cancel, gen: w.gen}
	w.jobs[name] = j
	pts := w.pts
	w.wg.Add(1)
	w.busy.Add(1)
	w.mu.Unlock()
	go func() {
		defer w.wg.Done()
		defer w.busy.Add(-1)
		defer cancel()
		err := w.run(ctx, j, name, pts, v)
		w.mu.Lock()
		current := w.jobs[name] == j
		if current {
			delete(w.jobs, name)
		}
		w.mu.Unlock()
		switch {
		case !current:
		case err != nil && ctx.Err() != nil:
			w.emit(Change{Kind: Stopped, Name: name}, j)
		case err != nil:
			w.emit(Change{Kind: Failed, Name: name, Err: err}, j)
		}
	}()
}

// cached reports whether method name has a result for values v, and
// the kind of change that announces it; w.mu is held.
func (w *Workspace) cached(name string, v Values) (ChangeKind, bool) {
	if p := w.projections[name]; p != nil && maps.Equal(p.Values, v) {
		return ProjectedNew, true
	}
	if c := w.clusterings[name]; c != nil && maps.Equal(c.Values, v) {
		return ClusteredNew, true
	}
	return 0, false
}

// emit passes a change that job j made to the observers, through
// Deliver if there is one, provided it is still current then: the points
// have not changed since j started, and a progress report is of the
// latest job of its method.
func (w *Workspace) emit(c Change, j *job) {
	send := func() {
		w.mu.Lock()
		ok := j.gen == w.gen && (c.Kind != Working || w.jobs[c.Name] == j)
		w.mu.Unlock()
		if ok {
			w.publish(c)
		}
	}
	if w.deliver == nil {
		send()
		return
	}
	w.busy.Add(1)
	w.deliver(func() {
		defer w.busy.Add(-1)
		send()
	})
}

// Busy reports whether a job runs or a change it made waits to be
// delivered: a window's screenshot waits for it.
func (w *Workspace) Busy() bool { return w.busy.Load() > 0 }

// run computes method name for job j and keeps its result if j is still
// the latest job of the current points.
func (w *Workspace) run(ctx context.Context, j *job, name string, pts *Points, v Values) error {
	if pts == nil {
		return errors.New("no points yet")
	}
	report := progress.Throttle(ctx, func(p Progress) { w.emit(Change{Kind: Working, Name: name, Progress: p}, j) })
	if _, ok := ProjectionNamed(name); ok {
		r, err := Project(ctx, name, pts, v, w.store, report)
		if r == nil {
			return err
		}
		if !w.keep(name, j, func() { w.projections[name] = r }) {
			return ctx.Err()
		}
		w.emit(Change{Kind: ProjectedNew, Name: name}, j)
		return err // a map that could not be kept is shown all the same
	}
	r, err := Cluster(ctx, name, pts, v, report)
	if err != nil {
		return err
	}
	if !w.keep(name, j, func() { w.clusterings[name] = r }) {
		return ctx.Err()
	}
	w.emit(Change{Kind: ClusteredNew, Name: name}, j)
	return nil
}

// keep runs put under the lock if j is the latest job of name.
func (w *Workspace) keep(name string, j *job, put func()) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.jobs[name] != j || j.gen != w.gen {
		return false
	}
	put()
	return true
}
