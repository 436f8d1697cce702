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

// lloyd runs Lloyd's iterations from the given (centred) centres, as
// scikit-learn's _kmeans_single_lloyd. The assignment steps skip the
// distance computations that Hamerly's bounds prove unneeded (an upper
// bound on each point's distance to its centre, a lower bound on its
// distance to every other centre), which gives the same labels as
// computing them all: a point is only skipped when its centre is closer
// than every other by more than the rounding error of the distances.
func (km *kmeans) lloyd(ctx context.Context, centres []float64, maxIter int, tol float64) (*kmRun, error) {
	n, d := km.n, km.d
	k := len(centres) / d
	labels := make([]int, n)
	upper := make([]float64, n) // ≥ the distance to the point's centre
	lower := make([]float64, n) // ≤ the distance to any other centre
	next := make([]float64, k*d)
	counts := make([]int, k)
	sums := make([]float64, km.nb*k*d)
	bcounts := make([]int, km.nb*k)
	changed := make([]bool, km.nb)
	cn := make([]float64, k)
	half := make([]float64, k)  // half the distance to the nearest other centre
	moved := make([]float64, k) // how far each centre moved since the bounds were set
	fresh := true               // no bounds yet
	// The sums and sizes of the clusters of labels: summed in the first
	// iteration, then updated with the points that change cluster (the
	// relocation of empty clusters works on a copy).
	running := make([]float64, k*d)
	runCounts := make([]int, k)
	rebuild := true

	// assign sets labels to the nearest centre of each point and, if
	// update, next and counts to the sums and sizes of the clusters; it
	// reports whether a label changed.
	assign := func(update bool) (bool, error) {
		for j := range cn {
			c := centres[j*d : (j+1)*d]
			cn[j] = dot(c, c)
			half[j] = math.Inf(1)
		}
		for j := 0; j < k; j++ {
			for j2 := j + 1; j2 < k; j2++ {
				h := math.Sqrt(analysis.SqDist(centres[j*d:(j+1)*d], centres[j2*d:(j2+1)*d])) / 2
				half[j] = min(half[j], h)
				half[j2] = min(half[j2], h)
			}
		}
		// The lower bounds fall by the largest move of another centre.
		far, move1, move2 := 0, 0.0, 0.0
		for j, m := range moved {
			if m > move1 {
				far, move1, move2 = j, m, move1
			} else if m > move2 {
				move2 = m
			}
		}
		err := parallel(ctx, n, kmBlock, func(b, lo, hi int) {
			s := sums[b*k*d : (b+1)*k*d]
			bc := bcounts[b*k : (b+1)*k]
			if update {
				clear(s)
				clear(bc)
			}
			dp := make([]float64, k)
			ch := false
			for i := lo; i < hi; i++ {
				xi := km.row(i)
				old := labels[i]
				best := old
				if !fresh {
					upper[i] += moved[old]
					if old == far {
						lower[i] -= move2
					} else {
						lower[i] -= move1
					}
					bound := max(half[old], lower[i]) - km.margin
					if upper[i] >= bound {
						upper[i] = math.Sqrt(analysis.SqDist(xi, centres[old*d:(old+1)*d]))
					}
					if upper[i] >= bound {
						best = -1
					}
				}
				if best < 0 || fresh {
					dots(xi, centres, dp)
					bd, sd := cn[0]-2*dp[0], math.Inf(1)
					best = 0
					for j := 1; j < k; j++ {
						v := cn[j] - 2*dp[j]
						if v < bd {
							best, bd, sd = j, v, bd
						} else if v < sd {
							sd = v
						}
					}
					upper[i] = math.Sqrt(max(km.norms[i]+bd, 0))
					lower[i] = math.Sqrt(max(km.norms[i]+sd, 0))
				}
				if best != old {
					ch = true
					labels[i] = best
				}
				switch {
				case !update:
				case rebuild:
					// The block's sums.
					bc[best]++
					sj := s[best*d : (best+1)*d]
					for t, v := range xi {
						sj[t] += v
					}
				case best != old:
					// The changes to the block's sums.
					bc[best]++
					bc[old]--
					sj := s[best*d : (best+1)*d]
					so := s[old*d : (old+1)*d]
					for t, v := range xi {
						sj[t] += v
						so[t] -= v
					}
				}
			}
			changed[b] = ch
		})
		if err != nil {
			return false, cancelled(ctx, "k-means")
		}
		fresh = false
		clear(moved)
		any := false
		for _, c := range changed {
			any = any || c
		}
		if !update {
			return any, nil
		}
		if rebuild {
			clear(running)
			clear(runCounts)
		}
		for b := 0; b < km.nb; b++ {
			s := sums[b*k*d : (b+1)*k*d]
			for t, v := range s {
				running[t] += v
			}
			for j, c := range bcounts[b*k : (b+1)*k] {
				runCounts[j] += c
			}
		}
		rebuild = false
		copy(next, running)
		copy(counts, runCounts)
		return any, nil
	}

	for i := range labels {
		labels[i] = -1
	}
	iter, strict := 0, false
	for iter < maxIter {
		iter++
		ch, err := assign(true)
		if err != nil {
			return nil, err
		}
		km.relocate(labels, centres, next, counts)
		for j, c := range counts {
			if c > 0 {
				nj := next[j*d : (j+1)*d]
				inv := 1 / float64(c)
				for t := range nj {
					nj[t] *= inv
				}
			}
		}
		var shift float64
		for j := range moved {
			m := analysis.SqDist(next[j*d:(j+1)*d], centres[j*d:(j+1)*d])
			shift += m
			moved[j] = math.Sqrt(m)
		}
		centres, next = next, centres
		if !ch {
			strict = true
			break
		}
		if shift <= tol {
			break
		}
	}
	if !strict {
		if _, err := assign(false); err != nil {
			return nil, err
		}
	}
	inertia, err := km.inertia(ctx, labels, centres)
	if err != nil {
		return nil, err
	}
	return &kmRun{labels: labels, centres: centres, inertia: inertia, iterations: iter}, nil
}

