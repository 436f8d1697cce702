package tsne

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/analysis/metrics"

	"github.com/fashionlens/fashionlens/internal/progress"
)

// blobs returns per points around each of c centres in dim dimensions
// (unit Gaussian noise, centres 10 apart on the axes), and their labels.
func blobs(c, per, dim int, seed uint64) (*mat.Dense, []int) {
	rng := rand.New(rand.NewPCG(seed, 1))
	x := mat.NewDense(c*per, dim, nil)
	labels := make([]int, c*per)
	for b := 0; b < c; b++ {
		for p := 0; p < per; p++ {
			i := b*per + p
			labels[i] = b
			for j := 0; j < dim; j++ {
				v := rng.NormFloat64()
				if j == b%dim {
					v += 10
				}
				x.Set(i, j, v)
			}
		}
	}
	return x, labels
}

func TestBlobs(t *testing.T) {
	x, labels := blobs(4, 50, 10, 1)
	r, err := Embed(context.Background(), x, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n, d := r.Y.Dims(); n != 200 || d != 2 {
		t.Fatalf("Y is %d×%d", n, d)
	}
	if r.Iterations < MinIterations || r.Iterations > DefaultIterations {
		t.Errorf("%d iterations", r.Iterations)
	}
	if !(r.KL > 0 && r.KL < 2) {
		t.Errorf("KL = %v", r.KL)
	}
	tw, err := metrics.Trustworthiness(context.Background(), x, r.Y, 10)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("KL %.4f, trustworthiness %.4f after %d iterations", r.KL, tw, r.Iterations)
	if tw < 0.9 {
		t.Errorf("trustworthiness %v, want ≥ 0.9", tw)
	}
	// Each point is nearer its own blob's centroid than any other's.
	cent := make([][2]float64, 4)
	for i, l := range labels {
		cent[l][0] += r.Y.At(i, 0) / 50
		cent[l][1] += r.Y.At(i, 1) / 50
	}
	wrong := 0
	for i, l := range labels {
		best, bestD := -1, math.Inf(1)
		for c := range cent {
			dx, dy := r.Y.At(i, 0)-cent[c][0], r.Y.At(i, 1)-cent[c][1]
			if d := dx*dx + dy*dy; d < bestD {
				best, bestD = c, d
			}
		}
		if best != l {
			wrong++
		}
	}
	if wrong > 0 {
		t.Errorf("%d points nearer another blob's centroid", wrong)
	}
}

func TestDeterminism(t *testing.T) {
	x, _ := blobs(3, 40, 6, 2)
	opts := Options{Perplexity: 10, Iterations: 300}
	run := func() *mat.Dense {
		r, err := Embed(context.Background(), x, opts)
		if err != nil {
			t.Fatal(err)
		}
		return r.Y
	}
	a := run()
	if b := run(); !mat.Equal(a, b) {
		t.Errorf("two runs differ")
	}
	// Every sum over points is added in a fixed order, so the number of
	// cores does not change a bit.
	procs := runtime.GOMAXPROCS(1)
	c := run()
	runtime.GOMAXPROCS(max(procs, 3))
	d := run()
	runtime.GOMAXPROCS(procs)
	if !mat.Equal(a, c) || !mat.Equal(a, d) {
		t.Errorf("GOMAXPROCS changes the layout")
	}
}

// TestProgressKeepsLayout checks that asking for progress (and so for the
// KL divergence at more iterations) does not change the layout.
func TestProgressKeepsLayout(t *testing.T) {
	x, _ := blobs(3, 30, 5, 9)
	opts := Options{Perplexity: 8, Iterations: 260}
	a, err := Embed(context.Background(), x, opts)
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	opts.ProgressEvery, opts.Progress = 1, func(progress.Report) { calls++ }
	b, err := Embed(context.Background(), x, opts)
	if err != nil {
		t.Fatal(err)
	}
	if calls != 260 || !mat.Equal(a.Y, b.Y) || a.KL != b.KL {
		t.Errorf("%d calls; layouts equal: %v; KL %v, %v", calls, mat.Equal(a.Y, b.Y), a.KL, b.KL)
	}
}

func TestDuplicates(t *testing.T) {
	// Two groups of identical points: zero neighbour distances, and
	// coincident points in the quadtree.
	x := mat.NewDense(60, 3, nil)
	for i := 0; i < 60; i++ {
		if i%2 == 1 {
			x.SetRow(i, []float64{1, 2, 3})
		}
	}
	r, err := Embed(context.Background(), x, Options{Perplexity: 5, Iterations: 300})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range r.Y.RawMatrix().Data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("layout holds %v", v)
		}
	}
	if math.IsNaN(r.KL) {
		t.Errorf("KL is NaN")
	}
}

