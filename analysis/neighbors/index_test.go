package neighbors

import (
	"context"
	"errors"
	"math"
	"slices"
	"sync"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/internal/testfeatures"

	"github.com/fashionlens/fashionlens/internal/progress"
)

// TestFeatures compares the index with brute force on the real features
// of the test images, bit for bit: all-points neighbours and k-th
// distances for a sample of points, and the pairs within the DBSCAN eps
// of the benchmarks for a sample of points.
func TestFeatures(t *testing.T) {
	set, err := testfeatures.Test()
	if err != nil {
		t.Fatal(err)
	}
	x := set.X
	n, d := x.Dims()
	ix, err := Build(context.Background(), x)
	if err != nil {
		t.Fatal(err)
	}
	b := brute{x, n, d}
	const k = 15
	g, err := ix.AllNearest(context.Background(), k)
	if err != nil {
		t.Fatal(err)
	}
	kth, err := ix.KthDistances(context.Background(), k)
	if err != nil {
		t.Fatal(err)
	}
	const eps = 12.37
	within := make([]int, n) // number of other points within eps
	lists, err := ix.Pairs(context.Background(), eps, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lists {
		for _, i := range l {
			within[i]++
		}
	}
	step := 97
	if raceEnabled || testing.Short() {
		step = 997
	}
	for i := 0; i < n; i += step {
		all := b.sorted(x.RawRowView(i), i)
		for c, w := range all[:k] {
			if int(g.Idx[i*k+c]) != w.i || g.SqDist[i*k+c] != w.d {
				t.Fatalf("point %d, neighbour %d: %d at %v, want %d at %v", i, c, g.Idx[i*k+c], g.SqDist[i*k+c], w.i, w.d)
			}
		}
		if kth[i] != math.Sqrt(all[k-1].d) {
			t.Fatalf("k-th distance of %d: %v, want %v", i, kth[i], math.Sqrt(all[k-1].d))
		}
		idx, dist, err := ix.Nearest(i, k)
		if err != nil || len(idx) != k || dist[k-1] != kth[i] {
			t.Fatalf("Nearest(%d) = %v %v %v", i, idx, dist, err)
		}
		wi, _ := b.within(x.RawRowView(i), i, eps)
		gi, _, err := ix.Within(i, eps)
		if err != nil || !slices.Equal(gi, wi) || within[i] != len(wi) {
			t.Fatalf("point %d: Within gives %d, Pairs %d, want %d", i, len(gi), within[i], len(wi))
		}
	}
}

func TestCancel(t *testing.T) {
	x := data("gaussians", 2000, 8, 3)
	ix, err := New(x)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for name, f := range map[string]func() error{
		"Build":        func() error { _, err := Build(ctx, x); return err },
		"AllNearest":   func() error { _, err := ix.AllNearest(ctx, 5); return err },
		"KthDistances": func() error { _, err := ix.KthDistances(ctx, 5); return err },
		"Pairs":        func() error { _, err := ix.Pairs(ctx, 1, nil); return err },
	} {
		if err := f(); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: %v, want context.Canceled", name, err)
		}
	}
	// Cancelled from the progress callback: no more than a block per
	// worker after it.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	_, err = ix.Pairs(ctx, 1, func(progress.Report) { calls++; cancel() })
	if !errors.Is(err, context.Canceled) || calls > 4 {
		t.Errorf("cancelled during Pairs: %v after %d calls", err, calls)
	}
}

func TestPairsProgress(t *testing.T) {
	ix, err := New(data("lattice", 1000, 3, 4))
	if err != nil {
		t.Fatal(err)
	}
	last, calls := 0, 0
	_, err = ix.Pairs(context.Background(), 1, func(r progress.Report) {
		done, total := r.Done, r.Total
		if done <= last || total != 1000 {
			t.Errorf("progress %d/%d after %d", done, total, last)
		}
		last = done
		calls++
	})
	if err != nil || last != 1000 || calls != (1000+block-1)/block {
		t.Errorf("last progress %d after %d calls: %v", last, calls, err)
	}
}

