package gui

import (
	"context"
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/analysis/plot"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// prefScheme is the preference key of the label scheme the data is shown
// in (a dataset.Scheme name).
const prefScheme = "data.scheme"

// allClasses is the class filter's first option.
const allClasses = "All classes"

// Thumbnail and large-view sizes, in Fyne units.
const (
	thumbSize  = 64
	thumbWidth = 150 // room for the longest groups5 caption
	largeSize  = 280
)

// datasetTab is the Dataset tab: where the data came from, what it holds
// (a class-balance chart), and a grid of its images.
type datasetTab struct {
	w *Window

	// The source.
	summary   *widget.Label
	info      *widget.Label      // the source report, or the load error
	views     *container.AppTabs // the class balance and the source report
	chooseBtn *widget.Button
	dlBtn     *widget.Button
	dlBar     *widget.ProgressBar
	dlText    string // the progress bar's text
	dlCancel  *widget.Button
	dlBox     *fyne.Container
	cancelDL  context.CancelFunc // non-nil while a download runs

	// The selectors.
	splitSel  *widget.Select
	schemeSel *widget.Select
	filterSel *widget.Select
	updating  bool // the selectors are being set by code, not by the user

	// The class balance.
	chartTitle *widget.Label
	chart      *barChart

	// The grid.
	grid      *widget.GridWrap
	gridCount *widget.Label
	split     *dataset.Split // the selected split; nil before data
	filter    int            // the class shown, in the current scheme; -1 for all
	indices   []int          // the split's images of class filter; unused when filter < 0

	// detail is the large view last opened (for tests).
	detail dialog.Dialog
	// fetchOpts and cacheDir configure the download; tests set them.
	fetchOpts dataset.FetchOptions
	cacheDir  func() (string, error)

	btnRow, sourceBox, left *fyne.Container // laid out again when the source changes
	box                     fyne.CanvasObject
}

func newDatasetTab(w *Window) *datasetTab {
	t := &datasetTab{w: w, filter: -1, cacheDir: dataset.CacheDir}
	if name := w.prefs.String(prefScheme); name != "" {
		if sc, err := dataset.SchemeByName(name); err == nil {
			w.state.SetScheme(sc)
		} else {
			fyne.LogError("restore the label scheme", err)
		}
	}

	// The source.
	t.summary = widget.NewLabel("Looking for the data set…")
	// Lines broken by hand, not wrapped: a wrapped label's height
	// depends on its width, which a box in a scroll lays out late.
	t.summary.Truncation = fyne.TextTruncateEllipsis
	t.info = widget.NewLabel("Looking for the data set…")
	t.info.TextStyle = fyne.TextStyle{Monospace: true}
	t.info.SizeName = theme.SizeNameCaptionText
	t.info.Wrapping = fyne.TextWrapWord
	t.info.Selectable = true
	t.chooseBtn = widget.NewButtonWithIcon("Choose folder…", theme.FolderOpenIcon(), t.chooseFolder)
	t.dlBtn = widget.NewButtonWithIcon("Download train split", theme.DownloadIcon(), t.download)
	t.dlBtn.Importance = widget.HighImportance
	t.dlBtn.Hide()
	t.dlBar = widget.NewProgressBar()
	t.dlBar.TextFormatter = func() string { return t.dlText }
	t.dlCancel = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), func() {
		if t.cancelDL != nil {
			t.cancelDL()
		}
	})
	t.dlBox = container.NewBorder(nil, nil, nil, t.dlCancel, t.dlBar)
	t.dlBox.Hide()
	t.btnRow = container.NewHBox(t.chooseBtn, t.dlBtn)
	t.sourceBox = container.NewVBox(
		heading("Source"),
		t.summary,
		t.btnRow,
		t.dlBox,
	)

	// The class balance.
	t.chartTitle = widget.NewLabel("")
	t.chartTitle.Truncation = fyne.TextTruncateEllipsis
	t.chart = newBarChart()
	t.views = container.NewAppTabs(
		container.NewTabItem("Class balance", container.NewVScroll(container.NewVBox(t.chartTitle, t.chart))),
		container.NewTabItem("Source report", container.NewVScroll(t.info)),
	)
	t.left = container.NewBorder(t.sourceBox, nil, nil, nil, t.views)

	// The selectors.
	t.splitSel = widget.NewSelect(nil, func(string) {
		if !t.updating {
			t.splitChanged()
		}
	})
	t.splitSel.PlaceHolder = "no data"
	names := make([]string, len(dataset.Schemes))
	for i, sc := range dataset.Schemes {
		names[i] = schemeLabel(sc)
	}
	t.schemeSel = widget.NewSelect(names, func(s string) {
		if t.updating {
			return
		}
		for _, sc := range dataset.Schemes {
			if schemeLabel(sc) == s {
				w.prefs.SetString(prefScheme, sc.Name)
				w.state.SetScheme(sc)
			}
		}
	})
	t.filterSel = widget.NewSelect(nil, func(string) {
		if !t.updating {
			t.filterChanged()
		}
	})
	bar := container.NewHBox(
		widget.NewLabel("Split"), minWidth(t.splitSel, 120),
		widget.NewLabel("Labels"), minWidth(t.schemeSel, 320),
	)

	// The grid.
	t.grid = widget.NewGridWrap(t.gridLen, t.newThumb, t.updateThumb)
	t.grid.OnSelected = func(id widget.GridWrapItemID) {
		t.grid.UnselectAll() // so that a second click on it opens it again
		t.showLarge(id)
	}
	t.gridCount = widget.NewLabel("")
	t.gridCount.Truncation = fyne.TextTruncateEllipsis
	gridBar := container.NewBorder(nil, nil, container.NewHBox(widget.NewLabel("Show"), minWidth(t.filterSel, 240)), nil, t.gridCount)
	right := container.NewBorder(gridBar, nil, nil, nil, t.grid)

	split := container.NewHSplit(t.left, right)
	split.Offset = 0.36
	t.box = container.NewBorder(bar, nil, nil, nil, split)

	t.updating = true
	t.schemeSel.SetSelected(schemeLabel(w.state.Scheme()))
	t.updating = false
	t.schemeChanged()

	w.state.OnChange(func(c Change) {
		switch c {
		case DatasetChanged:
			t.datasetChanged()
		case SchemeChanged:
			t.schemeChanged()
		}
	})
	return t
}

