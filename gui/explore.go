package gui

import (
	"errors"
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/fashionlens/fashionlens/gui/plotview"
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
		w.embTab.filter.pointsChanged()
		w.cluTab.filter.pointsChanged()
		w.inspected = -1
		w.showSelection()
		w.showFilter()
		if w.suspects != nil {
			w.suspects.pointsChanged()
		}
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
		w.embTab.filter.clusteringsChanged()
		w.cluTab.filter.clusteringsChanged()
		w.showSelection()
		w.showFilter()
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
	case workspace.FilterChanged:
		w.showFilter()
	}
}

// isProjection reports whether name is a registered projection.
func isProjection(name string) bool {
	_, ok := workspace.ProjectionNamed(name)
	return ok
}

// showSelection shows the workspace's selection on both maps and in
// both selection panels. A selection of one point is inspected; the
// inspected point stays while it is selected, or, when it was clicked in
// a gallery, until the selection changes.
func (w *Window) showSelection() {
	sel := w.ws.Selection()
	switch {
	case len(sel) == 1:
		w.inspected = sel[0]
	case len(sel) > 1 && !w.ws.Selected(w.inspected):
		w.inspected = -1
	case len(sel) == 0 && w.inspectedFromSel:
		w.inspected = -1
	}
	w.inspectedFromSel = len(sel) > 0
	for _, v := range []*plotview.View{w.embTab.view, w.cluTab.view} {
		w.decorate(v)
	}
	w.embTab.insp.show(w.inspected)
	w.cluTab.insp.show(w.inspected)
	w.embTab.selPanel.update()
	w.cluTab.selPanel.update()
}

// decorate shows on map v what the window adds to its points: the
// selection, the inspected point and the greyed points.
func (w *Window) decorate(v *plotview.View) {
	v.SetMarked(w.ws.Selection())
	v.SetSelected(w.inspected)
	v.SetDimmed(w.ws.Dimmed())
}

// showFilter shows the workspace's filter in both filter bars and greys
// the points it leaves out on both maps.
func (w *Window) showFilter() {
	w.embTab.filter.update()
	w.cluTab.filter.update()
	dim := w.ws.Dimmed()
	w.embTab.view.SetDimmed(dim)
	w.cluTab.view.SetDimmed(dim)
	w.embTab.selPanel.update()
	w.cluTab.selPanel.update()
}

// inspect shows point i (−1 for none) in both inspectors and highlights
// it on both maps, leaving the selection as it is: a click on an image of
// a gallery.
func (w *Window) inspect(i int) {
	if d := w.derived; d == nil || i >= d.Len() {
		return
	}
	w.inspected = i
	w.inspectedFromSel = false
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

// Selected returns the point the inspectors show (the selection, when it
// is one point), or −1.
func (w *Window) Selected() int { return w.inspected }

// selectArea applies a box or lasso drawn on a map to the selection.
func (w *Window) selectArea(idx []int, op plotview.SelectOp) {
	mode := workspace.Replace
	switch op {
	case plotview.Add:
		mode = workspace.Add
	case plotview.Remove:
		mode = workspace.Remove
	}
	w.ws.SelectWith(idx, mode)
}

// currentView returns the map of the tab shown, nil on the other tabs.
func (w *Window) currentView() *plotview.View {
	if w.tabs == nil || w.tabs.Selected() == nil {
		return nil
	}
	switch w.tabs.Selected().Content {
	case w.embTab.content():
		return w.embTab.view
	case w.cluTab.content():
		return w.cluTab.view
	}
	return nil
}

// bindKeys binds the maps' keys: Escape clears the selection, Ctrl+A
// (Cmd+A on macOS) selects every point shown in colour on the current
// map. A text field with the focus keeps both for itself.
func (w *Window) bindKeys() {
	c := w.Canvas()
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		if e.Name == fyne.KeyEscape {
			w.ws.Select(nil)
		}
	})
	// Fyne's desktop driver turns Ctrl+A into ShortcutSelectAll, and
	// gives it to the canvas when the focused widget does not take it.
	c.AddShortcut(&fyne.ShortcutSelectAll{}, func(fyne.Shortcut) {
		if v := w.currentView(); v != nil {
			w.ws.Select(v.Selectable())
		}
	})
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
