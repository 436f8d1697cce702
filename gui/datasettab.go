package gui

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
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

// showLoadError shows why the data set could not be loaded.
func (t *datasetTab) showLoadError(err error) {
	t.info.SetText("Could not load the data set:\n\n" + err.Error())
	if t.w.state.Dataset() == nil {
		t.summary.SetText("Could not load the data set: see the source report.\n" +
			"Choose a folder that holds Fashion-MNIST,\nor download the train split.")
		t.dlBtn.Show()
	} else {
		t.summary.SetText("Could not load the new data: see the source report.\n" +
			"The data set shown is the one loaded before.")
	}
	t.views.SelectIndex(1)
	t.relayout()
}

// chooseFolder lets the user pick a data folder.
func (t *datasetTab) chooseFolder() {
	t.w.askFolder("Choose the Fashion-MNIST data folder", func(dir string) {
		if dir != "" {
			t.useFolder(dir)
		}
	})
}

// useFolder checks, off the UI goroutine, that dir holds Fashion-MNIST.
// If it does, the folder is remembered and the data set loaded from it;
// otherwise an error dialog says what was expected and the current data
// stays. The returned channel is closed once the outcome is shown (or the
// load has started).
func (t *datasetTab) useFolder(dir string) <-chan struct{} {
	done := make(chan struct{})
	t.chooseBtn.Disable()
	t.w.goFunc(func() {
		err := checkDataFolder(dir)
		t.w.ui(func() {
			defer close(done)
			t.chooseBtn.Enable()
			if err != nil {
				dialog.ShowError(err, t.w)
				return
			}
			t.w.prefs.SetString(prefDataDir, dir)
			t.summary.SetText("Loading the data set from\n" + dir + "…")
			t.relayout()
			t.w.LoadData(dir)
		})
	})
	return done
}

