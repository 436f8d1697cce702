package gui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis/pca"
	"github.com/fashionlens/fashionlens/model"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// Derived holds what the Embeddings and Clusters tabs show, computed from
// the current model and the test split: the encoded features, the
// predictions and the PCA map.
type Derived struct {
	Model  *Model
	Split  *dataset.Split
	Scheme *dataset.Scheme // the model's scheme
	// Features is n×64; Labels are the true classes in Scheme; Pred the
	// model's predictions.
	Features *mat.Dense
	Labels   []int
	Pred     []int
	PCA      *pca.Result
	// Err is set when the computation failed.
	Err error
}

// computeDerived computes the features, predictions and PCA map of the
// test split under m.
func computeDerived(ctx context.Context, m *Model, split *dataset.Split) *Derived {
	d := &Derived{Model: m, Split: split, Scheme: m.Net.Scheme}
	p, err := m.Net.Predict(ctx, split, nil, true, nil)
	if err != nil {
		d.Err = fmt.Errorf("compute the features: %w", err)
		return d
	}
	n := split.Len()
	data := make([]float64, len(p.Features))
	for i, v := range p.Features {
		data[i] = float64(v)
	}
	d.Features = mat.NewDense(n, model.FeatureDim, data)
	d.Pred = p.Pred
	d.Labels = make([]int, n)
	for i, l := range split.Labels {
		d.Labels[i] = d.Scheme.Class(l)
	}
	if d.PCA, err = pca.Fit(ctx, d.Features, 2); err != nil {
		d.Err = fmt.Errorf("PCA of the features: %w", err)
	}
	return d
}

// refreshDerived recomputes the derived results in the background when
// the data set or the current model changes, and hands them to the
// listeners on the UI goroutine. An older computation still running is
// cancelled.
func (w *Window) refreshDerived() {
	m, data := w.state.Current(), w.state.Dataset()
	if m == nil || data == nil || data.Test == nil {
		return
	}
	if w.derivedCancel != nil {
		w.derivedCancel()
	}
	ctx, cancel := context.WithCancel(w.ctx)
	w.derivedCancel = cancel
	split := data.Test
	w.goJob(func() {
		d := computeDerived(ctx, m, split)
		if ctx.Err() != nil {
			return
		}
		fyne.Do(func() {
			if w.state.Current() != m {
				return
			}
			w.derived = d
			for _, f := range w.derivedListeners {
				f(d)
			}
		})
	})
}

// onDerived adds a listener for new derived results; it runs on the UI
// goroutine.
func (w *Window) onDerived(f func(*Derived)) { w.derivedListeners = append(w.derivedListeners, f) }
