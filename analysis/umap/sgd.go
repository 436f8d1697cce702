package umap

import (
	"context"
	"fmt"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/internal/par"
	"github.com/fashionlens/fashionlens/internal/progress"
)

// blockPoints is the number of consecutive points whose positions one
// block of an epoch owns; the blocks, and so the random streams, do not
// depend on the number of cores.
const blockPoints = 256

// clipGrad is umap-learn's gradient clip.
const clipGrad = 4

// descent is umap-learn's optimize_layout_euclidean, in parallel blocks
// (see the package documentation).
type descent struct {
	n       int
	y, prev []float64 // the layout, and its copy at the start of the epoch
	a, b    float64
	o       Options

	// The sampled edges in compressed rows by head: point i's edges are
	// ptr[i]..ptr[i+1]−1, to the points tail[e].
	ptr  []int
	tail []int32
	// Per edge: epochs per sample and per negative sample, and the epochs
	// of the next ones (umap-learn's epochs_per_sample,
	// epochs_per_negative_sample, epoch_of_next_sample,
	// epoch_of_next_negative_sample).
	every, everyNeg, next, nextNeg []float64
}

// newDescent keeps the edges of g that the descent samples: umap-learn
// drops those below max/Epochs (max/500 or max/200, its defaults, when
// Epochs ≤ 10).
func newDescent(g *graph, y []float64, a, b float64, o Options) *descent {
	top := 0.0
	for _, w := range g.w {
		top = max(top, w)
	}
	epochs := o.Epochs
	if epochs <= 10 {
		epochs = SmallEpochs
		if g.n > SmallData {
			epochs = LargeEpochs
		}
	}
	floor := top / float64(epochs)
	s := &descent{n: g.n, y: y, prev: make([]float64, len(y)), a: a, b: b, o: o, ptr: make([]int, g.n+1)}
	for i := range g.n {
		for e := g.ptr[i]; e < g.ptr[i+1]; e++ {
			w := g.w[e]
			if w < floor {
				continue
			}
			// make_epochs_per_sample: n_epochs / (n_epochs·w/max).
			every := float64(o.Epochs) / (float64(o.Epochs) * (w / top))
			s.tail = append(s.tail, g.col[e])
			s.every = append(s.every, every)
			s.everyNeg = append(s.everyNeg, every/float64(o.NegativeRate))
		}
		s.ptr[i+1] = len(s.tail)
	}
	s.next = append([]float64(nil), s.every...)
	s.nextNeg = append([]float64(nil), s.everyNeg...)
	return s
}

// clip is umap-learn's clip: v limited to [−4, 4].
func clip(v float64) float64 {
	if v > clipGrad {
		return clipGrad
	}
	if v < -clipGrad {
		return -clipGrad
	}
	return v
}

// epoch runs epoch e (from 0) with learning rate alpha.
func (s *descent) epoch(ctx context.Context, e int, alpha float64) error {
	copy(s.prev, s.y)
	n, y, prev := s.n, s.y, s.prev
	a, b := s.a, s.b
	ab2 := 2 * a * b
	b2 := 2 * b
	fe := float64(e)
	return par.Parallel(ctx, n, blockPoints, func(_, blk, lo, hi int) {
		rng := newStream(s.o.Seed, streamEpoch, uint64(e), uint64(blk))
		var dx, dy, d2, pw []float64 // the negative samples'
		for i := lo; i < hi; i++ {
			cx, cy := y[2*i], y[2*i+1]
			for c := s.ptr[i]; c < s.ptr[i+1]; c++ {
				if s.next[c] > fe {
					continue
				}
				j := s.tail[c]
				ex, ey := cx-prev[2*j], cy-prev[2*j+1]
				if d := ex*ex + ey*ey; d > 0 {
					p := pow(d, b)
					coef := -ab2 * p / (d * (a*p + 1))
					// Twice: this end's pull, and the one umap-learn
					// gives it as the other end of the edge (j, i).
					cx += 2 * clip(coef*ex) * alpha
					cy += 2 * clip(coef*ey) * alpha
				}
				s.next[c] += s.every[c]
				neg := int((fe - s.nextNeg[c]) / s.everyNeg[c])
				// The negative samples all push from the same place, and
				// their moves are added: their gradients are independent,
				// so the processor computes them side by side.
				dx, dy, d2, pw = dx[:0], dy[:0], d2[:0], slices.Grow(pw[:0], neg)[:0]
				for range neg {
					k := rng.intn(n)
					if k == i {
						continue
					}
					ex, ey := cx-prev[2*k], cy-prev[2*k+1]
					dx, dy, d2 = append(dx, ex), append(dy, ey), append(d2, ex*ex+ey*ey)
				}
				pw = pw[:len(d2)]
				powTo(pw, d2, b)
				var sx, sy float64
				for p, d := range d2 {
					gx, gy := float64(clipGrad), float64(clipGrad)
					if d > 0 {
						if coef := b2 / ((0.001 + d) * (a*pw[p] + 1)); coef > 0 {
							gx, gy = clip(coef*dx[p]), clip(coef*dy[p])
						}
					}
					sx += gx
					sy += gy
				}
				cx += sx * alpha
				cy += sy * alpha
				s.nextNeg[c] += float64(neg) * s.everyNeg[c]
			}
			y[2*i], y[2*i+1] = cx, cy
		}
	})
}

// run runs the epochs, reporting progress, and stops when ctx ends.
func (s *descent) run(ctx context.Context) error {
	o := s.o
	alpha := o.LearningRate
	for e := range o.Epochs {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("umap: epoch %d: %w", e, err)
		}
		if err := s.epoch(ctx, e, alpha); err != nil {
			return fmt.Errorf("umap: epoch %d: %w", e, err)
		}
		alpha = o.LearningRate * (1 - float64(e)/float64(o.Epochs))
		if o.Progress != nil && ((e+1)%o.ProgressEvery == 0 || e == o.Epochs-1) {
			o.Progress(progress.Report{Done: e + 1, Total: o.Epochs, Frame: s.layout(),
				Note: fmt.Sprintf("epoch %d of %d", e+1, o.Epochs)})
		}
	}
	return nil
}

func (s *descent) layout() *mat.Dense {
	return mat.NewDense(s.n, 2, append([]float64(nil), s.y...))
}
