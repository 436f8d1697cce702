// Package suspect ranks the images of a labelled set by how likely their
// given label is wrong, on the idea of confident learning (Northcutt et
// al., "Confident Learning: Estimating Uncertainty in Dataset Labels",
// 2021, the method of cleanlab) and of FiftyOne's "mistakenness": a label
// is suspicious when the evidence about the image's class does not
// support it.
//
// Two estimates of the probability that an image's true class is its
// given label are combined:
//
//   - the model's probability of the given label ("self-confidence" in
//     confident learning), when the caller has honest probabilities: from
//     a model that never trained on these labels;
//   - the share of the image's k nearest neighbours in feature space
//     (the point itself excluded) that carry the same given label: a
//     k-nearest-neighbour estimate of the same probability, which needs
//     no held-out model.
//
// The score is one minus their mean (one minus the neighbours' share
// alone without probabilities), so it lies in [0, 1], larger meaning
// more suspicious. The mean was chosen before any measurement: both
// parts estimate the same probability, P(true class = given label | x),
// from independent views of the point (the classifier's output, and the
// labels around it in the feature space), and averaging estimators is
// how an ensemble's probabilities are formed in confident learning. The
// mean is also forgiving where a product or a minimum is not: a hard but
// correctly labelled image that the model doubts still scores below one
// with a majority of its neighbours agreeing, while a flipped label,
// rejected by both, scores near one.
//
// Nothing here imports the network or Fyne: features, labels and
// probabilities come as plain matrices and slices. Bad input gives an
// error wrapping analysis.ErrInput, never a panic; a cancelled context
// gives an error wrapping ctx.Err().
package suspect

import (
	"context"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/analysis/neighbors"
	"github.com/fashionlens/fashionlens/internal/progress"
)

// DefaultK is the number of neighbours when Options.K is 0 (fewer when
// the set has no more than DefaultK points: all the others).
const DefaultK = 10

// Options are Score's settings.
type Options struct {
	// K is the number of nearest neighbours whose labels are compared
	// with a point's; 0 means DefaultK, or n−1 for a set of n ≤ DefaultK
	// points.
	K int
	// Report, if not nil, gets the steps of the work: building the
	// neighbour index, finding the neighbours, scoring.
	Report progress.Func
}

// Parts are the two ingredients of each point's score, for a caller that
// shows them (an inspector: "the model gives the label 3%, 1 of 10
// neighbours shares it") or measures them alone.
type Parts struct {
	// K is the number of neighbours compared.
	K int
	// Self[i] is the model's probability of point i's given label, or
	// Self is nil when no probabilities were given.
	Self []float64
	// Agree[i] is the share of point i's K nearest neighbours whose given
	// label is point i's.
	Agree []float64
}

// Scores combines the parts: 1 − (Self + Agree)/2 per point, or
// 1 − Agree without Self. Each score lies in [0, 1].
func (p *Parts) Scores() []float64 {
	out := make([]float64, len(p.Agree))
	for i, a := range p.Agree {
		if p.Self != nil {
			out[i] = 1 - (p.Self[i]+a)/2
		} else {
			out[i] = 1 - a
		}
		out[i] = min(1, max(0, out[i]))
	}
	return out
}

// Score returns one score per point in [0, 1], larger meaning the given
// label is more likely wrong: 1 − (p + a)/2, where p is the model's
// probability of the given label and a the share of the point's k
// nearest neighbours (Euclidean, in features) that share its given label;
// without probabilities (probs nil), 1 − a.
//
// features is n×d, one row per point; labels holds the n given classes,
// each in 0…classes−1; probs is nil or holds n×classes model
// probabilities, row-major, each finite and in [0, 1]. Pass probabilities
// only from a model that did not train on these labels: a model's
// probabilities of its own training labels are optimistic.
//
// It returns an error wrapping analysis.ErrInput for mismatched lengths,
// a label out of range, a probability that is NaN, infinite or outside
// [0, 1], features with NaN or infinite values, fewer than two points, or
// a K that is negative or not below n; and one wrapping ctx.Err() if ctx
// is done first.
func Score(ctx context.Context, features *mat.Dense, labels []int, classes int, probs []float32, opt Options) ([]float64, error) {
	p, err := Components(ctx, features, labels, classes, probs, opt)
	if err != nil {
		return nil, err
	}
	return p.Scores(), nil
}

