package gui

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/analysis/plot"
	"github.com/fashionlens/fashionlens/gui/plotview"
)

// Clustering methods of the Clusters tab.
const (
	methodKMeans = "K-means"
	methodDBSCAN = "DBSCAN"
)

// clustersTab clusters the encoded features with K-means or DBSCAN, draws
// the clusters on the PCA or t-SNE map, and shows how they line up with
// the classes: the study's "guessing the labels" table, with a gallery of
// each cluster's misclustered images.
type clustersTab struct {
	w        *Window
	header   *widget.Label
	method   *widget.RadioGroup
	layout   *widget.RadioGroup
	progress *widget.ProgressBar
	cancel   *widget.Button
	view     *plotview.View
	insp     *inspector

	// K-means controls.
	kmBox                 *fyne.Container
	kEntry, restarts, sd  *widget.Entry
	kmRun, chooseK        *widget.Button
	sweep                 *canvas.Image
	sweepBox, kdistBox    *tapImage // the small figures, which open large when clicked
	sweepFig              plot.Figure
	sweepExport           *widget.Button
	kmCancel, dbCancel    context.CancelFunc
	sweepCancel           context.CancelFunc
	dbBox                 *fyne.Container
	minPts, epsEntry      *widget.Entry
	eps                   *widget.Slider
	epsValue              float64 // the eps the controls stand for, unrounded
	suggested             *widget.Button
	noNoise               *widget.Check
	dbRun                 *widget.Button
	kdist                 *canvas.Image
	kdistFig              plot.Figure
	kdistExport           *widget.Button
	metrics               *widget.Label
	table                 *widget.List
	rows                  []clusterRow
	row                   int // the selected row, or −1
	galleryLabel          *widget.Label
	gallery               *widget.GridWrap
	galleryItems          []int
	box                   fyne.CanvasObject
	choosing              bool
	kdistFor              *clusterState // the state whose k-distance curve is computed or being computed
	kdistPending          int           // the minPts of the curve being computed for kdistFor
	dbscanWanted          bool          // run DBSCAN once the k-distance curve is known
	lastKMeans, lastDBRun *clusterState
}

