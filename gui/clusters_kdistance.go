package gui

import (
	"fmt"
	"image"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/fashionlens/fashionlens/analysis/plot"
	"github.com/fashionlens/fashionlens/internal/workspace"
)

// dbscanTools are DBSCAN's eps slider (before the eps entry), the
// suggested eps button (after it), its Run button, and the k-distance
// curve.
func (t *clustersTab) dbscanTools(f *methodForm, run *widget.Button) []fyne.CanvasObject {
	f.entries["min_points"].OnSubmitted = func(string) { t.kdistanceChanged() }
	t.eps = widget.NewSlider(0, 1)
	t.eps.Step = 0.001
	t.eps.OnChanged = func(v float64) {
		if !t.choosing {
			t.epsValue = v
			f.entries["eps"].SetText(formatEps(v))
			t.drawKDistance(v)
		}
	}
	t.eps.OnChangeEnded = func(float64) {
		if !t.choosing {
			t.run("dbscan", true)
		}
	}
	f.entries["eps"].OnSubmitted = func(string) { t.run("dbscan", true) }
	if c := f.checks["remove_noise"]; c != nil {
		c.OnChanged = func(bool) {
			if !t.choosing {
				t.run("dbscan", true)
			}
		}
	}
	t.suggested = widget.NewButton("Use suggested eps", t.useSuggested)
	f.insert("eps", false, minWidth(t.eps, 180))
	f.insert("eps", true, t.suggested)
	t.kdist, t.kdistBox, t.kdistExport = t.smallFigure("The k-distance curve", "fashionlens-k-distance.png", &t.kdistFig)
	return []fyne.CanvasObject{run}
}

// kdistanceChanged computes the k-distance curve for the minPts entered,
// and its knee, the suggested eps (workspace.KDistance, which DBSCAN's
// runs share).
func (t *clustersTab) kdistanceChanged() {
	pts := t.w.ws.Points()
	if pts == nil {
		return
	}
	mp, err := t.paramValue("dbscan", "min_points")
	if err == nil && int(mp) > pts.Len() {
		err = fmt.Errorf("minPts %d: there are %d points", int(mp), pts.Len())
	}
	if err != nil {
		dialog.ShowError(err, t.w)
		return
	}
	k := int(mp)
	if t.kdistK == k || t.kdistPending == k {
		return // known, or being computed
	}
	t.kdistPending = k
	t.w.goJob(func() {
		dist, knee, err := workspace.KDistance(t.w.ctx, pts, k)
		t.w.ui(func() {
			if t.kdistPending == k {
				t.kdistPending = 0
			}
			if t.w.ws.Points() != pts {
				return
			}
			if err != nil {
				dialog.ShowError(fmt.Errorf("k-distance curve: %w", err), t.w)
				return
			}
			t.kdistK, t.suggestedEps = k, knee
			t.suggested.SetText("Use suggested eps " + formatEps(knee))
			hi := dist[len(dist)*99/100]
			t.choose(func() {
				t.eps.Min, t.eps.Max = 0, math.Max(hi, 1.5*knee)
				t.eps.Step = t.eps.Max / 500
				t.eps.Refresh()
			})
			eps := t.w.prefs.Float(prefDBEps)
			if r := t.w.clustering("dbscan"); r != nil {
				eps = r.Used["eps"]
			}
			if eps <= 0 {
				eps = knee
			}
			t.setEps(eps)
		})
	})
}

// setEps shows eps in the slider, the entry and the k-distance curve.
func (t *clustersTab) setEps(eps float64) {
	t.epsValue = eps
	t.choose(func() {
		t.eps.SetValue(math.Min(eps, t.eps.Max))
		t.forms["dbscan"].entries["eps"].SetText(formatEps(eps))
	})
	t.drawKDistance(eps)
}

// useSuggested sets eps to the knee of the k-distance curve and runs
// DBSCAN.
func (t *clustersTab) useSuggested() {
	if t.suggestedEps == 0 {
		return
	}
	t.setEps(t.suggestedEps)
	t.w.prefs.SetFloat(prefDBEps, 0)
	t.run("dbscan", false)
}

// drawKDistance draws the k-distance curve with eps marked.
func (t *clustersTab) drawKDistance(eps float64) {
	pts, k := t.w.ws.Points(), t.kdistK
	if pts == nil || k == 0 {
		return
	}
	name := "eps"
	if eps == t.suggestedEps {
		name = "suggested eps"
	}
	t.w.goJob(func() {
		dist, _, err := workspace.KDistance(t.w.ctx, pts, k)
		var fig plot.Figure
		var img image.Image
		if err == nil {
			fig, err = plot.KDistanceMarked(dist, k, eps, name)
		}
		if err == nil {
			img, err = plot.Raster(fig, 480, 210, 1)
		}
		t.w.ui(func() {
			if err != nil || t.w.ws.Points() != pts {
				return
			}
			t.kdistFig = fig
			t.kdist.Image = img
			t.kdist.Refresh()
			t.methodChanged()
		})
	})
}
