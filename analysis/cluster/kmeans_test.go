package cluster

import (
	"cmp"
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"

	"github.com/fashionlens/fashionlens/internal/progress"
)

var fourCentres = [][]float64{
	{0, 0, 0, 0, 0},
	{10, 0, 0, 0, 0},
	{0, 10, 0, 5, 0},
	{0, 0, 10, 0, -5},
}

func TestKMeansRecoversBlobs(t *testing.T) {
	x, truth := blobs(1, fourCentres, 200, 1)
	res, err := KMeans(context.Background(), x, KMeansOptions{K: 4, Seed: 7})
	fatalIf(t, err)
	if a := agreement(truth, res.Labels, 4); a != 1 {
		t.Errorf("agreement with the blobs %v, want 1", a)
	}
	// Each true centre has a centroid within 0.3.
	for c, want := range fourCentres {
		best := math.Inf(1)
		for j := 0; j < 4; j++ {
			best = min(best, math.Sqrt(analysis.SqDist(want, res.Centroids.RawRowView(j))))
		}
		if best > 0.3 {
			t.Errorf("centre %d: nearest centroid at %v", c, best)
		}
	}
	checkConsistent(t, x, res)
}

// checkConsistent checks that every label is its point's nearest centroid
// and the inertia is the sum of the squared distances to them.
func checkConsistent(t *testing.T, x *mat.Dense, res *KMeansResult) {
	t.Helper()
	n, _ := x.Dims()
	k, _ := res.Centroids.Dims()
	var inertia float64
	for i := 0; i < n; i++ {
		xi := x.RawRowView(i)
		own := analysis.SqDist(xi, res.Centroids.RawRowView(res.Labels[i]))
		inertia += own
		for j := 0; j < k; j++ {
			if d := analysis.SqDist(xi, res.Centroids.RawRowView(j)); d < own*(1-1e-9)-1e-9 {
				t.Fatalf("point %d labelled %d at %v, but centroid %d is at %v", i, res.Labels[i], own, j, d)
			}
		}
	}
	if math.Abs(inertia-res.Inertia) > 1e-9*inertia {
		t.Errorf("inertia %v, recomputed %v", res.Inertia, inertia)
	}
}

func TestKMeansRestartsNeverHurt(t *testing.T) {
	x := randomMatrix(2, 600, 3, 1)
	prev := math.Inf(1)
	var all []float64
	for r := 1; r <= 6; r++ {
		res, err := KMeans(context.Background(), x, KMeansOptions{K: 9, Restarts: r, Seed: 3})
		fatalIf(t, err)
		if res.Inertia > prev {
			t.Errorf("%d restarts: inertia %v > %v with fewer", r, res.Inertia, prev)
		}
		prev = res.Inertia
		all = append(all, res.Inertia)
	}
	if all[0] == all[len(all)-1] {
		t.Logf("restarts did not lower the inertia here: %v", all)
	}
}

func TestKMeansDeterministic(t *testing.T) {
	x, _ := blobs(4, fourCentres, 300, 3) // 1200 points: several blocks
	opts := KMeansOptions{K: 5, Restarts: 3, Seed: 11}
	var runs []*KMeansResult
	for _, p := range []int{1, 3, 0} {
		withProcs(max(p, 1), func() {
			res, err := KMeans(context.Background(), x, opts)
			fatalIf(t, err)
			runs = append(runs, res)
		})
	}
	for _, r := range runs[1:] {
		if !sameInts(r.Labels, runs[0].Labels) || r.Inertia != runs[0].Inertia || r.Iterations != runs[0].Iterations ||
			!mat.Equal(r.Centroids, runs[0].Centroids) {
			t.Fatalf("results differ between runs or core counts: %v vs %v", r.Inertia, runs[0].Inertia)
		}
	}
	other, err := KMeans(context.Background(), x, KMeansOptions{K: 5, Restarts: 3, Seed: 12})
	fatalIf(t, err)
	if other.Inertia == runs[0].Inertia && sameInts(other.Labels, runs[0].Labels) {
		t.Log("another seed gave the same clustering")
	}
}

