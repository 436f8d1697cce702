package cluster

import (
	"context"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/analysis/neighbors"
	"github.com/fashionlens/fashionlens/internal/progress"
)

// DBSCANOptions are the parameters of DBSCAN.
type DBSCANOptions struct {
	// Eps is the neighbourhood radius: points at a Euclidean distance
	// ≤ Eps (inclusive) are neighbours. It must be > 0.
	Eps float64
	// MinPts is the number of neighbours, the point itself included, that
	// makes a point a core point (scikit-learn's min_samples); 0 selects
	// the default 5.
	MinPts int
	// Progress, if set, gets reports now and then during the neighbour
	// queries: the number of points queried so far of the number of
	// points. They come one at a time, Done increasing, possibly from
	// another goroutine.
	Progress progress.Func
}

// DBSCANResult is the outcome of DBSCAN.
type DBSCANResult struct {
	// Labels gives each point's cluster, 0…Clusters−1, or −1 for noise.
	Labels []int
	// Core tells which points are core points.
	Core []bool
	// Clusters is the number of clusters.
	Clusters int
}

const defaultMinPts = 5

// DBSCAN clusters the rows of x by density, with the same partition and
// numbering as scikit-learn's DBSCAN(eps, min_samples, metric="euclidean"):
// a point with at least MinPts points (itself included) within distance
// Eps is a core point; core points within Eps of each other are in the
// same cluster; every other point within Eps of a core point is a border
// point of the first cluster that reaches it, where clusters are numbered
// in the order of their lowest core point index (scikit-learn grows them
// from the core points in index order); the rest is noise (−1). The result
// is deterministic. Neighbours are found with the exact index of package
// neighbors (Index.Pairs), in parallel. The pairs of neighbours are kept
// while labelling (8 bytes a pair), as scikit-learn keeps its
// neighbourhoods: an eps under which most points are neighbours needs
// memory quadratic in the number of points.
func DBSCAN(ctx context.Context, x *mat.Dense, opts DBSCANOptions) (*DBSCANResult, error) {
	n, _, err := analysis.Check(x)
	if err != nil {
		return nil, err
	}
	if !(opts.Eps > 0) || math.IsInf(opts.Eps, 0) {
		return nil, analysis.Errorf("DBSCAN: eps = %v, want a finite value > 0", opts.Eps)
	}
	if opts.MinPts == 0 {
		opts.MinPts = defaultMinPts
	}
	if opts.MinPts < 1 {
		return nil, analysis.Errorf("DBSCAN: minPts = %d, want at least 1", opts.MinPts)
	}
	ix, err := neighbors.Build(ctx, x)
	if err != nil {
		return nil, indexError(ctx, "DBSCAN", err)
	}
	pairs, err := ix.Pairs(ctx, opts.Eps, opts.Progress)
	if err != nil {
		return nil, indexError(ctx, "DBSCAN", err)
	}
	return label(ctx, n, pairs, opts.MinPts)
}

// label turns the neighbour pairs of n points into scikit-learn's DBSCAN
// labels.
func label(ctx context.Context, n int, pairs [][]int32, minPts int) (*DBSCANResult, error) {
	count := make([]int, n)
	for _, list := range pairs {
		for _, i := range list {
			count[i]++
		}
	}
	core := make([]bool, n)
	for i, c := range count {
		core[i] = 1+c >= minPts // the point itself counts
	}
	if ctx.Err() != nil {
		return nil, cancelled(ctx, "DBSCAN")
	}
	// Union-find over the core points; the root of a set is its lowest
	// index.
	parent := make([]int32, n)
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(i int32) int32 {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for _, list := range pairs {
		for k := 0; k < len(list); k += 2 {
			i, j := list[k], list[k+1]
			if !core[i] || !core[j] {
				continue
			}
			a, b := find(i), find(j)
			if a < b {
				parent[b] = a
			} else if b < a {
				parent[a] = b
			}
		}
	}
	if ctx.Err() != nil {
		return nil, cancelled(ctx, "DBSCAN")
	}
	// Clusters are numbered in the order of their lowest core point, as
	// scikit-learn's growth from the core points in index order does.
	labels := make([]int, n)
	clusters := 0
	for i := 0; i < n; i++ {
		labels[i] = -1
		if core[i] {
			if r := find(int32(i)); int(r) == i {
				labels[i] = clusters
				clusters++
			} else {
				labels[i] = labels[r]
			}
		}
	}
	// A border point joins the first cluster that reaches it: the lowest
	// numbered one among its core neighbours'.
	border := func(b, c int32) {
		if !core[b] && core[c] && (labels[b] < 0 || labels[c] < labels[b]) {
			labels[b] = labels[c]
		}
	}
	for _, list := range pairs {
		for k := 0; k < len(list); k += 2 {
			border(list[k], list[k+1])
			border(list[k+1], list[k])
		}
	}
	return &DBSCANResult{Labels: labels, Core: core, Clusters: clusters}, nil
}

// NoiseFraction returns the fraction of the points that are noise (0 for
// no points).
func (r *DBSCANResult) NoiseFraction() float64 {
	if len(r.Labels) == 0 {
		return 0
	}
	noise := 0
	for _, l := range r.Labels {
		if l < 0 {
			noise++
		}
	}
	return float64(noise) / float64(len(r.Labels))
}

// WithoutNoise returns the indices of the points that are not noise, in
// increasing order, and their labels: the clustering with the noise
// removed.
func (r *DBSCANResult) WithoutNoise() (indices []int, labels []int) {
	indices, labels = []int{}, []int{}
	for i, l := range r.Labels {
		if l >= 0 {
			indices = append(indices, i)
			labels = append(labels, l)
		}
	}
	return indices, labels
}
