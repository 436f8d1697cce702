package gui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/analysis/plot"
	"github.com/fashionlens/fashionlens/gui/plotview"
	"github.com/fashionlens/fashionlens/internal/workspace"
)

// The filter bar's fixed choices.
const (
	anyTrue      = "True class: any"
	anyPred      = "Predicted: any"
	anyCluster   = "Cluster: any"
	bothOutcomes = "Outcome: any"
	onlyCorrect  = "Correct only"
	onlyWrong    = "Wrong only"
	truePrefix   = "True: "
	predPrefix   = "Predicted: "
)

// The map tools, by the names of the Drag choice.
var mapTools = []struct {
	name string
	tool plotview.Tool
}{{"Pan", plotview.Pan}, {"Box", plotview.Box}, {"Lasso", plotview.Lasso}}

// filterBar sets the workspace's filter: the points it leaves out are
// greyed on both maps, and "Select matching" selects the others. The
// Embeddings and Clusters tabs have one each; both show the one filter.
// It also holds its map's Drag tool (pan, box or lasso selection).
type filterBar struct {
	w        *Window
	view     *plotview.View
	true_    *widget.Select
	pred     *widget.Select
	outcome  *widget.Select
	cluster  *widget.Select
	clusters []clusterChoice // the cluster choices after "any"
	index    *widget.Entry
	confLo   *widget.Slider
	confHi   *widget.Slider
	confText *widget.Label
	count    *widget.Label
	tool     *widget.RadioGroup
	images   *widget.Check
	box      fyne.CanvasObject
	setting  bool // the program sets the controls
}

// clusterChoice is a choice of the cluster filter: a method's cluster.
type clusterChoice struct {
	method  string
	cluster int
}

