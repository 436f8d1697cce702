package gui

import (
	"context"
	"fmt"
	"image"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/fashionlens/fashionlens/analysis/cluster"
	"github.com/fashionlens/fashionlens/analysis/plot"
	"github.com/fashionlens/fashionlens/internal/progress"
	"github.com/fashionlens/fashionlens/internal/workspace"
)

// clusterTools add a method's own tools to its row of controls, after
// its parameters: they return the row's tail, run among them. Methods
// without an entry get their Run button only.
var clusterTools = map[string]func(t *clustersTab, f *methodForm, run *widget.Button) []fyne.CanvasObject{
	"kmeans": (*clustersTab).kmeansTools,
	"dbscan": (*clustersTab).dbscanTools,
}

// ensure runs method name with the current settings unless it has run,
// runs, or was started on these points.
func (t *clustersTab) ensure(name string) {
	pts := t.w.ws.Points()
	if pts != nil && t.w.clustering(name) == nil && !t.w.ws.Running(name) && t.attempted[name] != pts {
		t.run(name, false)
	}
}

// values reads method name's settings from its controls.
func (t *clustersTab) values(name string) (workspace.Values, error) {
	m, _ := workspace.ClusteringNamed(name)
	v, err := t.forms[name].values(m.Params)
	if err != nil {
		return nil, err
	}
	if name == "dbscan" && strings.TrimSpace(t.forms[name].entries["eps"].Text) == formatEps(t.epsValue) {
		// The entry shows eps rounded: use the exact value unless the
		// user typed another.
		v["eps"] = t.epsValue
	}
	return v, nil
}

// run clusters the points with method name and its controls' settings in
// the background; byUser records them as the user's settings. The result
// arrives through the workspace's change stream (clustered).
func (t *clustersTab) run(name string, byUser bool) {
	pts := t.w.ws.Points()
	if pts == nil {
		return
	}
	v, err := t.values(name)
	if err != nil {
		dialog.ShowError(err, t.w)
		return
	}
	if byUser {
		t.forms[name].remember(v)
		switch {
		case name == "kmeans" && v.Int("k") == len(pts.Classes):
			t.w.prefs.SetInt(prefKMK, 0) // one per class, whatever the scheme
		case name == "dbscan" && v["eps"] == t.suggestedEps:
			t.w.prefs.SetFloat(prefDBEps, 0) // the suggested eps, whatever the features
		}
	}
	t.attempted[name] = pts
	t.startProgress()
	t.w.ws.Start(name, v)
}

// kmeansTools are K-means's Run button and Choose k, which scores k =
// chooseKMin … chooseKMax by inertia and silhouette.
func (t *clustersTab) kmeansTools(_ *methodForm, run *widget.Button) []fyne.CanvasObject {
	t.chooseK = widget.NewButton(fmt.Sprintf("Choose k (%d–%d)", chooseKMin, chooseKMax), t.runChooseK)
	t.sweep, t.sweepBox, t.sweepExport = t.smallFigure("Choosing k", "fashionlens-choose-k.png", &t.sweepFig)
	return []fyne.CanvasObject{run, t.chooseK}
}

// runChooseK scores K-means for k = chooseKMin … chooseKMax by inertia
// and silhouette, and plots them.
func (t *clustersTab) runChooseK() {
	pts := t.w.ws.Points()
	if pts == nil {
		return
	}
	// k itself is what Choose k chooses: only the others are read.
	r, err := t.paramValue("kmeans", "restarts")
	var s float64
	if err == nil {
		s, err = t.paramValue("kmeans", "seed")
	}
	if err != nil {
		dialog.ShowError(fmt.Errorf("K-means: %w", err), t.w)
		return
	}
	restarts, seed := int(r), uint64(s)
	if t.sweepCancel != nil {
		t.sweepCancel()
	}
	ctx, cancel := context.WithCancel(t.w.ctx)
	t.sweepCancel = cancel
	var ks []int
	for k := chooseKMin; k <= min(chooseKMax, pts.Len()-1); k++ {
		ks = append(ks, k)
	}
	runs := len(ks) * max(restarts, 1)
	done := 0
	t.startProgress()
	t.chooseK.Disable()
	t.w.goJob(func() {
		scores, err := cluster.ChooseK(ctx, pts.Features, ks, cluster.KMeansOptions{Restarts: restarts, Seed: seed,
			Progress: func(progress.Report) {
				t.w.ui(func() {
					done++
					if ctx.Err() == nil {
						t.progress.SetValue(float64(done) / float64(runs))
					}
				})
			}}, silhouetteSample)
		var fig *plot.Panels
		var img image.Image
		if err == nil {
			inertia, sil := make([]float64, len(scores)), make([]float64, len(scores))
			for i, sc := range scores {
				inertia[i], sil[i] = sc.Inertia, sc.Silhouette
			}
			if fig, err = plot.KSweep(ks, inertia, sil); err == nil {
				img, err = plot.Raster(fig, 600, 250, 1)
			}
		}
		t.w.ui(func() {
			t.chooseK.Enable()
			if ctx.Err() != nil || t.w.ws.Points() != pts {
				return
			}
			t.stopProgress()
			if err != nil {
				dialog.ShowError(fmt.Errorf("choose k: %w", err), t.w)
				return
			}
			t.sweepFig = fig
			t.sweep.Image = img
			t.methodChanged()
		})
	})
}

// smallFigure returns an image for a small figure of the tab, the box
// that opens it large (titled title) when clicked, and its Export
// button, which saves *fig as file (its default name).
func (t *clustersTab) smallFigure(title, file string, fig *plot.Figure) (*canvas.Image, *tapImage, *widget.Button) {
	img := canvas.NewImageFromImage(nil)
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(240, 120))
	box := newTapImage(img, func() { t.w.showFigure(title, *fig, file) })
	export := widget.NewButton("Export…", func() {
		if *fig != nil {
			t.w.exportFigure(*fig, file)
		}
	})
	return img, box, export
}

// paramValue reads parameter param of method from its entry.
func (t *clustersTab) paramValue(method, param string) (float64, error) {
	m, _ := workspace.ClusteringNamed(method)
	p, _ := workspace.ParamNamed(m.Params, param)
	return p.Parse(t.forms[method].entries[param].Text)
}

// startProgress shows an empty progress bar and the Cancel button.
func (t *clustersTab) startProgress() {
	t.progress.SetValue(0)
	t.progress.Show()
	t.cancel.Show()
}

// stopProgress hides the progress bar and the Cancel button.
func (t *clustersTab) stopProgress() {
	t.progress.Hide()
	t.cancel.Hide()
}
