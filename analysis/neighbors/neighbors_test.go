package neighbors

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/internal/testfeatures"
)

// naive returns all rows but skip sorted by distance from q, then index,
// with a plain left-to-right sum.
func naive(x *mat.Dense, q []float64, skip int) ([]int, []float64) {
	n, d := x.Dims()
	dist := make([]float64, n)
	var idx []int
	for j := range n {
		s := 0.0
		for c := range d {
			v := q[c] - x.At(j, c)
			s += v * v
		}
		dist[j] = s
		if j != skip {
			idx = append(idx, j)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case dist[a] < dist[b]:
			return -1
		case dist[a] > dist[b]:
			return 1
		}
		return 0
	})
	out := make([]float64, len(idx))
	for m, j := range idx {
		out[m] = math.Sqrt(dist[j])
	}
	return idx, out
}

func TestHand(t *testing.T) {
	// Points 0..4 at (0,0), (3,4), (1,0), (0,1), (3,4): from point 0, points
	// 2 and 3 are at distance 1 (a tie: 2 first), 1 and 4 at 5 (1 first).
	x := mat.NewDense(5, 2, []float64{0, 0, 3, 4, 1, 0, 0, 1, 3, 4})
	ix, err := New(x)
	if err != nil {
		t.Fatal(err)
	}
	idx, dist, err := ix.Nearest(0, 4)
	if err != nil || !reflect.DeepEqual(idx, []int{2, 3, 1, 4}) || !reflect.DeepEqual(dist, []float64{1, 1, 5, 5}) {
		t.Errorf("Nearest(0, 4) = %v, %v, %v", idx, dist, err)
	}
	// Point 1's duplicate, point 4, is at distance 0; point 1 itself is
	// left out. Then point 3 at √(3²+3²) = √18, before point 2 at
	// √(2²+4²) = √20.
	idx, dist, err = ix.Nearest(1, 2)
	if err != nil || !reflect.DeepEqual(idx, []int{4, 3}) || dist[0] != 0 || dist[1] != math.Sqrt(18) {
		t.Errorf("Nearest(1, 2) = %v, %v, %v", idx, dist, err)
	}
	// A query point equal to a row finds it at distance 0.
	idx, dist, err = ix.NearestTo([]float64{3, 4}, 3)
	if err != nil || !reflect.DeepEqual(idx, []int{1, 4, 3}) || !reflect.DeepEqual(dist, []float64{0, 0, math.Sqrt(18)}) {
		t.Errorf("NearestTo((3,4), 3) = %v, %v, %v", idx, dist, err)
	}
	// Changing x after New does not change the index.
	x.Set(2, 0, 100)
	if idx, _, _ := ix.Nearest(0, 1); idx[0] != 2 {
		t.Errorf("index changed with x: %v", idx)
	}
}

func TestAgainstNaiveIntegers(t *testing.T) {
	// Small integer coordinates: every distance is exact whatever the
	// summation order, and there are many ties.
	rng := rand.New(rand.NewPCG(1, 2))
	for _, d := range []int{1, 3, 17, 64} {
		n := 200
		x := mat.NewDense(n, d, nil)
		for i := range n {
			for j := range d {
				x.Set(i, j, float64(rng.IntN(4)))
			}
		}
		ix, err := New(x)
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range []int{0, 7, 199} {
			for _, k := range []int{1, 5, 50, n - 1} {
				idx, dist, err := ix.Nearest(i, k)
				wi, wd := naive(x, x.RawRowView(i), i)
				if err != nil || !reflect.DeepEqual(idx, wi[:k]) || !reflect.DeepEqual(dist, wd[:k]) {
					t.Fatalf("d = %d, Nearest(%d, %d) = %v %v %v\nwant %v %v", d, i, k, idx, dist, err, wi[:k], wd[:k])
				}
			}
		}
		q := make([]float64, d)
		for j := range q {
			q[j] = float64(rng.IntN(4))
		}
		idx, dist, err := ix.NearestTo(q, n)
		wi, wd := naive(x, q, -1)
		if err != nil || !reflect.DeepEqual(idx, wi) || !reflect.DeepEqual(dist, wd) {
			t.Fatalf("d = %d, NearestTo(all) differs", d)
		}
	}
}

