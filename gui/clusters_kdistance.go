package gui

import (
	"fmt"
	"image"
	"math"
	"strconv"
	"strings"

	"fyne.io/fyne/v2/dialog"

	"github.com/fashionlens/fashionlens/analysis/cluster"
	"github.com/fashionlens/fashionlens/analysis/plot"
)

// kdistanceChanged computes the k-distance curve for the minPts entered,
// and its knee, the suggested eps.
func (t *clustersTab) kdistanceChanged() {
	cs := t.w.clusters()
	if cs == nil {
		return
	}
	m, err := strconv.Atoi(strings.TrimSpace(t.minPts.Text))
	if err != nil || m < 2 || m > min(100, cs.d.Len()) {
		dialog.ShowError(fmt.Errorf("minPts = %q: enter a whole number from 2 to %d", t.minPts.Text, min(100, cs.d.Len())), t.w)
		return
	}
	if (cs.kdist != nil && cs.kdistK == m) || (t.kdistFor == cs && t.kdistPending == m) {
		return // known, or being computed
	}
	t.kdistFor, t.kdistPending = cs, m
	t.w.goJob(func() {
		dist, err := cluster.KDistance(t.w.ctx, cs.d.Features, m)
		t.w.ui(func() {
			if t.kdistFor == cs && t.kdistPending == m {
				t.kdistPending = 0
			}
			if t.w.clusterResults != cs {
				return
			}
			if err != nil {
				dialog.ShowError(fmt.Errorf("k-distance curve: %w", err), t.w)
				return
			}
			cs.kdist, cs.kdistK = dist, m
			_, cs.suggestedEps = cluster.Knee(dist)
			t.suggested.SetText("Use suggested eps " + formatEps(cs.suggestedEps))
			hi := dist[len(dist)*99/100]
			t.choose(func() {
				t.eps.Min, t.eps.Max = 0, math.Max(hi, 1.5*cs.suggestedEps)
				t.eps.Step = t.eps.Max / 500
				t.eps.Refresh()
			})
			eps := t.w.dbSettingsNow().Eps
			if eps <= 0 {
				eps = cs.suggestedEps
			}
			t.setEps(eps)
			if t.dbscanWanted {
				t.dbscanWanted = false
				t.runDBSCAN(false)
			}
		})
	})
}

// setEps shows eps in the slider, the entry and the k-distance curve.
func (t *clustersTab) setEps(eps float64) {
	t.epsValue = eps
	t.choose(func() {
		t.eps.SetValue(math.Min(eps, t.eps.Max))
		t.epsEntry.SetText(formatEps(eps))
	})
	t.drawKDistance(eps)
}

// useSuggested sets eps to the knee of the k-distance curve and runs
// DBSCAN.
func (t *clustersTab) useSuggested() {
	cs := t.w.clusters()
	if cs == nil || cs.kdist == nil {
		return
	}
	t.setEps(cs.suggestedEps)
	t.w.prefs.SetFloat(prefDBEps, 0)
	t.runDBSCAN(false)
}

// drawKDistance draws the k-distance curve with eps marked.
func (t *clustersTab) drawKDistance(eps float64) {
	cs := t.w.clusters()
	if cs == nil || cs.kdist == nil {
		return
	}
	dist, k := cs.kdist, cs.kdistK
	name := "eps"
	if eps == cs.suggestedEps {
		name = "suggested eps"
	}
	t.w.goJob(func() {
		fig, err := plot.KDistanceMarked(dist, k, eps, name)
		var img image.Image
		if err == nil {
			img, err = plot.Raster(fig, 480, 210, 1)
		}
		t.w.ui(func() {
			if err != nil || t.w.clusterResults != cs {
				return
			}
			t.kdistFig = fig
			t.kdist.Image = img
			t.kdist.Refresh()
			t.methodChanged()
		})
	})
}
