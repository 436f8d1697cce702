package metrics

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/internal/testfeatures"
)

func TestTrustworthinessHand(t *testing.T) {
	// Five points on a line, x = 0, 1, 3.5, 7.5, 12; the embedding swaps
	// the second and third: y = 0, 3.5, 1, 7.5, 12. With k = 1, each
	// point's nearest embedded neighbour and its rank in x:
	//   0: nearest in y is 2 (at 1); in x from 0, 2 is second (after 1) → 2 − 1 = 1
	//   1: nearest in y is 2 (2.5); in x from 1: 0 (1), 2 (2.5) → rank 2 → 1
	//   2: nearest in y is 0 (1); in x from 3.5: 1 (2.5), 0 (3.5) → rank 2 → 1
	//   3: nearest in y is 1 (4); in x from 7.5: 2 (4), 4 (4.5), 1 (6.5) → rank 3 → 2
	//   4: nearest in y is 3 (4.5); in x it is nearest too → 0
	// Σ = 5; T = 1 − 5·2/(n·k·(2n − 3k − 1)) = 1 − 10/(5·1·6) = 2/3.
	// scikit-learn 1.2.1 gives 0.6666666666666667 for k = 1 and
	// 0.8666666666666667 for k = 2.
	x := mat.NewDense(5, 1, []float64{0, 1, 3.5, 7.5, 12})
	y := mat.NewDense(5, 1, []float64{0, 3.5, 1, 7.5, 12})
	for k, want := range map[int]float64{1: 2.0 / 3, 2: 0.8666666666666667} {
		got, err := Trustworthiness(context.Background(), x, y, k)
		if err != nil || !near(got, want) {
			t.Errorf("k = %d: %v, %v; want %v", k, got, err, want)
		}
	}
	// An embedding that is x itself is perfectly trustworthy.
	if got, err := Trustworthiness(context.Background(), x, x, 2); err != nil || got != 1 {
		t.Errorf("identity: %v, %v", got, err)
	}
}

func TestTrustworthinessSklearn(t *testing.T) {
	// Drawn with numpy.random.RandomState(7) (after the label draws of
	// sklearnCases): round(uniform(-5, 5, (12, 3)), 2) and
	// round(uniform(-5, 5, (12, 2)), 2); the values are
	// sklearn.manifold.trustworthiness(X, Y, n_neighbors=k) from
	// scikit-learn 1.2.1.
	x := mat.NewDense(12, 3, []float64{
		-0.81, 4.86, 2.94, -1.57, -2.0, 0.04, 1.23, 1.57, -2.41, -0.95, 1.67, -0.6,
		2.82, 1.85, 2.37, -0.11, 4.54, -3.46, 1.49, 0.57, 3.69, -3.56, -0.52, 1.59,
		1.62, 3.39, 0.33, -4.6, -4.04, 2.99, -0.98, 1.82, 0.02, -1.03, 2.86, 4.51,
	})
	y := mat.NewDense(12, 2, []float64{
		-2.42, 0.2, 3.68, -0.41, -3.9, 2.99, -0.02, -3.03, 3.76, -2.32, -2.63, -1.27,
		-1.14, -2.67, -3.24, -1.01, 3.42, 2.87, 1.41, -0.04, -0.27, -0.26, 4.44, 2.38,
	})
	for k, want := range map[int]float64{
		1: 0.32499999999999996,
		2: 0.38235294117647056,
		3: 0.3928571428571429,
		5: 0.4916666666666667,
	} {
		got, err := Trustworthiness(context.Background(), x, y, k)
		if err != nil || !near(got, want) {
			t.Errorf("k = %d: %v, %v; want %v", k, got, err, want)
		}
	}
}

func TestTrustworthinessBad(t *testing.T) {
	ctx := context.Background()
	x := mat.NewDense(6, 2, []float64{0, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0})
	y := mat.NewDense(6, 1, []float64{0, 1, 2, 3, 4, 5})
	for name, f := range map[string]func() error{
		"k = 0":       func() error { _, err := Trustworthiness(ctx, x, y, 0); return err },
		"k = n/2":     func() error { _, err := Trustworthiness(ctx, x, y, 3); return err },
		"nil x":       func() error { _, err := Trustworthiness(ctx, nil, y, 1); return err },
		"rows differ": func() error { _, err := Trustworthiness(ctx, x, mat.NewDense(5, 1, nil), 1); return err },
		"NaN in y": func() error {
			_, err := Trustworthiness(ctx, x, mat.NewDense(6, 1, []float64{0, 1, math.NaN(), 3, 4, 5}), 1)
			return err
		},
		"Inf in x": func() error {
			_, err := Trustworthiness(ctx, mat.NewDense(6, 1, []float64{0, 1, math.Inf(1), 3, 4, 5}), y, 1)
			return err
		},
		"empty matrix": func() error { _, err := Trustworthiness(ctx, &mat.Dense{}, y, 1); return err },
	} {
		if err := f(); !errors.Is(err, analysis.ErrInput) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if got, err := Trustworthiness(ctx, x, y, 2); err != nil || got != 1 {
		t.Errorf("k = 2 < n/2: %v, %v", got, err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Trustworthiness(cancelled, x, y, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// naiveTrust is the definition, written the slow way: full sorts.
func naiveTrust(x, y *mat.Dense, k int) float64 {
	n, _ := x.Dims()
	order := func(m *mat.Dense, i int) []int {
		d := make([]float64, n)
		for j := range n {
			d[j] = analysis.SqDist(m.RawRowView(i), m.RawRowView(j))
		}
		idx := make([]int, 0, n-1)
		for j := range n {
			if j != i {
				idx = append(idx, j)
			}
		}
		slices.SortStableFunc(idx, func(a, b int) int {
			switch {
			case d[a] < d[b]:
				return -1
			case d[a] > d[b]:
				return 1
			}
			return 0
		})
		return idx
	}
	sum := 0
	for i := range n {
		rank := make([]int, n)
		for r, j := range order(x, i) {
			rank[j] = r + 1
		}
		for _, j := range order(y, i)[:k] {
			sum += max(0, rank[j]-k)
		}
	}
	nf, kf := float64(n), float64(k)
	return 1 - float64(sum)*2/(nf*kf*(2*nf-3*kf-1))
}

func TestTrustworthinessNaive(t *testing.T) {
	set, err := testfeatures.Test()
	if err != nil {
		t.Fatal(err)
	}
	s := set.Rows(300)
	// A poor embedding: two of the 64 features.
	y := mat.DenseCopyOf(s.X.Slice(0, 300, 10, 12))
	for _, k := range []int{1, 5, 12} {
		got, err := Trustworthiness(context.Background(), s.X, y, k)
		want := naiveTrust(s.X, y, k)
		if err != nil || !near(got, want) {
			t.Errorf("k = %d: %v, %v; want %v", k, got, err, want)
		}
	}
}

func BenchmarkTrustworthiness2000(b *testing.B) {
	set, err := testfeatures.Test()
	if err != nil {
		b.Fatal(err)
	}
	s := set.Rows(2000)
	y := mat.DenseCopyOf(s.X.Slice(0, 2000, 0, 2))
	b.ResetTimer()
	for b.Loop() {
		if _, err := Trustworthiness(context.Background(), s.X, y, 12); err != nil {
			b.Fatal(err)
		}
	}
}