func newClustersTab(w *Window) *clustersTab {
	p := w.prefs
	t := &clustersTab{w: w, header: widget.NewLabel("Clustering the features of the test images…"), progress: widget.NewProgressBar(), row: -1}
	t.header.Wrapping = fyne.TextWrapWord
	t.progress.Hide()
	t.cancel = widget.NewButton("Cancel", func() {
		for _, c := range []context.CancelFunc{t.kmCancel, t.dbCancel, t.sweepCancel} {
			if c != nil {
				c()
			}
		}
		t.stopProgress()
	})
	t.cancel.Hide()
	t.view = newPlotView(w)
	t.insp = newInspector(w)

	t.method = widget.NewRadioGroup([]string{methodKMeans, methodDBSCAN}, func(v string) {
		if !t.choosing && v != "" {
			p.SetString(prefClusterMeth, v)
		}
		t.methodChanged()
	})
	t.method.Horizontal = true
	t.layout = widget.NewRadioGroup([]string{"PCA", "t-SNE"}, func(v string) {
		if !t.choosing && v != "" {
			p.SetString(prefClusterView, v)
		}
		t.render()
	})
	t.layout.Horizontal = true

	// K-means.
	t.kEntry = widget.NewEntry()
	t.restarts = numberEntry(float64(p.IntWithFallback(prefKMRestarts, defaultRestarts)))
	t.sd = numberEntry(float64(p.IntWithFallback(prefKMSeed, 1)))
	t.kmRun = widget.NewButton("Run K-means", func() { t.runKMeans(true) })
	t.kmRun.Importance = widget.HighImportance
	t.chooseK = widget.NewButton(fmt.Sprintf("Choose k (%d–%d)", chooseKMin, chooseKMax), t.runChooseK)
	t.kmBox = container.NewHBox(widget.NewLabel("k"), minWidth(t.kEntry, 50), widget.NewLabel("restarts"), minWidth(t.restarts, 50),
		widget.NewLabel("seed"), minWidth(t.sd, 50), t.kmRun, t.chooseK)
	t.sweep = canvas.NewImageFromImage(nil)
	t.sweep.FillMode = canvas.ImageFillContain
	t.sweep.SetMinSize(fyne.NewSize(240, 120))
	t.sweepBox = newTapImage(t.sweep, func() { w.showFigure("Choosing k", t.sweepFig, "fashionlens-choose-k.png") })
	t.sweepExport = widget.NewButton("Export…", func() {
		if t.sweepFig != nil {
			w.exportFigure(t.sweepFig, "fashionlens-choose-k.png")
		}
	})

	// DBSCAN.
	db := w.dbSettingsNow()
	t.minPts = numberEntry(float64(db.MinPts))
	t.minPts.OnSubmitted = func(string) { t.kdistanceChanged() }
	t.eps = widget.NewSlider(0, 1)
	t.eps.Step = 0.001
	t.eps.OnChanged = func(v float64) {
		if !t.choosing {
			t.epsValue = v
			t.epsEntry.SetText(formatEps(v))
			t.drawKDistance(v)
		}
	}
	t.eps.OnChangeEnded = func(float64) {
		if !t.choosing {
			t.runDBSCAN(true)
		}
	}
	t.epsEntry = widget.NewEntry()
	t.epsEntry.OnSubmitted = func(string) { t.runDBSCAN(true) }
	t.suggested = widget.NewButton("Use suggested eps", t.useSuggested)
	t.noNoise = widget.NewCheck("Remove noise", func(bool) {
		if !t.choosing {
			p.SetBool(prefDBNoNoise, t.noNoise.Checked)
			t.runDBSCAN(true)
		}
	})
	t.choose(func() { t.noNoise.SetChecked(db.RemoveNoise) })
	t.dbRun = widget.NewButton("Run DBSCAN", func() { t.runDBSCAN(true) })
	t.dbRun.Importance = widget.HighImportance
	t.dbBox = container.NewHBox(widget.NewLabel("minPts"), minWidth(t.minPts, 50), widget.NewLabel("eps"), minWidth(t.eps, 180),
		minWidth(t.epsEntry, 70), t.suggested, t.noNoise, t.dbRun)
	t.kdist = canvas.NewImageFromImage(nil)
	t.kdist.FillMode = canvas.ImageFillContain
	t.kdist.SetMinSize(fyne.NewSize(240, 120))
	t.kdistBox = newTapImage(t.kdist, func() { w.showFigure("The k-distance curve", t.kdistFig, "fashionlens-k-distance.png") })
	t.kdistExport = widget.NewButton("Export…", func() {
		if t.kdistFig != nil {
			w.exportFigure(t.kdistFig, "fashionlens-k-distance.png")
		}
	})

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
		container.NewStack(t.kmBox, t.dbBox), container.NewBorder(nil, nil, nil, t.cancel, t.progress))
	t.box = container.NewBorder(top, nil, nil, t.insp.content(210), split)

	t.choose(func() {
		t.method.SetSelected(p.StringWithFallback(prefClusterMeth, methodKMeans))
		t.layout.SetSelected("PCA")
	})
	t.layout.Disable()
	w.onSelect(t.view.SetSelected)
	w.layoutListeners = append(w.layoutListeners, t.layoutsChanged)
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

// methodChanged shows the chosen method's controls and results, running
// it if it has not run on these features.
func (t *clustersTab) methodChanged() {
	km := t.method.Selected != methodDBSCAN
	t.kmBox.Hidden, t.dbBox.Hidden = !km, km
	t.sweepBox.Hidden, t.sweepExport.Hidden = !km || t.sweepFig == nil, !km || t.sweepFig == nil
	t.kdistBox.Hidden, t.kdistExport.Hidden = km, km || t.kdistFig == nil
	t.kmBox.Refresh()
	t.dbBox.Refresh()
	t.sweepBox.Refresh()
	t.kdistBox.Refresh()
	t.sweepExport.Refresh()
	t.kdistExport.Refresh()
	if t.w.clusters() == nil {
		return
	}
	if km {
		t.ensureKMeans()
	} else {
		t.ensureDBSCAN()
	}
	t.show()
}

// layoutsChanged enables the t-SNE layout once there is a t-SNE map.
func (t *clustersTab) layoutsChanged() {
	if t.w.tsne == nil {
		t.layout.Disable()
		t.choose(func() { t.layout.SetSelected("PCA") })
		return
	}
	t.layout.Enable()
	// t-SNE separates the clusters better: shown unless the user chose PCA.
	if t.w.prefs.StringWithFallback(prefClusterView, "t-SNE") == "t-SNE" {
		t.choose(func() { t.layout.SetSelected("t-SNE") })
	}
	t.render()
}

