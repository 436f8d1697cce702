// Package pca computes principal component analysis of a feature matrix:
// the principal axes, the centred data projected onto them, and how much
// of the variance each one explains, as scikit-learn's
// sklearn.decomposition.PCA does.
//
// Fit centres the data, forms the d×d sample covariance matrix (in
// parallel over fixed blocks of rows) and takes its symmetric
// eigen-decomposition; with the 64 columns of Fashion Lens features that
// is much faster than an SVD of the n×d data.
package pca

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/internal/par"
)

// Result is a fitted PCA with k components.
type Result struct {
	// Components is d×k; its columns are the unit principal axes, in
	// order of decreasing variance.
	Components *mat.Dense
	// Projected is n×k: the centred data projected onto the axes.
	Projected *mat.Dense
	// Mean is the mean of each of the d columns, subtracted before
	// projecting.
	Mean []float64
	// ExplainedVarianceRatio holds the k fractions of the total variance
	// that the components explain, in decreasing order.
	ExplainedVarianceRatio []float64
	// Variance holds the variance along each component: the sample
	// variance (divided by n−1, as scikit-learn's explained_variance_) of
	// the corresponding column of Projected.
	Variance []float64
}

// Transform projects the rows of x (m×d, with the d columns of the fitted
// data) onto the components: (x − Mean)·Components, an m×k matrix.
func (r *Result) Transform(x *mat.Dense) (*mat.Dense, error) {
	m, d, err := analysis.Check(x)
	if err != nil {
		return nil, err
	}
	if d != len(r.Mean) {
		return nil, analysis.Errorf("pca: %d columns, the fit had %d", d, len(r.Mean))
	}
	c := mat.NewDense(m, d, nil)
	for i := 0; i < m; i++ {
		row := c.RawRowView(i)
		for j, v := range x.RawRowView(i) {
			row[j] = v - r.Mean[j]
		}
	}
	_, k := r.Components.Dims()
	out := mat.NewDense(m, k, nil)
	out.Mul(c, r.Components)
	return out, nil
}

// blockRows is the number of rows whose contribution to the covariance
// one partial sum holds. The blocks, and the order in which their sums are
// added, do not depend on the number of cores, so neither does the result.
const blockRows = 1024

// maxPartialBytes bounds the memory of the per-block partial covariance
// matrices; with many columns fewer, larger blocks are used.
const maxPartialBytes = 64 << 20

// Fit computes the first k principal components of x (n×d, one point per
// row), for k in 1..min(n, d).
//
// Signs follow scikit-learn's svd_flip with u_based_decision=True (the
// convention of its PCA): each column of Projected (which is U·S of the
// SVD of the centred data) has its entry of largest absolute value —
// the first such entry if several tie — positive, and the matching column
// of Components is negated with it. The result is thus deterministic and
// matches scikit-learn's components_ (transposed) and fit_transform up to
// rounding, except where two eigenvalues are equal and the axes are not
// unique.
//
// It returns an error wrapping analysis.ErrInput if x has no rows, holds a
// NaN or an infinity, has zero variance (all rows equal), or if k is out
// of range, and one wrapping ctx.Err() if ctx is done first.
func Fit(ctx context.Context, x *mat.Dense, k int) (*Result, error) {
	n, d, err := analysis.Check(x)
	if err != nil {
		return nil, err
	}
	if k < 1 || k > min(n, d) {
		return nil, analysis.Errorf("pca: k = %d components, want 1..min(n, d) = %d", k, min(n, d))
	}
	if err := analysis.CheckVariance(x); err != nil {
		return nil, err
	}

	// Mean and centred copy.
	mean := make([]float64, d)
	for i := 0; i < n; i++ {
		for j, v := range x.RawRowView(i) {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	xc := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		row := xc.RawRowView(i)
		for j, v := range x.RawRowView(i) {
			row[j] = v - mean[j]
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("pca: %w", err)
	}

	cov, err := covariance(ctx, xc)
	if err != nil {
		return nil, err
	}
	var eig mat.EigenSym
	if !eig.Factorize(cov, true) {
		return nil, analysis.Errorf("pca: the eigen-decomposition of the covariance matrix did not converge")
	}
	vals := eig.Values(nil) // ascending
	var vecs mat.Dense
	eig.VectorsTo(&vecs)

	total := 0.0
	for j := 0; j < d; j++ {
		total += cov.At(j, j)
	}
	res := &Result{
		Components:             mat.NewDense(d, k, nil),
		Mean:                   mean,
		ExplainedVarianceRatio: make([]float64, k),
		Variance:               make([]float64, k),
	}
	for c := 0; c < k; c++ {
		src := d - 1 - c
		v := math.Max(vals[src], 0)
		res.Variance[c] = v
		res.ExplainedVarianceRatio[c] = v / total
		for j := 0; j < d; j++ {
			res.Components.Set(j, c, vecs.At(j, src))
		}
	}
	res.Projected = mat.NewDense(n, k, nil)
	res.Projected.Mul(xc, res.Components)

	// svd_flip, u-based: the largest |entry| of each projected column
	// becomes positive.
	for c := 0; c < k; c++ {
		best, bestAbs := 0.0, -1.0
		for i := 0; i < n; i++ {
			v := res.Projected.At(i, c)
			if a := math.Abs(v); a > bestAbs {
				best, bestAbs = v, a
			}
		}
		if best < 0 {
			for i := 0; i < n; i++ {
				res.Projected.Set(i, c, -res.Projected.At(i, c))
			}
			for j := 0; j < d; j++ {
				res.Components.Set(j, c, -res.Components.At(j, c))
			}
		}
	}
	return res, nil
}

// covariance returns xcᵀ·xc/(n−1) for the centred n×d matrix xc, summed
// over fixed blocks of rows in parallel and then in block order.
func covariance(ctx context.Context, xc *mat.Dense) (*mat.SymDense, error) {
	n, d := xc.Dims()
	rows := blockRows
	for nb := (n + rows - 1) / rows; nb > 1 && nb*d*d*8 > maxPartialBytes; nb = (n + rows - 1) / rows {
		rows *= 2
	}
	nb := (n + rows - 1) / rows
	raw := xc.RawMatrix()
	partial := make([][]float64, nb)
	err := par.Parallel(ctx, n, rows, func(_, b, lo, hi int) {
		c := blas64.Symmetric{Uplo: blas.Upper, N: d, Stride: d, Data: make([]float64, d*d)}
		a := blas64.General{Rows: hi - lo, Cols: d, Stride: raw.Stride, Data: raw.Data[lo*raw.Stride:]}
		blas64.Syrk(blas.Trans, 1, a, 0, c)
		partial[b] = c.Data
	})
	if err != nil {
		return nil, fmt.Errorf("pca: %w", err)
	}
	sum := partial[0]
	for _, p := range partial[1:] {
		for i := 0; i < d; i++ {
			for j := i; j < d; j++ {
				sum[i*d+j] += p[i*d+j]
			}
		}
	}
	scale := 1.0
	if n > 1 {
		scale = 1 / float64(n-1)
	}
	for i := 0; i < d; i++ {
		for j := i; j < d; j++ {
			sum[i*d+j] *= scale
		}
	}
	return mat.NewSymDense(d, sum), nil
}