// refPlusPlus is scikit-learn's _kmeans_plusplus written plainly, drawing
// the same random numbers as kmeans.plusPlus; it returns the chosen rows.
func refPlusPlus(km *kmeans, rng *rand.Rand, k int) []int {
	n := km.n
	first := rng.IntN(n)
	chosen := []int{first}
	closest := make([]float64, n)
	for i := range closest {
		closest[i] = analysis.SqDist(km.row(i), km.row(first))
	}
	trials := 2 + int(math.Log(float64(k)))
	for len(chosen) < k {
		var pot float64
		for _, v := range closest {
			pot += v
		}
		cum := make([]float64, n)
		var s float64
		for i, v := range closest {
			s += v
			cum[i] = s
		}
		var cands []int
		for range trials {
			r := rng.Float64() * pot
			cands = append(cands, min(sort.SearchFloat64s(cum, r), n-1))
		}
		best, bestPot := -1, math.Inf(1)
		var bestD []float64
		for _, c := range cands {
			dd := make([]float64, n)
			var p float64
			for i := range dd {
				dd[i] = min(closest[i], analysis.SqDist(km.row(i), km.row(c)))
				p += dd[i]
			}
			if p < bestPot {
				best, bestPot, bestD = c, p, dd
			}
		}
		chosen = append(chosen, best)
		closest = bestD
	}
	return chosen
}

// refLloyd is scikit-learn's _kmeans_single_lloyd written plainly, with
// its relocation of empty clusters.
func refLloyd(km *kmeans, centres []float64, maxIter int, tol float64) (labels []int, inertia float64, iters int) {
	n, d := km.n, km.d
	k := len(centres) / d
	centres = slices.Clone(centres)
	assign := func() []int {
		l := make([]int, n)
		for i := range l {
			best := math.Inf(1)
			for j := 0; j < k; j++ {
				if v := analysis.SqDist(km.row(i), centres[j*d:(j+1)*d]); v < best {
					best, l[i] = v, j
				}
			}
		}
		return l
	}
	var old []int
	strict := false
	for iters = 1; iters <= maxIter; iters++ {
		labels = assign()
		next := make([]float64, k*d)
		count := make([]float64, k)
		for i, l := range labels {
			count[l]++
			for t, v := range km.row(i) {
				next[l*d+t] += v
			}
		}
		var far []int
		for j := 0; j < k; j++ {
			if count[j] > 0 {
				continue
			}
			if far == nil {
				far = make([]int, n)
				for i := range far {
					far[i] = i
				}
				dist := func(i int) float64 { return analysis.SqDist(km.row(i), centres[labels[i]*d:(labels[i]+1)*d]) }
				slices.SortStableFunc(far, func(a, b int) int { return -cmp.Compare(dist(a), dist(b)) })
			}
			f := far[0]
			far = far[1:]
			from := labels[f]
			for t, v := range km.row(f) {
				next[from*d+t] -= v
				next[j*d+t] = v
			}
			count[j] = 1
			count[from]--
		}
		var shift float64
		for j := 0; j < k; j++ {
			for t := 0; t < d; t++ {
				if count[j] > 0 {
					next[j*d+t] /= count[j]
				}
				e := next[j*d+t] - centres[j*d+t]
				shift += e * e
			}
		}
		centres = next
		if slices.Equal(labels, old) {
			strict = true
			break
		}
		if shift <= tol {
			break
		}
		old = labels
	}
	iters = min(iters, maxIter)
	if !strict {
		labels = assign()
	}
	for i, l := range labels {
		inertia += analysis.SqDist(km.row(i), centres[l*d:(l+1)*d])
	}
	return labels, inertia, iters
}

func TestKMeansMatchesReference(t *testing.T) {
	x, _ := blobs(5, fourCentres, 150, 4) // overlapping blobs: several iterations
	km := newKMeans(x)
	for r := uint64(0); r < 4; r++ {
		k := 4 + int(r)
		centres, err := km.plusPlus(context.Background(), rand.New(rand.NewPCG(r, 9)), k)
		fatalIf(t, err)
		ids := refPlusPlus(km, rand.New(rand.NewPCG(r, 9)), k)
		for c, id := range ids {
			if !slices.Equal(centres[c*km.d:(c+1)*km.d], km.row(id)) {
				t.Fatalf("run %d: centre %d is not row %d", r, c, id)
			}
		}
		for _, maxIter := range []int{1, 2, 300} {
			for _, tol := range []float64{1e-1, 1e-2, 1e-4, 1e-300} {
				run, err := km.lloyd(context.Background(), slices.Clone(centres), maxIter, tol*km.meanVar)
				fatalIf(t, err)
				labels, inertia, iters := refLloyd(km, centres, maxIter, tol*km.meanVar)
				if !slices.Equal(run.labels, labels) || run.iterations != iters || math.Abs(run.inertia-inertia) > 1e-9*inertia {
					t.Errorf("run %d, maxIter %d, tol %g: %d iterations, inertia %v; reference %d, %v",
						r, maxIter, tol, run.iterations, run.inertia, iters, inertia)
				}
			}
		}
	}
}

