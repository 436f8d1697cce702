package gui

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2/dialog"

	"github.com/fashionlens/fashionlens/analysis/featfile"
	"github.com/fashionlens/fashionlens/analysis/plot"
	"github.com/fashionlens/fashionlens/internal/atomicfile"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// exportPlot exports the cluster map.
func (t *clustersTab) exportPlot() {
	name := "fashionlens-kmeans.png"
	if t.method.Selected == methodDBSCAN {
		name = "fashionlens-dbscan.png"
	}
	t.w.exportPlot(t.view, name)
}

// exportCSV writes each point's clusters: point, image index, true class,
// K-means cluster and DBSCAN cluster (empty where not run).
func (t *clustersTab) exportCSV() {
	cs := t.w.clusters()
	if cs == nil || (cs.kmeans == nil && cs.dbscan == nil) {
		dialog.ShowInformation("Export", "No clustering has run yet.", t.w)
		return
	}
	t.w.saveDialog("Export the cluster assignments", "Comma-separated values", "fashionlens-clusters.csv", []string{".csv"}, func(path string) {
		if path == "" {
			return
		}
		t.w.goJob(func() {
			err := atomicfile.Write(path, func(w io.Writer) error { return writeAssignments(w, cs) })
			if err != nil {
				err = fmt.Errorf("export the cluster assignments: %w", err)
			}
			t.w.ui(func() { t.w.reportExport(path, err) })
		})
	})
}

// writeAssignments writes the CSV of exportCSV: featfile's assignments
// file, as the command line's analyze writes it.
func writeAssignments(w io.Writer, cs *clusterState) error {
	d := cs.d
	a := featfile.Assignments{N: d.Len(), ImageIndex: d.ImageIndex, TrueClass: d.labelName}
	if d.Pred != nil {
		a.Predicted = func(i int) string { return d.Classes[d.Pred[i]] }
	}
	km, db := featfile.Clustering{Name: "kmeans"}, featfile.Clustering{Name: "dbscan"}
	if cs.kmeans != nil {
		km.Labels = cs.kmeans.Labels
	}
	if cs.dbscan != nil {
		db.Labels = cs.dbscan.Labels
	}
	a.Clusterings = []featfile.Clustering{km, db}
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
	t.w.saveDialog("Export the gallery", "Image (PNG, SVG, PDF)", fmt.Sprintf("fashionlens-misclustered-%s.png", strings.ReplaceAll(name, " ", "-")),
		figureFormats, func(path string) {
			if path == "" {
				return
			}
			t.w.goJob(func() {
				var err error
				if strings.EqualFold(filepath.Ext(path), ".png") {
					err = m.Save(path)
				} else {
					w, h := m.Size()
					err = plot.Save(m, path, w, h)
				}
				t.w.ui(func() { t.w.reportExport(path, err) })
			})
		})
}
