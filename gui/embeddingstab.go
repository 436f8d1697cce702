package gui

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis/tsne"
	"github.com/fashionlens/fashionlens/gui/plotview"
)

// Colourings of the Embeddings map.
const (
	colourTrue    = "True label"
	colourPred    = "Predicted label"
	colourKMeans  = "K-means cluster"
	colourDBSCAN  = "DBSCAN cluster"
	colourCorrect = "Correct or wrong"
)

// Sources of the Embeddings tab's points.
const (
	sourceTest  = "Test split"
	sourceTrain = "Train sample"
)

// Preference keys of the Embeddings tab.
const (
	prefMap        = "embeddings.map" // "PCA" or "t-SNE"
	prefColour     = "embeddings.colour"
	prefSourceKind = "embeddings.source"
	prefSample     = "embeddings.sample"
	prefSampleSeed = "embeddings.sampleseed"
	prefPerplexity = "embeddings.tsne.perplexity"
	prefIterations = "embeddings.tsne.iterations"
	prefTSNESeed   = "embeddings.tsne.seed"
)

// The default t-SNE settings.
const (
	tsnePerplexity = 30
	// minSample is the smallest sample of the train split.
	minSample      = 10
	tsneIterations = 1000
	tsneSeed       = 1
)

// embeddingsTab shows the encoded features as a map: PCA at once, t-SNE
// on request, animated while it converges; every point can be inspected.
type embeddingsTab struct {
	w        *Window
	d        *Derived
	header   *widget.Label
	source   *widget.Select
	sample   *widget.Entry
	colour   *widget.Select
	which    *widget.RadioGroup
	perp     *widget.Entry
	iters    *widget.Entry
	seed     *widget.Entry
	view     *plotview.View
	tsneBtn  *widget.Button
	cancel   *widget.Button
	back     *widget.Button
	progress *widget.ProgressBar
	insp     *inspector
	stop     context.CancelFunc
	box      fyne.CanvasObject
	choosing bool // a control is being set by the program, not the user
	frame    *mat.Dense
}

// tsneSettings are the t-SNE settings of the Embeddings tab.
type tsneSettings struct {
	Perplexity float64
	Iterations int
	Seed       uint64
}

func newEmbeddingsTab(w *Window) *embeddingsTab {
	p := w.prefs
	t := &embeddingsTab{w: w, header: widget.NewLabel("Computing the features of the test images…"), progress: widget.NewProgressBar()}
	t.header.Wrapping = fyne.TextWrapWord
	t.view = newPlotView(w)
	t.insp = newInspector(w)

	t.source = widget.NewSelect([]string{sourceTest, sourceTrain}, func(string) { t.sourceChanged() })
	t.sample = widget.NewEntry()
	t.sample.SetText(strconv.Itoa(w.source.Sample))
	t.sample.OnSubmitted = func(string) { t.sourceChanged() }
	t.choose(func() {
		if w.source.Train {
			t.source.SetSelected(sourceTrain)
		} else {
			t.source.SetSelected(sourceTest)
			t.sample.Disable()
		}
	})
	importBtn := widget.NewButton("Import TSV…", t.importFeatures)
	t.back = widget.NewButton("Back to model", func() {
		w.imported = nil
		w.refreshDerived()
		t.back.Hide()
	})
	t.back.Hide()

	t.colour = widget.NewSelect([]string{colourTrue, colourPred, colourKMeans, colourDBSCAN, colourCorrect}, func(v string) {
		if !t.choosing {
			p.SetString(prefColour, v)
		}
		t.render()
	})
	t.choose(func() { t.colour.SetSelected(p.StringWithFallback(prefColour, colourTrue)) })
	t.which = widget.NewRadioGroup([]string{"PCA", "t-SNE"}, func(v string) {
		if v != "" && !t.choosing {
			p.SetString(prefMap, v) // the user's choice
		}
		t.render()
	})
	t.which.Horizontal = true
	t.choose(func() { t.which.SetSelected("PCA") })
	t.which.Disable()
	t.perp = numberEntry(p.FloatWithFallback(prefPerplexity, tsnePerplexity))
	t.iters = numberEntry(float64(p.IntWithFallback(prefIterations, tsneIterations)))
	t.seed = numberEntry(float64(p.IntWithFallback(prefTSNESeed, tsneSeed)))
	t.tsneBtn = widget.NewButton("Compute t-SNE", t.runTSNE)
	t.tsneBtn.Importance = widget.HighImportance
	t.tsneBtn.Disable()
	t.cancel = widget.NewButton("Cancel", func() {
		if t.stop != nil {
			t.stop()
		}
	})
	t.cancel.Hide()
	t.progress.Hide()

	row1 := container.NewHBox(widget.NewLabel("Points"), t.source, widget.NewLabel("sample size"), minWidth(t.sample, 80), importBtn, t.back,
		widget.NewSeparator(), widget.NewLabel("Colour by"), minWidth(t.colour, 190))
	row2 := container.NewHBox(widget.NewLabel("Map"), t.which, widget.NewSeparator(), widget.NewLabel("t-SNE: perplexity"), minWidth(t.perp, 60),
		widget.NewLabel("iterations"), minWidth(t.iters, 70), widget.NewLabel("seed"), minWidth(t.seed, 50), t.tsneBtn, t.cancel)
	buttons := container.NewHBox(
		widget.NewButton("Reset view", t.view.ResetView),
		widget.NewButton("Export plot…", t.export),
		widget.NewButton("Export embeddings (TSV)…", t.exportTSV),
	)
	mapArea := container.NewBorder(nil, buttons, nil, legendColumn(t.view), t.view)
	t.box = container.NewBorder(container.NewVBox(t.header, row1, row2, t.progress), nil, nil,
		t.insp.content(260), mapArea)
	w.onDerived(t.setDerived)
	w.onSelect(t.view.SetSelected)
	w.onClusters(func() {
		if t.colour.Selected == colourKMeans || t.colour.Selected == colourDBSCAN {
			t.render()
		}
	})
	return t
}

