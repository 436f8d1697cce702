package gui

import (
	"fmt"
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/gui/plotview"
	"github.com/fashionlens/fashionlens/internal/workspace"
)

// Colourings of the Embeddings map: these, and one per clustering
// method (colourings).
const (
	colourTrue    = "True label"
	colourPred    = "Predicted label"
	colourCorrect = "Correct or wrong"
	// clusterColouring follows a clustering method's title: "K-means
	// cluster".
	clusterColouring = " cluster"
)

// colourings returns the choices of the Colour by control.
func colourings() []string {
	c := []string{colourTrue, colourPred}
	for _, t := range clusteringTitles() {
		c = append(c, t+clusterColouring)
	}
	return append(c, colourCorrect)
}

// colouringMethod returns the clustering method a colouring shows, if it
// is one.
func colouringMethod(colouring string) (workspace.Clustering, bool) {
	title, ok := strings.CutSuffix(colouring, clusterColouring)
	if !ok {
		return workspace.Clustering{}, false
	}
	return clusteringTitled(title)
}

// Sources of the Embeddings tab's points.
const (
	sourceTest  = "Test split"
	sourceTrain = "Train sample"
)

// Preference keys of the Embeddings tab.
const (
	prefMap        = "embeddings.map" // a projection's title: "PCA", "t-SNE"
	prefColour     = "embeddings.colour"
	prefSourceKind = "embeddings.source"
	prefSample     = "embeddings.sample"
	prefSampleSeed = "embeddings.sampleseed"
	prefEmbImages  = "embeddings.images" // the map shows the images
)

// minSample is the smallest sample of the train split.
const minSample = 10

// embeddingsTab shows the encoded features as a map: the Immediate
// projections (PCA) at once, the others (t-SNE) on request, animated
// while they converge; every point can be inspected. The projections'
// controls are built from their registry entries.
type embeddingsTab struct {
	w        *Window
	d        *Derived
	header   *widget.Label
	source   *widget.Select
	sample   *widget.Entry
	colour   *widget.Select
	which    *widget.RadioGroup // the map shown, by projection title
	view     *plotview.View
	back     *widget.Button
	progress *widget.ProgressBar
	insp     *inspector
	filter   *filterBar
	selPanel *selectionPanel
	box      fyne.CanvasObject
	choosing bool // a control is being set by the program, not the user

	// The projections computed on request: a form each, the one chosen
	// (pick, shown when there are several), Compute and Cancel.
	forms   map[string]*methodForm
	panels  map[string]*fyne.Container
	pick    *widget.Select
	compute *widget.Button
	cancel  *widget.Button
	// running is the projection being computed, or ""; frame its layout
	// so far.
	running string
	frame   *mat.Dense
}

