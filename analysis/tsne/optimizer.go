package tsne

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/internal/par"
	"github.com/fashionlens/fashionlens/internal/progress"
)

// optimizer holds the state of the gradient descent.
type optimizer struct {
	n      int
	P      *sparseP
	theta2 float64
	tree   quadTree

	y             []float64 // the layout, x and y of each point
	update, gains []float64
	pos, neg      []float64 // attractive and unnormalised repulsive forces
	grad          []float64 // the gain-scaled gradient
	z             []float64 // each point's share of Z
	klRow         []float64 // each point's share of KL, less Σ p·log Z
	groups        []int32   // nodes whose points share a tree walk
	lists         [][]qsource
}

func newOptimizer(P *sparseP, y []float64, theta float64) *optimizer {
	n := len(y) / 2
	w := runtime.GOMAXPROCS(0)
	return &optimizer{
		n: n, P: P, theta2: theta * theta, lists: make([][]qsource, w),
		y:      y,
		update: make([]float64, 2*n), gains: make([]float64, 2*n),
		pos: make([]float64, 2*n), neg: make([]float64, 2*n), grad: make([]float64, 2*n),
		z: make([]float64, n), klRow: make([]float64, n),
	}
}

// parallel calls f(worker, lo, hi) over blocks of [0, n) on the analysis
// packages' worker pool (par.Parallel); if first is not nil, worker
// 0 calls it before taking blocks (or it runs after them, if worker 0
// took none), so a serial task overlaps the parallel ones.
func (o *optimizer) parallel(n, chunk int, first func(), f func(w, lo, hi int)) {
	var once sync.Once
	run := func() {
		if first != nil {
			once.Do(first)
		}
	}
	// The optimizer checks its context between iterations: a step runs
	// to its end.
	_ = par.Parallel(context.Background(), n, chunk, func(w, _, lo, hi int) {
		if w == 0 {
			run()
		}
		f(w, lo, hi)
	})
	run()
}

// step runs one iteration of scikit-learn's _gradient_descent with the
// objective _kl_divergence_bh, P multiplied by exag. It returns the KL
// divergence (if withError) and the norm of the gain-scaled gradient.
//
// The attractive forces need no tree, so one goroutine builds the
// quadtree while the others start on them; then the repulsive forces are
// computed over groups of points, and last the update.
func (o *optimizer) step(exag, momentum, lr float64, withError bool) (kl, gradNorm float64) {
	n := o.n
	y := o.y
	P := o.P
	o.parallel(n, 256, func() { o.tree.build(y, n, o.theta2) }, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			xi, yi := y[2*i], y[2*i+1]
			// Two entries at a time, with separate sums.
			var fx, fy, gx, gy float64
			e, end := P.ptr[i], P.ptr[i+1]
			for ; e+1 < end; e += 2 {
				j, k := P.col[e], P.col[e+1]
				dx, dy := xi-y[2*j], yi-y[2*j+1]
				ex, ey := xi-y[2*k], yi-y[2*k+1]
				pq := P.val[e] / (1 + dx*dx + dy*dy)
				pr := P.val[e+1] / (1 + ex*ex + ey*ey)
				fx += pq * dx
				fy += pq * dy
				gx += pr * ex
				gy += pr * ey
			}
			if e < end {
				j := P.col[e]
				dx, dy := xi-y[2*j], yi-y[2*j+1]
				pq := P.val[e] / (1 + dx*dx + dy*dy)
				fx += pq * dx
				fy += pq * dy
			}
			o.pos[2*i], o.pos[2*i+1] = exag*(fx+gx), exag*(fy+gy)
			if withError {
				// Σ p·log(p/(q/Z)) less the Σ p·log Z added below.
				c := 0.0
				for e := P.ptr[i]; e < end; e++ {
					j := P.col[e]
					dx, dy := xi-y[2*j], yi-y[2*j+1]
					p := exag * P.val[e]
					c += p * math.Log(max(p, float32Tiny)*(1+dx*dx+dy*dy))
				}
				o.klRow[i] = c
			}
		}
	})

	o.groups = o.tree.groups(qGroup, o.groups)
	o.parallel(len(o.groups), 4, nil, func(w, lo, hi int) {
		for _, g := range o.groups[lo:hi] {
			nd := &o.tree.nodes[g]
			o.lists[w] = o.tree.repulseGroup(int(nd.lo), int(nd.hi), o.neg, o.z, o.lists[w])
		}
	})
	Z := 0.0
	for _, z := range o.z {
		Z += z
	}
	invZ := 1 / Z

	o.parallel(n, 1024, nil, func(_, lo, hi int) {
		for c := 2 * lo; c < 2*hi; c++ {
			g := 4 * (o.pos[c] - o.neg[c]*invZ)
			u := o.update[c]
			gain := o.gains[c]
			if u*g < 0 {
				gain += 0.2
			} else {
				gain *= 0.8
			}
			gain = max(gain, minGain)
			o.gains[c] = gain
			g *= gain
			o.grad[c] = g
			u = momentum*u - lr*g
			o.update[c] = u
			y[c] += u
		}
	})
	for c := range o.grad {
		gradNorm += o.grad[c] * o.grad[c]
	}
	if withError {
		for _, c := range o.klRow {
			kl += c
		}
		// ΣP = 1.
		kl += exag * math.Log(Z)
	}
	return kl, math.Sqrt(gradNorm)
}

