package umap

import (
	"context"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis/neighbors"
	"github.com/fashionlens/fashionlens/internal/par"
)

// Constants of umap-learn's smooth_knn_dist.
const (
	sigmaSteps     = 64
	sigmaTolerance = 1e-5
	minKDistScale  = 1e-3
)

// nearest returns the k nearest other points of every row of x, exactly,
// with package neighbors' index.
func nearest(ctx context.Context, x *mat.Dense, k int) (*neighbors.Graph, error) {
	ix, err := neighbors.Build(ctx, x)
	if err != nil {
		return nil, err
	}
	return ix.AllNearest(ctx, k)
}

// graph is the fuzzy simplicial set: a symmetric sparse matrix in
// compressed rows, row i's columns col[ptr[i]:ptr[i+1]] in increasing
// order, with their memberships w.
type graph struct {
	n   int
	ptr []int
	col []int32
	w   []float64
}

// fuzzyGraph is umap-learn's fuzzy_simplicial_set on the neighbours nb
// (the point itself not among them) with n_neighbors = neighbors (the
// point itself included), local_connectivity 1, set_op_mix_ratio 1.
func fuzzyGraph(ctx context.Context, nb *neighbors.Graph, n, neighbors int) (*graph, error) {
	k := nb.K
	// Distances, and the mean distance over all points and neighbours,
	// the point itself included at 0 (umap-learn's mean_distances).
	dist := make([]float64, len(nb.SqDist))
	for c, s := range nb.SqDist {
		dist[c] = math.Sqrt(s)
	}
	var sum float64
	for _, v := range dist {
		sum += v
	}
	meanAll := sum / float64(n*(k+1))

	// The directed memberships, row i's k values beside nb's.
	memb := make([]float64, len(dist))
	target := math.Log2(float64(neighbors))
	err := par.Parallel(ctx, n, 1024, func(_, _, lo, hi int) {
		for i := lo; i < hi; i++ {
			d := dist[i*k : (i+1)*k]
			rho, sigma := smoothDist(d, target, meanAll)
			m := memb[i*k : (i+1)*k]
			for c, v := range d {
				if v-rho <= 0 || sigma == 0 {
					m[c] = 1
				} else {
					m[c] = math.Exp(-(v - rho) / sigma)
				}
			}
		}
	})
	if err != nil {
		return nil, err
	}

	// The fuzzy union A + Aᵀ − A∘Aᵀ: row i holds its own neighbours
	// and the points of which it is a neighbour.
	ptr := make([]int, n+1)
	for i := range n {
		for _, j := range nb.Idx[i*k : (i+1)*k] {
			ptr[i+1]++
			ptr[j+1]++
		}
	}
	for i := range n {
		ptr[i+1] += ptr[i]
	}
	type entry struct {
		j int32
		w float64
	}
	ent := make([]entry, ptr[n])
	fill := slices.Clone(ptr[:n])
	for i := range n {
		for c, j := range nb.Idx[i*k : (i+1)*k] {
			w := memb[i*k+c]
			ent[fill[i]] = entry{j, w}
			fill[i]++
			ent[fill[j]] = entry{int32(i), w}
			fill[j]++
		}
	}
	// Sort each row by column and merge a pair's two directions; count
	// the entries kept (a membership of 0 is dropped, as scipy's
	// eliminate_zeros).
	kept := make([]int, n)
	err = par.Parallel(ctx, n, 1024, func(_, _, lo, hi int) {
		for i := lo; i < hi; i++ {
			row := ent[ptr[i]:ptr[i+1]]
			slices.SortFunc(row, func(a, b entry) int { return int(a.j) - int(b.j) })
			out := 0
			for c := 0; c < len(row); c++ {
				e := row[c]
				if c+1 < len(row) && row[c+1].j == e.j {
					// A(i,j) and A(j,i), in either order: a + b − a·b is
					// the same both ways, so the graph stays symmetric
					// to the last bit.
					a, b := e.w, row[c+1].w
					e.w = a + b - a*b
					c++
				}
				if e.w != 0 {
					row[out] = e
					out++
				}
			}
			kept[i] = out
		}
	})
	if err != nil {
		return nil, err
	}
	g := &graph{n: n, ptr: make([]int, n+1)}
	for i := range n {
		g.ptr[i+1] = g.ptr[i] + kept[i]
	}
	g.col = make([]int32, g.ptr[n])
	g.w = make([]float64, g.ptr[n])
	for i := range n {
		for c, e := range ent[ptr[i] : ptr[i]+kept[i]] {
			g.col[g.ptr[i]+c] = e.j
			g.w[g.ptr[i]+c] = e.w
		}
	}
	return g, nil
}

// smoothDist is umap-learn's smooth_knn_dist for one point whose
// distances to its k nearest other points are d, nearest first: ρ, the
// nearest non-zero distance, and σ, such that Σ exp(−max(0, d − ρ)/σ) is
// target (log₂ of n_neighbors), floored at 1e-3 times the mean distance
// (the point's own, the point itself included at 0, or meanAll's if ρ is
// 0).
func smoothDist(d []float64, target, meanAll float64) (rho, sigma float64) {
	for _, v := range d {
		if v > 0 {
			rho = v
			break
		}
	}
	lo, hi, mid := 0.0, math.Inf(1), 1.0
	for range sigmaSteps {
		psum := 0.0
		for _, v := range d {
			if e := v - rho; e > 0 {
				psum += math.Exp(-e / mid)
			} else {
				psum++
			}
		}
		if math.Abs(psum-target) < sigmaTolerance {
			break
		}
		if psum > target {
			hi = mid
			mid = (lo + hi) / 2
		} else {
			lo = mid
			if math.IsInf(hi, 1) {
				mid *= 2
			} else {
				mid = (lo + hi) / 2
			}
		}
	}
	sigma = mid
	if rho > 0 {
		mean := 0.0
		for _, v := range d {
			mean += v
		}
		mean /= float64(len(d) + 1)
		sigma = max(sigma, minKDistScale*mean)
	} else {
		sigma = max(sigma, minKDistScale*meanAll)
	}
	return rho, sigma
}