func newEmbeddingsTab(w *Window) *embeddingsTab {
	p := w.prefs
	t := &embeddingsTab{w: w, header: widget.NewLabel("Computing the features of the test images…"), progress: widget.NewProgressBar(),
		forms: map[string]*methodForm{}, panels: map[string]*fyne.Container{}}
	t.header.Wrapping = fyne.TextWrapWord
	t.view = newPlotView(w)
	t.insp = newInspector(w)
	t.filter = newFilterBar(w, t.view, prefEmbImages)
	t.selPanel = newSelectionPanel(w)

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

	t.colour = widget.NewSelect(colourings(), func(v string) {
		if !t.choosing {
			p.SetString(prefColour, v)
		}
		t.render()
	})
	t.choose(func() { t.colour.SetSelected(p.StringWithFallback(prefColour, colourTrue)) })
	t.which = widget.NewRadioGroup(projectionTitles(), func(v string) {
		if v != "" && !t.choosing {
			p.SetString(prefMap, v) // the user's choice
		}
		t.mapChosen()
	})
	t.which.Horizontal = true
	t.choose(func() { t.which.SetSelected(projectionTitles()[0]) })
	t.which.Disable()
	t.cancel = widget.NewButton("Cancel", func() {
		if t.running != "" {
			w.ws.Cancel(t.running)
		}
	})
	t.cancel.Hide()
	t.progress.Hide()

	row1 := container.NewHBox(widget.NewLabel("Points"), t.source, widget.NewLabel("sample size"), minWidth(t.sample, 80), importBtn, t.back,
		widget.NewSeparator(), widget.NewLabel("Colour by"), minWidth(t.colour, 190))
	row2 := container.NewHBox(append([]fyne.CanvasObject{widget.NewLabel("Map"), t.which, widget.NewSeparator()}, t.projectionControls()...)...)
	buttons := container.NewHBox(
		widget.NewButton("Reset view", t.view.ResetView),
		widget.NewButton("Export plot…", t.export),
		widget.NewButton("Export embeddings (TSV)…", t.exportTSV),
		widget.NewButton("Suspicious labels…", w.showSuspects),
	)
	mapArea := container.NewBorder(nil, buttons, nil, legendColumn(t.view), t.view)
	t.box = container.NewBorder(container.NewVBox(t.header, row1, row2, t.filter.content(), t.progress), nil, nil,
		sideColumn(t.insp, t.selPanel, 260), mapArea)
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
	if t.running != "" { // the bar belongs to a projection
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

// pointsChanged shows new points (d), or why there are none.
func (t *embeddingsTab) pointsChanged(d *Derived) {
	t.d, t.frame = d, nil
	t.endJob()
	t.choose(func() { t.which.SetSelected(projectionTitles()[0]) })
	t.which.Disable()
	t.compute.Disable()
	t.back.Hidden = t.w.imported == nil
	t.back.Refresh()
	if d == nil {
		return
	}
	if d.Err != nil {
		t.header.SetText(d.Err.Error())
		t.view.SetData(plotview.Data{})
		return
	}
	t.compute.Enable()
	if d.Pred == nil && (t.colour.Selected == colourPred || t.colour.Selected == colourCorrect) {
		t.choose(func() { t.colour.SetSelected(colourTrue) })
	}
	t.render()
	t.restoreKept(d)
}

// clustered recolours the map when it is coloured by method name.
func (t *embeddingsTab) clustered(name string) {
	if m, ok := colouringMethod(t.colour.Selected); ok && m.Name == name {
		t.render()
	}
}

// categories returns each point's category and the names for the current
// colouring; ok is false when the colouring is not available yet.
func (t *embeddingsTab) categories() (cats []int, names []string, ok bool) {
	return t.w.categoriesBy(t.colour.Selected)
}

// coloursBy returns the categories' colours under colouring: a
// clustering's (categoryColors), or nil for the class palette.
func (w *Window) coloursBy(colouring string) []color.NRGBA {
	m, isClustering := colouringMethod(colouring)
	if !isClustering {
		return nil
	}
	if r := w.clustering(m.Name); r != nil {
		return categoryColors(r.K, r.Mapping)
	}
	return nil
}

// categoriesBy returns each point's category under colouring, and the
// names; ok is false when it is not available (no labels or predictions,
// or the clustering has not run).
func (w *Window) categoriesBy(colouring string) (cats []int, names []string, ok bool) {
	d := w.derived
	if m, isClustering := colouringMethod(colouring); isClustering {
		r := w.clustering(m.Name)
		if r == nil {
			return nil, nil, false
		}
		return r.Labels, categoryNames(r.K, r.Mapping, d.Classes), true
	}
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
	}
	if d.Labels == nil {
		return make([]int, d.Len()), []string{"unlabelled"}, true
	}
	return d.Labels, d.Classes, true
}

// shownMap is the map the Embeddings tab shows, and what its header and
// figure say of it.
type shownMap struct {
	xy      *mat.Dense
	title   string    // "t-SNE", "t-SNE (converging)"
	how     string    // for the header: "mapped by t-SNE, …"
	axes    [2]string // the axes' titles
	caption string    // how it was made, for a figure's caption
}

// layout returns the map shown: the frame of the projection being
// computed, the chosen map if it is computed, else the first (PCA).
func (t *embeddingsTab) layout() shownMap {
	if t.frame != nil {
		p, _ := workspace.ProjectionNamed(t.running)
		return shownMap{xy: t.frame, title: p.Title + " (converging)", how: "mapped by " + p.Title + ", converging",
			axes: p.AxisTitles(), caption: p.Title + ", converging"}
	}
	l := t.d.baseLayout()
	if p, ok := projectionTitled(t.which.Selected); ok && t.w.layoutNamed(p.Name) != nil {
		l = t.w.layoutNamed(p.Name)
	}
	return shownMap{xy: l.XY, title: l.Method.Title, how: l.About, axes: l.Axes, caption: l.Caption()}
}

// render shows the map with the current layout and colouring.
func (t *embeddingsTab) render() {
	d := t.d
	if d == nil || d.Err != nil {
		return
	}
	cats, names, ok := t.categories()
	if !ok {
		if m, isClustering := colouringMethod(t.colour.Selected); isClustering {
			t.w.cluTab.ensure(m.Name)
		}
		cats, names = d.Labels, d.Classes
		if cats == nil {
			cats, names = make([]int, d.Len()), []string{"unlabelled"}
		}
	}
	m := t.layout()
	_, dim := d.Features.Dims()
	t.header.SetText(fmt.Sprintf("The %d encoded features of %s under %s, %s. "+
		"Click a point to inspect it; scroll to zoom, drag to pan, click the legend to hide a class.", dim, d.Source, d.Name(), m.how))
	t.view.SetData(plotview.Data{X: mat.Col(nil, 0, m.xy), Y: mat.Col(nil, 1, m.xy), Cat: cats, Names: names,
		Title:  m.title + " of the encoded features, coloured by " + lower(t.colour.Selected),
		XLabel: m.axes[0], YLabel: m.axes[1], Caption: d.caption(m.caption),
		Colors: t.w.coloursBy(t.colour.Selected)})
	t.view.SetThumbs(d.thumbs())
	t.w.decorate(t.view)
}

// export asks for a file and writes the map shown, as PNG, SVG or PDF by
// the file's extension.
func (t *embeddingsTab) export() {
	name := "pca"
	if p, ok := projectionTitled(t.which.Selected); ok {
		name = p.Name
	}
	t.w.exportPlot(t.view, "fashionlens-"+name+".png")
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
			meta, err := exportProjector(path, d, nil)
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

// numberEntry returns an entry holding v.
func numberEntry(v float64) *widget.Entry {
	e := widget.NewEntry()
	e.SetText(strconv.FormatFloat(v, 'g', -1, 64))
	return e
}
