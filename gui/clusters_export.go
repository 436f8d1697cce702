package gui

import (
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2/dialog"

	"github.com/fashionlens/fashionlens/analysis/featfile"
	"github.com/fashionlens/fashionlens/analysis/plot"
	"github.com/fashionlens/fashionlens/internal/atomicfile"
	"github.com/fashionlens/fashionlens/internal/workspace"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// exportPlot exports the cluster map.
func (t *clustersTab) exportPlot() {
	t.w.exportPlot(t.view, "fashionlens-"+t.methodName()+".png")
}

// exportCSV writes each point's clusters: point, image index, true class,
// predicted class and a column per clustering method (empty where not
// run).
func (t *clustersTab) exportCSV() {
	d := t.w.derived
	ran := false
	for _, c := range workspace.Clusterings() {
		ran = ran || t.w.clustering(c.Name) != nil
	}
	if d == nil || d.Err != nil || !ran {
		dialog.ShowInformation("Export", "No clustering has run yet.", t.w)
		return
	}
	cols := workspace.AssignmentColumns(func(name string) []int {
		if r := t.w.clustering(name); r != nil {
			return r.Labels
		}
		return nil
	})
	t.w.saveDialog("Export the cluster assignments", "Comma-separated values", "fashionlens-clusters.csv", []string{".csv"}, func(path string) {
		if path == "" {
			return
		}
		t.w.goJob(func() {
			err := atomicfile.Write(path, func(w io.Writer) error { return writeAssignments(w, d, cols) })
			if err != nil {
				err = fmt.Errorf("export the cluster assignments: %w", err)
			}
			t.w.ui(func() { t.w.reportExport(path, err) })
		})
	})
}

// writeAssignments writes the CSV of exportCSV: featfile's assignments
// file, as the command line's analyze writes it, with the columns cols.
func writeAssignments(w io.Writer, d *Derived, cols []featfile.Clustering) error {
	a := featfile.Assignments{N: d.Len(), ImageIndex: d.ImageIndex, TrueClass: d.labelName, Clusterings: cols}
	if d.Pred != nil {
		a.Predicted = func(i int) string { return d.Classes[d.Pred[i]] }
	}
	return featfile.WriteAssignments(w, a)
}

// exportGallery writes the misclustered gallery of the selected row as
// one montage image.
func (t *clustersTab) exportGallery() {
	d := t.w.derived
	if t.row < 0 || t.row >= len(t.rows) || len(t.galleryItems) == 0 || d == nil || d.Split == nil {
		dialog.ShowInformation("Export", "Select a row of the table whose cluster has misclustered images with known images first.", t.w)
		return
	}
	r := t.rows[t.row]
	items := t.galleryItems[:min(len(t.galleryItems), plot.MaxMontage)]
	name := fmt.Sprintf("cluster %d", r.Cluster)
	if r.Cluster == plot.Noise {
		name = "noise"
	}
	m, err := plot.NewMontage(len(items), func(i int) []uint8 {
		if px := d.Image(items[i]); px != nil {
			return px
		}
		return make([]uint8, dataset.ImageSize)
	}, func(i int) string {
		return fmt.Sprintf("#%d %s", items[i], d.labelName(items[i]))
	}, plot.MontageOptions{Title: fmt.Sprintf("Misclustered images of %s (mostly %s), farthest from the centroid first", name, d.Classes[r.Majority])})
	if err != nil {
		dialog.ShowError(err, t.w)
		return
	}
	t.w.exportMontage(m, "Export the gallery", fmt.Sprintf("fashionlens-misclustered-%s.png", strings.ReplaceAll(name, " ", "-")))
}
