package gui

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io/fs"
	"math"
	"math/rand/v2"
	"slices"

	"fyne.io/fyne/v2"
	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/analysis/neighbors"
	"github.com/fashionlens/fashionlens/internal/progress"
	"github.com/fashionlens/fashionlens/internal/workspace"
	"github.com/fashionlens/fashionlens/model"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// Derived holds what the Embeddings and Clusters tabs show: a set of
// encoded feature vectors with their labels, the model's predictions when
// there is a model, the images behind the points when they are known, and
// the PCA map. The features come from the current model on the test split
// or a sample of the train split, or from imported projector files.
type Derived struct {
	// Model is the network the features come from; nil for imported
	// features.
	Model *Model
	// Source describes the points: "the 10,000 test images", …
	Source string
	// Split holds the images behind the points; nil if they are unknown.
	// Index[i] is the index in Split of point i's image, or −1 if it has
	// none; a nil Index means point i is image i.
	Split *dataset.Split
	Index []int
	// Classes names the label values.
	Classes []string
	// Scheme is the label scheme of a model's features, or of imported
	// labels that are a scheme's class names; nil otherwise.
	Scheme *dataset.Scheme
	// Features is n×d (d = 64 for the app's models); Labels are the true
	// classes, indices into Classes, or nil if unknown; Pred is the model's
	// prediction and Probs its n×len(Classes) probabilities, nil without
	// a model.
	Features *mat.Dense
	Labels   []int
	Pred     []int
	Probs    []float32
	// Points are the same points for the workspace, and Layouts their
	// Immediate projections (PCA), computed with the features.
	Points  *workspace.Points
	Layouts []*workspace.Projected
	// Neighbours finds the nearest points in feature space.
	Neighbours *neighbors.Index
	// Err is set when the computation failed.
	Err error
	// Key identifies the features (model weights, images, sample, or the
	// imported file's contents), for cache keys of results made from them.
	Key string
}

// Len returns the number of points.
func (d *Derived) Len() int {
	if d == nil || d.Features == nil { // an error (d.Err) leaves no points
		return 0
	}
	n, _ := d.Features.Dims()
	return n
}

// ImageIndex returns the index in d.Split of point i's image, or −1.
func (d *Derived) ImageIndex(i int) int {
	if d.Split == nil {
		return -1
	}
	if d.Index == nil {
		return i
	}
	return d.Index[i]
}

// Image returns the 28×28 pixels of point i, or nil if unknown.
func (d *Derived) Image(i int) []uint8 {
	j := d.ImageIndex(i)
	if j < 0 || j >= d.Split.Len() {
		return nil
	}
	return d.Split.Image(j)
}

// Name returns the short name of the points' origin for titles: the
// model's name, or "imported".
func (d *Derived) Name() string {
	if d.Model != nil {
		return d.Model.Name
	}
	return "imported features"
}

// derivedVersion is part of every cache key: change it when the way
// results are computed changes, so old cache files are not used.
const derivedVersion = "v2"

// Source is which images the Embeddings and Clusters tabs encode with the
// current model.
type Source struct {
	// Train selects a sample of the train split instead of the test
	// split.
	Train bool
	// Sample is the size of the train sample (1 … the split's size).
	Sample int
	// Seed draws the sample.
	Seed uint64
}

// DefaultSource is the test split; a train sample defaults to 10,000
// images drawn with seed 1.
var DefaultSource = Source{Sample: 10000, Seed: 1}

// describe returns the source's description for headers, for n images,
// all of the split's if all is set.
func (s Source) describe(n int, all bool) string {
	if s.Train {
		if all {
			return fmt.Sprintf("all %s training images", analysis.Thousands(n))
		}
		return fmt.Sprintf("a sample of %s training images (seed %d)", analysis.Thousands(n), s.Seed)
	}
	return fmt.Sprintf("the %s test images", analysis.Thousands(n))
}

// sampleIndex draws n of total indices without replacement with seed,
// sorted; all of them (nil) when n ≥ total.
func sampleIndex(total, n int, seed uint64) []int {
	if n >= total {
		return nil
	}
	perm := rand.New(rand.NewPCG(seed, 0x5eed)).Perm(total)[:n]
	slices.Sort(perm)
	return perm
}

