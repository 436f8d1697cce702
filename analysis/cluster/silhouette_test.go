package cluster

import (
	"context"
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
)

func TestSilhouetteHandMade(t *testing.T) {
	// Points 0, 1 (cluster 0) and 4, 6 (cluster 1) on a line:
	//   s(0) = (b−a)/max = (mean(4, 6) − 1)/5   = 4/5
	//   s(1) = (mean(3, 5) − 1)/4                = 3/4
	//   s(4) = (mean(4, 3) − 2)/3.5              = 3/7
	//   s(6) = (mean(6, 5) − 2)/5.5              = 7/11
	// mean = (4/5 + 3/4 + 3/7 + 7/11)/4 = (1232 + 1155 + 660 + 980)/1540/4
	//      = 4027/6160 ≈ 0.65373.
	x := column(0, 1, 4, 6)
	want := 4027.0 / 6160
	got, err := Silhouette(context.Background(), x, []int{0, 0, 1, 1}, 0, 1)
	fatalIf(t, err)
	if math.Abs(got-want) > 1e-14 {
		t.Errorf("silhouette %v, want %v", got, want)
	}
	// Noise (−1) is left out entirely, whatever its place; label values
	// need not be 0…k−1.
	got, err = Silhouette(context.Background(), column(0, 100, 1, 4, 6, -50), []int{7, -1, 7, 3, 3, -1}, 0, 1)
	fatalIf(t, err)
	if math.Abs(got-want) > 1e-14 {
		t.Errorf("with noise %v, want %v", got, want)
	}
	// A point alone in its cluster scores 0: 0 and 1 in one cluster, 10
	// alone: s(0) = (10−1)/10, s(1) = (9−1)/9, s(10) = 0.
	got, err = Silhouette(context.Background(), column(0, 1, 10), []int{0, 0, 1}, 0, 1)
	fatalIf(t, err)
	if want := (0.9 + 8.0/9) / 3; math.Abs(got-want) > 1e-14 {
		t.Errorf("singleton %v, want %v", got, want)
	}
}

// bruteSilhouette is the mean silhouette over all points.
func bruteSilhouette(x *mat.Dense, labels []int, k int) float64 {
	n, _ := x.Dims()
	var total float64
	for i := 0; i < n; i++ {
		sum := make([]float64, k)
		cnt := make([]float64, k)
		for j := 0; j < n; j++ {
			if j != i {
				sum[labels[j]] += math.Sqrt(analysis.SqDist(x.RawRowView(i), x.RawRowView(j)))
				cnt[labels[j]]++
			}
		}
		a := sum[labels[i]] / cnt[labels[i]]
		b := math.Inf(1)
		for c := 0; c < k; c++ {
			if c != labels[i] {
				b = min(b, sum[c]/cnt[c])
			}
		}
		total += (b - a) / max(a, b)
	}
	return total / float64(n)
}

func TestSilhouetteMatchesBruteForce(t *testing.T) {
	x, truth := blobs(2, fourCentres, 80, 3)
	got, err := Silhouette(context.Background(), x, truth, 0, 1)
	fatalIf(t, err)
	if want := bruteSilhouette(x, truth, 4); math.Abs(got-want) > 1e-9 {
		t.Errorf("silhouette %v, brute force %v", got, want)
	}
	// A sample ≥ the number of points is all of them.
	all, err := Silhouette(context.Background(), x, truth, 320, 5)
	fatalIf(t, err)
	if all != got {
		t.Errorf("sample 320 of 320: %v, want %v", all, got)
	}
}

func TestSilhouetteSample(t *testing.T) {
	x, truth := blobs(3, fourCentres, 300, 3)
	full, err := Silhouette(context.Background(), x, truth, 0, 0)
	fatalIf(t, err)
	var runs []float64
	for _, p := range []int{1, 3} {
		withProcs(p, func() {
			s, err := Silhouette(context.Background(), x, truth, 200, 42)
			fatalIf(t, err)
			runs = append(runs, s)
		})
	}
	if runs[0] != runs[1] {
		t.Errorf("same seed, different core counts: %v, %v", runs[0], runs[1])
	}
	other, err := Silhouette(context.Background(), x, truth, 200, 43)
	fatalIf(t, err)
	if other == runs[0] {
		t.Errorf("another seed gave the same sample mean %v", other)
	}
	for _, s := range []float64{runs[0], other} {
		if math.Abs(s-full) > 0.05 {
			t.Errorf("sample mean %v far from the full %v", s, full)
		}
	}
}

func TestSilhouetteBadInput(t *testing.T) {
	ctx := context.Background()
	x := column(0, 1, 4, 6)
	for name, c := range map[string]struct {
		x      *mat.Dense
		labels []int
	}{
		"nil":           {nil, nil},
		"NaN":           {column(0, math.NaN()), []int{0, 1}},
		"short labels":  {x, []int{0, 0, 1}},
		"one cluster":   {x, []int{2, 2, 2, 2}},
		"all noise":     {x, []int{-1, -1, -1, -1}},
		"one left":      {x, []int{0, -1, -1, 1}},
		"all alone":     {x, []int{0, 1, 2, 3}},
		"label below 1": {x, []int{0, 0, -2, 1}},
	} {
		if _, err := Silhouette(ctx, c.x, c.labels, 0, 1); !errors.Is(err, analysis.ErrInput) {
			t.Errorf("%s: %v, want ErrInput", name, err)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Silhouette(cctx, x, []int{0, 0, 1, 1}, 0, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestChooseK(t *testing.T) {
	x, _ := blobs(4, fourCentres, 100, 1)
	scores, err := ChooseK(context.Background(), x, []int{2, 3, 4, 5, 6}, KMeansOptions{Restarts: 3, Seed: 1}, 0)
	fatalIf(t, err)
	best := scores[0]
	for i, s := range scores {
		if s.K != 2+i {
			t.Fatalf("scores %v", scores)
		}
		if i > 0 && s.Inertia > scores[i-1].Inertia {
			t.Errorf("inertia rises from k = %d to %d: %v", s.K-1, s.K, scores)
		}
		if s.Silhouette > best.Silhouette {
			best = s
		}
	}
	if best.K != 4 {
		t.Errorf("best silhouette at k = %d, want 4: %v", best.K, scores)
	}
	for name, ks := range map[string][]int{"none": nil, "k 1": {2, 1}, "k = n": {400}} {
		if _, err := ChooseK(context.Background(), x, ks, KMeansOptions{}, 0); !errors.Is(err, analysis.ErrInput) {
			t.Errorf("%s: %v, want ErrInput", name, err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ChooseK(ctx, x, []int{2}, KMeansOptions{}, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}