func TestAgainstNaiveFeatures(t *testing.T) {
	set, err := testfeatures.Test()
	if err != nil {
		t.Fatal(err)
	}
	ix, err := New(set.X)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 1, 4321, 9999} {
		idx, dist, err := ix.Nearest(i, 20)
		if err != nil {
			t.Fatal(err)
		}
		wi, wd := naive(set.X, set.X.RawRowView(i), i)
		for m := range idx {
			// Summation order may change the last bits; the order may then
			// differ only between points at (almost) the same distance.
			if math.Abs(dist[m]-wd[m]) > 1e-12*wd[m] {
				t.Fatalf("Nearest(%d): distance %d is %v, want %v", i, m, dist[m], wd[m])
			}
			if idx[m] != wi[m] && math.Abs(wd[m]-wd[slices.Index(wi, idx[m])]) > 1e-12*wd[m] {
				t.Fatalf("Nearest(%d): neighbour %d is %d, want %d", i, m, idx[m], wi[m])
			}
		}
	}
}

func TestTiming(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("timing")
	}
	set, err := testfeatures.Test()
	if err != nil {
		t.Fatal(err)
	}
	ix, err := New(set.X)
	if err != nil {
		t.Fatal(err)
	}
	// The best of a few queries, so that a busy machine does not fail it.
	best := time.Hour
	for i := range 20 {
		start := time.Now()
		if _, _, err := ix.Nearest(i*37, 10); err != nil {
			t.Fatal(err)
		}
		best = min(best, time.Since(start))
	}
	t.Logf("one query on 10,000×64: %v", best)
	if best > 10*time.Millisecond {
		t.Errorf("one query takes %v, want well under 10 ms", best)
	}
}

func TestBad(t *testing.T) {
	if _, err := New(nil); !errors.Is(err, analysis.ErrInput) {
		t.Errorf("New(nil): %v", err)
	}
	if _, err := New(mat.NewDense(2, 1, []float64{1, math.NaN()})); !errors.Is(err, analysis.ErrInput) {
		t.Errorf("New(NaN): %v", err)
	}
	ix, err := New(mat.NewDense(3, 2, []float64{0, 0, 1, 1, 2, 2}))
	if err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]func() error{
		"i < 0":      func() error { _, _, err := ix.Nearest(-1, 1); return err },
		"i ≥ n":      func() error { _, _, err := ix.Nearest(3, 1); return err },
		"k = 0":      func() error { _, _, err := ix.Nearest(0, 0); return err },
		"k > n − 1":  func() error { _, _, err := ix.Nearest(0, 3); return err },
		"q short":    func() error { _, _, err := ix.NearestTo([]float64{1}, 1); return err },
		"q NaN":      func() error { _, _, err := ix.NearestTo([]float64{1, math.NaN()}, 1); return err },
		"q Inf":      func() error { _, _, err := ix.NearestTo([]float64{math.Inf(-1), 0}, 1); return err },
		"q k > n":    func() error { _, _, err := ix.NearestTo([]float64{1, 1}, 4); return err },
		"q k = 0":    func() error { _, _, err := ix.NearestTo([]float64{1, 1}, 0); return err },
		"q negative": func() error { _, _, err := ix.NearestTo([]float64{1, 1}, -2); return err },
	} {
		if err := f(); !errors.Is(err, analysis.ErrInput) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if idx, _, err := ix.NearestTo([]float64{1, 1}, 3); err != nil || !reflect.DeepEqual(idx, []int{1, 0, 2}) {
		t.Errorf("k = n: %v, %v", idx, err)
	}
	// A one-point index has no neighbours of its points, but can be queried.
	one, _ := New(mat.NewDense(1, 1, []float64{5}))
	if _, _, err := one.Nearest(0, 1); !errors.Is(err, analysis.ErrInput) {
		t.Errorf("one point: %v", err)
	}
	if idx, dist, err := one.NearestTo([]float64{2}, 1); err != nil || idx[0] != 0 || dist[0] != 3 {
		t.Errorf("one point, NearestTo: %v %v %v", idx, dist, err)
	}
}

func BenchmarkNearest(b *testing.B) {
	set, err := testfeatures.Test()
	if err != nil {
		b.Fatal(err)
	}
	ix, err := New(set.X)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		if _, _, err := ix.Nearest(i, 10); err != nil {
			b.Fatal(err)
		}
		i = (i + 7919) % ix.Len()
	}
}

func BenchmarkNearestTo(b *testing.B) {
	set, err := testfeatures.Test()
	if err != nil {
		b.Fatal(err)
	}
	ix, err := New(set.X)
	if err != nil {
		b.Fatal(err)
	}
	q := slices.Clone(set.X.RawRowView(123))
	q[0] += 0.5
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := ix.NearestTo(q, 10); err != nil {
			b.Fatal(err)
		}
	}
}
