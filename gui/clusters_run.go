package gui

import (
	"context"
	"fmt"
	"image"
	"math"
	"strconv"
	"strings"

	"fyne.io/fyne/v2/dialog"

	"github.com/fashionlens/fashionlens/analysis/cluster"
	"github.com/fashionlens/fashionlens/analysis/plot"
)

// ensureKMeans runs K-means with the current settings unless it has run
// on these features.
func (t *clustersTab) ensureKMeans() {
	if cs := t.w.clusters(); cs != nil && cs.kmeans == nil && t.lastKMeans != cs {
		t.runKMeans(false)
	}
}

// ensureDBSCAN runs DBSCAN unless it has run on these features; with no
// eps chosen it waits for the k-distance curve and uses its knee.
func (t *clustersTab) ensureDBSCAN() {
	if cs := t.w.clusters(); cs != nil && cs.dbscan == nil && t.lastDBRun != cs {
		t.runDBSCAN(false)
	}
}

// readKM reads the K-means settings from the entries.
func (t *clustersTab) readKM(d *Derived) (kmSettings, error) {
	k, err1 := strconv.Atoi(strings.TrimSpace(t.kEntry.Text))
	r, err2 := strconv.Atoi(strings.TrimSpace(t.restarts.Text))
	s, err3 := strconv.ParseUint(strings.TrimSpace(t.sd.Text), 10, 63)
	switch {
	case err1 != nil || k < 2 || k > min(maxClusterK, d.Len()-1):
		return kmSettings{}, fmt.Errorf("k = %q: enter a whole number from 2 to %d", t.kEntry.Text, min(maxClusterK, d.Len()-1))
	case err2 != nil || r < 1 || r > 100:
		return kmSettings{}, fmt.Errorf("restarts = %q: enter a whole number from 1 to 100", t.restarts.Text)
	case err3 != nil:
		return kmSettings{}, fmt.Errorf("seed = %q: enter a whole number from 0", t.sd.Text)
	}
	return kmSettings{K: k, Restarts: r, Seed: s}, nil
}

// runKMeans clusters the features with the entries' settings in the
// background; byUser records them as the user's settings.
func (t *clustersTab) runKMeans(byUser bool) {
	cs := t.w.clusters()
	if cs == nil {
		return
	}
	d := cs.d
	s, err := t.readKM(d)
	if err != nil {
		dialog.ShowError(err, t.w)
		return
	}
	if byUser {
		p := t.w.prefs
		if s.K == len(d.Classes) {
			p.SetInt(prefKMK, 0) // one per class, whatever the scheme
		} else {
			p.SetInt(prefKMK, s.K)
		}
		p.SetInt(prefKMRestarts, s.Restarts)
		p.SetInt(prefKMSeed, int(s.Seed))
	}
	t.lastKMeans = cs
	t.startRun(cs, &t.kmCancel, func(ctx context.Context, progress func(float64)) (func(), error) {
		r, sc, mapping, err := runKMeans(ctx, d, s, progress)
		return func() {
			cs.kmeans, cs.km, cs.kmScores, cs.kmMapping = r, s, sc, mapping
			t.w.clustersChanged()
			if t.method.Selected != methodDBSCAN {
				t.show()
			}
		}, err
	})
}

