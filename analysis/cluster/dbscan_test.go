package cluster

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/internal/testfeatures"

	"github.com/fashionlens/fashionlens/internal/progress"
)

// refDBSCAN is scikit-learn's dbscan_inner on brute-force neighbourhoods
// (distance ≤ eps, the point itself included).
func refDBSCAN(x *mat.Dense, eps float64, minPts int) []int {
	n, _ := x.Dims()
	nb := make([][]int, n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if math.Sqrt(analysis.SqDist(x.RawRowView(i), x.RawRowView(j))) <= eps {
				nb[i] = append(nb[i], j)
			}
		}
	}
	labels := make([]int, n)
	for i := range labels {
		labels[i] = -1
	}
	c := 0
	for i := 0; i < n; i++ {
		if labels[i] != -1 || len(nb[i]) < minPts {
			continue
		}
		var stack []int
		for k := i; ; {
			if labels[k] == -1 {
				labels[k] = c
				if len(nb[k]) >= minPts {
					for _, v := range nb[k] {
						if labels[v] == -1 {
							stack = append(stack, v)
						}
					}
				}
			}
			if len(stack) == 0 {
				break
			}
			k = stack[len(stack)-1]
			stack = stack[:len(stack)-1]
		}
		c++
	}
	return labels
}

func dbscan(t *testing.T, x *mat.Dense, eps float64, minPts int) *DBSCANResult {
	t.Helper()
	res, err := DBSCAN(context.Background(), x, DBSCANOptions{Eps: eps, MinPts: minPts})
	fatalIf(t, err)
	return res
}

func column(v ...float64) *mat.Dense { return mat.NewDense(len(v), 1, v) }

func TestDBSCANHandMade(t *testing.T) {
	// eps 1, minPts 4. The first four points are core (1.0 has five
	// neighbours, 0.0 at exactly eps counting); 1.9 has three neighbours,
	// a border point of the cluster; 2.8 is within eps of 1.9 only, and
	// border points do not extend a cluster, so it is noise.
	res := dbscan(t, column(0, 0.3, 0.6, 1.0, 1.9, 2.8), 1, 4)
	if want := []int{0, 0, 0, 0, 0, -1}; !slices.Equal(res.Labels, want) {
		t.Errorf("chain: labels %v, want %v", res.Labels, want)
	}
	if want := []bool{true, true, true, true, false, false}; !slices.Equal(res.Core, want) {
		t.Errorf("chain: core %v, want %v", res.Core, want)
	}

	// Two diamonds of four core points (pairwise within 1), at x < 0 and
	// x > 0, and a border point b at the origin exactly 1 from a1 and b1,
	// with 3 < minPts = 4 neighbours. b joins the cluster grown first:
	// the one with the lowest core index, even when its own lowest-index
	// core neighbour is in the other cluster.
	a := [][]float64{{-1, 0}, {-1.5, 0.5}, {-1.5, -0.5}, {-2, 0}}
	bb := [][]float64{{1, 0}, {1.5, 0.5}, {1.5, -0.5}, {2, 0}}
	origin := []float64{0, 0}
	far := []float64{0, 5}
	for _, c := range []struct {
		name   string
		points [][]float64
		want   []int
	}{
		{"b first", [][]float64{origin, a[0], a[1], a[2], a[3], bb[0], bb[1], bb[2], bb[3]}, []int{0, 0, 0, 0, 0, 1, 1, 1, 1}},
		{"B first", [][]float64{origin, bb[0], bb[1], bb[2], bb[3], a[0], a[1], a[2], a[3]}, []int{0, 0, 0, 0, 0, 1, 1, 1, 1}},
		// a2 has the lowest index, so A is cluster 0 and takes b, though
		// b's lowest-index core neighbour, b1, is in B.
		{"A by a2", [][]float64{a[1], bb[0], bb[1], bb[2], bb[3], a[0], a[2], a[3], origin, far},
			[]int{0, 1, 1, 1, 1, 0, 0, 0, 0, -1}},
	} {
		x := mat.NewDense(len(c.points), 2, nil)
		for i, p := range c.points {
			x.SetRow(i, p)
		}
		res := dbscan(t, x, 1, 4)
		if !slices.Equal(res.Labels, c.want) || res.Clusters != 2 {
			t.Errorf("%s: labels %v (%d clusters), want %v", c.name, res.Labels, res.Clusters, c.want)
		}
		if ref := refDBSCAN(x, 1, 4); !slices.Equal(ref, c.want) {
			t.Errorf("%s: the reference gives %v", c.name, ref)
		}
	}
}

