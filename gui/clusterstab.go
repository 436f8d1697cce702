package gui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/analysis/plot"
	"github.com/fashionlens/fashionlens/gui/plotview"
	"github.com/fashionlens/fashionlens/internal/workspace"
)

// clustersTab clusters the encoded features with a registered method
// (K-means, DBSCAN), draws the clusters on a map, and shows how they
// line up with the classes: the study's "guessing the labels" table,
// with a gallery of each cluster's misclustered images. Each method's
// controls are built from its registry entry; K-means and DBSCAN add
// their own tools (choosing k, the k-distance curve).
type clustersTab struct {
	w        *Window
	header   *widget.Label
	method   *widget.RadioGroup
	layout   *widget.RadioGroup
	progress *widget.ProgressBar
	cancel   *widget.Button
	view     *plotview.View
	insp     *inspector
	filter   *filterBar
	selPanel *selectionPanel

	forms  map[string]*methodForm     // each method's parameters
	panels map[string]*fyne.Container // each method's row of controls
	runs   map[string]*widget.Button  // each method's Run button
	// attempted is the points each method last ran on (or was started
	// for), so that showing a method runs it once.
	attempted map[string]*workspace.Points

	// K-means tools.
	chooseK     *widget.Button
	sweep       *canvas.Image
	sweepBox    *tapImage // the small figures, which open large when clicked
	sweepFig    plot.Figure
	sweepExport *widget.Button
	sweepCancel context.CancelFunc
	// DBSCAN tools.
	eps          *widget.Slider
	epsValue     float64 // the eps the controls stand for, unrounded
	suggested    *widget.Button
	suggestedEps float64 // the knee of the curve for kdistK, or 0
	kdistK       int     // the minPts of the curve shown
	kdist        *canvas.Image
	kdistBox     *tapImage
	kdistFig     plot.Figure
	kdistExport  *widget.Button
	kdistPending int // the minPts of the curve being computed
	metrics      *widget.Label
	table        *widget.List
	rows         []clusterRow
	row          int // the selected row, or −1
	galleryLabel *widget.Label
	gallery      *widget.GridWrap
	galleryItems []int
	box          fyne.CanvasObject
	choosing     bool
}

