package cluster

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/internal/progress"
)

// KMeansOptions are the parameters of KMeans. The zero value of Restarts,
// MaxIter and Tol selects the default.
type KMeansOptions struct {
	// K is the number of clusters, 1 ≤ K ≤ the number of points.
	K int
	// Restarts is the number of k-means++ initialisations (scikit-learn's
	// n_init), default 10; the run with the lowest inertia wins, the
	// earliest one on a tie or when a later one finds the same partition
	// (as in scikit-learn).
	Restarts int
	// MaxIter bounds the Lloyd iterations of one run, default 300.
	MaxIter int
	// Tol is the convergence tolerance, default 1e-4, relative to the mean
	// per-feature variance as in scikit-learn: a run stops when the sum of
	// the squared centroid shifts is at most Tol·mean(var(x, axis=0)), or
	// when no label changes. It cannot be zero (that selects the default);
	// a tiny positive value stops only when the labels are stable.
	Tol float64
	// Seed seeds the random choices of the initialisations; the same seed
	// gives the same result on any number of cores.
	Seed uint64
	// Progress, if set, is called after each run with the number of runs
	// done so far (1…restarts) and the number of runs.
	Progress progress.Func
}

// KMeansResult is the outcome of KMeans: the winning run's clustering.
type KMeansResult struct {
	// Labels gives each point's cluster, 0…K−1.
	Labels []int
	// Centroids holds the K cluster centres, one per row.
	Centroids *mat.Dense
	// Inertia is the sum of the squared distances of the points to their
	// centroids.
	Inertia float64
	// Iterations is the number of Lloyd iterations of the winning run.
	Iterations int
}

const (
	defaultRestarts = 10
	defaultMaxIter  = 300
	defaultTol      = 1e-4
	// kmBlock is the number of rows per block of the parallel loops.
	kmBlock = 256
)

// KMeans clusters the rows of x into opts.K clusters with Lloyd's
// algorithm, as scikit-learn's KMeans(algorithm="lloyd") does: each run
// starts from a greedy k-means++ initialisation (2 + ⌊ln K⌋ candidates per
// centre, the one that lowers the potential most is kept), iterates until
// the labels stop changing or the centroids move less than the tolerance,
// then reassigns the points to the final centroids (when the labels were
// not already stable) so that the labels, the centroids and the inertia
// agree. A cluster that becomes empty is re-seeded with the point farthest
// from its centroid, as scikit-learn does. The best of opts.Restarts runs
// is returned.
//
// The assignment steps skip, with Hamerly's distance bounds, the distances
// that cannot change a label, and the points are split in blocks over the
// cores; neither changes the result.
func KMeans(ctx context.Context, x *mat.Dense, opts KMeansOptions) (*KMeansResult, error) {
	n, _, err := analysis.Check(x)
	if err != nil {
		return nil, err
	}
	if err := opts.fill(n); err != nil {
		return nil, err
	}
	km := newKMeans(x)
	tol := opts.Tol * km.meanVar
	var best *kmRun
	for r := 0; r < opts.Restarts; r++ {
		if ctx.Err() != nil {
			return nil, cancelled(ctx, "k-means")
		}
		rng := rand.New(rand.NewPCG(opts.Seed, uint64(r)))
		centres, err := km.plusPlus(ctx, rng, opts.K)
		if err != nil {
			return nil, err
		}
		run, err := km.lloyd(ctx, centres, opts.MaxIter, tol)
		if err != nil {
			return nil, err
		}
		if best == nil || run.inertia < best.inertia && !sameClustering(run.labels, best.labels, opts.K) {
			best = run
		}
		opts.Progress.Send(progress.Report{Done: r + 1, Total: opts.Restarts, Note: fmt.Sprintf("run %d of %d", r+1, opts.Restarts)})
	}
	d := km.d
	for j := 0; j < opts.K; j++ {
		c := best.centres[j*d : (j+1)*d]
		for t := range c {
			c[t] += km.mean[t]
		}
	}
	return &KMeansResult{
		Labels:     best.labels,
		Centroids:  mat.NewDense(opts.K, d, best.centres),
		Inertia:    best.inertia,
		Iterations: best.iterations,
	}, nil
}

// sameClustering reports whether two labellings into k clusters are the
// same partition (the labels one-to-one renamed), as scikit-learn's
// _is_same_clustering: a run that finds the best run's partition again
// does not replace it over a rounding difference in the inertia.
func sameClustering(a, b []int, k int) bool {
	ab := make([]int, k)
	for j := range ab {
		ab[j] = -1
	}
	for i, l := range a {
		switch ab[l] {
		case -1:
			ab[l] = b[i]
		case b[i]:
		default:
			return false
		}
	}
	// The map is a function onto b's labels; it is one-to-one if no two
	// labels of a share a label of b.
	seen := make([]bool, k)
	for _, m := range ab {
		if m >= 0 {
			if seen[m] {
				return false
			}
			seen[m] = true
		}
	}
	return true
}

// fill checks the options against n points and fills in the defaults.
func (o *KMeansOptions) fill(n int) error {
	if o.K < 1 || o.K > n {
		return analysis.Errorf("k-means: k = %d, want 1 ≤ k ≤ %d (the number of points)", o.K, n)
	}
	if o.Restarts == 0 {
		o.Restarts = defaultRestarts
	}
	if o.Restarts < 1 {
		return analysis.Errorf("k-means: %d restarts, want at least 1", o.Restarts)
	}
	if o.MaxIter == 0 {
		o.MaxIter = defaultMaxIter
	}
	if o.MaxIter < 1 {
		return analysis.Errorf("k-means: %d iterations, want at least 1", o.MaxIter)
	}
	if o.Tol == 0 {
		o.Tol = defaultTol
	}
	if !(o.Tol > 0) || math.IsInf(o.Tol, 0) {
		return analysis.Errorf("k-means: tolerance %v, want a finite value > 0", o.Tol)
	}
	return nil
}

