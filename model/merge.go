package model

import (
	"fmt"

	"github.com/fashionlens/fashionlens/model/dataset"
)

// Merging rules: how a finer scheme's prediction becomes a coarser one's.
const (
	// MergeArgmax maps each image's predicted class to the coarse class
	// that holds it.
	MergeArgmax = "argmax"
	// MergeSum adds the probabilities of the classes that make up each
	// coarse class and predicts the most probable coarse class.
	MergeSum = "sum"
)

// Merge turns a prediction in the network's classes into one in the
// coarser scheme to, whose every class is a union of the network's (the
// 10 classes into the study's 5 groups, say). The probabilities are
// summed over each coarse class's members; the predictions follow rule
// (MergeArgmax or MergeSum).
func (n *Net) Merge(p *Prediction, to *dataset.Scheme, rule string) (*Prediction, error) {
	from := n.Scheme
	if rule != MergeArgmax && rule != MergeSum {
		return nil, fmt.Errorf("merge into %s: rule must be %s or %s, not %q", to.Name, MergeArgmax, MergeSum, rule)
	}
	// into[c] is the coarse class of the network's class c.
	into := make([]int, from.NumClasses())
	for c := range into {
		into[c] = -1
		for _, l := range from.Members(c) {
			g := to.Class(uint8(l))
			if into[c] >= 0 && into[c] != g {
				return nil, fmt.Errorf("merge %s into %s: class %q falls into both %q and %q",
					from.Name, to.Name, from.Classes[c], to.Classes[into[c]], to.Classes[g])
			}
			into[c] = g
		}
		if into[c] < 0 {
			return nil, fmt.Errorf("merge %s into %s: class %q has no labels", from.Name, to.Name, from.Classes[c])
		}
	}
	fc, tc := from.NumClasses(), to.NumClasses()
	out := &Prediction{Probs: make([]float32, len(p.Pred)*tc), Pred: make([]int, len(p.Pred)), Seconds: p.Seconds}
	for i := range p.Pred {
		row := out.Probs[i*tc : (i+1)*tc]
		for c, v := range p.Probs[i*fc : (i+1)*fc] {
			row[into[c]] += v
		}
		if rule == MergeArgmax {
			out.Pred[i] = into[p.Pred[i]]
		} else {
			out.Pred[i] = argmax(row)
		}
	}
	return out, nil
}

// ScoreIn compares a prediction in scheme's classes (made by Merge, say)
// with the labels of the images at idx of split (all if nil).
func ScoreIn(scheme *dataset.Scheme, split *dataset.Split, idx []int, p *Prediction) *Evaluation {
	return scoreIn(scheme, split, idx, p)
}