func newFilterBar(w *Window, view *plotview.View, imagesPref string) *filterBar {
	b := &filterBar{w: w, view: view, count: widget.NewLabel(""), confText: widget.NewLabel("")}
	changed := func(string) { b.apply() }
	b.true_ = widget.NewSelect([]string{anyTrue}, changed)
	b.pred = widget.NewSelect([]string{anyPred}, changed)
	b.outcome = widget.NewSelect([]string{bothOutcomes, onlyCorrect, onlyWrong}, changed)
	b.cluster = widget.NewSelect([]string{anyCluster}, changed)
	b.index = widget.NewEntry()
	b.index.SetPlaceHolder("Image # (0-99)")
	b.index.Validator = func(s string) error {
		_, err := workspace.ParseIndexRanges(s)
		return err
	}
	b.index.OnChanged = changed
	b.confLo, b.confHi = widget.NewSlider(0, 100), widget.NewSlider(0, 100)
	b.confHi.Value = 100
	b.confLo.OnChanged = func(float64) { b.apply() }
	b.confHi.OnChanged = func(float64) { b.apply() }
	names := make([]string, len(mapTools))
	for i, t := range mapTools {
		names[i] = t.name
	}
	b.tool = widget.NewRadioGroup(names, func(s string) {
		for _, t := range mapTools {
			if t.name == s {
				view.SetTool(t.tool)
			}
		}
	})
	b.tool.Horizontal = true
	b.tool.Required = true
	b.tool.SetSelected(mapTools[0].name)
	b.images = widget.NewCheck("Images", func(on bool) {
		view.SetShowImages(on)
		w.prefs.SetBool(imagesPref, on)
	})
	b.images.SetChecked(w.prefs.Bool(imagesPref))
	// Two rows that fit a 1,000-pixel-wide window.
	row1 := container.NewHBox(widget.NewLabelWithStyle("Filter", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		minWidth(b.true_, 150), minWidth(b.pred, 165), minWidth(b.outcome, 140), minWidth(b.cluster, 150), minWidth(b.index, 150),
		widget.NewButton("Clear filter", b.clear))
	row2 := container.NewHBox(widget.NewLabel("Confidence"), minWidth(b.confLo, 80), minWidth(b.confHi, 80), minWidth(b.confText, 70),
		minWidth(b.count, 130), widget.NewButton("Select matching", w.ws.SelectMatching),
		widget.NewSeparator(), widget.NewLabel("Drag"), b.tool, widget.NewSeparator(), b.images)
	b.box = container.NewVBox(row1, row2)
	b.pointsChanged()
	return b
}

// content returns the bar.
func (b *filterBar) content() fyne.CanvasObject { return b.box }

// pointsChanged rebuilds the class and cluster choices for new points.
func (b *filterBar) pointsChanged() {
	t, p := []string{anyTrue}, []string{anyPred}
	if d := b.w.derived; d != nil && d.Err == nil {
		for _, c := range d.Classes {
			t = append(t, truePrefix+c)
			p = append(p, predPrefix+c)
		}
	}
	b.setting = true
	b.true_.SetOptions(t)
	b.pred.SetOptions(p)
	b.setting = false
	b.clusteringsChanged()
}

// clusteringsChanged rebuilds the cluster choices from the clusterings
// there are.
func (b *filterBar) clusteringsChanged() {
	opts := []string{anyCluster}
	b.clusters = nil
	for _, m := range workspace.Clusterings() {
		r := b.w.clustering(m.Name)
		if r == nil {
			continue
		}
		noise := false
		for _, l := range r.Labels {
			noise = noise || l == plot.Noise
		}
		if noise {
			opts = append(opts, m.Title+" noise")
			b.clusters = append(b.clusters, clusterChoice{m.Name, plot.Noise})
		}
		for k := range r.K {
			opts = append(opts, fmt.Sprintf("%s %d", m.Title, k))
			b.clusters = append(b.clusters, clusterChoice{m.Name, k})
		}
	}
	b.setting = true
	b.cluster.SetOptions(opts)
	b.setting = false
	b.update()
}

// apply makes the controls' choices the workspace's filter.
func (b *filterBar) apply() {
	if b.setting {
		return
	}
	b.showConfidence()
	var f workspace.Filter
	if i := b.true_.SelectedIndex(); i > 0 {
		f.True = []int{i - 1}
	}
	if i := b.pred.SelectedIndex(); i > 0 {
		f.Pred = []int{i - 1}
	}
	switch b.outcome.Selected {
	case onlyCorrect:
		f.Outcome = workspace.Correct
	case onlyWrong:
		f.Outcome = workspace.Wrong
	}
	if i := b.cluster.SelectedIndex(); i > 0 && i-1 < len(b.clusters) {
		c := b.clusters[i-1]
		f.Clustering, f.Clusters = c.method, []int{c.cluster}
	}
	if lo, hi := b.confLo.Value, b.confHi.Value; lo > 0 || hi < 100 {
		f.Confidence = &[2]float64{min(lo, hi) / 100, max(lo, hi) / 100}
	}
	if rs, err := workspace.ParseIndexRanges(b.index.Text); err == nil && len(rs) > 0 {
		f.Index = rs
	} else if err != nil {
		f.Index = b.w.ws.Filter().Index // keep the last good one while the user types
	}
	b.w.ws.SetFilter(f)
}

// showConfidence writes the confidence sliders' range.
func (b *filterBar) showConfidence() {
	lo, hi := min(b.confLo.Value, b.confHi.Value), max(b.confLo.Value, b.confHi.Value)
	b.confText.SetText(fmt.Sprintf("%.0f–%.0f%%", lo, hi))
}

// clear removes the filter.
func (b *filterBar) clear() { b.w.ws.SetFilter(workspace.Filter{}) }

// update shows the workspace's filter in the controls, and how many
// points it keeps.
func (b *filterBar) update() {
	f := b.w.ws.Filter()
	b.setting = true
	defer func() { b.setting = false }()
	pick := func(s *widget.Select, set []int) {
		if len(set) == 1 && set[0]+1 < len(s.Options) {
			s.SetSelectedIndex(set[0] + 1)
		} else {
			s.SetSelectedIndex(0)
		}
	}
	pick(b.true_, f.True)
	pick(b.pred, f.Pred)
	b.outcome.SetSelected([]string{bothOutcomes, onlyCorrect, onlyWrong}[f.Outcome])
	ci := 0
	for k, c := range b.clusters {
		if f.Clustering == c.method && len(f.Clusters) == 1 && f.Clusters[0] == c.cluster {
			ci = k + 1
		}
	}
	b.cluster.SetSelectedIndex(ci)
	lo, hi := 0.0, 100.0
	if f.Confidence != nil {
		lo, hi = 100*f.Confidence[0], 100*f.Confidence[1]
	}
	if b.confLo.Value != lo {
		b.confLo.SetValue(lo)
	}
	if b.confHi.Value != hi {
		b.confHi.SetValue(hi)
	}
	b.showConfidence()
	if want, err := workspace.ParseIndexRanges(b.index.Text); err == nil && workspace.FormatIndexRanges(want) != workspace.FormatIndexRanges(f.Index) {
		b.index.SetText(workspace.FormatIndexRanges(f.Index))
	}
	keep, n := b.w.ws.Matching()
	total := b.w.ws.Points().Len()
	switch {
	case total == 0:
		b.count.SetText("")
	case keep == nil:
		b.count.SetText(fmt.Sprintf("All %s points", analysis.Thousands(total)))
	default:
		b.count.SetText(fmt.Sprintf("%s of %s match", analysis.Thousands(n), analysis.Thousands(total)))
	}
}
