package cluster

import (
	"context"
	"errors"
	"math"
	"slices"
	"sort"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
)

func TestKDistanceHandMade(t *testing.T) {
	// Points 0, 1, 3, 7 on a line. Counting each point itself first:
	// k = 2 is the nearest other point: 1 (0→1), 1 (1→0), 2 (3→1),
	// 4 (7→3); k = 3 the second nearest: 3 (0→3), 2 (1→3), 3 (3→0),
	// 6 (7→1); k = 4 the farthest: 7, 6, 4, 7.
	x := column(0, 1, 3, 7)
	for k, want := range map[int][]float64{
		1: {0, 0, 0, 0},
		2: {1, 1, 2, 4},
		3: {2, 3, 3, 6},
		4: {4, 6, 7, 7},
	} {
		got, err := KDistance(context.Background(), x, k)
		fatalIf(t, err)
		if !slices.Equal(got, want) {
			t.Errorf("k = %d: %v, want %v", k, got, want)
		}
	}
	// A duplicate is a neighbour at distance 0.
	got, err := KDistance(context.Background(), column(2, 2, 5), 2)
	fatalIf(t, err)
	if want := []float64{0, 0, 3}; !slices.Equal(got, want) {
		t.Errorf("duplicates: %v, want %v", got, want)
	}
}

// bruteKDistance is KDistance by sorting all distances.
func bruteKDistance(x *mat.Dense, k int) []float64 {
	n, _ := x.Dims()
	out := make([]float64, n)
	ds := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			ds[j] = analysis.SqDist(x.RawRowView(i), x.RawRowView(j))
		}
		sort.Float64s(ds)
		out[i] = math.Sqrt(ds[k-1])
	}
	sort.Float64s(out)
	return out
}

func TestKDistanceMatchesBruteForce(t *testing.T) {
	dupes := randomMatrix(3, 300, 3, 1)
	for i := 0; i < 60; i++ {
		dupes.SetRow(240+i, dupes.RawRowView(i%5))
	}
	for name, x := range map[string]*mat.Dense{
		"uniform 3-D":  randomMatrix(1, 500, 3, 1),
		"uniform 30-D": randomMatrix(2, 300, 30, 1),
		"duplicates":   dupes,
		"wide 300-D":   wide(6, 150),
	} {
		for _, k := range []int{1, 2, 5, 17} {
			got, err := KDistance(context.Background(), x, k)
			fatalIf(t, err)
			if want := bruteKDistance(x, k); !slices.Equal(got, want) {
				t.Errorf("%s, k = %d: differs from brute force", name, k)
			}
		}
	}
	// k-distance ≤ eps exactly for the DBSCAN core points.
	x, _ := blobs(3, fourCentres, 100, 2)
	kd, err := KDistance(context.Background(), x, 6)
	fatalIf(t, err)
	res := dbscan(t, x, kd[200], 6)
	core := 0
	for _, c := range res.Core {
		if c {
			core++
		}
	}
	if want := sort.SearchFloat64s(kd, math.Nextafter(kd[200], math.Inf(1))); core != want {
		t.Errorf("%d core points at eps = the 201st k-distance, want %d", core, want)
	}
}

func TestKDistanceBadInput(t *testing.T) {
	ctx := context.Background()
	x := column(0, 1, 2)
	for name, err := range map[string]error{
		"k 0":   func() error { _, err := KDistance(ctx, x, 0); return err }(),
		"k > n": func() error { _, err := KDistance(ctx, x, 4); return err }(),
		"nil":   func() error { _, err := KDistance(ctx, nil, 1); return err }(),
		"NaN":   func() error { _, err := KDistance(ctx, column(0, math.NaN()), 1); return err }(),
	} {
		if !errors.Is(err, analysis.ErrInput) {
			t.Errorf("%s: %v, want ErrInput", name, err)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := KDistance(cctx, x, 2); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestKnee(t *testing.T) {
	// Flat at slope 0.1 up to index 89, then rising by 10 a step: the
	// chord from (0, 0) to (99, 109) is farthest above the curve at 89.
	curve := make([]float64, 100)
	for i := range curve {
		curve[i] = 0.1 * float64(i)
		if i > 89 {
			curve[i] = 8.9 + 10*float64(i-89)
		}
	}
	if i, v := Knee(curve); i != 89 || math.Abs(v-8.9) > 1e-12 {
		t.Errorf("knee at %d (%v), want 89 (8.9)", i, v)
	}
	// An exponential curve, e^(i/10) for i < 50: the knee is where the
	// slope equals the chord's, i = 10·ln((e^4.9 − 1)/4.9) ≈ 33.2.
	exp := make([]float64, 50)
	for i := range exp {
		exp[i] = math.Exp(float64(i) / 10)
	}
	if i, _ := Knee(exp); i != 33 {
		t.Errorf("exponential: knee at %d, want 33", i)
	}
	if i, v := Knee([]float64{1, 2, 3, 4}); i != 0 || v != 1 {
		t.Errorf("straight line: %d, %v", i, v)
	}
	if i, v := Knee(nil); i != -1 || !math.IsNaN(v) {
		t.Errorf("empty: %d, %v", i, v)
	}
	if i, v := Knee([]float64{7}); i != 0 || v != 7 {
		t.Errorf("one point: %d, %v", i, v)
	}
}
