package gui

import (
	"errors"
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/fashionlens/fashionlens/internal/workspace"
)

// onChange renders a change of the workspace: the one stream the
// Embeddings and Clusters tabs and their inspectors follow. It runs on
// the UI goroutine (the workspace delivers its jobs' changes through
// w.ui).
func (w *Window) onChange(c workspace.Change) {
	switch c.Kind {
	case workspace.PointsChanged:
		d := w.derived
		// The Clusters tab first: the Embeddings tab may colour by its
		// clusterings.
		w.cluTab.pointsChanged(d)
		if d != nil {
			w.trainTab.derivedReady(d)
		}
		w.embTab.pointsChanged(d)
		w.showSelection()
	case workspace.Working:
		if isProjection(c.Name) {
			w.embTab.working(c.Name, c.Progress)
		} else {
			w.cluTab.working(c.Name, c.Progress)
		}
	case workspace.ProjectedNew:
		w.embTab.projected(c.Name)
		w.cluTab.layoutsChanged()
	case workspace.ClusteredNew:
		w.cluTab.clustered(c.Name)
		w.embTab.clustered(c.Name)
		w.showSelection()
	case workspace.Failed, workspace.Stopped:
		w.embTab.jobEnded(c.Name)
		w.cluTab.jobEnded(c.Name)
		switch {
		case c.Kind != workspace.Failed:
		case errors.Is(c.Err, workspace.ErrNotKept):
			// The map is shown; only the next session must compute it again.
			fyne.LogError("keep the map in the results cache", c.Err)
		default:
			dialog.ShowError(c.Err, w)
		}
	case workspace.SelectionChanged:
		w.showSelection()
	}
}

// isProjection reports whether name is a registered projection.
func isProjection(name string) bool {
	_, ok := workspace.ProjectionNamed(name)
	return ok
}

// showSelection shows the selected point in both maps and inspectors.
func (w *Window) showSelection() {
	i := w.Selected()
	w.embTab.view.SetSelected(i)
	w.cluTab.view.SetSelected(i)
	w.embTab.insp.show(i)
	w.cluTab.insp.show(i)
}

// selectPoint makes point i of the derived results the selection (−1
// for none): both tabs' maps and inspectors show it. On the UI
// goroutine.
func (w *Window) selectPoint(i int) {
	if w.derived == nil || i >= w.derived.Len() {
		return
	}
	if i < 0 {
		w.ws.Select(nil)
		return
	}
	w.ws.Select([]int{i})
}

// Selected returns the selected point of the Embeddings and Clusters
// tabs, or −1.
func (w *Window) Selected() int {
	if sel := w.ws.Selection(); len(sel) == 1 {
		return sel[0]
	}
	return -1
}

// SelectPoint selects point i of the maps, as a click on it does; on the
// UI goroutine. It returns an error if there is no such point.
func (w *Window) SelectPoint(i int) error {
	d := w.derived
	if d == nil || d.Err != nil {
		return fmt.Errorf("select point %d: the maps are not ready", i)
	}
	if i < 0 || i >= d.Len() {
		return fmt.Errorf("select point %d: there are %d points", i, d.Len())
	}
	w.selectPoint(i)
	return nil
}

// layoutNamed returns the current points' layout of projection name, or
// nil.
func (w *Window) layoutNamed(name string) *workspace.Projected { return w.ws.Projection(name) }

// clustering returns the current points' clustering by method name, or
// nil.
func (w *Window) clustering(name string) *workspace.Clustered { return w.ws.Clustering(name) }

// projectionTitles returns the titles of the registered projections.
func projectionTitles() []string {
	var t []string
	for _, p := range workspace.Projections() {
		t = append(t, p.Title)
	}
	return t
}

// clusteringTitles returns the titles of the registered clustering
// methods.
func clusteringTitles() []string {
	var t []string
	for _, c := range workspace.Clusterings() {
		t = append(t, c.Title)
	}
	return t
}

// projectionTitled returns the projection whose title is title.
func projectionTitled(title string) (workspace.Projection, bool) {
	i := slices.IndexFunc(workspace.Projections(), func(p workspace.Projection) bool { return p.Title == title })
	if i < 0 {
		return workspace.Projection{}, false
	}
	return workspace.Projections()[i], true
}

// clusteringTitled returns the clustering method whose title is title.
func clusteringTitled(title string) (workspace.Clustering, bool) {
	i := slices.IndexFunc(workspace.Clusterings(), func(c workspace.Clustering) bool { return c.Title == title })
	if i < 0 {
		return workspace.Clustering{}, false
	}
	return workspace.Clusterings()[i], true
}

// cacheStore keeps the workspace's slow projections in the results
// cache.
type cacheStore struct{ c *resultCache }

// Load implements workspace.Store.
func (s cacheStore) Load(kind, key string, rows, cols int) ([]float64, error) {
	return s.c.loadFloats(kind, cacheKey(derivedVersion, kind, key), rows, cols)
}

// Save implements workspace.Store.
func (s cacheStore) Save(kind, key string, rows, cols int, vals []float64) error {
	return s.c.storeFloats(kind, cacheKey(derivedVersion, kind, key), rows, cols, vals, false)
}
