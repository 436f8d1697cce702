// Package cluster groups the rows of a feature matrix: K-means (with
// k-means++ initialisation and restarts, as scikit-learn's KMeans), DBSCAN
// (the same partition as scikit-learn's DBSCAN), the silhouette score and
// the k-distance curve with its knee for choosing DBSCAN's eps.
//
// Every distance is Euclidean. The work runs on par.Parallel's
// goroutines over fixed-size blocks of rows, so results do not depend on
// the number of cores; random choices are drawn from a PCG generator seeded
// by the caller. Bad input or parameters give an error wrapping
// analysis.ErrInput; a cancelled context gives an error wrapping ctx.Err().
package cluster

import (
	"context"
	"fmt"

	"github.com/fashionlens/fashionlens/internal/par"
)

// cancelled wraps the context's error with the name of the algorithm.
func cancelled(ctx context.Context, what string) error {
	return fmt.Errorf("cluster: %s: %w", what, ctx.Err())
}

// indexError wraps an error of package neighbors with the name of the
// algorithm: as cancelled if ctx is done.
func indexError(ctx context.Context, what string, err error) error {
	if ctx.Err() != nil {
		return cancelled(ctx, what)
	}
	return fmt.Errorf("cluster: %s: %w", what, err)
}

// parallel is par.Parallel without the worker number.
func parallel(ctx context.Context, n, block int, fn func(b, lo, hi int)) error {
	return par.Parallel(ctx, n, block, func(_, b, lo, hi int) { fn(b, lo, hi) })
}

// dot is the dot product of a and b.
func dot(a, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// dot4 returns the dot products of x with c0, c1, c2 and c3 (each at
// least as long as x), loading each element of x once.
func dot4(x, c0, c1, c2, c3 []float64) (s0, s1, s2, s3 float64) {
	c0 = c0[:len(x)]
	c1 = c1[:len(x)]
	c2 = c2[:len(x)]
	c3 = c3[:len(x)]
	for t, v := range x {
		s0 += v * c0[t]
		s1 += v * c1[t]
		s2 += v * c2[t]
		s3 += v * c3[t]
	}
	return
}

// dots sets out[j] to the dot product of x with row j of c (len(out) rows
// of len(x) columns, contiguous).
func dots(x, c, out []float64) {
	d := len(x)
	j := 0
	for ; j+4 <= len(out); j += 4 {
		out[j], out[j+1], out[j+2], out[j+3] = dot4(x, c[j*d:], c[(j+1)*d:], c[(j+2)*d:], c[(j+3)*d:])
	}
	for ; j < len(out); j++ {
		out[j] = dot(x, c[j*d:(j+1)*d])
	}
}

// sqNorms returns the squared norms of the n rows of the contiguous x.
func sqNorms(x []float64, n, d int) []float64 {
	out := make([]float64, n)
	for i := range out {
		r := x[i*d : (i+1)*d]
		out[i] = dot(r, r)
	}
	return out
}