// checkDataFolder returns nil if dir holds a readable split of
// Fashion-MNIST, and otherwise an error that names the folder and says
// which files are expected.
func checkDataFolder(dir string) error {
	var errs []error
	found := false
	for _, name := range dataset.SplitNames {
		_, err := dataset.ReadSplit(dir, name)
		switch {
		case err == nil:
			found = true
		case !errors.Is(err, dataset.ErrNotFound):
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("the folder %s holds Fashion-MNIST files that cannot be read: %w", dir, errors.Join(errs...))
	}
	if !found {
		return fmt.Errorf("the folder %s holds no Fashion-MNIST data. Expected the train split "+
			"(train-images-idx3-ubyte and train-labels-idx1-ubyte, each optionally .gz), "+
			"the test split (t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, each optionally .gz), "+
			"or both. The current data set is kept", dir)
	}
	return nil
}

// download fetches the train split into the cache, with a progress bar
// and a Cancel button, and reloads the data set when it is done.
func (t *datasetTab) download() { t.startDownload() }

// startDownload starts the download and returns a channel that is closed
// once its outcome is shown.
func (t *datasetTab) startDownload() <-chan struct{} {
	done := make(chan struct{})
	if t.cancelDL != nil {
		return done // never closed: the running download reports
	}
	dir, err := t.cacheDir()
	if err != nil {
		dialog.ShowError(fmt.Errorf("download the train split: %w", err), t.w)
		close(done)
		return done
	}
	ctx, cancel := context.WithCancel(t.w.ctx)
	t.cancelDL = cancel
	t.dlBtn.Disable()
	t.chooseBtn.Disable()
	t.dlText = "Connecting…"
	t.dlBar.SetValue(0)
	t.dlBox.Show()
	t.relayout()

	opts := t.fetchOpts
	var last time.Time
	opts.Progress = func(p dataset.FetchProgress) {
		// Called for every read: hand the UI a few updates a second.
		if now := time.Now(); p.Finished || now.Sub(last) >= 100*time.Millisecond {
			last = now
			t.w.ui(func() { t.showProgress(p) })
		}
	}
	t.w.goFunc(func() {
		err := dataset.Fetch(ctx, dir, []string{dataset.Train}, opts)
		cancelled := ctx.Err() != nil
		cancel()
		if t.w.ctx.Err() != nil {
			close(done)
			return // the window closed
		}
		t.w.ui(func() {
			defer close(done)
			t.cancelDL = nil
			t.dlBox.Hide()
			t.dlBtn.Enable()
			t.chooseBtn.Enable()
			switch {
			case err != nil && cancelled:
				t.summary.SetText("The download was cancelled;\nnothing was saved.")
			case err != nil:
				dialog.ShowError(fmt.Errorf("download the train split into %s: %w", dir, err), t.w)
			default:
				// The usual search finds the download in the cache; a
				// folder chosen before would hide it at the next start.
				t.w.prefs.SetString(prefDataDir, "")
				t.summary.SetText("Downloaded the train split;\nloading the data set…")
				t.w.LoadData("")
			}
			t.relayout()
		})
	})
	return done
}

func (t *datasetTab) showProgress(p dataset.FetchProgress) {
	switch {
	case p.Skipped:
		t.dlText = fmt.Sprintf("%s: already there (file %d of %d)", p.File, p.Index, p.Count)
		t.dlBar.Max, t.dlBar.Value = 1, 1
	case p.Total > 0:
		t.dlText = fmt.Sprintf("%s: %s of %s (file %d of %d)", p.File, megabytes(p.Done), megabytes(p.Total), p.Index, p.Count)
		t.dlBar.Max, t.dlBar.Value = float64(p.Total), float64(p.Done)
	default:
		t.dlText = fmt.Sprintf("%s: %s (file %d of %d)", p.File, megabytes(p.Done), p.Index, p.Count)
		t.dlBar.Max, t.dlBar.Value = 1, 0
	}
	t.dlBar.Refresh()
}

// relayout lays the source section out again after its text or its
// buttons changed: a label that grew a line, or a button shown, changes
// the height or width it needs, which its containers only notice when
// they are laid out.
func (t *datasetTab) relayout() {
	t.btnRow.Refresh()
	t.sourceBox.Refresh()
	t.left.Refresh()
}

func megabytes(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

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

// gridLen is the number of thumbnails the grid shows.
func (t *datasetTab) gridLen() int {
	switch {
	case t.split == nil:
		return 0
	case t.filter < 0:
		return t.split.Len()
	}
	return len(t.indices)
}

// imageIndex maps a grid item to the index of its image in the split.
func (t *datasetTab) imageIndex(id widget.GridWrapItemID) int {
	if t.filter < 0 {
		return id
	}
	return t.indices[id]
}

// newThumb makes a grid item: the image and a two-line caption.
func (t *datasetTab) newThumb() fyne.CanvasObject {
	img := canvas.NewImageFromImage(nil)
	img.ScaleMode = canvas.ImageScalePixels
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(thumbSize, thumbSize))
	width := canvas.NewRectangle(color.Transparent)
	width.SetMinSize(fyne.NewSize(thumbWidth, thumbSize))
	index := widget.NewLabel("")
	name := widget.NewLabel("")
	for _, l := range []*widget.Label{index, name} {
		l.SizeName = theme.SizeNameCaptionText
		l.Alignment = fyne.TextAlignCenter
		l.Truncation = fyne.TextTruncateEllipsis
	}
	return container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()),
		container.NewStack(width, container.NewCenter(img)), index, name)
}

// updateThumb shows image id in a grid item. The image aliases the
// split's pixels: nothing is converted or copied until it is painted.
func (t *datasetTab) updateThumb(id widget.GridWrapItemID, o fyne.CanvasObject) {
	if t.split == nil || id < 0 || id >= t.gridLen() {
		return
	}
	i := t.imageIndex(id)
	objs := o.(*fyne.Container).Objects
	img := objs[0].(*fyne.Container).Objects[1].(*fyne.Container).Objects[0].(*canvas.Image)
	img.Image = grayImage(t.split, i)
	img.Refresh()
	objs[1].(*widget.Label).SetText("#" + strconv.Itoa(i))
	objs[2].(*widget.Label).SetText(t.w.state.Scheme().Classes[t.w.state.Scheme().Class(t.split.Labels[i])])
}