// choose runs f, which sets controls, without recording them as the
// user's choices.
func (t *embeddingsTab) choose(f func()) {
	t.choosing = true
	defer func() { t.choosing = false }()
	f()
}

func (t *embeddingsTab) content() fyne.CanvasObject { return t.box }

// sourceChanged applies the user's choice of points: the test split, or
// a sample of the train split.
func (t *embeddingsTab) sourceChanged() {
	if t.choosing {
		return
	}
	src := t.w.source
	src.Train = t.source.Selected == sourceTrain
	if src.Train {
		t.sample.Enable()
		n, err := strconv.Atoi(t.sample.Text)
		max := 60000
		if data := t.w.state.Dataset(); data != nil && data.Train != nil {
			max = data.Train.Len()
		}
		if err != nil || n < minSample || n > max {
			dialog.ShowError(fmt.Errorf("sample size %q: enter a whole number from %d to %d", t.sample.Text, minSample, max), t.w)
			return
		}
		src.Sample = n
	} else {
		t.sample.Disable()
	}
	if src == t.w.source && t.w.imported == nil {
		return
	}
	t.w.setSource(src)
}

// showProgress shows the progress of the features' computation, or hides
// it for a negative f.
func (t *embeddingsTab) showProgress(f float64) {
	if t.stop != nil { // the bar belongs to t-SNE
		return
	}
	if f < 0 {
		t.progress.Hide()
		return
	}
	t.header.SetText("Computing the features…")
	t.progress.SetValue(f)
	t.progress.Show()
}

func (t *embeddingsTab) setDerived(d *Derived) {
	if t.stop != nil {
		t.stop()
	}
	t.d, t.frame = d, nil
	t.w.tsne = nil
	t.choose(func() { t.which.SetSelected("PCA") })
	t.which.Disable()
	t.tsneBtn.Disable()
	t.back.Hidden = t.w.imported == nil
	t.back.Refresh()
	if d.Err != nil {
		t.header.SetText(d.Err.Error())
		t.view.SetData(plotview.Data{})
		return
	}
	t.tsneBtn.Enable()
	if d.Pred == nil && (t.colour.Selected == colourPred || t.colour.Selected == colourCorrect) {
		t.choose(func() { t.colour.SetSelected(colourTrue) })
	}
	t.render()
	// A t-SNE map of these features from an earlier session.
	s, err := t.settings()
	if err != nil {
		return
	}
	n := d.Len()
	t.w.goJob(func() {
		vals, err := t.w.cache.loadFloats("tsne", tsneKey(d, s), n, 2)
		if err != nil {
			return
		}
		t.w.ui(func() {
			if t.d != d || t.w.tsne != nil {
				return
			}
			t.w.setTSNE(mat.NewDense(n, 2, vals))
			if t.w.prefs.String(prefMap) == "t-SNE" {
				t.choose(func() { t.which.SetSelected("t-SNE") })
			}
		})
	})
}

// setTSNE makes y the t-SNE map of the derived results; on the UI
// goroutine.
func (w *Window) setTSNE(y *mat.Dense) {
	w.tsne = y
	w.embTab.which.Enable()
	for _, f := range w.layoutListeners {
		f()
	}
}

