package umap_test

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/analysis/metrics"
	"github.com/fashionlens/fashionlens/analysis/umap"
	"github.com/fashionlens/fashionlens/internal/progress"
	"github.com/fashionlens/fashionlens/internal/testfeatures"
)

// blobs returns k Gaussian blobs of m points each in d dimensions, their
// centres 20 apart on the first k axes, and each point's blob.
func blobs(k, m, d int, seed uint64) (*mat.Dense, []int) {
	r := rand.New(rand.NewPCG(seed, 1))
	x := mat.NewDense(k*m, d, nil)
	labels := make([]int, k*m)
	for i := range k * m {
		c := i % k
		labels[i] = c
		for j := range d {
			v := r.NormFloat64()
			if j == c {
				v += 20
			}
			x.Set(i, j, v)
		}
	}
	return x, labels
}

func TestEmbedBadInput(t *testing.T) {
	x, _ := blobs(3, 20, 4, 1)
	nan := mat.DenseCopyOf(x)
	nan.Set(5, 2, math.NaN())
	inf := mat.DenseCopyOf(x)
	inf.Set(0, 0, math.Inf(-1))
	same := mat.NewDense(10, 3, nil)
	for _, c := range []struct {
		name string
		x    *mat.Dense
		o    umap.Options
	}{
		{"nil", nil, umap.Options{}},
		{"empty", &mat.Dense{}, umap.Options{}},
		{"NaN", nan, umap.Options{}},
		{"Inf", inf, umap.Options{}},
		{"one point", mat.NewDense(1, 3, []float64{1, 2, 3}), umap.Options{}},
		{"two points", mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6}), umap.Options{Neighbors: 2}},
		{"one column", mat.NewDense(20, 1, make([]float64, 20)), umap.Options{Neighbors: 5}},
		{"zero variance", same, umap.Options{Neighbors: 5}},
		{"neighbors = n", x, umap.Options{Neighbors: 60}},
		{"neighbors > n", x, umap.Options{Neighbors: 100}},
		{"neighbors 1", x, umap.Options{Neighbors: 1}},
		{"neighbors < 0", x, umap.Options{Neighbors: -3}},
		{"min_dist > spread", x, umap.Options{MinDist: 1.5}},
		{"min_dist > spread 2", x, umap.Options{MinDist: 0.5, Spread: 0.25}},
		{"min_dist < 0", x, umap.Options{MinDist: -0.1}},
		{"min_dist NaN", x, umap.Options{MinDist: math.NaN()}},
		{"spread < 0", x, umap.Options{Spread: -1}},
		{"spread Inf", x, umap.Options{Spread: math.Inf(1)}},
		{"epochs < 0", x, umap.Options{Epochs: -1}},
		{"negative rate < 0", x, umap.Options{NegativeRate: -1}},
		{"learning rate < 0", x, umap.Options{LearningRate: -1}},
		{"learning rate NaN", x, umap.Options{LearningRate: math.NaN()}},
		{"progress every < 0", x, umap.Options{ProgressEvery: -1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := umap.Embed(context.Background(), c.x, c.o)
			if !errors.Is(err, analysis.ErrInput) {
				t.Fatalf("err = %v, want one wrapping ErrInput", err)
			}
			if r != nil {
				t.Errorf("a result with the error")
			}
		})
	}
}

// TestEmbedBlobs checks that well-separated blobs stay apart: every
// point's nearest neighbour in the layout is from its blob, and the
// layout is trustworthy.
func TestEmbedBlobs(t *testing.T) {
	x, labels := blobs(5, 100, 10, 2)
	r, err := umap.Embed(context.Background(), x, umap.Options{Seed: 7, Epochs: 200})
	if err != nil {
		t.Fatal(err)
	}
	n, _ := x.Dims()
	if rows, cols := r.Y.Dims(); rows != n || cols != 2 {
		t.Fatalf("layout %d×%d", rows, cols)
	}
	if r.Epochs != 200 || r.Edges == 0 || math.Abs(r.A-1.577) > 1e-3 || math.Abs(r.B-0.895) > 1e-3 {
		t.Errorf("epochs %d, edges %d, a %v, b %v", r.Epochs, r.Edges, r.A, r.B)
	}
	wrong := 0
	for i := range n {
		best, bestD := -1, math.Inf(1)
		for j := range n {
			if j == i {
				continue
			}
			dx, dy := r.Y.At(i, 0)-r.Y.At(j, 0), r.Y.At(i, 1)-r.Y.At(j, 1)
			if d := dx*dx + dy*dy; d < bestD {
				best, bestD = j, d
			}
		}
		if labels[best] != labels[i] {
			wrong++
		}
	}
	if wrong > 0 {
		t.Errorf("%d points have their nearest neighbour in another blob", wrong)
	}
	tw, err := metrics.Trustworthiness(context.Background(), x, r.Y, 10)
	if err != nil {
		t.Fatal(err)
	}
	if tw < 0.9 {
		t.Errorf("trustworthiness %.4f, want ≥ 0.9", tw)
	}
}