// relocate re-seeds the empty clusters, if any, as scikit-learn's
// _relocate_empty_clusters_dense: the points farthest from their (old)
// centres, farthest first (lowest index on a tie), each leave their
// cluster's sum for an empty cluster, in the order of the clusters.
func (km *kmeans) relocate(labels []int, centres, sums []float64, counts []int) {
	var empty []int
	for j, c := range counts {
		if c == 0 {
			empty = append(empty, j)
		}
	}
	if len(empty) == 0 {
		return
	}
	d := km.d
	dist := make([]float64, km.n)
	idx := make([]int, km.n)
	for i := range dist {
		dist[i] = analysis.SqDist(km.row(i), centres[labels[i]*d:(labels[i]+1)*d])
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return dist[idx[a]] > dist[idx[b]] })
	for e, j := range empty {
		far := idx[e]
		from := labels[far]
		xf := km.row(far)
		sf := sums[from*d : (from+1)*d]
		sj := sums[j*d : (j+1)*d]
		for t, v := range xf {
			sf[t] -= v
			sj[t] = v
		}
		counts[j] = 1
		counts[from]--
	}
}

// inertia is the sum of the squared distances of the points to their
// centres, summed directly per block and the blocks in order.
func (km *kmeans) inertia(ctx context.Context, labels []int, centres []float64) (float64, error) {
	d := km.d
	part := make([]float64, km.nb)
	err := parallel(ctx, km.n, kmBlock, func(b, lo, hi int) {
		var s float64
		for i := lo; i < hi; i++ {
			s += analysis.SqDist(km.row(i), centres[labels[i]*d:(labels[i]+1)*d])
		}
		part[b] = s
	})
	if err != nil {
		return 0, cancelled(ctx, "k-means")
	}
	var s float64
	for _, v := range part {
		s += v
	}
	return s, nil
}