// computeDerived computes the features, predictions and PCA map of the
// images of src under m, with progress (0…1) as the features are
// computed. The features come from the cache if they are there, or else
// from the results shipped in the binary if shipped is set.
func computeDerived(ctx context.Context, m *Model, data *dataset.Dataset, src Source, cache *resultCache, shipped bool, report progress.Func) *Derived {
	split := data.Test
	if src.Train {
		split = data.Train
	}
	d := &Derived{Model: m, Split: split, Scheme: m.Net.Scheme, Classes: m.Net.Scheme.Classes}
	if split == nil {
		d.Err = fmt.Errorf("the data set has no train split: open a folder with the full Fashion-MNIST to encode training images")
		return d
	}
	var idx []int
	sample := "all"
	if src.Train {
		if src.Sample < 1 {
			d.Err = fmt.Errorf("a sample of %d training images: choose 1 to %d", src.Sample, split.Len())
			return d
		}
		idx = sampleIndex(split.Len(), src.Sample, src.Seed)
		if idx != nil {
			sample = fmt.Sprintf("sample=%d seed=%d", src.Sample, src.Seed)
		}
	}
	d.Index = idx
	n := split.Len()
	if idx != nil {
		n = len(idx)
	}
	d.Source = src.describe(n, idx == nil)
	d.Key = cacheKey(derivedVersion, "features", m.Fingerprint(), split.Images.SHA256, sample)
	// The features, prediction and probabilities, from the cache if they
	// are there: 64 features, then the prediction, then the probabilities,
	// per row.
	classes := m.Net.Classes()
	cols := model.FeatureDim + 1 + classes
	rows, err := cache.loadFloats("features", d.Key, n, cols)
	if err == nil {
		err = checkFeatureRows(rows, cols, classes)
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) && cache.dir != "" {
		fyne.LogError("discard the cached features, computing them again", err)
	}
	if err != nil && shipped {
		if rows, err = shippedFloats("features", d.Key, n, cols); err == nil {
			err = checkFeatureRows(rows, cols, classes)
		}
	}
	if err != nil {
		if rows, err = featureRows(ctx, m, split, idx, report); err != nil {
			d.Err = fmt.Errorf("compute the features: %w", err)
			return d
		}
		if err := cache.storeFloats("features", d.Key, n, cols, rows, true); err != nil {
			fyne.LogError("keep the features in the cache", err)
		}
	}
	d.Features = mat.NewDense(n, model.FeatureDim, nil)
	d.Pred = make([]int, n)
	d.Probs = make([]float32, n*classes)
	d.Labels = make([]int, n)
	for i := range n {
		r := rows[i*cols : (i+1)*cols]
		d.Features.SetRow(i, r[:model.FeatureDim])
		d.Pred[i] = int(r[model.FeatureDim])
		for j, v := range r[model.FeatureDim+1:] {
			d.Probs[i*classes+j] = float32(v)
		}
		d.Labels[i] = d.Scheme.Class(split.Labels[d.ImageIndex(i)])
	}
	d.finish(ctx)
	return d
}

// checkFeatureRows checks rows of the cache's features layout: each
// prediction a class of the scheme, each probability in [0, 1]. (The
// cache reader has checked that every value is finite.)
func checkFeatureRows(rows []float64, cols, classes int) error {
	for i := 0; i+cols <= len(rows); i += cols {
		r := rows[i : i+cols]
		if p := r[model.FeatureDim]; p != math.Trunc(p) || p < 0 || p >= float64(classes) {
			return fmt.Errorf("damaged cache file: row %d predicts class %v of %d", i/cols, p, classes)
		}
		for _, v := range r[model.FeatureDim+1:] {
			if v < 0 || v > 1 {
				return fmt.Errorf("damaged cache file: row %d has a probability of %v", i/cols, v)
			}
		}
	}
	return nil
}

// featureRows runs m on the images at idx of split (all if nil) and
// returns, per image, its 64 features, its predicted class and its class
// probabilities, one row each: the rows the cache keeps.
func featureRows(ctx context.Context, m *Model, split *dataset.Split, idx []int, report progress.Func) ([]float64, error) {
	p, err := m.Net.Predict(ctx, split, idx, true, report)
	if err != nil {
		return nil, err
	}
	classes := m.Net.Classes()
	cols := model.FeatureDim + 1 + classes
	n := len(p.Pred)
	rows := make([]float64, n*cols)
	for i := range n {
		r := rows[i*cols : (i+1)*cols]
		for j, v := range p.Features[i*model.FeatureDim : (i+1)*model.FeatureDim] {
			r[j] = float64(v)
		}
		r[model.FeatureDim] = float64(p.Pred[i])
		for j, v := range p.Probs[i*classes : (i+1)*classes] {
			r[model.FeatureDim+1+j] = float64(v)
		}
	}
	return rows, nil
}

