package gui

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2/dialog"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/analysis/featfile"
	"github.com/fashionlens/fashionlens/analysis/plot"
	"github.com/fashionlens/fashionlens/internal/atomicfile"
	"github.com/fashionlens/fashionlens/internal/workspace"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// selectionToExport returns the derived results and the selection, or
// tells the user there is nothing to export.
func (w *Window) selectionToExport() (*Derived, []int, bool) {
	d, sel := w.derived, w.ws.Selection()
	if d == nil || d.Err != nil || len(sel) == 0 {
		dialog.ShowInformation("Export", "Select points first: choose Box or Lasso under a map and drag over them.", w)
		return nil, nil, false
	}
	return d, sel, true
}

// exportSelectionCSV writes the selected points as CSV: the assignments
// file's columns (point, image index, true and predicted class, every
// clustering's cluster) with the model's confidence, for the selection's
// rows only.
func (w *Window) exportSelectionCSV() {
	d, sel, ok := w.selectionToExport()
	if !ok {
		return
	}
	a := selectionAssignments(d, sel, w.clustering)
	w.saveDialog("Export the selection", "Comma-separated values", "fashionlens-selection.csv", []string{".csv"}, func(path string) {
		if path == "" {
			return
		}
		w.goJob(func() {
			err := atomicfile.Write(path, func(wr io.Writer) error { return featfile.WriteAssignments(wr, a) })
			if err != nil {
				err = fmt.Errorf("export the selection: %w", err)
			}
			w.ui(func() { w.reportExport(path, err) })
		})
	})
}

// selectionAssignments describes the points sel of d for the
// assignments writer, with the clusterings clustering returns.
func selectionAssignments(d *Derived, sel []int, clustering func(string) *workspace.Clustered) featfile.Assignments {
	cols := workspace.AssignmentColumns(func(name string) []int {
		if c := clustering(name); c != nil {
			return c.Labels
		}
		return nil
	})
	a := featfile.Assignments{N: d.Len(), ImageIndex: d.ImageIndex, TrueClass: d.labelName, Clusterings: cols, Rows: sel}
	if d.Pred != nil {
		k := len(d.Classes)
		a.Predicted = func(i int) string { return d.Classes[d.Pred[i]] }
		a.Confidence = func(i int) float64 { return float64(d.Probs[i*k+d.Pred[i]]) }
	}
	return a
}

// exportSelectionMontage writes the selected images as one montage
// (PNG, SVG or PDF), each captioned with its index and true class.
func (w *Window) exportSelectionMontage() {
	d, sel, ok := w.selectionToExport()
	if !ok {
		return
	}
	if d.Split == nil {
		dialog.ShowInformation("Export", "These points have no images (imported features).", w)
		return
	}
	items := sel[:min(len(sel), plot.MaxMontage)]
	title := fmt.Sprintf("%s selected points", analysis.Thousands(len(sel)))
	if len(items) < len(sel) {
		title = fmt.Sprintf("The first %s of %s selected points", analysis.Thousands(len(items)), analysis.Thousands(len(sel)))
	}
	m, err := plot.NewMontage(len(items), func(i int) []uint8 {
		if px := d.Image(items[i]); px != nil {
			return px
		}
		return make([]uint8, dataset.ImageSize)
	}, func(i int) string {
		return fmt.Sprintf("#%d %s", d.ImageIndex(items[i]), d.labelName(items[i]))
	}, plot.MontageOptions{Title: title})
	if err != nil {
		dialog.ShowError(err, w)
		return
	}
	w.exportMontage(m, "Export the selected images", "fashionlens-selection.png")
}

// exportMontage asks where to save montage m and writes it: PNG at its
// own pixel size, SVG or PDF at the same size in points.
func (w *Window) exportMontage(m *plot.Montage, title, name string) {
	w.saveDialog(title, "Image (PNG, SVG, PDF)", name, figureFormats, func(path string) {
		if path == "" {
			return
		}
		w.goJob(func() {
			var err error
			if strings.EqualFold(filepath.Ext(path), ".png") {
				err = m.Save(path)
			} else {
				wd, ht := m.Size()
				err = plot.Save(m, path, wd, ht)
			}
			w.ui(func() { w.reportExport(path, err) })
		})
	})
}

// exportSelectionTSV writes the selected points' features as Embedding
// Projector vectors with their metadata.
func (w *Window) exportSelectionTSV() {
	d, sel, ok := w.selectionToExport()
	if !ok {
		return
	}
	w.saveDialog("Export the selection's embeddings", "Embedding Projector vectors (TSV)", "selection-vectors.tsv", []string{".tsv"}, func(path string) {
		if path == "" {
			return
		}
		w.goJob(func() {
			meta, err := exportProjector(path, d, sel)
			w.ui(func() {
				if err != nil {
					dialog.ShowError(err, w)
					return
				}
				dialog.ShowInformation("Export", "Wrote "+path+"\nand "+meta, w)
			})
		})
	})
}