func (o *optimizer) layout() *mat.Dense {
	return mat.NewDense(o.n, 2, append([]float64(nil), o.y...))
}

// run is scikit-learn's TSNE._tsne: 250 iterations with exaggeration and
// momentum 0.5, then the rest with momentum 0.8, each stage starting with
// no momentum and unit gains.
func (o *optimizer) run(ctx context.Context, opts Options) (*Result, error) {
	total := opts.Iterations
	reported := -1
	var kl float64
	descend := func(from, to int, exag, momentum float64, patience int) (int, error) {
		clear(o.update)
		for i := range o.gains {
			o.gains[i] = 1
		}
		best, bestIter := math.MaxFloat64, from
		i := from
		for ; i < to; i++ {
			if err := ctx.Err(); err != nil {
				return i, fmt.Errorf("tsne: iteration %d: %w", i, err)
			}
			check := (i+1)%checkEvery == 0
			report := opts.Progress != nil && ((i+1)%opts.ProgressEvery == 0 || i == total-1)
			var norm float64
			kl, norm = o.step(exag, momentum, opts.LearningRate, check || report || i == to-1)
			stop := false
			if check {
				if kl < best {
					best, bestIter = kl, i
				} else if i-bestIter > patience {
					stop = true
				}
				if norm <= minGradNorm {
					stop = true
				}
			}
			if report || (stop && opts.Progress != nil) {
				opts.Progress(progressAt(i+1, total, kl, o.layout()))
				reported = i
			}
			if stop {
				return i, nil
			}
		}
		return i - 1, nil
	}
	last, err := descend(0, explorationIters, earlyExaggeration, 0.5, explorationIters)
	if err != nil {
		return nil, err
	}
	if last < explorationIters-1 || total > explorationIters {
		if last, err = descend(last+1, total, 1, 0.8, iterWithoutProgress); err != nil {
			return nil, err
		}
	}
	if opts.Progress != nil && reported != last {
		opts.Progress(progressAt(last+1, total, kl, o.layout()))
	}
	return &Result{Y: o.layout(), KL: kl, Iterations: last + 1}, nil
}

// progressAt is the progress report after iteration it of total, with the
// KL divergence kl and the layout y.
func progressAt(it, total int, kl float64, y *mat.Dense) progress.Report {
	return progress.Report{Done: it, Total: total, Value: kl, Frame: y,
		Note: fmt.Sprintf("iteration %d of %d, KL %.4f", it, total, kl)}
}