// settings reads the t-SNE settings from the entries.
func (t *embeddingsTab) settings() (tsneSettings, error) {
	perp, err1 := strconv.ParseFloat(t.perp.Text, 64)
	iters, err2 := strconv.Atoi(t.iters.Text)
	seed, err3 := strconv.ParseUint(t.seed.Text, 10, 64)
	switch {
	case err1 != nil || !(perp >= 2 && perp <= 100):
		return tsneSettings{}, fmt.Errorf("t-SNE perplexity %q: enter a number from 2 to 100", t.perp.Text)
	case err2 != nil || iters < 250 || iters > 10000:
		return tsneSettings{}, fmt.Errorf("t-SNE iterations %q: enter a whole number from 250 to 10,000", t.iters.Text)
	case err3 != nil:
		return tsneSettings{}, fmt.Errorf("t-SNE seed %q: enter a whole number from 0", t.seed.Text)
	}
	return tsneSettings{Perplexity: perp, Iterations: iters, Seed: seed}, nil
}

// tsneKey identifies the t-SNE map of d's features in the cache.
func tsneKey(d *Derived, s tsneSettings) string {
	return cacheKey(derivedVersion, "tsne", d.Key,
		fmt.Sprintf("perplexity=%g iterations=%d seed=%d", s.Perplexity, s.Iterations, s.Seed))
}

// categories returns each point's category and the names for the current
// colouring; ok is false when the colouring is not available yet.
func (t *embeddingsTab) categories() (cats []int, names []string, ok bool) {
	return t.w.categoriesBy(t.colour.Selected)
}

// categoriesBy returns each point's category under colouring, and the
// names; ok is false when it is not available (no labels or predictions,
// or the clustering has not run).
func (w *Window) categoriesBy(colouring string) (cats []int, names []string, ok bool) {
	d := w.derived
	cs := w.clusters()
	switch colouring {
	case colourPred:
		return d.Pred, d.Classes, d.Pred != nil
	case colourCorrect:
		if d.Pred == nil || d.Labels == nil {
			return nil, nil, false
		}
		c := make([]int, len(d.Pred))
		for i, p := range d.Pred {
			if p != d.Labels[i] {
				c[i] = 1
			}
		}
		return c, []string{"correct", "wrong"}, true
	case colourKMeans:
		if cs == nil || cs.kmeans == nil {
			return nil, nil, false
		}
		return cs.kmeans.Labels, categoryNames(cs.km.K, cs.kmMapping, d.Classes), true
	case colourDBSCAN:
		if cs == nil || cs.dbscan == nil {
			return nil, nil, false
		}
		return cs.dbscan.Labels, categoryNames(cs.dbscan.Clusters, cs.dbMapping, d.Classes), true
	}
	if d.Labels == nil {
		return make([]int, d.Len()), []string{"unlabelled"}, true
	}
	return d.Labels, d.Classes, true
}

// layout returns the map shown: the t-SNE frame being computed, the t-SNE
// map if chosen, else PCA.
func (t *embeddingsTab) layout() (*mat.Dense, string) {
	switch {
	case t.frame != nil:
		return t.frame, "t-SNE (converging)"
	case t.which.Selected == "t-SNE" && t.w.tsne != nil:
		return t.w.tsne, "t-SNE"
	}
	return t.d.PCA.Projected, "PCA"
}

// render shows the map with the current layout and colouring.
func (t *embeddingsTab) render() {
	d := t.d
	if d == nil || d.Err != nil {
		return
	}
	cats, names, ok := t.categories()
	if !ok {
		switch t.colour.Selected {
		case colourKMeans:
			t.w.cluTab.ensureKMeans()
		case colourDBSCAN:
			t.w.cluTab.ensureDBSCAN()
		}
		cats, names = d.Labels, d.Classes
		if cats == nil {
			cats, names = make([]int, d.Len()), []string{"unlabelled"}
		}
	}
	y, title := t.layout()
	_, dim := d.Features.Dims()
	how := fmt.Sprintf("projected by PCA (the two axes explain %.1f%% and %.1f%% of the variance); t-SNE keeps neighbourhoods better",
		100*d.PCA.ExplainedVarianceRatio[0], 100*d.PCA.ExplainedVarianceRatio[1])
	if title != "PCA" {
		how = "mapped by t-SNE, which keeps each point's nearest neighbours close"
	}
	t.header.SetText(fmt.Sprintf("The %d encoded features of %s under %s, %s. "+
		"Click a point to inspect it; scroll to zoom, drag to pan, click the legend to hide a class.", dim, d.Source, d.Name(), how))
	t.view.SetData(plotview.Data{X: mat.Col(nil, 0, y), Y: mat.Col(nil, 1, y), Cat: cats, Names: names,
		Title: title + " of the encoded features, coloured by " + lower(t.colour.Selected)})
}

