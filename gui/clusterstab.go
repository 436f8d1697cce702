package gui

import (
	"fmt"
	"image"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/fashionlens/fashionlens/analysis/cluster"
	"github.com/fashionlens/fashionlens/analysis/metrics"
	"github.com/fashionlens/fashionlens/analysis/plot"
)

// clustersTab clusters the encoded features with K-means, one cluster per
// class, and shows how the clusters line up with the classes: the study's
// "guessing the labels" table.
type clustersTab struct {
	w      *Window
	header *widget.Label
	table  *widget.Label
	img    *canvas.Image
	box    fyne.CanvasObject
}

func newClustersTab(w *Window) *clustersTab {
	t := &clustersTab{w: w, header: widget.NewLabel("Clustering the features of the test images…"), table: widget.NewLabel(""),
		img: canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, 1, 1)))}
	t.header.Wrapping = fyne.TextWrapWord
	t.table.TextStyle = fyne.TextStyle{Monospace: true}
	t.img.FillMode = canvas.ImageFillContain
	t.img.SetMinSize(fyne.NewSize(500, 350))
	split := container.NewHSplit(t.img, container.NewVScroll(t.table))
	split.Offset = 0.55
	t.box = container.NewBorder(t.header, nil, nil, nil, split)
	w.onDerived(t.setDerived)
	return t
}

func (t *clustersTab) content() fyne.CanvasObject { return t.box }

func (t *clustersTab) setDerived(d *Derived) {
	if d.Err != nil {
		t.header.SetText(d.Err.Error())
		return
	}
	k := d.Scheme.NumClasses()
	t.header.SetText(fmt.Sprintf("K-means with k = %d on the encoded features of the %d test images under %s…", k, d.Split.Len(), d.Model.Name))
	t.w.goJob(func() {
		text, img, err := clusterReport(t.w, d, k)
		t.w.ui(func() {
			if t.w.derived != d {
				return
			}
			if err != nil {
				t.header.SetText("Could not cluster the features: " + err.Error())
				return
			}
			t.header.SetText(fmt.Sprintf("K-means with k = %d (10 restarts, seed 1) on the encoded features of the %d test images under %s, "+
				"drawn on the PCA map. Each cluster's classes are those making up at least 10%% of it.", k, d.Split.Len(), d.Model.Name))
			t.table.SetText(text)
			t.img.Image = img
			t.img.Refresh()
		})
	})
}

// clusterReport runs K-means and describes how its clusters map to the
// classes.
func clusterReport(w *Window, d *Derived, k int) (string, image.Image, error) {
	r, err := cluster.KMeans(w.ctx, d.Features, cluster.KMeansOptions{K: k, Restarts: 10, Seed: 1})
	if err != nil {
		return "", nil, err
	}
	ari, err := metrics.ARI(d.Labels, r.Labels)
	if err != nil {
		return "", nil, err
	}
	nmi, err := metrics.NMI(d.Labels, r.Labels)
	if err != nil {
		return "", nil, err
	}
	infos, err := metrics.Mapping(d.Features, d.Labels, r.Labels, k, 0.1)
	if err != nil {
		return "", nil, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Against the true classes: ARI %.3f, NMI %.3f\n\n", ari, nmi)
	for _, c := range infos {
		b.WriteString(c.Describe(d.Scheme.Classes))
		b.WriteString("\n")
	}
	p, err := plot.ScatterDense(d.PCA.Projected, r.Labels, plot.ScatterOptions{Title: fmt.Sprintf("K-means clusters (k = %d) on the PCA map", k),
		Names: plot.ClusterNames(k)})
	if err != nil {
		return "", nil, err
	}
	img, err := plot.Raster(p, 900, 700, 1)
	return b.String(), img, err
}
