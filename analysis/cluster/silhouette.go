package cluster

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
)

// silBlock is the number of sampled points per block.
const silBlock = 16

// Silhouette returns the mean silhouette coefficient of the clustering
// labels of x's rows, with Euclidean distances. For a point i in cluster
// A, a(i) is its mean distance to the other points of A, b(i) the lowest
// mean distance to the points of another cluster, and s(i) = (b−a)/max(a,
// b), or 0 when A has no other point (as in scikit-learn). The mean runs
// over a random sample of sample points drawn with the seed (all points if
// sample ≤ 0 or ≥ their number), each compared with all the points; this
// is scikit-learn's silhouette_score(sample_size=sample), except that
// scikit-learn also compares the sampled points with the sample only, so
// its estimate is noisier.
//
// Points labelled −1 (DBSCAN's noise) are left out entirely: they are
// never sampled and never compared with. Other labels must be ≥ 0; the
// rest must hold at least 2 clusters and fewer clusters than points.
func Silhouette(ctx context.Context, x *mat.Dense, labels []int, sample int, seed uint64) (float64, error) {
	n, d, err := analysis.Check(x)
	if err != nil {
		return 0, err
	}
	if len(labels) != n {
		return 0, analysis.Errorf("silhouette: %d labels for %d points", len(labels), n)
	}
	// Keep the points that are not noise, their cluster numbered densely.
	ids := map[int]int{}
	var keep []int
	var lab []int
	for i, l := range labels {
		switch {
		case l == -1:
			continue
		case l < 0:
			return 0, analysis.Errorf("silhouette: label %d of point %d, want ≥ 0 or −1 for noise", l, i)
		}
		id, ok := ids[l]
		if !ok {
			id = len(ids)
			ids[l] = id
		}
		keep = append(keep, i)
		lab = append(lab, id)
	}
	m, c := len(keep), len(ids)
	if c < 2 || c >= m {
		return 0, analysis.Errorf("silhouette: %d clusters among %d points (noise left out), want 2 to %d", c, m, m-1)
	}
	size := make([]float64, c)
	for _, l := range lab {
		size[l]++
	}
	// Centred rows of the kept points, for accurate expanded distances.
	raw := x.RawMatrix()
	mean := make([]float64, d)
	for _, i := range keep {
		for t, v := range raw.Data[i*raw.Stride : i*raw.Stride+d] {
			mean[t] += v
		}
	}
	for t := range mean {
		mean[t] /= float64(m)
	}
	xs := make([]float64, m*d)
	for k, i := range keep {
		r := xs[k*d : (k+1)*d]
		for t, v := range raw.Data[i*raw.Stride : i*raw.Stride+d] {
			r[t] = v - mean[t]
		}
	}
	norms := sqNorms(xs, m, d)

	// The sample, as positions among the kept points.
	pick := make([]int, m)
	for k := range pick {
		pick[k] = k
	}
	if sample > 0 && sample < m {
		rng := rand.New(rand.NewPCG(seed, 0x5111))
		for k := 0; k < sample; k++ {
			j := k + rng.IntN(m-k)
			pick[k], pick[j] = pick[j], pick[k]
		}
		pick = pick[:sample]
	}

	s := make([]float64, len(pick))
	err = parallel(ctx, len(pick), silBlock, func(_, lo, hi int) {
		sums := make([]float64, c)
		for k := lo; k < hi; k++ {
			s[k] = silhouette(xs, norms, lab, size, pick[k], d, sums)
		}
	})
	if err != nil {
		return 0, cancelled(ctx, "silhouette")
	}
	var total float64
	for _, v := range s {
		total += v
	}
	return total / float64(len(s)), nil
}

// silhouette is s(i) for the kept point i; sums is scratch space for one
// value per cluster.
func silhouette(xs, norms []float64, lab []int, size []float64, i, d int, sums []float64) float64 {
	clear(sums)
	m := len(lab)
	xi := xs[i*d : (i+1)*d]
	ni := norms[i]
	dist := func(j int, dp float64) float64 {
		if j == i {
			return 0
		}
		return math.Sqrt(max(ni+norms[j]-2*dp, 0))
	}
	j := 0
	for ; j+4 <= m; j += 4 {
		d0, d1, d2, d3 := dot4(xi, xs[j*d:], xs[(j+1)*d:], xs[(j+2)*d:], xs[(j+3)*d:])
		sums[lab[j]] += dist(j, d0)
		sums[lab[j+1]] += dist(j+1, d1)
		sums[lab[j+2]] += dist(j+2, d2)
		sums[lab[j+3]] += dist(j+3, d3)
	}
	for ; j < m; j++ {
		sums[lab[j]] += dist(j, dot(xi, xs[j*d:(j+1)*d]))
	}
	own := lab[i]
	if size[own] < 2 {
		return 0
	}
	a := sums[own] / (size[own] - 1)
	b := math.Inf(1)
	for l, v := range sums {
		if l != own {
			b = min(b, v/size[l])
		}
	}
	if den := max(a, b); den > 0 {
		return (b - a) / den
	}
	return 0
}

// KScore is the score of one k in ChooseK.
type KScore struct {
	// K is the number of clusters.
	K int
	// Inertia is the K-means inertia (lower is tighter, always falling
	// with K; look for an elbow).
	Inertia float64
	// Silhouette is the mean silhouette coefficient of the K-means
	// labels, −1…1 (higher is better).
	Silhouette float64
}

// ChooseK runs KMeans with opts for each k of ks (opts.K is ignored) and
// scores each clustering by its inertia and its silhouette on
// silhouetteSample points drawn with opts.Seed (see Silhouette; ≤ 0 for
// all points). Each k must be 2 ≤ k < the number of points. opts.Progress,
// if set, is called as KMeans calls it, once per run of each k.
func ChooseK(ctx context.Context, x *mat.Dense, ks []int, opts KMeansOptions, silhouetteSample int) ([]KScore, error) {
	n, _, err := analysis.Check(x)
	if err != nil {
		return nil, err
	}
	if len(ks) == 0 {
		return nil, analysis.Errorf("choose k: no values of k")
	}
	for _, k := range ks {
		if k < 2 || k >= n {
			return nil, analysis.Errorf("choose k: k = %d, want 2 ≤ k < %d (the number of points)", k, n)
		}
	}
	scores := make([]KScore, 0, len(ks))
	for _, k := range ks {
		o := opts
		o.K = k
		res, err := KMeans(ctx, x, o)
		if err != nil {
			return nil, err
		}
		sil, err := Silhouette(ctx, x, res.Labels, silhouetteSample, opts.Seed)
		if err != nil {
			return nil, fmt.Errorf("choose k: k = %d: %w", k, err)
		}
		scores = append(scores, KScore{K: k, Inertia: res.Inertia, Silhouette: sil})
	}
	return scores, nil
}
