package gui

import (
	"context"
	"fmt"
	"strconv"

	"github.com/fashionlens/fashionlens/analysis/cluster"
	"github.com/fashionlens/fashionlens/analysis/metrics"
)

// clusterRow is a row of the "guessing the labels" table: one cluster's
// size, majority class, composition, purity and misclustered members.
type clusterRow = metrics.ClusterInfo

// kmSettings are the K-means settings of the Clusters tab.
type kmSettings struct {
	K, Restarts int
	Seed        uint64
}

// dbSettings are the DBSCAN settings of the Clusters tab. Eps 0 means the
// suggested eps, the knee of the k-distance curve.
type dbSettings struct {
	Eps         float64
	MinPts      int
	RemoveNoise bool
}

// scores are how a clustering lines up with the true classes.
type scores = metrics.Scores

// clusterState holds the clusterings of one set of derived results.
type clusterState struct {
	d *Derived

	kmeans    *cluster.KMeansResult
	km        kmSettings
	kmMapping []clusterRow
	kmScores  *scores

	// kdist is the sorted k-distance curve for kdistK = the DBSCAN
	// MinPts it was computed for, and eps its knee.
	kdist        []float64
	kdistK       int
	suggestedEps float64

	dbscan    *cluster.DBSCANResult
	db        dbSettings // with the eps actually used
	dbMapping []clusterRow
	dbScores  *scores
}

// majorityOf returns " (mostly Shirt, 62%)" for cluster c of mapping, or
// "" if the mapping does not know it.
func (cs *clusterState) majorityOf(mapping []clusterRow, c int) string {
	for _, r := range mapping {
		if r.Cluster == c {
			return fmt.Sprintf(" (mostly %s, %.0f%%)", cs.d.Classes[r.Majority], 100*r.Purity)
		}
	}
	return ""
}

// onClusters adds a listener for new clusterings; on the UI goroutine.
func (w *Window) onClusters(f func()) { w.clusterListeners = append(w.clusterListeners, f) }

// clustersChanged tells the listeners that w.clusterResults changed.
func (w *Window) clustersChanged() {
	for _, f := range w.clusterListeners {
		f()
	}
}

// clusters returns the cluster state of the current derived results,
// making it if needed; nil without usable derived results.
func (w *Window) clusters() *clusterState {
	d := w.derived
	if d == nil || d.Err != nil {
		return nil
	}
	if w.clusterResults == nil || w.clusterResults.d != d {
		w.clusterResults = &clusterState{d: d}
	}
	return w.clusterResults
}

// Preference keys of the clustering settings.
const (
	prefKMK          = "clusters.kmeans.k" // 0: one per class
	prefKMRestarts   = "clusters.kmeans.restarts"
	prefKMSeed       = "clusters.kmeans.seed"
	prefDBEps        = "clusters.dbscan.eps" // 0: the suggested eps
	prefDBMinPts     = "clusters.dbscan.minpts"
	prefDBNoNoise    = "clusters.dbscan.removenoise"
	prefClusterMeth  = "clusters.method"
	prefClusterView  = "clusters.layout"
	defaultRestarts  = 10
	defaultMinPts    = 5
	maxClusterK      = 100
	chooseKMin       = 2
	chooseKMax       = 15
	silhouetteSample = 2000
)

// kmSettingsFor returns the remembered K-means settings, with k one per
// class of d when none is remembered.
func (w *Window) kmSettingsFor(d *Derived) kmSettings {
	p := w.prefs
	s := kmSettings{K: p.Int(prefKMK), Restarts: p.IntWithFallback(prefKMRestarts, defaultRestarts),
		Seed: uint64(p.IntWithFallback(prefKMSeed, 1))}
	if s.K < 1 {
		s.K = max(2, len(d.Classes))
	}
	return s
}

// dbSettingsNow returns the remembered DBSCAN settings.
func (w *Window) dbSettingsNow() dbSettings {
	p := w.prefs
	return dbSettings{Eps: p.Float(prefDBEps), MinPts: p.IntWithFallback(prefDBMinPts, defaultMinPts), RemoveNoise: p.Bool(prefDBNoNoise)}
}

// scoreClustering compares labels with d's true classes, leaving out the
// points labelled −1 when dropNoise is set, and returns the mapping table
// of the clusters (all points) too: metrics.Score, as the command line's
// analyze scores. It returns nils without true labels.
func scoreClustering(d *Derived, labels []int, dropNoise bool) (*scores, []clusterRow, error) {
	if d.Labels == nil {
		return nil, nil, nil
	}
	return metrics.Score(d.Features, d.Labels, labels, len(d.Classes), dropNoise)
}

// runKMeans clusters d's features with s; progress gets the fraction of
// restarts done.
func runKMeans(ctx context.Context, d *Derived, s kmSettings, progress func(float64)) (*cluster.KMeansResult, *scores, []clusterRow, error) {
	r, err := cluster.KMeans(ctx, d.Features, cluster.KMeansOptions{K: s.K, Restarts: s.Restarts, Seed: s.Seed,
		Progress: func(done, total int) { progress(float64(done) / float64(total)) }})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("K-means with k = %d: %w", s.K, err)
	}
	sc, mapping, err := scoreClustering(d, r.Labels, false)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("compare the K-means clusters with the classes: %w", err)
	}
	return r, sc, mapping, nil
}

// runDBSCAN clusters d's features with s (a positive Eps); progress gets
// the fraction of neighbour queries done.
func runDBSCAN(ctx context.Context, d *Derived, s dbSettings, progress func(float64)) (*cluster.DBSCANResult, *scores, []clusterRow, error) {
	r, err := cluster.DBSCAN(ctx, d.Features, cluster.DBSCANOptions{Eps: s.Eps, MinPts: s.MinPts,
		Progress: func(done, total int) { progress(float64(done) / float64(total)) }})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("DBSCAN with eps = %s, minPts = %d: %w", formatEps(s.Eps), s.MinPts, err)
	}
	sc, mapping, err := scoreClustering(d, r.Labels, s.RemoveNoise)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("compare the DBSCAN clusters with the classes: %w", err)
	}
	return r, sc, mapping, nil
}

// formatEps formats a DBSCAN radius with four significant digits.
func formatEps(eps float64) string { return strconv.FormatFloat(eps, 'g', 4, 64) }