// Components returns the parts of Score's scores, with the same checks
// and errors as Score.
func Components(ctx context.Context, features *mat.Dense, labels []int, classes int, probs []float32, opt Options) (*Parts, error) {
	n, k, err := check(features, labels, classes, probs, opt.K)
	if err != nil {
		return nil, fmt.Errorf("suspect: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("suspect: %w", err)
	}
	const steps = 3
	opt.Report.Send(progress.Report{Done: 0, Total: steps, Note: "building the neighbour index"})
	ix, err := neighbors.Build(ctx, features)
	if err != nil {
		return nil, fmt.Errorf("suspect: %w", err)
	}
	opt.Report.Send(progress.Report{Done: 1, Total: steps, Note: fmt.Sprintf("finding the %d nearest neighbours of %s points", k, analysis.Thousands(n))})
	g, err := ix.AllNearest(ctx, k)
	if err != nil {
		return nil, fmt.Errorf("suspect: %w", err)
	}
	opt.Report.Send(progress.Report{Done: 2, Total: steps, Note: "scoring"})
	p := &Parts{K: k, Agree: make([]float64, n)}
	for i := range n {
		same := 0
		for _, j := range g.Idx[i*k : (i+1)*k] {
			if labels[j] == labels[i] {
				same++
			}
		}
		p.Agree[i] = float64(same) / float64(k)
	}
	if probs != nil {
		p.Self = make([]float64, n)
		for i := range n {
			p.Self[i] = float64(probs[i*classes+labels[i]])
		}
	}
	opt.Report.Send(progress.Report{Done: steps, Total: steps, Note: "scored"})
	return p, nil
}

// check validates Score's input and returns n and the number of
// neighbours to use.
func check(features *mat.Dense, labels []int, classes int, probs []float32, k int) (n, kk int, err error) {
	n, _, err = analysis.Check(features)
	if err != nil {
		return 0, 0, err
	}
	if len(labels) != n {
		return 0, 0, analysis.Errorf("%d labels for %d points", len(labels), n)
	}
	if n < 2 {
		return 0, 0, analysis.Errorf("one point has no neighbours: need at least 2 points")
	}
	if classes < 1 {
		return 0, 0, analysis.Errorf("%d classes: need at least 1", classes)
	}
	for i, l := range labels {
		if l < 0 || l >= classes {
			return 0, 0, analysis.Errorf("label %d of point %d is not a class 0…%d", l, i, classes-1)
		}
	}
	if probs != nil {
		if len(probs) != n*classes {
			return 0, 0, analysis.Errorf("%d probabilities for %d points of %d classes: want %d", len(probs), n, classes, n*classes)
		}
		for j, v := range probs {
			if math.IsNaN(float64(v)) || v < 0 || v > 1 {
				return 0, 0, analysis.Errorf("probability %v of point %d, class %d: want a number in [0, 1]", v, j/classes, j%classes)
			}
		}
	}
	switch {
	case k < 0:
		return 0, 0, analysis.Errorf("k = %d neighbours: need k ≥ 1, or 0 for the default", k)
	case k == 0:
		k = min(DefaultK, n-1)
	case k >= n:
		return 0, 0, analysis.Errorf("k = %d neighbours of each of %d points: need k ≤ %d", k, n, n-1)
	}
	return n, k, nil
}

// Rank returns the indices of scores, most suspicious (largest score)
// first; equal scores come by index, so the order is deterministic. A NaN
// score ranks last.
func Rank(scores []float64) []int {
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		sa, sb := scores[a], scores[b]
		switch na, nb := math.IsNaN(sa), math.IsNaN(sb); {
		case na && nb:
			return 0
		case na:
			return 1
		case nb:
			return -1
		case sa > sb:
			return -1
		case sa < sb:
			return 1
		}
		return 0
	})
	return idx
}

// Explain says in a few words what the scores are made of, for the
// window and the command line: "model probability of the given label and
// its 10 nearest neighbours' labels", or with withProbs false "its 10
// nearest neighbours' labels only". k is the number of neighbours (0
// means DefaultK).
func Explain(k int, withProbs bool) string {
	if k == 0 {
		k = DefaultK
	}
	nb := fmt.Sprintf("its %d nearest neighbours' labels", k)
	if k == 1 {
		nb = "its nearest neighbour's label"
	}
	if withProbs {
		return "model probability of the given label and " + nb
	}
	return nb + " only"
}
