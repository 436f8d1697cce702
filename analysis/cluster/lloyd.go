package cluster

import (
	"context"
	"math"
	"sort"

	"github.com/fashionlens/fashionlens/analysis"
)

// lloyd runs Lloyd's iterations from the given (centred) centres, as
// scikit-learn's _kmeans_single_lloyd. The assignment steps skip the
// distance computations that Hamerly's bounds prove unneeded (an upper
// bound on each point's distance to its centre, a lower bound on its
// distance to every other centre), which gives the same labels as
// computing them all: a point is only skipped when its centre is closer
// than every other by more than the rounding error of the distances.
func (km *kmeans) lloyd(ctx context.Context, centres []float64, maxIter int, tol float64) (*kmRun, error) {
	n, d := km.n, km.d
	k := len(centres) / d
	labels := make([]int, n)
	upper := make([]float64, n) // ≥ the distance to the point's centre
	lower := make([]float64, n) // ≤ the distance to any other centre
	next := make([]float64, k*d)
	counts := make([]int, k)
	sums := make([]float64, km.nb*k*d)
	bcounts := make([]int, km.nb*k)
	changed := make([]bool, km.nb)
	cn := make([]float64, k)
	half := make([]float64, k)  // half the distance to the nearest other centre
	moved := make([]float64, k) // how far each centre moved since the bounds were set
	fresh := true               // no bounds yet
	// The sums and sizes of the clusters of labels: summed in the first
	// iteration, then updated with the points that change cluster (the
	// relocation of empty clusters works on a copy).
	running := make([]float64, k*d)
	runCounts := make([]int, k)
	rebuild := true

	// assign sets labels to the nearest centre of each point and, if
	// update, next and counts to the sums and sizes of the clusters; it
	// reports whether a label changed.
	assign := func(update bool) (bool, error) {
		for j := range cn {
			c := centres[j*d : (j+1)*d]
			cn[j] = dot(c, c)
			half[j] = math.Inf(1)
		}
		for j := 0; j < k; j++ {
			for j2 := j + 1; j2 < k; j2++ {
				h := math.Sqrt(analysis.SqDist(centres[j*d:(j+1)*d], centres[j2*d:(j2+1)*d])) / 2
				half[j] = min(half[j], h)
				half[j2] = min(half[j2], h)
			}
		}
		// The lower bounds fall by the largest move of another centre.
		far, move1, move2 := 0, 0.0, 0.0
		for j, m := range moved {
			if m > move1 {
				far, move1, move2 = j, m, move1
			} else if m > move2 {
				move2 = m
			}
		}
		err := parallel(ctx, n, kmBlock, func(b, lo, hi int) {
			s := sums[b*k*d : (b+1)*k*d]
			bc := bcounts[b*k : (b+1)*k]
			if update {
				clear(s)
				clear(bc)
			}
			dp := make([]float64, k)
			ch := false
			for i := lo; i < hi; i++ {
				xi := km.row(i)
				old := labels[i]
				best := old
				if !fresh {
					upper[i] += moved[old]
					if old == far {
						lower[i] -= move2
					} else {
						lower[i] -= move1
					}
					bound := max(half[old], lower[i]) - km.margin
					if upper[i] >= bound {
						upper[i] = math.Sqrt(analysis.SqDist(xi, centres[old*d:(old+1)*d]))
					}
					if upper[i] >= bound {
						best = -1
					}
				}
				if best < 0 || fresh {
					dots(xi, centres, dp)
					bd, sd := cn[0]-2*dp[0], math.Inf(1)
					best = 0
					for j := 1; j < k; j++ {
						v := cn[j] - 2*dp[j]
						if v < bd {
							best, bd, sd = j, v, bd
						} else if v < sd {
							sd = v
						}
					}
					upper[i] = math.Sqrt(max(km.norms[i]+bd, 0))
					lower[i] = math.Sqrt(max(km.norms[i]+sd, 0))
				}
				if best != old {
					ch = true
					labels[i] = best
				}
				switch {
				case !update:
				case rebuild:
					// The block's sums.
					bc[best]++
					sj := s[best*d : (best+1)*d]
					for t, v := range xi {
						sj[t] += v
					}
				case best != old:
					// The changes to the block's sums.
					bc[best]++
					bc[old]--
					sj := s[best*d : (best+1)*d]
					so := s[old*d : (old+1)*d]
					for t, v := range xi {
						sj[t] += v
						so[t] -= v
					}
				}
			}
			changed[b] = ch
		})
		if err != nil {
			return false, cancelled(ctx, "k-means")
		}
		fresh = false
		clear(moved)
		any := false
		for _, c := range changed {
			any = any || c
		}
		if !update {
			return any, nil
		}
		if rebuild {
			clear(running)
			clear(runCounts)
		}
		for b := 0; b < km.nb; b++ {
			s := sums[b*k*d : (b+1)*k*d]
			for t, v := range s {
				running[t] += v
			}
			for j, c := range bcounts[b*k : (b+1)*k] {
				runCounts[j] += c
			}
		}
		rebuild = false
		copy(next, running)
		copy(counts, runCounts)
		return any, nil
	}

	for i := range labels {
		labels[i] = -1
	}
	iter, strict := 0, false
	for iter < maxIter {
		iter++
		ch, err := assign(true)
		if err != nil {
			return nil, err
		}
		km.relocate(labels, centres, next, counts)
		for j, c := range counts {
			if c > 0 {
				nj := next[j*d : (j+1)*d]
				inv := 1 / float64(c)
				for t := range nj {
					nj[t] *= inv
				}
			}
		}
		var shift float64
		for j := range moved {
			m := analysis.SqDist(next[j*d:(j+1)*d], centres[j*d:(j+1)*d])
			shift += m
			moved[j] = math.Sqrt(m)
		}
		centres, next = next, centres
		if !ch {
			strict = true
			break
		}
		if shift <= tol {
			break
		}
	}
	if !strict {
		if _, err := assign(false); err != nil {
			return nil, err
		}
	}
	inertia, err := km.inertia(ctx, labels, centres)
	if err != nil {
		return nil, err
	}
	return &kmRun{labels: labels, centres: centres, inertia: inertia, iterations: iter}, nil
}