func TestDBSCANMinPtsCountsSelf(t *testing.T) {
	x := column(0, 0.5, 10)
	for _, c := range []struct {
		minPts int
		want   []int
	}{
		{1, []int{0, 0, 1}},    // every point is core, 10 alone
		{2, []int{0, 0, -1}},   // 0 and 0.5: themselves and each other
		{3, []int{-1, -1, -1}}, // nobody has three
	} {
		if res := dbscan(t, x, 1, c.minPts); !slices.Equal(res.Labels, c.want) {
			t.Errorf("minPts %d: %v, want %v", c.minPts, res.Labels, c.want)
		}
	}
	// The default is 5.
	res, err := DBSCAN(context.Background(), column(0, 0.1, 0.2, 0.3, 5, 5.1, 5.2, 5.3, 5.4), DBSCANOptions{Eps: 1})
	fatalIf(t, err)
	if want := []int{-1, -1, -1, -1, 0, 0, 0, 0, 0}; !slices.Equal(res.Labels, want) {
		t.Errorf("default minPts: %v, want %v", res.Labels, want)
	}
}

func TestDBSCANEpsInclusive(t *testing.T) {
	// (0, 0) and (3, 4) are exactly 5 apart.
	x := mat.NewDense(2, 2, []float64{0, 0, 3, 4})
	if res := dbscan(t, x, 5, 2); res.Clusters != 1 {
		t.Errorf("at eps: %v", res.Labels)
	}
	if res := dbscan(t, x, math.Nextafter(5, 0), 2); res.Clusters != 0 {
		t.Errorf("just below eps: %v", res.Labels)
	}
	// Far from the origin, where the rotated coordinates round.
	x = mat.NewDense(3, 2, []float64{1000, 1000, 1003, 1004, 1006, 1008})
	if res := dbscan(t, x, 5, 2); res.Clusters != 1 || res.NoiseFraction() != 0 {
		t.Errorf("offset, at eps: %v", res.Labels)
	}
}

func TestDBSCANMatchesReference(t *testing.T) {
	dupes := randomMatrix(3, 300, 2, 1)
	for i := 0; i < 100; i++ {
		dupes.SetRow(200+i, dupes.RawRowView(i%7))
	}
	blobsX, _ := blobs(9, fourCentres, 120, 2)
	for _, c := range []struct {
		name string
		x    *mat.Dense
		eps  []float64
		min  []int
	}{
		{"uniform 2-D", randomMatrix(1, 700, 2, 1), []float64{0.02, 0.04, 0.07}, []int{1, 3, 5, 10}},
		{"uniform 1-D", randomMatrix(2, 400, 1, 1), []float64{0.001, 0.005}, []int{2, 4}},
		{"duplicates", dupes, []float64{0.03, 0.1}, []int{3, 20}},
		{"blobs 5-D", blobsX, []float64{1, 1.5, 2.5}, []int{4, 8}},
		{"uniform 20-D", randomMatrix(4, 400, 20, 1), []float64{0.9, 1.1, 1.3}, []int{2, 5}},
		{"wide 300-D", wide(5, 150), []float64{6.5, 6.9, 7.3}, []int{2, 5}},
	} {
		for _, eps := range c.eps {
			for _, m := range c.min {
				res := dbscan(t, c.x, eps, m)
				ref := refDBSCAN(c.x, eps, m)
				if !slices.Equal(res.Labels, ref) {
					t.Errorf("%s, eps %v, minPts %d: labels differ from the reference", c.name, eps, m)
				}
				clusters := slices.Max(ref) + 1
				if res.Clusters != clusters {
					t.Errorf("%s, eps %v, minPts %d: %d clusters, want %d", c.name, eps, m, res.Clusters, clusters)
				}
			}
		}
	}
}

func TestDBSCANRealFeatures(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("computing the features takes too long with -short or -race")
	}
	set, err := testfeatures.Test()
	fatalIf(t, err)
	x := set.Rows(1500).X
	for _, eps := range []float64{9, 12} {
		res := dbscan(t, x, eps, 5)
		if ref := refDBSCAN(x, eps, 5); !slices.Equal(res.Labels, ref) {
			t.Errorf("eps %v: labels differ from the reference", eps)
		}
		if res.Clusters < 2 {
			t.Errorf("eps %v: %d clusters", eps, res.Clusters)
		}
	}
}

func TestRingsDBSCANvsKMeans(t *testing.T) {
	x, truth := rings(5, 300, 0.1)
	db := dbscan(t, x, 0.4, 5)
	if a := agreement(truth, db.Labels, 2); db.Clusters != 2 || a < 0.99 {
		t.Errorf("DBSCAN: %d clusters, agreement %v with the rings", db.Clusters, a)
	}
	km, err := KMeans(context.Background(), x, KMeansOptions{K: 2, Seed: 1})
	fatalIf(t, err)
	if a := agreement(truth, km.Labels, 2); a > 0.75 {
		t.Errorf("K-means separates the rings? agreement %v", a)
	}
}