func TestBadQueries(t *testing.T) {
	ix, err := New(mat.NewDense(3, 2, []float64{0, 0, 1, 1, 2, 2}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for name, f := range map[string]func() error{
		"Within i < 0":        func() error { _, _, err := ix.Within(-1, 1); return err },
		"Within i ≥ n":        func() error { _, _, err := ix.Within(3, 1); return err },
		"Within r < 0":        func() error { _, _, err := ix.Within(0, -1); return err },
		"Within r NaN":        func() error { _, _, err := ix.Within(0, math.NaN()); return err },
		"Within r Inf":        func() error { _, _, err := ix.Within(0, math.Inf(1)); return err },
		"WithinTo short":      func() error { _, _, err := ix.WithinTo([]float64{1}, 1); return err },
		"WithinTo NaN":        func() error { _, _, err := ix.WithinTo([]float64{math.NaN(), 1}, 1); return err },
		"WithinTo r < 0":      func() error { _, _, err := ix.WithinTo([]float64{1, 1}, -0.5); return err },
		"AllNearest k = 0":    func() error { _, err := ix.AllNearest(ctx, 0); return err },
		"AllNearest k = n":    func() error { _, err := ix.AllNearest(ctx, 3); return err },
		"KthDistances k = 0":  func() error { _, err := ix.KthDistances(ctx, 0); return err },
		"KthDistances k = n":  func() error { _, err := ix.KthDistances(ctx, 3); return err },
		"Pairs r < 0":         func() error { _, err := ix.Pairs(ctx, -1, nil); return err },
		"Pairs r Inf":         func() error { _, err := ix.Pairs(ctx, math.Inf(1), nil); return err },
		"Build nil":           func() error { _, err := Build(ctx, nil); return err },
		"Build Inf":           func() error { _, err := Build(ctx, mat.NewDense(1, 2, []float64{0, math.Inf(1)})); return err },
		"NearestTo k = n + 1": func() error { _, _, err := ix.NearestTo([]float64{0, 0}, 4); return err },
	} {
		if err := f(); !errors.Is(err, analysis.ErrInput) {
			t.Errorf("%s: %v, want ErrInput", name, err)
		}
	}
	// A one-point index: no neighbours of its point, but radius queries.
	one, _ := New(mat.NewDense(1, 2, []float64{5, 5}))
	if _, err := one.AllNearest(ctx, 1); !errors.Is(err, analysis.ErrInput) {
		t.Errorf("one point, AllNearest: %v", err)
	}
	if idx, _, err := one.Within(0, 10); err != nil || len(idx) != 0 {
		t.Errorf("one point, Within: %v %v", idx, err)
	}
	if idx, dist, err := one.WithinTo([]float64{5, 6}, 1); err != nil || !slices.Equal(idx, []int{0}) || dist[0] != 1 {
		t.Errorf("one point, WithinTo: %v %v %v", idx, dist, err)
	}
	if p, err := one.Pairs(ctx, 1, nil); err != nil || len(p) != 1 || len(p[0]) != 0 {
		t.Errorf("one point, Pairs: %v %v", p, err)
	}
}

// TestConcurrent runs queries of one index from several goroutines (for
// the race detector) and checks that they agree with one goroutine's.
func TestConcurrent(t *testing.T) {
	x := data("gaussians", 700, 5, 5)
	ix, err := New(x)
	if err != nil {
		t.Fatal(err)
	}
	want, err := ix.AllNearest(context.Background(), 7)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < 700; i += 4 {
				idx, _, err := ix.Nearest(i, 7)
				if err != nil {
					t.Error(err)
					return
				}
				for c, j := range idx {
					if int32(j) != want.Idx[i*7+c] {
						t.Errorf("point %d: %v", i, idx)
						return
					}
				}
				if _, _, err := ix.WithinTo(x.RawRowView(i), 0.5); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestEqualPoints covers an index whose points are all equal (no split
// is possible) and one with a single distinct value per coordinate but
// the first.
func TestEqualPoints(t *testing.T) {
	x := mat.NewDense(100, 3, nil)
	for i := range 100 {
		x.SetRow(i, []float64{1, 2, 3})
	}
	ix, err := New(x)
	if err != nil {
		t.Fatal(err)
	}
	idx, dist, err := ix.Nearest(50, 3)
	if err != nil || !slices.Equal(idx, []int{0, 1, 2}) || !slices.Equal(dist, []float64{0, 0, 0}) {
		t.Errorf("Nearest = %v %v %v", idx, dist, err)
	}
	p, err := ix.Pairs(context.Background(), 0, nil)
	count := 0
	for _, l := range p {
		count += len(l) / 2
	}
	if err != nil || count != 100*99/2 {
		t.Errorf("Pairs: %d, %v", count, err)
	}
}
