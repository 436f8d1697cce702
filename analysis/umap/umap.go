// Package umap embeds a feature matrix in the plane with UMAP (McInnes,
// Healy and Melville, "UMAP: Uniform Manifold Approximation and
// Projection for Dimension Reduction", 2018), following umap-learn 0.5.3's
// UMAP(n_neighbors=15, min_dist=0.1, metric="euclidean") step by step,
// except for the initialisation and the parallel descent (below).
// metrics.Trustworthiness measures how well a layout keeps
// neighbourhoods.
//
// Embed:
//
//  1. finds each point's Neighbors − 1 nearest other points (the point
//     itself counts as its own first neighbour, as in umap-learn),
//     exactly, with package neighbors' index: on 64 features its k-d tree
//     answers the 14 nearest of each of 60,000 points in about 2 s on
//     two cores, so no approximate search is needed and the recall is 1;
//  2. builds the fuzzy simplicial set: per point ρ, the distance to the
//     nearest other point (local connectivity 1), and σ, found by
//     binary search (64 steps at most, tolerance 1e-5) so that
//     Σⱼ exp(−max(0, dⱼ − ρ)/σ) = log₂(Neighbors), with umap-learn's floor
//     of 1e-3 times the mean distance; memberships exp(−(d − ρ)/σ), and
//     their fuzzy union A + Aᵀ − A∘Aᵀ;
//  3. fits a and b of the low-dimensional similarity 1/(1 + a·d^(2b)) to
//     the curve that is 1 up to MinDist and exp(−(d − MinDist)/Spread)
//     beyond, on 300 points of [0, 3·Spread], by least squares
//     (Levenberg-Marquardt from a = b = 1, as umap-learn's find_ab_params
//     with scipy's curve_fit);
//  4. starts from the data's first two principal components (package pca)
//     scaled so that the largest coordinate is 10, with seeded Gaussian
//     noise of standard deviation 1e-4, then each axis rescaled to
//     [0, 10]: umap-learn's init="pca" (its default is "spectral", the
//     eigenvectors of the graph's Laplacian; PCA is the start Kobak and
//     Linderman, Nature Biotechnology 39, 2021, found to keep the global
//     layout as well, it is the start of this project's t-SNE, and it
//     needs no sparse eigensolver, which would take long to converge on a
//     graph of ten well-separated classes);
//  5. runs umap-learn's stochastic gradient descent: edges with a
//     membership below max/Epochs dropped, each remaining edge sampled
//     every max/w epochs, NegativeRate negative samples per sample drawn
//     uniformly, each gradient coordinate clipped to [−4, 4], the learning
//     rate decaying linearly from LearningRate to 0.
//
// # Parallel descent
//
// umap-learn's parallel descent lets threads write to the layout without
// locks (Hogwild), so its result depends on the timing of the threads;
// with a random_state it runs on one thread. Here every epoch is parallel
// and its result the same on any number of cores: the points are cut
// into fixed blocks of 256 consecutive rows, each block owning the
// positions of its points; an epoch reads the other points' positions as
// they were at its start (a copy) and moves only the block's own points,
// each along its sampled edges and negative samples in the graph's order.
// An edge (i, j) of the symmetric graph is due in the same epochs as
// (j, i), so where umap-learn moves both ends of each edge ("move
// other"), here each end moves itself twice along its own copy of the
// edge: the same number of pulls per point per epoch. Each block draws
// its negative samples from a random stream of its own, keyed by the
// seed, the epoch and the block. So the same Seed gives the same layout,
// bit for bit, whatever GOMAXPROCS is, and no two goroutines write the
// same memory.
//
// One more difference in the descent: umap-learn moves a point after each
// of the negative samples that follow a positive one; here they all push
// from the point's place after the positive sample, and their clipped
// moves are added, so that the processor computes them side by side (a
// mini-batch of NegativeRate steps, each still clipped to 4 and taken
// with the same learning rate).
//
// The computation is in float64 (umap-learn's is float32). x^b, the one
// power the gradients need, is computed by a tabulated logarithm and
// exponential to about 1e-10 relative error, several times as fast as
// math.Pow.
package umap

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/internal/progress"
)

// Defaults of the options: umap-learn's.
const (
	DefaultNeighbors     = 15
	DefaultMinDist       = 0.1
	DefaultSpread        = 1.0
	DefaultNegativeRate  = 5
	DefaultLearningRate  = 1.0
	DefaultProgressEvery = 10
	// SmallEpochs and LargeEpochs are the default numbers of epochs for
	// up to SmallData points and for more.
	SmallEpochs = 500
	LargeEpochs = 200
	SmallData   = 10000
)

// Options are the parameters of Embed. The zero value gives umap-learn's
// defaults.
type Options struct {
	// Neighbors is the size of each point's neighbourhood, the point
	// itself included (umap-learn's n_neighbors); 0 means 15. It must be
	// at least 2 and less than the number of points.
	Neighbors int
	// MinDist is the least distance between points in the layout (the
	// similarity curve is flat up to it); 0 means 0.1. It must not exceed
	// Spread. (A min_dist of exactly 0 is asked for with a tiny value:
	// 1e-9 gives the same a and b to eight digits.)
	MinDist float64
	// Spread is the scale of the layout's clusters; 0 means 1.
	Spread float64
	// Epochs is the number of epochs of gradient descent; 0 means
	// umap-learn's default, 500 for up to 10,000 points and 200 beyond.
	Epochs int
	// NegativeRate is the number of negative samples per positive one; 0
	// means 5.
	NegativeRate int
	// LearningRate is the initial learning rate; 0 means 1.
	LearningRate float64
	// Seed drives every random choice: the initial noise and the negative
	// samples. The same seed gives the same layout.
	Seed uint64
	// Progress, if not nil, gets reports from Embed's goroutine: one
	// before the descent (Done 0) and then one every ProgressEvery epochs
	// and after the last, with the epochs done of Epochs and a copy of the
	// current n×2 layout as Frame, the callee's to keep.
	Progress progress.Func
	// ProgressEvery is the number of epochs between reports; 0 means 10.
	ProgressEvery int
}