// showLarge opens grid item id in a dialog, enlarged.
func (t *datasetTab) showLarge(id widget.GridWrapItemID) {
	if t.split == nil || id < 0 || id >= t.gridLen() {
		return
	}
	i := t.imageIndex(id)
	sc := t.w.state.Scheme()
	l := t.split.Labels[i]
	img := canvas.NewImageFromImage(grayImage(t.split, i))
	img.ScaleMode = canvas.ImageScalePixels
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(largeSize, largeSize))
	text := fmt.Sprintf("Image #%d of the %s split\nOriginal class: %d %s", i, t.split.Name, l, dataset.ClassNames[l])
	if sc != dataset.Fashion10 {
		c := sc.Class(l)
		text += fmt.Sprintf("\nIn %s: %d %s", sc.Name, c, sc.Classes[c])
	}
	info := widget.NewLabel(text)
	t.detail = dialog.NewCustom(fmt.Sprintf("Image #%d", i), "Close",
		container.NewVBox(container.NewCenter(img), info), t.w)
	t.detail.Show()
}

// grayImage returns image i of s without copying its pixels.
func grayImage(s *dataset.Split, i int) *image.Gray {
	return &image.Gray{Pix: s.Image(i), Stride: dataset.Cols, Rect: image.Rect(0, 0, dataset.Cols, dataset.Rows)}
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

// barChart is a horizontal bar chart of counts per class: the class names
// on the left, a bar in the class's colour, and the count after it.
type barChart struct {
	widget.BaseWidget
	names  []string
	counts []int
	colors []color.Color
}

func newBarChart() *barChart {
	b := &barChart{}
	b.ExtendBaseWidget(b)
	return b
}

func (b *barChart) set(names []string, counts []int, colors []color.Color) {
	b.names, b.counts, b.colors = names, counts, colors
	b.Refresh()
}

func (b *barChart) CreateRenderer() fyne.WidgetRenderer {
	r := &barChartRenderer{b: b}
	r.Refresh()
	return r
}

type barChartRenderer struct {
	b      *barChart
	names  []*canvas.Text
	bars   []*canvas.Rectangle
	counts []*canvas.Text
	objs   []fyne.CanvasObject
}

func (r *barChartRenderer) Refresh() {
	th := r.b.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fg := th.Color(theme.ColorNameForeground, v)
	size := th.Size(theme.SizeNameText)
	n := len(r.b.names)
	r.names, r.bars, r.counts, r.objs = r.names[:0], r.bars[:0], r.counts[:0], r.objs[:0]
	for c := 0; c < n; c++ {
		name := canvas.NewText(r.b.names[c], fg)
		name.TextSize = size
		name.Alignment = fyne.TextAlignTrailing
		bar := canvas.NewRectangle(r.b.colors[c])
		count := canvas.NewText(analysis.Thousands(r.b.counts[c]), fg)
		count.TextSize = size
		r.names, r.bars, r.counts = append(r.names, name), append(r.bars, bar), append(r.counts, count)
		r.objs = append(r.objs, name, bar, count)
	}
	r.Layout(r.b.Size())
	canvas.Refresh(r.b)
}

// columns returns the widths of the name and count columns, and the
// height of a row.
func (r *barChartRenderer) columns() (nameW, countW, rowH float32) {
	for i := range r.names {
		ns, cs := r.names[i].MinSize(), r.counts[i].MinSize()
		nameW = max(nameW, ns.Width)
		countW = max(countW, cs.Width)
		rowH = max(rowH, ns.Height)
	}
	return nameW, countW, rowH + theme.Padding()
}

func (r *barChartRenderer) Layout(size fyne.Size) {
	nameW, countW, rowH := r.columns()
	pad := theme.Padding()
	most := 0
	for _, n := range r.b.counts {
		most = max(most, n)
	}
	room := max(size.Width-nameW-countW-4*pad, 0)
	for i := range r.names {
		y := float32(i) * rowH
		r.names[i].Move(fyne.NewPos(pad, y))
		r.names[i].Resize(fyne.NewSize(nameW, rowH))
		w := float32(0)
		if most > 0 {
			w = room * float32(r.b.counts[i]) / float32(most)
		}
		r.bars[i].Move(fyne.NewPos(nameW+2*pad, y+pad))
		r.bars[i].Resize(fyne.NewSize(w, rowH-2*pad))
		r.counts[i].Move(fyne.NewPos(nameW+3*pad+w, y))
		r.counts[i].Resize(fyne.NewSize(countW, rowH))
	}
}

func (r *barChartRenderer) MinSize() fyne.Size {
	nameW, countW, rowH := r.columns()
	return fyne.NewSize(nameW+countW+4*theme.Padding()+80, float32(len(r.names))*rowH)
}

func (r *barChartRenderer) Objects() []fyne.CanvasObject { return r.objs }

func (r *barChartRenderer) Destroy() {}