func (t *datasetTab) content() fyne.CanvasObject { return t.box }

// reportText returns the text about the data source.
func (t *datasetTab) reportText() string { return t.info.Text }

// datasetChanged shows a newly loaded data set.
func (t *datasetTab) datasetChanged() {
	d := t.w.state.Dataset()
	if d == nil {
		return
	}
	var b strings.Builder
	d.Report().WriteText(&b)
	t.info.SetText(b.String())

	var lines []string
	if d.Train != nil && d.Train.Origin == d.Test.Origin && d.Train.Dir == d.Test.Dir {
		lines = append(lines, "From the "+d.Train.Origin.Describe())
		if d.Train.Dir != "" {
			lines = append(lines, d.Train.Dir)
		}
		lines = append(lines, fmt.Sprintf("train split: %s images · test split: %s images",
			analysis.Thousands(d.Train.Len()), analysis.Thousands(d.Test.Len())))
	} else {
		for _, name := range dataset.SplitNames {
			s := d.Split(name)
			if f := d.DamagedFile(name); d.Damaged[name] != nil {
				if f == "" {
					f = "a file"
				}
				lines = append(lines, fmt.Sprintf("%s split: %s is damaged", name, f), "    (see the source report)")
			}
			if s == nil && d.Damaged[name] != nil {
				continue
			}
			if s == nil {
				lines = append(lines, name+" split: missing; download it (about 30 MB)",
					"or choose a folder that holds it")
				continue
			}
			lines = append(lines, fmt.Sprintf("%s split: %s images, from the %s", name, analysis.Thousands(s.Len()), s.Origin.Describe()))
			if s.Dir != "" {
				lines = append(lines, "    "+s.Dir)
			}
		}
	}
	t.summary.SetText(strings.Join(lines, "\n"))
	if d.Train == nil {
		t.dlBtn.Show()
	} else {
		t.dlBtn.Hide()
	}
	t.relayout()

	var opts []string
	for _, name := range dataset.SplitNames {
		if d.Split(name) != nil {
			opts = append(opts, name)
		}
	}
	sel := t.splitSel.Selected
	if d.Split(sel) == nil {
		sel = opts[0] // train if there is one
	}
	t.updating = true
	t.splitSel.SetOptions(opts)
	t.splitSel.SetSelected(sel)
	t.updating = false
	t.splitChanged()
}

// schemeChanged shows the data in the state's label scheme.
func (t *datasetTab) schemeChanged() {
	sc := t.w.state.Scheme()
	opts := append([]string{allClasses}, sc.Classes...)
	t.updating = true
	t.schemeSel.SetSelected(schemeLabel(sc))
	t.filterSel.SetOptions(opts)
	t.filterSel.SetSelected(allClasses) // class numbers differ between schemes
	t.updating = false
	t.filterChanged()
}

func (t *datasetTab) splitChanged() {
	if d := t.w.state.Dataset(); d != nil {
		t.split = d.Split(t.splitSel.Selected)
	}
	t.filterChanged()
}

// filterChanged recomputes what the chart and the grid show.
func (t *datasetTab) filterChanged() {
	sc := t.w.state.Scheme()
	t.filter = -1
	for c, name := range sc.Classes {
		if name == t.filterSel.Selected {
			t.filter = c
		}
	}
	t.indices = t.indices[:0]
	counts := make([]int, sc.NumClasses())
	if s := t.split; s != nil {
		for i, l := range s.Labels {
			c := sc.Class(l)
			counts[c]++
			if c == t.filter {
				t.indices = append(t.indices, i)
			}
		}
	}
	colors := make([]color.Color, len(counts))
	for c := range colors {
		colors[c] = plot.CategoryColor(c)
	}
	t.chart.set(sc.Classes, counts, colors)
	if t.split != nil {
		t.chartTitle.SetText(fmt.Sprintf("Images per class: %s split, %s images,\nlabelled by %s",
			t.split.Name, analysis.Thousands(t.split.Len()), schemeLabel(sc)))
	} else {
		t.chartTitle.SetText("No data loaded.")
	}
	n := t.gridLen()
	switch {
	case t.split == nil:
		t.gridCount.SetText("")
	case t.filter < 0:
		t.gridCount.SetText(fmt.Sprintf("%s images · click one to enlarge it", analysis.Thousands(n)))
	default:
		t.gridCount.SetText(fmt.Sprintf("%s of %s images · click one to enlarge it", analysis.Thousands(n), analysis.Thousands(t.split.Len())))
	}
	t.grid.Refresh()
	t.grid.ScrollToTop()
}

func schemeLabel(sc *dataset.Scheme) string { return sc.Name + " — " + sc.Title }

func heading(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// minWidth gives o at least width w; a Select is otherwise as narrow as
// its placeholder.
func minWidth(o fyne.CanvasObject, w float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(w, 0))
	return container.NewStack(r, o)
}