// Result is an embedding.
type Result struct {
	// Y is the n×2 layout, one row per input row.
	Y *mat.Dense
	// Epochs is the number of epochs run.
	Epochs int
	// A and B are the fitted parameters of the similarity curve
	// 1/(1 + A·d^(2B)).
	A, B float64
	// Edges is the number of edges of the fuzzy graph, each direction
	// counted, that the descent samples (those above max/Epochs).
	Edges int
}

// Embed computes the UMAP embedding of the rows of x (n×d) in the plane.
//
// It returns an error wrapping analysis.ErrInput if x has no rows, holds
// a NaN or an infinity, has fewer than 3 rows or 2 columns (the
// initialisation is a 2-D PCA), or zero variance, or if an option is out
// of range: Neighbors 1, negative or ≥ n; MinDist or Spread negative,
// NaN or infinite, or MinDist > Spread; Epochs, NegativeRate or
// ProgressEvery negative; LearningRate negative, NaN or infinite. It
// checks ctx between blocks of work and every epoch, and returns an
// error wrapping ctx.Err() once ctx is done.
func Embed(ctx context.Context, x *mat.Dense, opts Options) (*Result, error) {
	n, d, err := analysis.Check(x)
	if err != nil {
		return nil, fmt.Errorf("umap: %w", err)
	}
	if n < 3 {
		return nil, analysis.Errorf("umap: %d points, need at least 3", n)
	}
	o, err := opts.withDefaults(n)
	if err != nil {
		return nil, err
	}
	if d < 2 {
		return nil, analysis.Errorf("umap: %d column, need at least 2 for the PCA initialisation", d)
	}
	if err := analysis.CheckVariance(x); err != nil {
		return nil, fmt.Errorf("umap: %w", err)
	}
	report := func(note string) {
		o.Progress.Send(progress.Report{Done: 0, Total: o.Epochs, Note: note})
	}

	report(fmt.Sprintf("the %d nearest neighbours of %s points", o.Neighbors-1, analysis.Thousands(n)))
	nb, err := nearest(ctx, x, o.Neighbors-1)
	if err != nil {
		return nil, fmt.Errorf("umap: neighbours: %w", err)
	}
	report("the fuzzy simplicial set")
	g, err := fuzzyGraph(ctx, nb, n, o.Neighbors)
	if err != nil {
		return nil, fmt.Errorf("umap: fuzzy graph: %w", err)
	}
	a, b := FitAB(o.Spread, o.MinDist)
	y, err := initialLayout(ctx, x, o.Seed)
	if err != nil {
		return nil, fmt.Errorf("umap: initialisation: %w", err)
	}
	sgd := newDescent(g, y, a, b, o)
	if err := sgd.run(ctx); err != nil {
		return nil, err
	}
	return &Result{Y: sgd.layout(), Epochs: o.Epochs, A: a, B: b, Edges: len(sgd.tail)}, nil
}

func (opts Options) withDefaults(n int) (Options, error) {
	o := opts
	switch {
	case o.Neighbors == 0:
		o.Neighbors = DefaultNeighbors
	case o.Neighbors < 2:
		return o, analysis.Errorf("umap: %d neighbours, want at least 2", o.Neighbors)
	}
	if o.Neighbors >= n {
		return o, analysis.Errorf("umap: %d neighbours, want fewer than the number of points (%d)", o.Neighbors, n)
	}
	bad := func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) || v < 0 }
	switch {
	case bad(o.Spread):
		return o, analysis.Errorf("umap: spread %v, want > 0", o.Spread)
	case o.Spread == 0:
		o.Spread = DefaultSpread
	}
	switch {
	case bad(o.MinDist):
		return o, analysis.Errorf("umap: min_dist %v, want ≥ 0", o.MinDist)
	case o.MinDist == 0:
		o.MinDist = DefaultMinDist
	}
	if o.MinDist > o.Spread {
		return o, analysis.Errorf("umap: min_dist %v is more than the spread %v", o.MinDist, o.Spread)
	}
	switch {
	case o.Epochs < 0:
		return o, analysis.Errorf("umap: %d epochs, want ≥ 1", o.Epochs)
	case o.Epochs == 0 && n <= SmallData:
		o.Epochs = SmallEpochs
	case o.Epochs == 0:
		o.Epochs = LargeEpochs
	}
	switch {
	case o.NegativeRate < 0:
		return o, analysis.Errorf("umap: negative sample rate %d, want ≥ 1", o.NegativeRate)
	case o.NegativeRate == 0:
		o.NegativeRate = DefaultNegativeRate
	}
	switch {
	case bad(o.LearningRate):
		return o, analysis.Errorf("umap: learning rate %v, want > 0", o.LearningRate)
	case o.LearningRate == 0:
		o.LearningRate = DefaultLearningRate
	}
	switch {
	case o.ProgressEvery < 0:
		return o, analysis.Errorf("umap: progress every %d epochs, want ≥ 1", o.ProgressEvery)
	case o.ProgressEvery == 0:
		o.ProgressEvery = DefaultProgressEvery
	}
	return o, nil
}