// kmeans holds the data of one KMeans call: the rows centred on their mean
// (as scikit-learn does, for accuracy of the expanded distances), their
// squared norms and scratch space shared by the runs.
type kmeans struct {
	n, d    int
	x       []float64 // centred rows, contiguous
	norms   []float64 // squared norms of the centred rows
	mean    []float64
	meanVar float64 // mean of the per-feature variances
	margin  float64 // bound on the rounding error of a distance
	nb      int     // number of blocks of kmBlock rows
}

// kmRun is the outcome of one run.
type kmRun struct {
	labels     []int
	centres    []float64 // centred
	inertia    float64
	iterations int
}

func newKMeans(x *mat.Dense) *kmeans {
	n, d := x.Dims()
	raw := x.RawMatrix()
	km := &kmeans{n: n, d: d, x: make([]float64, n*d), mean: make([]float64, d), nb: (n + kmBlock - 1) / kmBlock}
	for i := 0; i < n; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+d]
		for t, v := range row {
			km.mean[t] += v
		}
	}
	for t := range km.mean {
		km.mean[t] /= float64(n)
	}
	for i := 0; i < n; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+d]
		out := km.x[i*d : (i+1)*d]
		for t, v := range row {
			out[t] = v - km.mean[t]
		}
	}
	km.norms = sqNorms(km.x, n, d)
	var ss float64
	for _, v := range km.norms {
		ss += v
	}
	km.meanVar = ss / float64(n) / float64(d)
	// An expanded squared distance ‖x‖² − 2x·c + ‖c‖² is off by at most
	// about (2d+4)·u·max‖x‖² (u = 2⁻⁵³; centroids lie within the points'
	// hull, so ‖c‖ ≤ max‖x‖), so a distance by at most the square root of
	// that; the margin is twice it.
	km.margin = 2 * math.Sqrt(float64(2*d+4)*0x1p-53) * (1 + math.Sqrt(slices.Max(km.norms)))
	return km
}

func (km *kmeans) row(i int) []float64 { return km.x[i*km.d : (i+1)*km.d] }

// plusPlus chooses k initial centres as scikit-learn's _kmeans_plusplus:
// the first uniformly at random, each next one among 2 + ⌊ln k⌋ candidates
// drawn with probability proportional to the squared distance to the
// nearest centre so far, keeping the candidate that minimises the sum of
// those squared distances.
func (km *kmeans) plusPlus(ctx context.Context, rng *rand.Rand, k int) ([]float64, error) {
	n, d := km.n, km.d
	centres := make([]float64, k*d)
	first := rng.IntN(n)
	copy(centres[:d], km.row(first))
	closest := make([]float64, n)
	for i := range closest {
		closest[i] = math.Inf(1)
	}
	trials := 2 + int(math.Log(float64(k)))
	cand := make([][]float64, trials)
	for t := range cand {
		cand[t] = make([]float64, n)
	}
	pots := make([]float64, km.nb*trials)
	ids := []int{first}
	pot, err := km.candidates(ctx, ids, closest, cand[:1], pots)
	if err != nil {
		return nil, err
	}
	copy(closest, cand[0])
	cum := make([]float64, n)
	rv := make([]float64, trials)
	ids = make([]int, trials)
	for c := 1; c < k; c++ {
		for t := range rv {
			rv[t] = rng.Float64() * pot[0]
		}
		var s float64
		for i, v := range closest {
			s += v
			cum[i] = s
		}
		for t, r := range rv {
			ids[t] = min(sort.SearchFloat64s(cum, r), n-1)
		}
		pot, err = km.candidates(ctx, ids, closest, cand, pots)
		if err != nil {
			return nil, err
		}
		b := 0
		for t := range pot {
			if pot[t] < pot[b] {
				b = t
			}
		}
		pot[0] = pot[b]
		closest, cand[b] = cand[b], closest
		copy(centres[c*d:(c+1)*d], km.row(ids[b]))
	}
	return centres, nil
}

// candidates sets out[t][i] to the smaller of closest[i] and the squared
// distance from point i to point ids[t], and returns the sums of out[t]
// (the potentials), summed per block in block order. pots is scratch
// space for nb·len(ids) values.
func (km *kmeans) candidates(ctx context.Context, ids []int, closest []float64, out [][]float64, pots []float64) ([]float64, error) {
	d, m := km.d, len(ids)
	cs := make([]float64, m*d)
	cn := make([]float64, m)
	for t, id := range ids {
		copy(cs[t*d:], km.row(id))
		cn[t] = km.norms[id]
	}
	err := parallel(ctx, km.n, kmBlock, func(b, lo, hi int) {
		p := pots[b*m : (b+1)*m]
		clear(p)
		dp := make([]float64, m)
		for i := lo; i < hi; i++ {
			dots(km.row(i), cs, dp)
			for t := range dp {
				v := max(km.norms[i]+cn[t]-2*dp[t], 0)
				v = min(v, closest[i])
				out[t][i] = v
				p[t] += v
			}
		}
	})
	if err != nil {
		return nil, cancelled(ctx, "k-means")
	}
	sum := make([]float64, m)
	for b := 0; b < km.nb; b++ {
		for t := range sum {
			sum[t] += pots[b*m+t]
		}
	}
	return sum, nil
}