// TestEmbedDeterministic checks that the same seed gives the same layout,
// bit for bit, on one core and on four, and another seed another layout.
func TestEmbedDeterministic(t *testing.T) {
	x, _ := blobs(4, 300, 8, 3)
	o := umap.Options{Seed: 11, Epochs: 60}
	embed := func(procs int, o umap.Options) *mat.Dense {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		r, err := umap.Embed(context.Background(), x, o)
		if err != nil {
			t.Fatal(err)
		}
		return r.Y
	}
	one, four, again := embed(1, o), embed(4, o), embed(2, o)
	if !mat.Equal(one, four) || !mat.Equal(one, again) {
		t.Errorf("the layouts on 1, 4 and 2 cores differ")
	}
	o.Seed = 12
	if mat.Equal(one, embed(2, o)) {
		t.Errorf("seeds 11 and 12 give the same layout")
	}
}

// TestEmbedProgress checks the reports: one before the descent, then
// every ProgressEvery epochs with a copy of the layout, the last at the
// last epoch, equal to the result.
func TestEmbedProgress(t *testing.T) {
	x, _ := blobs(3, 50, 5, 4)
	var done []int
	var last *mat.Dense
	r, err := umap.Embed(context.Background(), x, umap.Options{Epochs: 25, ProgressEvery: 10, Progress: func(p progress.Report) {
		done = append(done, p.Done)
		if p.Total != 25 {
			t.Errorf("total %d, want 25", p.Total)
		}
		if p.Done > 0 {
			if p.Frame == nil {
				t.Errorf("no frame at epoch %d", p.Done)
				return
			}
			if rows, cols := p.Frame.Dims(); rows != 150 || cols != 2 {
				t.Errorf("frame %d×%d", rows, cols)
			}
			last = p.Frame
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := []int{0, 0, 10, 20, 25}
	if len(done) != len(want) {
		t.Fatalf("reports at %v, want %v", done, want)
	}
	for i := range want {
		if done[i] != want[i] {
			t.Fatalf("reports at %v, want %v", done, want)
		}
	}
	if !mat.Equal(last, r.Y) {
		t.Errorf("the last frame is not the result")
	}
	r.Y.Set(0, 0, 1e9)
	if last.At(0, 0) == 1e9 {
		t.Errorf("the frame shares the result's memory")
	}
}

// TestEmbedCancel cancels the descent from its progress and checks that
// Embed returns the context's error at once.
func TestEmbedCancel(t *testing.T) {
	x, _ := blobs(5, 1000, 10, 5)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var at time.Time
	r, err := umap.Embed(ctx, x, umap.Options{Epochs: 5000, ProgressEvery: 1, Progress: func(p progress.Report) {
		if p.Done == 3 {
			at = time.Now()
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) || r != nil {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if wait := time.Since(at); wait > 200*time.Millisecond {
		t.Errorf("returned %v after the cancellation", wait)
	}
	// Cancelled before it starts.
	if _, err := umap.Embed(ctx, x, umap.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// TestEmbedFeatures checks the layout of the first 2,000 test images'
// features against umap-learn 0.5.3 on the same features with its
// defaults: trustworthiness (k = 10, scikit-learn's) 0.99197, 0.99208
// and 0.99229 for random_state 1, 2, 3.
func TestEmbedFeatures(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	set, err := testfeatures.Test()
	if err != nil {
		t.Fatal(err)
	}
	x := set.Rows(2000).X
	r, err := umap.Embed(context.Background(), x, umap.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if r.Epochs != 500 {
		t.Errorf("%d epochs, want umap-learn's 500 for 2,000 points", r.Epochs)
	}
	tw, err := metrics.Trustworthiness(context.Background(), x, r.Y, 10)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("trustworthiness %.5f", tw)
	if tw < 0.99197-0.01 {
		t.Errorf("trustworthiness %.5f, umap-learn's 0.99197 less 0.01 is the least", tw)
	}
}
