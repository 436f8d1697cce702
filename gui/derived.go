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
	// Fingerprint identifies the model's weights, for cache keys.
	Fingerprint string
}

// derivedVersion is part of every cache key: change it when the way
// results are computed changes, so old cache files are not used.
const derivedVersion = "v1"

// computeDerived computes the features, predictions and PCA map of the
// test split under m.
func computeDerived(ctx context.Context, m *Model, split *dataset.Split, cache *resultCache) *Derived {
	d := &Derived{Model: m, Split: split, Scheme: m.Net.Scheme, Fingerprint: m.Fingerprint()}
	n := split.Len()
	// The features and predictions, from the cache if they are there:
	// 64 features then the prediction, per row.
	const cols = model.FeatureDim + 1
	key := cacheKey(derivedVersion, "features", d.Fingerprint, split.Images.SHA256)
	rows, err := cache.loadFloats("features", key, n, cols)
	if err != nil {
		p, err := m.Net.Predict(ctx, split, nil, true, nil)
		if err != nil {
			d.Err = fmt.Errorf("compute the features: %w", err)
			return d
		}
		rows = make([]float64, n*cols)
		for i := 0; i < n; i++ {
			for j, v := range p.Features[i*model.FeatureDim : (i+1)*model.FeatureDim] {
				rows[i*cols+j] = float64(v)
			}
			rows[i*cols+model.FeatureDim] = float64(p.Pred[i])
		}
		if err := cache.storeFloats("features", key, n, cols, rows, true); err != nil {
			fyne.LogError("keep the features in the cache", err)
		}
	}
	all := mat.NewDense(n, cols, rows)
	d.Features = mat.DenseCopyOf(all.Slice(0, n, 0, model.FeatureDim))
	d.Pred = make([]int, n)
	for i := range d.Pred {
		d.Pred[i] = int(all.At(i, model.FeatureDim))
	}
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
		d := computeDerived(ctx, m, split, w.cache)
		if ctx.Err() != nil {
			return
		}
		w.ui(func() {
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
