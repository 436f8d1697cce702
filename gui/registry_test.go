package gui

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/fashionlens/fashionlens/internal/workspace"
	"github.com/fashionlens/fashionlens/internal/workspace/workspacetest"
)

// A projection and a clustering method registered by a test appear in
// the window with no other change: in the Map choices, with their
// parameters' controls and a Compute or Run button, in Colour by, in the
// inspector and in the exported assignments; and they run.
func TestRegisteredMethodsInTheWindow(t *testing.T) {
	workspacetest.Register(t)
	_, w := exploreWindow(t)
	e, c := w.embTab, w.cluTab
	if !slices.Contains(e.which.Options, workspacetest.ProjectionTitle) || e.pick == nil ||
		!slices.Contains(e.pick.Options, workspacetest.ProjectionTitle) || e.forms[workspacetest.Projection].entries["scale"] == nil {
		t.Fatalf("the Embeddings tab offers no fake map: maps %v", e.which.Options)
	}
	if !slices.Contains(c.layout.Options, workspacetest.ProjectionTitle) || !slices.Contains(c.method.Options, workspacetest.ClusteringTitle) ||
		c.forms[workspacetest.Clustering].entries["parts"] == nil || !slices.Contains(e.colour.Options, workspacetest.ClusteringTitle+" cluster") {
		t.Fatalf("the Clusters tab offers no fake method: methods %v, colourings %v", c.method.Options, e.colour.Options)
	}

	// Compute the fake map with scale 2: it is shown, in both tabs.
	onUI(w, func() {
		e.pick.SetSelected(workspacetest.ProjectionTitle)
		e.forms[workspacetest.Projection].entries["scale"].SetText("2")
		test.Tap(e.compute)
	})
	waitIdle(t, w)
	l := w.layoutNamed(workspacetest.Projection)
	if l == nil || l.XY.At(3, 0) != 6 || e.which.Selected != workspacetest.ProjectionTitle {
		t.Fatalf("the fake map was not computed and shown: %v, map %q", l, e.which.Selected)
	}
	if got := w.prefs.Float("embeddings." + workspacetest.Projection + ".scale"); got != 2 {
		t.Errorf("the scale remembered is %v", got)
	}
	onUI(w, func() { c.layout.SetSelected(workspacetest.ProjectionTitle) })

	// Run the fake clustering with 4 parts.
	onUI(w, func() {
		c.method.SetSelected(workspacetest.ClusteringTitle)
		c.forms[workspacetest.Clustering].entries["parts"].SetText("4")
		test.Tap(c.runs[workspacetest.Clustering])
	})
	waitIdle(t, w)
	r := w.clustering(workspacetest.Clustering)
	if r == nil || r.K != 4 || len(c.rows) != 4 {
		t.Fatalf("the fake clustering did not run with 4 parts: %+v, %d rows", r, len(c.rows))
	}
	fig, err := c.view.Figure(false)
	if err != nil || !strings.Contains(fig.Title.Text, workspacetest.ClusteringTitle) || !strings.Contains(fig.Title.Text, workspacetest.ProjectionTitle) {
		t.Errorf("the Clusters map: %v", err)
	}
	onUI(w, func() { w.selectPoint(5) })
	if txt := e.insp.info.Text; !strings.Contains(txt, workspacetest.ClusteringTitle+": cluster 1") {
		t.Errorf("the inspector says %q", txt)
	}
	var b bytes.Buffer
	cols := workspace.AssignmentColumns(func(name string) []int {
		if r := w.clustering(name); r != nil {
			return r.Labels
		}
		return nil
	})
	if err := writeAssignments(&b, w.derived, cols); err != nil {
		t.Fatal(err)
	}
	if head, _, _ := strings.Cut(b.String(), "\n"); !strings.HasSuffix(head, ",fakeclust_cluster") {
		t.Errorf("the assignments' header is %q", head)
	}
}
