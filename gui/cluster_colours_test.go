package gui

import (
	"image/color"
	"testing"

	"github.com/fashionlens/fashionlens/analysis/plot"
	"github.com/fashionlens/fashionlens/internal/workspace"
)

// TestClusterColoursFollowClasses checks that a cluster that alone is
// mostly class m is drawn in m's colour, in the Clusters tab and when the
// Embeddings tab is coloured by the clustering, and that the others take
// colours no class has.
func TestClusterColoursFollowClasses(t *testing.T) {
	_, w := exploreWindow(t)
	var r *workspace.Clustered
	var title string
	onUI(w, func() {
		r = w.clustering(w.cluTab.methodName())
		if r != nil {
			title = r.Method.Title
		}
	})
	if r == nil || len(r.Mapping) == 0 {
		t.Fatal("the window has no clustering with a mapping")
	}
	var byColouring []color.NRGBA
	onUI(w, func() { byColouring = w.coloursBy(title + clusterColouring) })
	cols := categoryColors(r.K, r.Mapping)
	if len(cols) != r.K || len(byColouring) != r.K {
		t.Fatalf("%d and %d colours for %d clusters", len(cols), len(byColouring), r.K)
	}
	count := map[int]int{}
	for _, m := range r.Mapping {
		if m.Cluster >= 0 {
			count[m.Majority]++
		}
	}
	classColour := 0
	for _, m := range r.Mapping {
		if m.Cluster < 0 {
			continue
		}
		c := cols[m.Cluster]
		if byColouring[m.Cluster] != c {
			t.Errorf("cluster %d: %v in the Clusters tab, %v when colouring by %s", m.Cluster, c, byColouring[m.Cluster], title)
		}
		if count[m.Majority] == 1 {
			classColour++
			if c != plot.CategoryColor(m.Majority) {
				t.Errorf("cluster %d, alone mostly class %d, has colour %v, want the class's %v", m.Cluster, m.Majority, c, plot.CategoryColor(m.Majority))
			}
			continue
		}
		for k := range plot.Palette {
			if c == plot.Palette[k] {
				t.Errorf("cluster %d shares its majority class but has class %d's colour", m.Cluster, k)
			}
		}
	}
	if classColour == 0 {
		t.Error("no cluster took its class's colour")
	}
	if got := w.coloursBy(colourTrue); got != nil {
		t.Errorf("colouring by true label gave cluster colours %v", got)
	}
}