func (t *clustersTab) setDerived(d *Derived) {
	for _, c := range []context.CancelFunc{t.kmCancel, t.dbCancel, t.sweepCancel} {
		if c != nil {
			c()
		}
	}
	t.sweepFig, t.kdistFig, t.kdistFor, t.dbscanWanted = nil, nil, nil, false
	t.rows, t.row, t.galleryItems = nil, -1, nil
	t.table.UnselectAll()
	t.table.Refresh()
	t.gallery.Refresh()
	t.layoutsChanged()
	if d.Err != nil {
		t.header.SetText(d.Err.Error())
		t.view.SetData(plotview.Data{})
		return
	}
	k := t.w.kmSettingsFor(d).K
	t.choose(func() { t.kEntry.SetText(strconv.Itoa(k)) })
	t.header.SetText(fmt.Sprintf("Clustering the encoded features of %s under %s…", d.Source, d.Name()))
	t.methodChanged()
	t.kdistanceChanged()
}

// current returns the shown method's labels, mapping, scores and
// legend names, or nil labels if it has not run.
func (t *clustersTab) current() (labels []int, mapping []clusterRow, sc *scores, names []string) {
	cs := t.w.clusters()
	if cs == nil {
		return nil, nil, nil, nil
	}
	if t.method.Selected == methodDBSCAN {
		if cs.dbscan == nil {
			return nil, nil, nil, nil
		}
		return cs.dbscan.Labels, cs.dbMapping, cs.dbScores, categoryNames(cs.dbscan.Clusters, cs.dbMapping, cs.d.Classes)
	}
	if cs.kmeans == nil {
		return nil, nil, nil, nil
	}
	return cs.kmeans.Labels, cs.kmMapping, cs.kmScores, categoryNames(cs.km.K, cs.kmMapping, cs.d.Classes)
}

// show shows the current method's clustering: header, scores, table and
// map.
func (t *clustersTab) show() {
	cs := t.w.clusters()
	labels, mapping, sc, _ := t.current()
	if cs == nil || labels == nil {
		return
	}
	d := cs.d
	var what, result string
	if t.method.Selected == methodDBSCAN {
		what = fmt.Sprintf("DBSCAN (eps = %s, minPts = %d)", formatEps(cs.db.Eps), cs.db.MinPts)
		result = fmt.Sprintf("%d clusters, %.1f%% of the points noise", cs.dbscan.Clusters, 100*cs.dbscan.NoiseFraction())
		if cs.db.RemoveNoise {
			result += " (left out of the map and the scores)"
		}
	} else {
		what = fmt.Sprintf("K-means (k = %d, %d restarts, seed %d)", cs.km.K, cs.km.Restarts, cs.km.Seed)
		result = fmt.Sprintf("inertia %.4g", cs.kmeans.Inertia)
	}
	t.header.SetText(fmt.Sprintf("%s on the encoded features of %s under %s: %s. Select a row of the table to see its misclustered images; click a point or an image to inspect it.",
		what, d.Source, d.Name(), result))
	if sc != nil {
		t.metrics.SetText(fmt.Sprintf("Against the true classes (%s points): ARI %.3f · NMI %.3f · purity %.1f%%",
			analysis.Thousands(sc.Points), sc.ARI, sc.NMI, 100*sc.Purity))
	} else {
		t.metrics.SetText("The points have no true classes: no scores or mapping.")
	}
	t.rows = mapping
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
	cs := t.w.clusters()
	labels, _, _, names := t.current()
	if cs == nil || labels == nil {
		return
	}
	y, title := cs.d.PCA.Projected, "PCA"
	if t.layout.Selected == "t-SNE" && t.w.tsne != nil {
		y, title = t.w.tsne, "t-SNE"
	}
	method := t.method.Selected
	if method == "" {
		method = methodKMeans
	}
	t.view.SetData(plotview.Data{X: mat.Col(nil, 0, y), Y: mat.Col(nil, 1, y), Cat: labels, Names: names,
		Title: method + " clusters on the " + title + " map"})
	if method == methodDBSCAN && cs.db.RemoveNoise {
		t.view.SetHidden(plot.Noise, true)
	}
	if t.w.selected >= 0 {
		t.view.SetSelected(t.w.selected)
	}
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