func TestKMeansRelocatesEmptyClusters(t *testing.T) {
	// scikit-learn's test_relocate_empty_clusters: with three equal
	// initial centres every point goes to the first; the two empty
	// clusters take the points farthest from it, 10 and 9.5, and the
	// first keeps the other eight (mean −36/8 = −4.5).
	x := mat.NewDense(10, 1, []float64{-10, -9.5, -9, -8.5, -8, -1, 1, 9, 9.5, 10})
	km := newKMeans(x)
	m := km.mean[0]
	run, err := km.lloyd(context.Background(), []float64{-10 - m, -10 - m, -10 - m}, 1, 0)
	fatalIf(t, err)
	got := []float64{run.centres[0] + m, run.centres[1] + m, run.centres[2] + m}
	for j, want := range []float64{-4.5, 10, 9.5} {
		if math.Abs(got[j]-want) > 1e-12 {
			t.Fatalf("centres after one iteration %v, want [-4.5 10 9.5]", got)
		}
	}
	// The final E-step assigns 10 to the second, 9 and 9.5 to the third.
	if want := []int{0, 0, 0, 0, 0, 0, 0, 2, 2, 1}; !slices.Equal(run.labels, want) {
		t.Errorf("labels %v, want %v", run.labels, want)
	}
	// Run on, the iterations go on from the relocated clusters as in the
	// reference.
	for _, maxIter := range []int{2, 3, 300} {
		init := []float64{-10 - m, -10 - m, -10 - m}
		run, err := km.lloyd(context.Background(), slices.Clone(init), maxIter, 1e-300)
		fatalIf(t, err)
		labels, inertia, iters := refLloyd(km, init, maxIter, 1e-300)
		if !slices.Equal(run.labels, labels) || run.iterations != iters || math.Abs(run.inertia-inertia) > 1e-12*inertia {
			t.Errorf("maxIter %d: labels %v, %d iterations, inertia %v; reference %v, %d, %v",
				maxIter, run.labels, run.iterations, run.inertia, labels, iters, inertia)
		}
	}
	// With two points far out, two clusters empty at once in a run that
	// goes on.
	x2 := mat.NewDense(12, 2, nil)
	for i := 0; i < 10; i++ {
		x2.Set(i, 0, float64(i%5))
		x2.Set(i, 1, float64(i/5))
	}
	x2.SetRow(10, []float64{40, 0})
	x2.SetRow(11, []float64{0, 30})
	km2 := newKMeans(x2)
	init := make([]float64, 8)
	for j := 0; j < 4; j++ {
		init[2*j], init[2*j+1] = 2-km2.mean[0], 0.5-km2.mean[1] // four equal centres
	}
	run2, err := km2.lloyd(context.Background(), slices.Clone(init), 300, 1e-300)
	fatalIf(t, err)
	labels, inertia, iters := refLloyd(km2, init, 300, 1e-300)
	if !slices.Equal(run2.labels, labels) || run2.iterations != iters || math.Abs(run2.inertia-inertia) > 1e-12*inertia {
		t.Errorf("two far points: labels %v, %d iterations, inertia %v; reference %v, %d, %v",
			run2.labels, run2.iterations, run2.inertia, labels, iters, inertia)
	}

	// Fewer distinct points than clusters: a centre repeats, its cluster
	// empties and is re-seeded; nothing becomes NaN.
	dup := mat.NewDense(6, 1, []float64{0, 0, 0, 5, 5, 5})
	res, err := KMeans(context.Background(), dup, KMeansOptions{K: 3, Seed: 1})
	fatalIf(t, err)
	if res.Inertia != 0 || res.Labels[0] != res.Labels[2] || res.Labels[3] != res.Labels[5] || res.Labels[0] == res.Labels[3] {
		t.Errorf("duplicates: inertia %v, labels %v", res.Inertia, res.Labels)
	}
	for _, v := range res.Centroids.RawMatrix().Data {
		if math.IsNaN(v) {
			t.Fatalf("NaN centroid: %v", res.Centroids.RawMatrix().Data)
		}
	}
}

func TestKMeansOneClusterAndAllPoints(t *testing.T) {
	x := mat.NewDense(4, 2, []float64{0, 0, 2, 0, 0, 2, 2, 2})
	res, err := KMeans(context.Background(), x, KMeansOptions{K: 1})
	fatalIf(t, err)
	if c := res.Centroids.RawRowView(0); c[0] != 1 || c[1] != 1 || res.Inertia != 8 {
		t.Errorf("k = 1: centroid %v, inertia %v; want [1 1], 8", c, res.Inertia)
	}
	res, err = KMeans(context.Background(), x, KMeansOptions{K: 4})
	fatalIf(t, err)
	if res.Inertia != 0 {
		t.Errorf("k = n: inertia %v", res.Inertia)
	}
	// All points equal: nothing to separate, but no error and no NaN.
	same := mat.NewDense(300, 2, nil)
	res, err = KMeans(context.Background(), same, KMeansOptions{K: 3})
	fatalIf(t, err)
	if res.Inertia != 0 || mat.Sum(res.Centroids) != 0 {
		t.Errorf("equal points: inertia %v, centroids %v", res.Inertia, res.Centroids.RawMatrix().Data)
	}
}

