// Package analysis holds what Fashion Lens computes on feature matrices:
// the checks every algorithm shares, here, and in sub-packages PCA and
// t-SNE (pca, tsne), K-means and DBSCAN (cluster), metrics and the
// cluster-to-class mapping (metrics), nearest neighbours (neighbors),
// feature files (featfile) and figures (plot).
//
// Matrices are gonum *mat.Dense, one row per point. Every algorithm takes a
// context.Context, a seed where it draws random numbers, and reports
// progress where it runs longer than a moment. Bad input or parameters
// give an error that wraps ErrInput, never a panic. Nothing here imports
// the network or Fyne.
package analysis

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/gonum/mat"
)

// ErrInput is wrapped by every error about bad input data or parameters:
// no rows, NaN or Inf values, zero variance, k > n, eps ≤ 0, and so on.
var ErrInput = errors.New("bad input")

// Errorf returns an error wrapping ErrInput with the formatted message.
func Errorf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInput, fmt.Sprintf(format, args...))
}

// Check returns the size of x and an error wrapping ErrInput if x is nil
// or empty, or holds a NaN or an infinity (naming the first one's row and
// column).
func Check(x *mat.Dense) (n, d int, err error) {
	if x == nil || x.IsEmpty() {
		return 0, 0, Errorf("no data: the matrix has zero rows")
	}
	n, d = x.Dims()
	raw := x.RawMatrix()
	for i := 0; i < n; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+d]
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, 0, Errorf("row %d, column %d is %v", i, j, v)
			}
		}
	}
	return n, d, nil
}

// CheckVariance returns an error wrapping ErrInput if every row of x is
// the same point, so there is nothing to project or cluster.
func CheckVariance(x *mat.Dense) error {
	n, d := x.Dims()
	raw := x.RawMatrix()
	first := raw.Data[:d]
	for i := 1; i < n; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+d]
		for j, v := range row {
			if v != first[j] {
				return nil
			}
		}
	}
	return Errorf("zero variance: all %d points are the same", n)
}

// SqDist returns the squared Euclidean distance between a and b, which
// have the same length, summed directly (no cancellation) in four
// interleaved partial sums. Every exact distance in the analysis
// packages uses it, so they agree to the last bit.
func SqDist(a, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		d0 := a[i] - b[i]
		d1 := a[i+1] - b[i+1]
		d2 := a[i+2] - b[i+2]
		d3 := a[i+3] - b[i+3]
		s0 += d0 * d0
		s1 += d1 * d1
		s2 += d2 * d2
		s3 += d3 * d3
	}
	for ; i < len(a); i++ {
		d := a[i] - b[i]
		s0 += d * d
	}
	return (s0 + s1) + (s2 + s3)
}

// SqDistBelow returns SqDist(a, b) if it is below bound, and otherwise
// some value ≥ bound, possibly before summing all coordinates (the partial
// sums only grow). When it returns a value below bound, it is exactly
// SqDist(a, b): the same sums in the same order. Nearest-neighbour
// searches prune with it.
func SqDistBelow(a, b []float64, bound float64) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+16 <= len(a); i += 16 {
		for m := i; m < i+16; m += 4 {
			d0 := a[m] - b[m]
			d1 := a[m+1] - b[m+1]
			d2 := a[m+2] - b[m+2]
			d3 := a[m+3] - b[m+3]
			s0 += d0 * d0
			s1 += d1 * d1
			s2 += d2 * d2
			s3 += d3 * d3
		}
		if (s0+s1)+(s2+s3) >= bound {
			return (s0 + s1) + (s2 + s3)
		}
	}
	for ; i+4 <= len(a); i += 4 {
		d0 := a[i] - b[i]
		d1 := a[i+1] - b[i+1]
		d2 := a[i+2] - b[i+2]
		d3 := a[i+3] - b[i+3]
		s0 += d0 * d0
		s1 += d1 * d1
		s2 += d2 * d2
		s3 += d3 * d3
	}
	for ; i < len(a); i++ {
		d := a[i] - b[i]
		s0 += d * d
	}
	return (s0 + s1) + (s2 + s3)
}

// Thousands formats n with commas between groups of three digits:
// 60,000; −1234 is "-1,234".
func Thousands(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