// relocate re-seeds the empty clusters, if any, as scikit-learn's
// _relocate_empty_clusters_dense: the points farthest from their (old)
// centres, farthest first (lowest index on a tie), each leave their
// cluster's sum for an empty cluster, in the order of the clusters.
func (km *kmeans) relocate(labels []int, centres, sums []float64, counts []int) {
	var empty []int
	for j, c := range counts {
		if c == 0 {
			empty = append(empty, j)
		}
	}
	if len(empty) == 0 {
		return
	}
	d := km.d
	dist := make([]float64, km.n)
	idx := make([]int, km.n)
	for i := range dist {
		dist[i] = analysis.SqDist(km.row(i), centres[labels[i]*d:(labels[i]+1)*d])
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return dist[idx[a]] > dist[idx[b]] })
	for e, j := range empty {
		far := idx[e]
		from := labels[far]
		xf := km.row(far)
		sf := sums[from*d : (from+1)*d]
		sj := sums[j*d : (j+1)*d]
		for t, v := range xf {
			sf[t] -= v
			sj[t] = v
		}
		counts[j] = 1
		counts[from]--
	}
}

// inertia is the sum of the squared distances of the points to their
// centres, summed directly per block and the blocks in order.
func (km *kmeans) inertia(ctx context.Context, labels []int, centres []float64) (float64, error) {
	d := km.d
	part := make([]float64, km.nb)
	err := parallel(ctx, km.n, kmBlock, func(b, lo, hi int) {
		var s float64
		for i := lo; i < hi; i++ {
			s += analysis.SqDist(km.row(i), centres[labels[i]*d:(labels[i]+1)*d])
		}
		part[b] = s
	})
	if err != nil {
		return 0, cancelled(ctx, "k-means")
	}
	var s float64
	for _, v := range part {
		s += v
	}
	return s, nil
}