func newClustersTab(w *Window) *clustersTab {
	p := w.prefs
	t := &clustersTab{w: w, header: widget.NewLabel("Clustering the features of the test images…"), progress: widget.NewProgressBar(), row: -1,
		forms: map[string]*methodForm{}, panels: map[string]*fyne.Container{}, runs: map[string]*widget.Button{}, attempted: map[string]*workspace.Points{}}
	t.header.Wrapping = fyne.TextWrapWord
	t.progress.Hide()
	t.cancel = widget.NewButton("Cancel", func() {
		for _, c := range workspace.Clusterings() {
			w.ws.Cancel(c.Name)
		}
		if t.sweepCancel != nil {
			t.sweepCancel()
		}
		t.stopProgress()
	})
	t.cancel.Hide()
	t.view = newPlotView(w)
	t.insp = newInspector(w)
	t.filter = newFilterBar(w, t.view, prefCluImages)
	t.selPanel = newSelectionPanel(w)

	t.method = widget.NewRadioGroup(clusteringTitles(), func(v string) {
		if !t.choosing && v != "" {
			p.SetString(prefClusterMeth, v)
		}
		t.methodChanged()
	})
	t.method.Horizontal = true
	t.layout = widget.NewRadioGroup(projectionTitles(), func(v string) {
		if !t.choosing && v != "" {
			p.SetString(prefClusterView, v)
		}
		t.render()
	})
	t.layout.Horizontal = true

	var panels []fyne.CanvasObject
	for _, m := range workspace.Clusterings() {
		f := newMethodForm(w, "clusters", m.Name, m.Params)
		t.forms[m.Name] = f
		name := m.Name
		run := widget.NewButton("Run "+m.Title, func() { t.run(name, true) })
		run.Importance = widget.HighImportance
		t.runs[m.Name] = run
		tail := []fyne.CanvasObject{run}
		if tools, ok := clusterTools[m.Name]; ok {
			tail = tools(t, f, run)
		}
		t.panels[m.Name] = f.row(nil, tail...)
		panels = append(panels, t.panels[m.Name])
	}

	// The mapping table and the gallery.
	t.metrics = widget.NewLabel("")
	t.metrics.Wrapping = fyne.TextWrapWord
	t.table = widget.NewList(func() int { return len(t.rows) }, func() fyne.CanvasObject {
		l := widget.NewLabel("row\ncomposition") // two lines high
		l.TextStyle = fyne.TextStyle{Monospace: true}
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}, func(id widget.ListItemID, o fyne.CanvasObject) {
		if id < len(t.rows) {
			o.(*widget.Label).SetText(t.rowText(t.rows[id]))
		}
	})
	t.table.OnSelected = t.selectRow
	tableHead := widget.NewLabelWithStyle(fmt.Sprintf("%-10s %6s  %-11s %6s\n  composition (classes of 10%% or more)", "cluster", "size", "majority", "purity"),
		fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	t.galleryLabel = widget.NewLabel("Select a row of the table to see its misclustered images.")
	t.galleryLabel.Wrapping = fyne.TextWrapWord
	t.gallery = widget.NewGridWrap(func() int { return len(t.galleryItems) },
		func() fyne.CanvasObject { return newThumb(func(i int) { w.selectPoint(i) }) },
		func(id widget.GridWrapItemID, o fyne.CanvasObject) {
			if d := w.derived; d != nil && id < len(t.galleryItems) {
				i := t.galleryItems[id]
				o.(*thumb).set(i, d.Image(i), d.labelName(i))
			}
		})
	galleryBar := container.NewHBox(widget.NewButton("Export gallery…", t.exportGallery))
	side := container.NewVSplit(
		container.NewBorder(container.NewVBox(
			container.NewBorder(nil, nil, nil, container.NewVBox(t.sweepExport, t.kdistExport), container.NewStack(t.sweepBox, t.kdistBox)),
			t.metrics, tableHead), nil, nil, nil, t.table),
		container.NewBorder(t.galleryLabel, galleryBar, nil, nil, t.gallery),
	)
	side.Offset = 0.62
	buttons := container.NewHBox(
		widget.NewButton("Reset view", t.view.ResetView),
		widget.NewButton("Export plot…", t.exportPlot),
		widget.NewButton("Export CSV…", t.exportCSV),
	)
	mapArea := container.NewBorder(nil, buttons, nil, legendColumn(t.view), t.view)
	split := container.NewHSplit(mapArea, side)
	split.Offset = 0.6
	top := container.NewVBox(t.header,
		container.NewHBox(widget.NewLabel("Method"), t.method, widget.NewSeparator(), widget.NewLabel("Map"), t.layout),
		container.NewStack(panels...), t.filter.content(), container.NewBorder(nil, nil, nil, t.cancel, t.progress))
	t.box = container.NewBorder(top, nil, nil, sideColumn(t.insp, t.selPanel, 210), split)

	t.choose(func() {
		t.method.SetSelected(p.StringWithFallback(prefClusterMeth, clusteringTitles()[0]))
		t.layout.SetSelected(projectionTitles()[0])
	})
	t.layout.Disable()
	return t
}

func (t *clustersTab) content() fyne.CanvasObject { return t.box }

// choose runs f, which sets controls, without it counting as the user's
// choice.
func (t *clustersTab) choose(f func()) {
	t.choosing = true
	defer func() { t.choosing = false }()
	f()
}

// methodName returns the registry name of the method shown.
func (t *clustersTab) methodName() string {
	if m, ok := clusteringTitled(t.method.Selected); ok {
		return m.Name
	}
	return workspace.Clusterings()[0].Name
}

// methodChanged shows the chosen method's controls and results, running
// it if it has not run on these points.
func (t *clustersTab) methodChanged() {
	name := t.methodName()
	for n, p := range t.panels {
		p.Hidden = n != name
		p.Refresh()
	}
	km, db := name == "kmeans", name == "dbscan"
	t.sweepBox.Hidden, t.sweepExport.Hidden = !km || t.sweepFig == nil, !km || t.sweepFig == nil
	t.kdistBox.Hidden, t.kdistExport.Hidden = !db, !db || t.kdistFig == nil
	t.sweepBox.Refresh()
	t.kdistBox.Refresh()
	t.sweepExport.Refresh()
	t.kdistExport.Refresh()
	if t.w.ws.Points() == nil {
		return
	}
	t.ensure(name)
	t.show()
}

// layoutsChanged enables the choice of map once there is more than the
// first, and shows a slower map (t-SNE) unless the user chose the first.
func (t *clustersTab) layoutsChanged() {
	var computed []string
	for _, p := range workspace.Projections() {
		if !p.Immediate && t.w.layoutNamed(p.Name) != nil {
			computed = append(computed, p.Title)
		}
	}
	if len(computed) == 0 {
		t.layout.Disable()
		t.choose(func() { t.layout.SetSelected(projectionTitles()[0]) })
		return
	}
	t.layout.Enable()
	// t-SNE separates the clusters better: shown unless the user chose
	// another map.
	want := t.w.prefs.StringWithFallback(prefClusterView, computed[0])
	if slices.Contains(computed, want) {
		t.choose(func() { t.layout.SetSelected(want) })
	}
	t.render()
}

// pointsChanged starts over with new points (d), or shows why there are
// none.
func (t *clustersTab) pointsChanged(d *Derived) {
	if t.sweepCancel != nil {
		t.sweepCancel()
	}
	t.stopProgress()
	t.sweepFig, t.kdistFig, t.kdistPending, t.suggestedEps, t.kdistK = nil, nil, 0, 0, 0
	clear(t.attempted)
	t.rows, t.row, t.galleryItems = nil, -1, nil
	t.table.UnselectAll()
	t.table.Refresh()
	t.gallery.Refresh()
	t.layoutsChanged()
	if d == nil || d.Err != nil {
		if d != nil {
			t.header.SetText(d.Err.Error())
		}
		t.view.SetData(plotview.Data{})
		return
	}
	if f := t.forms["kmeans"]; f != nil && t.w.prefs.Int(prefKMK) == 0 {
		t.choose(func() { f.set("k", float64(max(2, len(d.Classes)))) }) // one per class
	}
	t.header.SetText(fmt.Sprintf("Clustering the encoded features of %s under %s…", d.Source, d.Name()))
	t.methodChanged()
	if _, ok := t.forms["dbscan"]; ok {
		t.kdistanceChanged()
	}
}

// working shows the progress of a clustering job.
func (t *clustersTab) working(name string, p workspace.Progress) {
	if t.w.ws.Running(name) {
		t.progress.Show()
		t.cancel.Show()
		t.progress.SetValue(p.Fraction())
	}
}

// jobEnded hides the progress of a job that failed or was cancelled.
func (t *clustersTab) jobEnded(name string) {
	if !isProjection(name) {
		t.stopProgress()
	}
}

// clustered shows a new clustering of method name.
func (t *clustersTab) clustered(name string) {
	t.stopProgress()
	r := t.w.clustering(name)
	if name == "dbscan" && r != nil {
		t.setEps(r.Used["eps"])
	}
	if name == t.methodName() {
		t.show()
	}
}

// current returns the shown method's result and legend names, or nil
// if it has not run.
func (t *clustersTab) current() (*workspace.Clustered, []string) {
	r := t.w.clustering(t.methodName())
	if r == nil || t.w.derived == nil {
		return nil, nil
	}
	return r, categoryNames(r.K, r.Mapping, t.w.derived.Classes)
}

// show shows the current method's clustering: header, scores, table and
// map.
func (t *clustersTab) show() {
	r, _ := t.current()
	if r == nil {
		return
	}
	d := t.w.derived
	what, outcome := r.What, r.Outcome
	t.header.SetText(fmt.Sprintf("%s on the encoded features of %s under %s: %s. Select a row of the table to see its misclustered images; click a point or an image to inspect it.",
		what, d.Source, d.Name(), outcome))
	if sc := r.Scores; sc != nil {
		t.metrics.SetText(fmt.Sprintf("Against the true classes (%s points): ARI %.3f · NMI %.3f · purity %.1f%%",
			analysis.Thousands(sc.Points), sc.ARI, sc.NMI, 100*sc.Purity))
	} else {
		t.metrics.SetText("The points have no true classes: no scores or mapping.")
	}
	t.rows = r.Mapping
	t.row = -1
	t.galleryItems = nil
	t.table.UnselectAll()
	t.table.Refresh()
	t.gallery.Refresh()
	t.galleryLabel.SetText("Select a row of the table to see its misclustered images.")
	t.render()
}

// render draws the clustering on the chosen map.
func (t *clustersTab) render() {
	r, names := t.current()
	d := t.w.derived
	if r == nil {
		return
	}
	l := d.baseLayout()
	if p, ok := projectionTitled(t.layout.Selected); ok && t.w.layoutNamed(p.Name) != nil {
		l = t.w.layoutNamed(p.Name)
	}
	y := l.XY
	t.view.SetData(plotview.Data{X: mat.Col(nil, 0, y), Y: mat.Col(nil, 1, y), Cat: r.Labels, Names: names,
		Title:  r.Method.Title + " clusters on the " + l.Method.Title + " map",
		XLabel: l.Axes[0], YLabel: l.Axes[1], Caption: d.caption(r.CaptionOn(l)),
		Colors: categoryColors(r.K, r.Mapping)})
	if r.Method.DropNoise != "" && r.Values.Bool(r.Method.DropNoise) {
		t.view.SetHidden(plot.Noise, true)
	}
	t.view.SetThumbs(d.thumbs())
	t.w.decorate(t.view)
}

// rowText formats a row of the mapping table.
func (t *clustersTab) rowText(r clusterRow) string {
	classes := t.w.derived.Classes
	name := fmt.Sprintf("Cluster %d", r.Cluster)
	if r.Cluster == plot.Noise {
		name = "Noise"
	}
	var comp []string
	for _, c := range r.Classes {
		comp = append(comp, fmt.Sprintf("%s %.0f%%", classes[c], 100*float64(r.Composition[c])/float64(r.Size)))
	}
	return fmt.Sprintf("%-10s %6s  %-11s %5.1f%%\n  %s", name, analysis.Thousands(r.Size), shortName(classes[r.Majority], 11), 100*r.Purity, strings.Join(comp, ", "))
}

// shortName cuts s to n characters.
func shortName(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// selectRow shows the misclustered images of row id: its members whose
// true class is not the cluster's majority, the farthest from the
// centroid first.
func (t *clustersTab) selectRow(id widget.ListItemID) {
	if id < 0 || id >= len(t.rows) {
		return
	}
	t.row = id
	r := t.rows[id]
	t.galleryItems = slices.Clone(r.Misclustered)
	name := fmt.Sprintf("Cluster %d", r.Cluster)
	if r.Cluster == plot.Noise {
		name = "The noise"
	}
	t.galleryLabel.SetText(fmt.Sprintf("%s (mostly %s): %s misclustered of %s images, the farthest from the centroid first.",
		name, t.w.derived.Classes[r.Majority], analysis.Thousands(len(r.Misclustered)), analysis.Thousands(r.Size)))
	t.gallery.ScrollToTop()
	t.gallery.Refresh()
}

// GalleryItems returns the points the misclustered gallery shows.
func (t *clustersTab) GalleryItems() []int { return slices.Clone(t.galleryItems) }