// runChooseK scores K-means for k = chooseKMin … chooseKMax by inertia
// and silhouette, and plots them.
func (t *clustersTab) runChooseK() {
	cs := t.w.clusters()
	if cs == nil {
		return
	}
	s, err := t.readKM(cs.d)
	if err != nil && !strings.HasPrefix(err.Error(), "k =") {
		dialog.ShowError(err, t.w)
		return
	}
	if t.sweepCancel != nil {
		t.sweepCancel()
	}
	ctx, cancel := context.WithCancel(t.w.ctx)
	t.sweepCancel = cancel
	var ks []int
	for k := chooseKMin; k <= min(chooseKMax, cs.d.Len()-1); k++ {
		ks = append(ks, k)
	}
	runs := len(ks) * max(s.Restarts, 1)
	done := 0
	t.startProgress()
	t.chooseK.Disable()
	t.w.goJob(func() {
		scores, err := cluster.ChooseK(ctx, cs.d.Features, ks, cluster.KMeansOptions{Restarts: s.Restarts, Seed: s.Seed,
			Progress: func(int, int) {
				t.w.ui(func() {
					done++
					t.setProgress(ctx, float64(done)/float64(runs))
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
			if ctx.Err() != nil || t.w.clusterResults != cs {
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

// readDB reads the DBSCAN settings from the controls.
func (t *clustersTab) readDB(cs *clusterState) (dbSettings, error) {
	m, err1 := strconv.Atoi(strings.TrimSpace(t.minPts.Text))
	// The entry shows eps rounded: use the exact value unless the user
	// typed another.
	eps, err2 := t.epsValue, error(nil)
	if txt := strings.TrimSpace(t.epsEntry.Text); txt != formatEps(t.epsValue) {
		eps, err2 = strconv.ParseFloat(txt, 64)
	}
	switch {
	case err1 != nil || m < 2 || m > min(100, cs.d.Len()):
		return dbSettings{}, fmt.Errorf("minPts = %q: enter a whole number from 2 to %d", t.minPts.Text, min(100, cs.d.Len()))
	case err2 != nil || !(eps > 0) || math.IsInf(eps, 0):
		return dbSettings{}, fmt.Errorf("eps = %q: enter a positive number", t.epsEntry.Text)
	}
	return dbSettings{Eps: eps, MinPts: m, RemoveNoise: t.noNoise.Checked}, nil
}

// runDBSCAN clusters the features with the controls' settings in the
// background; byUser records them as the user's settings.
func (t *clustersTab) runDBSCAN(byUser bool) {
	cs := t.w.clusters()
	if cs == nil {
		return
	}
	m, _ := strconv.Atoi(strings.TrimSpace(t.minPts.Text))
	if cs.kdist == nil || cs.kdistK != m {
		// The eps shown belongs to another curve: compute it first.
		t.dbscanWanted = true
		t.lastDBRun = cs
		t.kdistanceChanged()
		return
	}
	s, err := t.readDB(cs)
	if err != nil {
		dialog.ShowError(err, t.w)
		return
	}
	if byUser {
		p := t.w.prefs
		if s.Eps == cs.suggestedEps {
			p.SetFloat(prefDBEps, 0) // the suggested eps, whatever the features
		} else {
			p.SetFloat(prefDBEps, s.Eps)
		}
		p.SetInt(prefDBMinPts, s.MinPts)
		p.SetBool(prefDBNoNoise, s.RemoveNoise)
	}
	t.setEps(s.Eps)
	t.lastDBRun = cs
	t.startRun(cs, &t.dbCancel, func(ctx context.Context, progress func(float64)) (func(), error) {
		r, sc, mapping, err := runDBSCAN(ctx, cs.d, s, progress)
		return func() {
			cs.dbscan, cs.db, cs.dbScores, cs.dbMapping = r, s, sc, mapping
			t.w.clustersChanged()
			if t.method.Selected == methodDBSCAN {
				t.show()
			}
		}, err
	})
}

// startRun cancels the run that *stop stops, and runs job in the
// background with a new context, a progress bar and Cancel. Unless it is
// cancelled or the features change meanwhile, job's error is shown, or
// else the function it returns applies its result on the UI goroutine.
func (t *clustersTab) startRun(cs *clusterState, stop *context.CancelFunc, job func(ctx context.Context, progress func(float64)) (apply func(), err error)) {
	if *stop != nil {
		(*stop)()
	}
	ctx, cancel := context.WithCancel(t.w.ctx)
	*stop = cancel
	t.startProgress()
	t.w.goJob(func() {
		apply, err := job(ctx, func(f float64) { t.w.ui(func() { t.setProgress(ctx, f) }) })
		t.w.ui(func() {
			if ctx.Err() != nil || t.w.clusterResults != cs {
				return
			}
			t.stopProgress()
			if err != nil {
				dialog.ShowError(err, t.w)
				return
			}
			apply()
		})
	})
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

// setProgress shows progress f of the run with context ctx.
func (t *clustersTab) setProgress(ctx context.Context, f float64) {
	if ctx.Err() == nil {
		t.progress.SetValue(f)
	}
}
