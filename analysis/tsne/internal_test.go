package tsne

import (
	"cmp"
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/fashionlens/fashionlens/analysis"
)

// TestKNN compares the neighbour index with brute force, ties (from
// duplicate and lattice points) included.
func TestKNN(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const n, d, k = 400, 5, 12
	data := make([]float64, n*d)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			switch {
			case i < 100:
				data[i*d+j] = float64(rng.IntN(3)) // lattice, many ties
			case i < 120:
				data[i*d+j] = data[(i-20)*d+j] // duplicates
			default:
				data[i*d+j] = rng.NormFloat64()
			}
		}
	}
	nb, err := knn(context.Background(), data, n, d, k)
	if err != nil {
		t.Fatal(err)
	}
	type cand struct {
		d float64
		j int32
	}
	for i := 0; i < n; i++ {
		var all []cand
		for j := 0; j < n; j++ {
			if j != i {
				all = append(all, cand{analysis.SqDist(data[i*d:(i+1)*d], data[j*d:(j+1)*d]), int32(j)})
			}
		}
		slices.SortFunc(all, func(a, b cand) int {
			return cmp.Or(cmp.Compare(a.d, b.d), cmp.Compare(a.j, b.j))
		})
		for c := 0; c < k; c++ {
			if nb.idx[i*k+c] != all[c].j || math.Abs(nb.dist2[i*k+c]-all[c].d) > 1e-12*all[c].d {
				t.Fatalf("point %d, neighbour %d: %d at %v, want %d at %v", i, c, nb.idx[i*k+c], nb.dist2[i*k+c], all[c].j, all[c].d)
			}
		}
	}
}

// TestAffinities checks the perplexity of each conditional distribution
// and that the joint P is symmetric and sums to one.
func TestAffinities(t *testing.T) {
	x, _ := blobs(3, 30, 5, 8)
	n, d := x.Dims()
	data := contiguous(x)
	const perp = 7
	k := 3*perp + 1
	nb, err := knn(context.Background(), data, n, d, k)
	if err != nil {
		t.Fatal(err)
	}
	cond, err := conditional(context.Background(), nb, n, perp)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		var sum, h float64
		for _, p := range cond[i*k : (i+1)*k] {
			sum += p
			if p > 0 {
				h -= p * math.Log(p)
			}
		}
		if math.Abs(sum-1) > 1e-12 || math.Abs(h-math.Log(perp)) > 1e-4 {
			t.Errorf("row %d: sum %v, perplexity %v", i, sum, math.Exp(h))
		}
	}
	P := joint(nb, cond, n)
	get := func(i, j int) float64 {
		cols := P.col[P.ptr[i]:P.ptr[i+1]]
		if c, ok := slices.BinarySearch(cols, int32(j)); ok {
			return P.val[P.ptr[i]+c]
		}
		return 0
	}
	sum := 0.0
	for i := 0; i < n; i++ {
		cols := P.col[P.ptr[i]:P.ptr[i+1]]
		if !slices.IsSorted(cols) {
			t.Fatalf("row %d not sorted", i)
		}
		for e := P.ptr[i]; e < P.ptr[i+1]; e++ {
			j := int(P.col[e])
			sum += P.val[e]
			if j == i || P.val[e] != get(j, i) {
				t.Fatalf("P[%d,%d] = %v, P[%d,%d] = %v", i, j, P.val[e], j, i, get(j, i))
			}
		}
		// p(j|i) + p(i|j) over 2n.
		for c := 0; c < k; c++ {
			j := int(nb.idx[i*k+c])
			want := cond[i*k+c]
			for c2 := 0; c2 < k; c2++ {
				if int(nb.idx[j*k+c2]) == i {
					want += cond[j*k+c2]
				}
			}
			if g := get(i, j); math.Abs(g-want/float64(2*n)) > 1e-15 {
				t.Fatalf("P[%d,%d] = %v, want %v", i, j, g, want/float64(2*n))
			}
		}
	}
	if math.Abs(sum-1) > 1e-12 {
		t.Errorf("P sums to %v", sum)
	}
}

// TestRepulsion compares the Barnes-Hut forces with the exact sums: equal
// (to rounding) for θ = 0 or tiny, close for θ = 0.5, and still sane for
// a θ so large that cells holding the point itself would qualify.
func TestRepulsion(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const n = 500
	y := make([]float64, 2*n)
	for i := range y {
		y[i] = rng.NormFloat64() * 5
		if i >= n { // a tight cluster too
			y[i] = 20 + rng.NormFloat64()*1e-3
		}
	}
	ex := make([]float64, 2*n)
	ez := make([]float64, n)
	mag := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if j == i {
				continue
			}
			dx, dy := y[2*i]-y[2*j], y[2*i+1]-y[2*j+1]
			q := 1 / (1 + dx*dx + dy*dy)
			ez[i] += q
			ex[2*i] += q * q * dx
			ex[2*i+1] += q * q * dy
			mag[i] += q * q * math.Hypot(dx, dy)
		}
	}
	var tree quadTree
	neg := make([]float64, 2*n)
	z := make([]float64, n)
	for _, c := range []struct{ theta, tol float64 }{{0, 1e-12}, {1e-9, 1e-12}, {0.5, 0.05}, {1.2, 0.5}} {
		tree.build(y, n, c.theta*c.theta)
		var list []qsource
		for _, g := range tree.groups(qGroup, nil) {
			list = tree.repulseGroup(int(tree.nodes[g].lo), int(tree.nodes[g].hi), neg, z, list)
		}
		worst := 0.0
		for i := 0; i < n; i++ {
			// Relative to the sum of the magnitudes: the net force
			// nearly cancels in the middle of the cloud.
			worst = max(worst, math.Abs(z[i]-ez[i])/ez[i], math.Hypot(neg[2*i]-ex[2*i], neg[2*i+1]-ex[2*i+1])/mag[i])
		}
		t.Logf("θ = %v: worst relative error %.2g", c.theta, worst)
		if worst > c.tol {
			t.Errorf("θ = %v: relative error %v, want ≤ %v", c.theta, worst, c.tol)
		}
	}
}