// export asks for a file and writes the map shown, as PNG, SVG or PDF by
// the file's extension.
func (t *embeddingsTab) export() {
	name := "fashionlens-pca.png"
	if t.which.Selected == "t-SNE" {
		name = "fashionlens-tsne.png"
	}
	t.w.exportPlot(t.view, name)
}

// exportTSV writes the features as projector vectors, with a metadata
// file beside them.
func (t *embeddingsTab) exportTSV() {
	d := t.d
	if d == nil || d.Err != nil {
		dialog.ShowInformation("Export", "There are no embeddings to export yet.", t.w)
		return
	}
	t.w.saveDialog("Export the embeddings", "Embedding Projector vectors (TSV)", "vectors.tsv", []string{".tsv"}, func(path string) {
		if path == "" {
			return
		}
		t.w.goJob(func() {
			meta, err := exportProjector(path, d)
			t.w.ui(func() {
				if err != nil {
					dialog.ShowError(err, t.w)
					return
				}
				dialog.ShowInformation("Export", "Wrote "+path+"\nand "+meta, t.w)
			})
		})
	})
}

// importFeatures asks for a projector vectors file and shows its points.
func (t *embeddingsTab) importFeatures() {
	t.w.askOpenFile("Import embeddings", "Embedding Projector vectors (TSV)", ".tsv", func(path string) {
		if path != "" {
			t.w.importFile(path)
		}
	})
}

// importFile imports projector vectors from path, with the metadata file
// beside it if there is one, and shows them.
func (w *Window) importFile(path string) <-chan struct{} {
	done := make(chan struct{})
	meta := metadataPath(path)
	data := w.state.Dataset()
	w.setDerivedProgress(0)
	w.goJob(func() {
		defer close(done)
		d, err := importDerived(w.ctx, path, meta, data)
		w.ui(func() {
			w.setDerivedProgress(-1)
			if err != nil {
				dialog.ShowError(err, w)
				return
			}
			if w.derivedCancel != nil {
				w.derivedCancel()
			}
			w.imported = d
			w.setDerived(d)
		})
	})
	return done
}

// runTSNE computes the t-SNE map in the background, showing it as it
// converges; Cancel stops it.
func (t *embeddingsTab) runTSNE() {
	d := t.d
	if d == nil || d.Err != nil {
		return
	}
	s, err := t.settings()
	if err != nil {
		dialog.ShowError(err, t.w)
		return
	}
	p := t.w.prefs
	p.SetFloat(prefPerplexity, s.Perplexity)
	p.SetInt(prefIterations, s.Iterations)
	p.SetInt(prefTSNESeed, int(s.Seed))
	ctx, cancel := context.WithCancel(t.w.ctx)
	t.stop = cancel
	t.tsneBtn.Disable()
	t.cancel.Show()
	t.progress.SetValue(0)
	t.progress.Show()
	var last time.Time
	t.w.goJob(func() {
		r, err := tsne.Embed(ctx, d.Features, tsne.Options{Perplexity: s.Perplexity, Iterations: s.Iterations, Seed: s.Seed,
			ProgressEvery: 25, Progress: func(pr tsne.Progress) {
				frame := time.Since(last) > 400*time.Millisecond
				if frame {
					last = time.Now()
				}
				t.w.ui(func() {
					if t.d != d || ctx.Err() != nil {
						return
					}
					t.progress.SetValue(float64(pr.Iteration) / float64(pr.Iterations))
					if frame {
						t.frame = pr.Layout
						t.render()
					}
				})
			}})
		if err == nil {
			n, _ := r.Y.Dims()
			if err := t.w.cache.storeFloats("tsne", tsneKey(d, s), n, 2, r.Y.RawMatrix().Data, false); err != nil {
				fyne.LogError("keep the t-SNE map in the cache", err)
			}
		}
		t.w.ui(func() {
			cancel()
			t.stop = nil
			t.frame = nil
			t.cancel.Hide()
			t.progress.Hide()
			if t.d != d {
				return
			}
			t.tsneBtn.Enable()
			if err != nil {
				if ctx.Err() == nil {
					dialog.ShowError(fmt.Errorf("t-SNE: %w", err), t.w)
				}
				t.render()
				return
			}
			t.w.setTSNE(r.Y)
			t.which.SetSelected("t-SNE") // as if the user chose it: shown next time too
			t.render()
		})
	})
}

// numberEntry returns an entry holding v.
func numberEntry(v float64) *widget.Entry {
	e := widget.NewEntry()
	e.SetText(strconv.FormatFloat(v, 'g', -1, 64))
	return e
}
