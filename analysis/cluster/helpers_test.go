package cluster

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// blobs returns per points around each of the given centres, Gaussian
// with standard deviation sd, and their true labels; points of the blobs
// are interleaved (point i belongs to blob i mod len(centres)).
func blobs(seed uint64, centres [][]float64, per int, sd float64) (*mat.Dense, []int) {
	rng := rand.New(rand.NewPCG(seed, 1))
	k, d := len(centres), len(centres[0])
	x := mat.NewDense(k*per, d, nil)
	labels := make([]int, k*per)
	for i := range labels {
		c := i % k
		labels[i] = c
		for t := 0; t < d; t++ {
			x.Set(i, t, centres[c][t]+sd*rng.NormFloat64())
		}
	}
	return x, labels
}

// rings returns per points on each of two concentric circles of radius 1
// and 3 (radial noise sd) and their ring (0 inner, 1 outer).
func rings(seed uint64, per int, sd float64) (*mat.Dense, []int) {
	rng := rand.New(rand.NewPCG(seed, 2))
	x := mat.NewDense(2*per, 2, nil)
	labels := make([]int, 2*per)
	for i := range labels {
		r := 1.0
		if i%2 == 1 {
			r, labels[i] = 3, 1
		}
		r += sd * rng.NormFloat64()
		a := 2 * math.Pi * rng.Float64()
		x.Set(i, 0, r*math.Cos(a))
		x.Set(i, 1, r*math.Sin(a))
	}
	return x, labels
}

// randomMatrix returns n×d uniform values in [0, scale).
func randomMatrix(seed uint64, n, d int, scale float64) *mat.Dense {
	rng := rand.New(rand.NewPCG(seed, 3))
	x := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		for t := 0; t < d; t++ {
			x.Set(i, t, scale*rng.Float64())
		}
	}
	return x
}

// agreement is the fraction of points whose label matches the truth under
// the best one-to-one renaming of the labels (brute force over the
// permutations; for a handful of clusters). Labels outside 0…k−1 (noise)
// never match.
func agreement(truth, labels []int, k int) float64 {
	perm := make([]int, k)
	for i := range perm {
		perm[i] = i
	}
	best := 0
	var rec func(int)
	rec = func(at int) {
		if at == k {
			c := 0
			for i, l := range labels {
				if l >= 0 && l < k && perm[l] == truth[i] {
					c++
				}
			}
			best = max(best, c)
			return
		}
		for j := at; j < k; j++ {
			perm[at], perm[j] = perm[j], perm[at]
			rec(at + 1)
			perm[at], perm[j] = perm[j], perm[at]
		}
	}
	rec(0)
	return float64(best) / float64(len(truth))
}

// withProcs runs f with GOMAXPROCS set to p.
func withProcs(p int, f func()) {
	old := runtime.GOMAXPROCS(p)
	defer runtime.GOMAXPROCS(old)
	f()
}

// sameInts reports whether a and b are equal.
func sameInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func fatalIf(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wide returns n points in 300 dimensions (more than maxRotateDims, so not
// rotated) whose first 20 coordinates are 0: three groups around random
// centres, noise sd 0.3.
func wide(seed uint64, n int) *mat.Dense {
	rng := rand.New(rand.NewPCG(seed, 4))
	const d = 300
	base := make([][]float64, 3)
	for c := range base {
		base[c] = make([]float64, d)
		for t := 20; t < d; t++ {
			base[c][t] = rng.Float64()
		}
	}
	x := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		for t := 20; t < d; t++ {
			x.Set(i, t, base[i%3][t]+0.3*rng.NormFloat64())
		}
	}
	return x
}