func TestDBSCANDeterministic(t *testing.T) {
	x, _ := blobs(10, fourCentres, 400, 3)
	var runs []*DBSCANResult
	for _, p := range []int{1, 4} {
		withProcs(p, func() { runs = append(runs, dbscan(t, x, 1.2, 6)) })
	}
	if !slices.Equal(runs[0].Labels, runs[1].Labels) || !slices.Equal(runs[0].Core, runs[1].Core) {
		t.Error("results differ between core counts")
	}
}

func TestDBSCANAllEqual(t *testing.T) {
	x := mat.NewDense(200, 3, nil) // more points than a leaf, no spread
	res := dbscan(t, x, 0.5, 5)
	if res.Clusters != 1 || res.NoiseFraction() != 0 {
		t.Errorf("identical points: %d clusters, noise %v", res.Clusters, res.NoiseFraction())
	}
}

func TestDBSCANNoise(t *testing.T) {
	res := &DBSCANResult{Labels: []int{0, -1, 1, -1, 0}, Clusters: 2}
	if f := res.NoiseFraction(); f != 0.4 {
		t.Errorf("noise fraction %v, want 0.4", f)
	}
	idx, lab := res.WithoutNoise()
	if !slices.Equal(idx, []int{0, 2, 4}) || !slices.Equal(lab, []int{0, 1, 0}) {
		t.Errorf("without noise: %v %v", idx, lab)
	}
	if f := (&DBSCANResult{}).NoiseFraction(); f != 0 {
		t.Errorf("empty: %v", f)
	}
}

func TestDBSCANProgressAndCancel(t *testing.T) {
	x := randomMatrix(6, 1000, 3, 1)
	last, calls := 0, 0
	_, err := DBSCAN(context.Background(), x, DBSCANOptions{Eps: 0.1, Progress: func(r progress.Report) {
		done, total := r.Done, r.Total
		if done <= last || total != 1000 {
			t.Errorf("progress %d/%d after %d", done, total, last)
		}
		last = done
		calls++
	}})
	fatalIf(t, err)
	if last != 1000 || calls < 2 {
		t.Errorf("last progress %d after %d calls", last, calls)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := DBSCAN(ctx, x, DBSCANOptions{Eps: 0.1}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled before: %v", err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	calls = 0
	_, err = DBSCAN(ctx, x, DBSCANOptions{Eps: 0.1, Progress: func(progress.Report) { calls++; cancel() }})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled during: %v", err)
	}
	if calls > 4 {
		t.Errorf("%d blocks after the cancel", calls)
	}
}

func TestDBSCANBadInput(t *testing.T) {
	good := mat.NewDense(3, 2, []float64{0, 0, 1, 1, 2, 2})
	for name, c := range map[string]struct {
		x    *mat.Dense
		opts DBSCANOptions
	}{
		"nil":          {nil, DBSCANOptions{Eps: 1}},
		"no rows":      {&mat.Dense{}, DBSCANOptions{Eps: 1}},
		"NaN":          {mat.NewDense(2, 1, []float64{0, math.NaN()}), DBSCANOptions{Eps: 1}},
		"Inf":          {mat.NewDense(2, 1, []float64{math.Inf(-1), 0}), DBSCANOptions{Eps: 1}},
		"eps 0":        {good, DBSCANOptions{Eps: 0}},
		"eps negative": {good, DBSCANOptions{Eps: -1}},
		"eps NaN":      {good, DBSCANOptions{Eps: math.NaN()}},
		"eps Inf":      {good, DBSCANOptions{Eps: math.Inf(1)}},
		"minPts < 0":   {good, DBSCANOptions{Eps: 1, MinPts: -1}},
	} {
		if _, err := DBSCAN(context.Background(), c.x, c.opts); !errors.Is(err, analysis.ErrInput) {
			t.Errorf("%s: %v, want ErrInput", name, err)
		}
	}
}

func TestDBSCANSmallAndStrided(t *testing.T) {
	one := column(3)
	if res := dbscan(t, one, 1, 1); !slices.Equal(res.Labels, []int{0}) || res.Clusters != 1 {
		t.Errorf("one point, minPts 1: %v", res.Labels)
	}
	if res := dbscan(t, one, 1, 2); !slices.Equal(res.Labels, []int{-1}) || res.Clusters != 0 {
		t.Errorf("one point, minPts 2: %v", res.Labels)
	}
	// A view with a stride larger than its width gives what a copy gives.
	x, _ := blobs(11, fourCentres, 60, 2)
	wideX := mat.NewDense(240, 9, nil)
	view := wideX.Slice(0, 240, 2, 7).(*mat.Dense)
	view.Copy(x)
	if a, b := dbscan(t, x, 1.5, 4), dbscan(t, view, 1.5, 4); !slices.Equal(a.Labels, b.Labels) {
		t.Error("view and copy differ")
	}
}