// finish makes d's points for the workspace, computes their Immediate
// projections (the PCA map) and the neighbour index of the features.
func (d *Derived) finish(ctx context.Context) {
	d.Points = &workspace.Points{Features: d.Features, Labels: d.Labels, Classes: d.Classes, Pred: d.Pred, Probs: d.Probs, Key: d.Key, Index: d.Index}
	for _, p := range workspace.Projections() {
		if !p.Immediate {
			continue
		}
		l, err := workspace.Project(ctx, p.Name, d.Points, workspace.Defaults(p.Params), nil, nil)
		if err != nil {
			d.Err = fmt.Errorf("the %s map of the features: %w", p.Title, err)
			return
		}
		d.Layouts = append(d.Layouts, l)
	}
	if len(d.Layouts) == 0 {
		d.Err = errors.New("no projection draws a map at once")
		return
	}
	var err error
	if d.Neighbours, err = neighbors.New(d.Features); err != nil {
		d.Err = fmt.Errorf("index the features: %w", err)
	}
}

// baseLayout is the map shown until another is computed: the first
// Immediate projection's (PCA).
func (d *Derived) baseLayout() *workspace.Projected { return d.Layouts[0] }

// TopClasses returns point i's k most probable classes and their
// probabilities, the most probable first; nil without predictions.
func (d *Derived) TopClasses(i, k int) (classes []int, probs []float32) {
	if d.Probs == nil {
		return nil, nil
	}
	c := len(d.Classes)
	p := d.Probs[i*c : (i+1)*c]
	order := make([]int, c)
	for j := range order {
		order[j] = j
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case p[a] > p[b]:
			return -1
		case p[a] < p[b]:
			return 1
		}
		return 0
	})
	order = order[:min(k, c)]
	for _, j := range order {
		probs = append(probs, p[j])
	}
	return order, probs
}

// refreshDerived recomputes the derived results in the background when
// the data set, the current model or the source changes, and hands them
// to the listeners on the UI goroutine. An older computation still
// running is cancelled. Imported features stay until the user goes back
// to a model's features.
func (w *Window) refreshDerived() {
	if w.imported != nil {
		return
	}
	m, data := w.state.Current(), w.state.Dataset()
	if m == nil || data == nil || data.Test == nil {
		return
	}
	if w.derivedCancel != nil {
		w.derivedCancel()
	}
	ctx, cancel := context.WithCancel(w.ctx)
	w.derivedCancel = cancel
	src := w.source
	w.setDerivedProgress(0)
	w.goJob(func() {
		// Throttled as the workspace's jobs are: under a software renderer
		// (Xvfb) every repaint of the window costs the CPU that the
		// prediction needs.
		d := computeDerived(ctx, m, data, src, w.cache, !w.opts.NoShipped, progress.Throttle(ctx, func(p progress.Report) {
			w.ui(func() {
				if ctx.Err() == nil {
					w.setDerivedProgress(p.Fraction())
				}
			})
		}))
		if ctx.Err() != nil {
			return
		}
		w.ui(func() {
			if w.state.Current() != m || w.source != src || w.imported != nil || ctx.Err() != nil {
				return
			}
			w.setDerived(d)
		})
	})
}

// setDerived makes d the derived results and its points the workspace's,
// which drops the old points' maps, clusterings and selection; the
// window renders the change (onChange). On the UI goroutine.
func (w *Window) setDerived(d *Derived) {
	w.derived = d
	w.setDerivedProgress(-1)
	if d.Err != nil {
		w.ws.SetPoints(nil)
	} else {
		w.ws.SetPoints(d.Points, d.Layouts...)
	}
	w.mapsReadyOne.Do(func() { close(w.mapsReady) })
}

// setDerivedProgress shows the progress of computing the features, f in
// 0…1, or hides it for a negative f.
func (w *Window) setDerivedProgress(f float64) {
	if w.embTab != nil {
		w.embTab.showProgress(f)
	}
}

// loadSource returns the remembered choice of points.
func (w *Window) loadSource() Source {
	p := w.prefs
	return Source{Train: p.String(prefSourceKind) == sourceTrain,
		Sample: p.IntWithFallback(prefSample, DefaultSource.Sample),
		Seed:   uint64(p.IntWithFallback(prefSampleSeed, int(DefaultSource.Seed)))}
}

// setSource makes the current model encode the points of src, remembers
// the choice and leaves imported features.
func (w *Window) setSource(src Source) {
	p := w.prefs
	kind := sourceTest
	if src.Train {
		kind = sourceTrain
	}
	p.SetString(prefSourceKind, kind)
	p.SetInt(prefSample, src.Sample)
	p.SetInt(prefSampleSeed, int(src.Seed))
	w.source, w.imported = src, nil
	w.refreshDerived()
}

// thumbs returns the source of the points' images for a map (nil when
// they have none): views of the split's pixels, which never change, so
// the map's renders may call it at any time.
func (d *Derived) thumbs() func(i int) image.Image {
	if d == nil || d.Split == nil {
		return nil
	}
	return func(i int) image.Image {
		px := d.Image(i)
		if px == nil {
			return nil
		}
		return &image.Gray{Pix: px, Stride: dataset.Cols, Rect: image.Rect(0, 0, dataset.Cols, dataset.Rows)}
	}
}
