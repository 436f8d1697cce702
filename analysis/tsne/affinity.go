package tsne

import (
	"context"
	"math"
	"slices"

	"github.com/fashionlens/fashionlens/internal/par"
)

// Constants of scikit-learn's _binary_search_perplexity.
const (
	perplexityTol   = 1e-5
	perplexitySteps = 100
	epsilonDbl      = 1e-8
)

// conditional returns the conditional probabilities p(j|i) of each point's
// k neighbours (n×k, rows summing to one) with the Gaussian bandwidth of
// each point found by binary search so that the perplexity of the row is
// perplexity, as scikit-learn's _binary_search_perplexity: on squared
// distances, to a tolerance of 1e-5 in the entropy (nats), at most 100
// steps, starting at β = 1.
func conditional(ctx context.Context, nb *neighbours, n int, perplexity float64) ([]float64, error) {
	k := nb.k
	p := make([]float64, n*k)
	want := math.Log(perplexity)
	const chunk = 256
	err := par.Parallel(ctx, n, chunk, func(_, _, lo, hi int) {
		for i := lo; i < hi; i++ {
			searchBeta(nb.dist2[i*k:(i+1)*k], p[i*k:(i+1)*k], want)
		}
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// searchBeta sets p to exp(−β·d2) / Σ for the β whose entropy is want.
func searchBeta(d2, p []float64, want float64) {
	beta, lo, hi := 1.0, math.Inf(-1), math.Inf(1)
	for step := 0; step < perplexitySteps; step++ {
		sum := 0.0
		for j, d := range d2 {
			p[j] = math.Exp(-d * beta)
			sum += p[j]
		}
		if sum == 0 {
			sum = epsilonDbl
		}
		sumDP := 0.0
		for j, d := range d2 {
			p[j] /= sum
			sumDP += d * p[j]
		}
		diff := math.Log(sum) + beta*sumDP - want
		if math.Abs(diff) <= perplexityTol {
			break
		}
		if diff > 0 {
			lo = beta
			if math.IsInf(hi, 1) {
				beta *= 2
			} else {
				beta = (beta + hi) / 2
			}
		} else {
			hi = beta
			if math.IsInf(lo, -1) {
				beta /= 2
			} else {
				beta = (beta + lo) / 2
			}
		}
	}
}

// sparseP is the symmetric joint probability matrix P in compressed rows:
// row i's columns are col[ptr[i]:ptr[i+1]] (increasing) with values
// val[ptr[i]:ptr[i+1]]. The values sum to one.
type sparseP struct {
	ptr []int
	col []int32
	val []float64
}

// joint symmetrises the conditional probabilities: P = (C + Cᵀ) / ΣC,
// which is (C + Cᵀ) / (2n) since each row of C sums to one, as
// scikit-learn's _joint_probabilities_nn.
func joint(nb *neighbours, cond []float64, n int) *sparseP {
	k := nb.k
	// Transpose lists: for each j, the rows i that have j as a neighbour,
	// in increasing i.
	tptr := make([]int, n+1)
	for _, j := range nb.idx {
		tptr[j+1]++
	}
	for j := 0; j < n; j++ {
		tptr[j+1] += tptr[j]
	}
	trow := make([]int32, n*k)
	tval := make([]float64, n*k)
	fill := slices.Clone(tptr[:n])
	for i := 0; i < n; i++ {
		for c := i * k; c < (i+1)*k; c++ {
			j := nb.idx[c]
			trow[fill[j]], tval[fill[j]] = int32(i), cond[c]
			fill[j]++
		}
	}

	// Merge each row's own (sorted by column) and transposed entries.
	P := &sparseP{ptr: make([]int, n+1), col: make([]int32, 0, 2*n*k), val: make([]float64, 0, 2*n*k)}
	type entry struct {
		j int32
		v float64
	}
	own := make([]entry, k)
	sum := 0.0
	for i := 0; i < n; i++ {
		for c := 0; c < k; c++ {
			own[c] = entry{nb.idx[i*k+c], cond[i*k+c]}
		}
		slices.SortFunc(own, func(a, b entry) int { return int(a.j) - int(b.j) })
		a, b := 0, tptr[i]
		for a < k || b < tptr[i+1] {
			var j int32
			var v float64
			switch {
			case b == tptr[i+1] || (a < k && own[a].j < trow[b]):
				j, v = own[a].j, own[a].v
				a++
			case a == k || trow[b] < own[a].j:
				j, v = trow[b], tval[b]
				b++
			default:
				j, v = own[a].j, own[a].v+tval[b]
				a++
				b++
			}
			P.col = append(P.col, j)
			P.val = append(P.val, v)
			sum += v
		}
		P.ptr[i+1] = len(P.col)
	}
	sum = math.Max(sum, machineEpsilon)
	for c := range P.val {
		P.val[c] /= sum
	}
	return P
}

// machineEpsilon is numpy's float64 eps, scikit-learn's MACHINE_EPSILON.
const machineEpsilon = 2.220446049250313e-16