func TestKMeansProgressAndCancel(t *testing.T) {
	x, _ := blobs(6, fourCentres, 100, 2)
	var calls [][2]int
	_, err := KMeans(context.Background(), x, KMeansOptions{K: 4, Restarts: 3, Progress: func(r progress.Report) {
		calls = append(calls, [2]int{r.Done, r.Total})
	}})
	fatalIf(t, err)
	if want := [][2]int{{1, 3}, {2, 3}, {3, 3}}; !slices.Equal(calls, want) {
		t.Errorf("progress calls %v, want %v", calls, want)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := KMeans(ctx, x, KMeansOptions{K: 4}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled before: %v", err)
	}
	// Cancelled after the first run: the second stops at once.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	big := randomMatrix(7, 5000, 8, 1)
	start := time.Now()
	_, err = KMeans(ctx, big, KMeansOptions{K: 20, Restarts: 1000, Tol: 1e-300, Progress: func(progress.Report) { cancel() }})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled during: %v", err)
	}
	if el := time.Since(start); el > 10*time.Second {
		t.Errorf("took %v to stop", el)
	}
	// Cancelled inside a run.
	ctx, cancel = context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, err = KMeans(ctx, big, KMeansOptions{K: 20, Restarts: 1000, MaxIter: 100000, Tol: 1e-300})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("deadline: %v", err)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("took %v to stop", el)
	}
}

func TestKMeansBadInput(t *testing.T) {
	good := mat.NewDense(3, 2, []float64{0, 0, 1, 1, 2, 2})
	for name, c := range map[string]struct {
		x    *mat.Dense
		opts KMeansOptions
	}{
		"nil":          {nil, KMeansOptions{K: 1}},
		"no rows":      {&mat.Dense{}, KMeansOptions{K: 1}},
		"NaN":          {mat.NewDense(2, 1, []float64{0, math.NaN()}), KMeansOptions{K: 1}},
		"Inf":          {mat.NewDense(2, 1, []float64{math.Inf(1), 0}), KMeansOptions{K: 1}},
		"k 0":          {good, KMeansOptions{K: 0}},
		"k negative":   {good, KMeansOptions{K: -2}},
		"k > n":        {good, KMeansOptions{K: 4}},
		"restarts < 1": {good, KMeansOptions{K: 2, Restarts: -1}},
		"maxIter < 1":  {good, KMeansOptions{K: 2, MaxIter: -5}},
		"tol < 0":      {good, KMeansOptions{K: 2, Tol: -1e-4}},
		"tol NaN":      {good, KMeansOptions{K: 2, Tol: math.NaN()}},
		"tol Inf":      {good, KMeansOptions{K: 2, Tol: math.Inf(1)}},
	} {
		if _, err := KMeans(context.Background(), c.x, c.opts); !errors.Is(err, analysis.ErrInput) {
			t.Errorf("%s: %v, want ErrInput", name, err)
		}
	}
}

func TestKMeansStridedInput(t *testing.T) {
	// A view with a stride larger than its width clusters like a copy.
	x, _ := blobs(8, fourCentres, 50, 1)
	wide := mat.NewDense(200, 7, nil)
	wide.Slice(0, 200, 1, 6).(*mat.Dense).Copy(x)
	view := wide.Slice(0, 200, 1, 6).(*mat.Dense)
	a, err := KMeans(context.Background(), x, KMeansOptions{K: 4, Seed: 2})
	fatalIf(t, err)
	b, err := KMeans(context.Background(), view, KMeansOptions{K: 4, Seed: 2})
	fatalIf(t, err)
	if !sameInts(a.Labels, b.Labels) || a.Inertia != b.Inertia {
		t.Errorf("view %v, copy %v", b.Inertia, a.Inertia)
	}
}

func TestSameClustering(t *testing.T) {
	for _, c := range []struct {
		a, b []int
		want bool
	}{
		{[]int{0, 0, 1, 2}, []int{2, 2, 0, 1}, true},
		{[]int{0, 0, 1, 2}, []int{2, 2, 0, 0}, false}, // two into one
		{[]int{0, 1, 1, 2}, []int{2, 2, 0, 1}, false}, // one into two
		{[]int{0, 0, 0, 0}, []int{1, 1, 1, 1}, true},
	} {
		if got := sameClustering(c.a, c.b, 3); got != c.want {
			t.Errorf("%v vs %v: %v", c.a, c.b, got)
		}
	}
}