func TestProgress(t *testing.T) {
	x, _ := blobs(2, 20, 4, 3)
	var its []int
	var kls []float64
	opts := Options{Perplexity: 5, Iterations: 275, ProgressEvery: 100, Progress: func(p progress.Report) {
		if n, d := p.Frame.Dims(); n != 40 || d != 2 {
			t.Errorf("layout %d×%d", n, d)
		}
		if p.Total != 275 {
			t.Errorf("Iterations = %d", p.Total)
		}
		its = append(its, p.Done)
		kls = append(kls, p.Value)
	}}
	r, err := Embed(context.Background(), x, opts)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{100, 200, 275}; !slices.Equal(its, want) {
		t.Errorf("progress at %v, want %v", its, want)
	}
	if kls[2] != r.KL {
		t.Errorf("last progress KL %v, result %v", kls[2], r.KL)
	}
	for _, kl := range kls {
		if !(kl > 0) {
			t.Errorf("progress KL %v", kl)
		}
	}
}

func TestCancel(t *testing.T) {
	x, _ := blobs(2, 30, 4, 4)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Embed(ctx, x, Options{Perplexity: 5}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled before: %v", err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	last := 0
	_, err := Embed(ctx, x, Options{Perplexity: 5, ProgressEvery: 1, Progress: func(p progress.Report) {
		last = p.Done
		if p.Done == 10 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled at 10: %v", err)
	}
	if last != 10 {
		t.Errorf("ran to iteration %d after cancelling at 10", last)
	}
}

func TestErrors(t *testing.T) {
	good, _ := blobs(2, 10, 3, 5)
	for _, c := range []struct {
		name string
		x    *mat.Dense
		opts Options
	}{
		{"nil", nil, Options{}},
		{"empty", &mat.Dense{}, Options{}},
		{"nan", mat.NewDense(2, 2, []float64{0, math.NaN(), 1, 1}), Options{Perplexity: 1}},
		{"inf", mat.NewDense(2, 2, []float64{0, 1, math.Inf(-1), 1}), Options{Perplexity: 1}},
		{"one row", mat.NewDense(1, 2, []float64{1, 2}), Options{Perplexity: 0.5}},
		{"one column", mat.NewDense(3, 1, []float64{1, 2, 3}), Options{Perplexity: 1}},
		{"zero variance", mat.NewDense(3, 2, []float64{1, 1, 1, 1, 1, 1}), Options{Perplexity: 1}},
		{"perplexity < 0", good, Options{Perplexity: -1}},
		{"perplexity NaN", good, Options{Perplexity: math.NaN()}},
		{"perplexity = n", good, Options{Perplexity: 20}},
		{"default perplexity > n", good, Options{}},
		{"iterations < 250", good, Options{Perplexity: 5, Iterations: 249}},
		{"iterations < 0", good, Options{Perplexity: 5, Iterations: -1}},
		{"theta < 0", good, Options{Perplexity: 5, Theta: -0.1}},
		{"theta NaN", good, Options{Perplexity: 5, Theta: math.NaN()}},
		{"learning rate < 0", good, Options{Perplexity: 5, LearningRate: -1}},
		{"learning rate Inf", good, Options{Perplexity: 5, LearningRate: math.Inf(1)}},
		{"progress every < 0", good, Options{Perplexity: 5, ProgressEvery: -1}},
	} {
		if _, err := Embed(context.Background(), c.x, c.opts); !errors.Is(err, analysis.ErrInput) {
			t.Errorf("%s: %v, want ErrInput", c.name, err)
		}
	}
	// Two points is the least t-SNE takes.
	if _, err := Embed(context.Background(), mat.NewDense(2, 2, []float64{0, 0, 1, 2}), Options{Perplexity: 1, Iterations: 250}); err != nil {
		t.Errorf("two points: %v", err)
	}
}
