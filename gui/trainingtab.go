package gui

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fashionlens/fashionlens/analysis/plot"
	"github.com/fashionlens/fashionlens/model"
	"github.com/fashionlens/fashionlens/model/checkpoint"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// Limits of the Training tab.
const (
	curvesW, curvesH = 560, 230                             // size of the curves, device-independent pixels
	plotEvery        = 250 * time.Millisecond               // live curves are redrawn at most this often
	progressEvery    = 100 * time.Millisecond               // progress widgets are updated at most this often
	maxCellImages    = 60                                   // images shown for a confusion-matrix cell
	getTrainHelp     = "Dataset tab → Download train split" // where the GUI gets the train split
)

// trainingTab is the Training tab: settings, a training run with live
// progress and curves, the current model's history, test accuracy and
// confusion matrix, and opening and saving models.
//
// Widgets are touched on the UI goroutine only. Background work (training,
// evaluation, rendering, loading, saving) hands its results over with
// t.ui, that is the window's ui, which holds the window's uiMu: in the
// app that lock is uncontended, and under Fyne's test driver, where
// fyne.Do runs on the calling goroutine, it serialises the updates of
// several goroutines.
type trainingTab struct {
	w   *Window
	box fyne.CanvasObject

	settings  *trainSettings
	startBtn  *widget.Button
	stopBtn   *widget.Button
	saveBtn   *widget.Button
	openBtn   *widget.Button
	note      *widget.Label // how to get the train split
	errLabel  *widget.Label // bad settings
	bar       *widget.ProgressBar
	barText   string
	speed     *widget.Label
	logText   *widget.Label
	logScroll *container.Scroll
	modelSel  *widget.Select
	modelInfo *widget.Label
	curves    *canvas.Image
	// The figures shown, for export: the curves' history, best epoch and
	// title, and the evaluation behind the confusion matrix (nil if none).
	curveHist  []plot.Epoch
	curveBest  int
	curveTitle string
	shownEval  *modelEval
	curveNote  *widget.Label
	results    *widget.Label
	heat       *fyne.Container
	cells      [][]*heatCell // the heat map's cells, [true][predicted]

	jobMu sync.Mutex // guards busy and idle
	busy  int
	idle  []chan struct{}

	run        *trainRun // the run in progress, or nil
	plotGen    int       // the curves image shows the latest request of this generation
	evals      map[*Model]*modelEval
	evalGen    int
	evalCancel context.CancelFunc
	updating   bool // the model selector is being filled in

	// what the last tapped cell showed (for tests)
	cellIdx   []int
	cellTotal int
}

// modelEval is a model's evaluation on a test split.
type modelEval struct {
	split *dataset.Split
	ev    *model.Evaluation
}

// trainRun is one training run.
type trainRun struct {
	cfg        model.TrainConfig
	cancel     context.CancelFunc
	gen        int
	started    time.Time
	done       chan struct{} // closed when the run has ended and its outcome is shown
	progressed chan struct{} // closed when the first progress is shown
	progOnce   sync.Once
	stopping   bool

	// used on the training goroutine only
	hist      []plot.Epoch // finished epochs, then the running one
	ended     int          // finished epochs in hist
	lastUI    time.Time
	lastPlot  time.Time
	rendering atomic.Bool
}

func newTrainingTab(w *Window) *trainingTab {
	t := &trainingTab{w: w, evals: map[*Model]*modelEval{}}
	t.settings = newTrainSettings(w.prefs)
	t.settings.win = w
	w.onDerived(t.derivedReady)
	t.startBtn = widget.NewButtonWithIcon("Start", theme.MediaPlayIcon(), t.start)
	t.startBtn.Importance = widget.HighImportance
	t.stopBtn = widget.NewButtonWithIcon("Stop", theme.MediaStopIcon(), t.stop)
	t.stopBtn.Disable()
	t.saveBtn = widget.NewButtonWithIcon("Save model as…", theme.DocumentSaveIcon(), t.saveModel)
	t.openBtn = widget.NewButtonWithIcon("Open model…", theme.FolderOpenIcon(), t.openModel)
	t.note = widget.NewLabel("")
	t.note.Wrapping = fyne.TextWrapWord
	t.note.Hide()
	t.errLabel = widget.NewLabel("")
	t.errLabel.Importance = widget.DangerImportance
	t.errLabel.Wrapping = fyne.TextWrapWord
	t.errLabel.Hide()
	t.bar = widget.NewProgressBar()
	t.bar.TextFormatter = func() string { return t.barText }
	t.barText = "Not training"
	t.speed = widget.NewLabel(" ")
	t.speed.Wrapping = fyne.TextWrapWord
	t.logText = widget.NewLabel("")
	t.logText.TextStyle = fyne.TextStyle{Monospace: true}
	t.logScroll = container.NewScroll(t.logText)
	t.logScroll.SetMinSize(fyne.NewSize(0, 90))

	t.modelSel = widget.NewSelect(nil, func(string) {
		if !t.updating {
			t.w.state.SetCurrent(t.modelSel.SelectedIndex())
		}
	})
	t.modelSel.PlaceHolder = "(no model)"
	t.modelInfo = widget.NewLabel("")
	t.modelInfo.Truncation = fyne.TextTruncateEllipsis
	t.curves = canvas.NewImageFromImage(nil)
	t.curves.FillMode = canvas.ImageFillContain
	t.curves.ScaleMode = canvas.ImageScaleSmooth
	t.curves.SetMinSize(fyne.NewSize(curvesW*3/4, curvesH*3/4))
	t.curveNote = widget.NewLabel("")
	t.curveNote.Alignment = fyne.TextAlignCenter
	t.results = widget.NewLabel("")
	t.results.Wrapping = fyne.TextWrapWord
	t.heat = container.NewStack()

	logHead := widget.NewLabelWithStyle("Log", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	// The settings scroll, so that a long note (no train split) or
	// recipe description cannot make the window taller than a small
	// screen; the note and the errors come first, to be seen. Start, Stop
	// and the progress stay in view below them.
	settings := container.NewBorder(nil,
		container.NewVBox(container.NewGridWithColumns(2, t.startBtn, t.stopBtn), t.bar, twoLines(t.speed)), nil, nil,
		container.NewVScroll(container.NewVBox(
			widget.NewLabelWithStyle("Settings", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			t.note, t.errLabel,
			t.settings.form,
		)))
	left := container.NewVSplit(settings, container.NewBorder(logHead, nil, nil, nil, t.logScroll))
	left.Offset = 0.84
	// Export… offers the figures of the tab.
	var exportBtn *widget.Button
	exportBtn = widget.NewButtonWithIcon("Export…", theme.DownloadIcon(), func() {
		menu := fyne.NewMenu("", fyne.NewMenuItem("Training curves…", t.exportCurves),
			fyne.NewMenuItem("Confusion matrix…", t.exportConfusion))
		c := fyne.CurrentApp().Driver().CanvasForObject(exportBtn)
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(exportBtn).AddXY(0, exportBtn.Size().Height)
		widget.ShowPopUpMenuAtPosition(menu, c, pos)
	})
	modelRow := container.NewBorder(nil, nil, widget.NewLabel("Current model"),
		container.NewHBox(t.openBtn, t.saveBtn, exportBtn), t.modelSel)
	bottom := container.NewBorder(t.results, nil, nil, nil, container.NewCenter(t.heat))
	right := container.NewBorder(container.NewVBox(modelRow, t.modelInfo), nil, nil, nil,
		container.NewBorder(nil, bottom, nil, nil, container.NewStack(t.curveNote, t.curves)))
	split := container.NewHSplit(left, right)
	split.Offset = 0.3
	t.box = split

	w.state.OnChange(func(c Change) {
		switch c {
		case DatasetChanged:
			t.datasetChanged()
		case ModelChanged:
			t.modelChanged()
		}
	})
	t.datasetChanged()
	t.modelChanged()
	return t
}

func (t *trainingTab) content() fyne.CanvasObject { return t.box }

// ui runs f on the UI goroutine, holding the window's uiMu.
func (t *trainingTab) ui(f func()) {
	t.w.ui(f)
}

// begin and end count background jobs; waitIdle's channel is closed when
// none is left.
func (t *trainingTab) begin() {
	t.jobMu.Lock()
	t.busy++
	t.jobMu.Unlock()
}

func (t *trainingTab) end() {
	t.jobMu.Lock()
	defer t.jobMu.Unlock()
	t.busy--
	if t.busy == 0 {
		for _, c := range t.idle {
			close(c)
		}
		t.idle = nil
	}
}

func (t *trainingTab) waitIdle() <-chan struct{} {
	t.jobMu.Lock()
	defer t.jobMu.Unlock()
	c := make(chan struct{})
	if t.busy == 0 {
		close(c)
	} else {
		t.idle = append(t.idle, c)
	}
	return c
}

// bg runs f as a counted background job, which the window's Busy counts
// too.
func (t *trainingTab) bg(f func()) {
	t.begin()
	t.w.goJob(func() {
		defer t.end()
		f()
	})
}

// datasetChanged enables Start where there is a train split, and shows
// the current model's confusion matrix on the new test split.
func (t *trainingTab) datasetChanged() {
	d := t.w.state.Dataset()
	if d == nil || d.Train == nil {
		help := dataset.MissingTrainHelp
		if d == nil {
			help = "the data set is still loading"
		}
		r := []rune(help)
		r[0] = unicode.ToUpper(r[0])
		t.note.SetText("Training needs the train split. Get it with " + getTrainHelp + ". Or: " + string(r) + ".")
		if d == nil {
			t.note.SetText("Training needs the train split: " + help + ".")
		}
		t.note.Show()
	} else {
		t.note.Hide()
	}
	t.setButtons()
	if t.run == nil {
		t.showModel()
	}
}

func (t *trainingTab) setButtons() {
	d := t.w.state.Dataset()
	running := t.run != nil
	if running || d == nil || d.Train == nil {
		t.startBtn.Disable()
	} else {
		t.startBtn.Enable()
	}
	if running && !t.run.stopping {
		t.stopBtn.Enable()
	} else {
		t.stopBtn.Disable()
	}
	t.settings.setEnabled(!running)
	if t.w.state.Current() == nil {
		t.saveBtn.Disable()
	} else {
		t.saveBtn.Enable()
	}
}

// modelChanged refills the model selector and shows the current model.
func (t *trainingTab) modelChanged() {
	models := t.w.state.Models()
	cur := t.w.state.Current()
	names := make([]string, len(models))
	seen := map[string]int{}
	sel := -1
	for i, m := range models {
		names[i] = m.Name
		if n := seen[m.Name]; n > 0 {
			names[i] = fmt.Sprintf("%s #%d", m.Name, n+1)
		}
		seen[m.Name]++
		if m == cur {
			sel = i
		}
	}
	t.updating = true
	t.modelSel.SetOptions(names)
	if sel >= 0 {
		t.modelSel.SetSelectedIndex(sel)
	} else {
		t.modelSel.ClearSelected()
	}
	t.updating = false
	t.setButtons()
	if t.run == nil {
		t.showModel()
	}
}

// showModel shows the current model: its recorded history and accuracy,
// and its confusion matrix on the test split, computed in the background
// if it is not known yet.
func (t *trainingTab) showModel() {
	m := t.w.state.Current()
	t.plotGen++
	if m == nil {
		t.modelInfo.SetText("No model yet: train one, or open a checkpoint file.")
		t.setCurves(nil, "No model")
		t.results.SetText("")
		t.heat.Objects, t.shownEval = nil, nil
		t.heat.Refresh()
		return
	}
	info := fmt.Sprintf("%s, %s preset, %s scheme", m.Name, m.Net.Preset, m.Net.Scheme.Name)
	if a := m.Accuracy(); a >= 0 {
		info += fmt.Sprintf(" · recorded test accuracy %.2f%%", 100*a)
	}
	if ck := m.Checkpoint; ck != nil {
		if n := len(ck.History); n > 0 {
			info += " · " + epochCount(n)
			if ck.BestEpoch > 0 {
				info += fmt.Sprintf(", kept epoch %d", ck.BestEpoch)
			}
		}
		if s := ck.Settings["stop"]; s != "" {
			info += " (" + s + ")"
		}
	}
	if m.Path != "" {
		info += " · " + m.Path
	}
	t.modelInfo.SetText(info)

	var hist []plot.Epoch
	best := 0
	if ck := m.Checkpoint; ck != nil {
		hist = curvesHistory(ck.History)
		if ck.BestEpoch <= len(hist) {
			best = ck.BestEpoch
		}
	}
	if len(hist) == 0 {
		t.curveHist = nil
		t.setCurves(nil, "No training history recorded for this model")
	} else {
		// One render per model change: cheap enough for the UI goroutine.
		t.curveHist, t.curveBest, t.curveTitle = hist, best, "Training history: "+m.Name
		img, err := renderCurves(hist, best, t.curveTitle, t.scale())
		if err != nil {
			t.setCurves(nil, "Cannot draw the history: "+err.Error())
		} else {
			t.setCurves(img, "")
		}
	}

	d := t.w.state.Dataset()
	if d == nil || d.Test == nil {
		t.results.SetText("The confusion matrix appears when the test split has loaded.")
		t.heat.Objects, t.shownEval = nil, nil
		t.heat.Refresh()
		return
	}
	if me := t.evals[m]; me != nil && me.split == d.Test {
		t.showEval(m, me)
		return
	}
	if me := t.evalFromDerived(m, d.Test); me != nil {
		t.evals[m] = me
		t.showEval(m, me)
		return
	}
	t.results.SetText(fmt.Sprintf("Computing the confusion matrix on the %d test images…", d.Test.Len()))
	t.heat.Objects, t.shownEval = nil, nil
	t.heat.Refresh()
	if t.w.imported == nil && !t.w.source.Train {
		// The Embeddings tab predicts the test split with the current
		// model (refreshDerived): derivedReady uses its predictions, or
		// evaluates if that fails.
		return
	}
	t.evaluate(m, d.Test)
}

// evalFromDerived scores m on split from the derived results, if they are
// m's predictions of the whole of split; nil otherwise. It runs no
// network.
func (t *trainingTab) evalFromDerived(m *Model, split *dataset.Split) *modelEval {
	d := t.w.derived
	if d == nil || d.Err != nil || d.Model != m || d.Split != split || d.Index != nil || d.Probs == nil {
		return nil
	}
	return &modelEval{split: split, ev: m.Net.Score(split, nil, &model.Prediction{Probs: d.Probs, Pred: d.Pred})}
}

// derivedReady shows the confusion matrix of the current model from new
// derived results when they are its predictions of the test split, and
// otherwise evaluates it if nothing else will.
func (t *trainingTab) derivedReady(d *Derived) {
	m, data := t.w.state.Current(), t.w.state.Dataset()
	if t.run != nil || m == nil || data == nil || data.Test == nil {
		return
	}
	if me := t.evals[m]; me != nil && me.split == data.Test {
		return
	}
	if me := t.evalFromDerived(m, data.Test); me != nil {
		if t.evalCancel != nil {
			t.evalCancel()
			t.evalCancel = nil
		}
		t.evalGen++ // an evaluation still running is superseded
		t.evals[m] = me
		t.showEval(m, me)
		return
	}
	if t.evalCancel == nil {
		t.evaluate(m, data.Test)
	}
}

// evaluate scores m on split in the background and shows the result if
// m is still current.
func (t *trainingTab) evaluate(m *Model, split *dataset.Split) {
	if t.evalCancel != nil {
		t.evalCancel()
	}
	ctx, cancel := context.WithCancel(t.w.ctx)
	t.evalCancel = cancel
	t.evalGen++
	gen := t.evalGen
	t.bg(func() {
		ev, err := m.Net.Evaluate(ctx, split, nil, nil)
		t.ui(func() {
			if gen != t.evalGen || t.w.ctx.Err() != nil {
				return // superseded, or the window closed
			}
			t.evalCancel = nil
			cancel()
			if err != nil {
				t.results.SetText("Could not evaluate the model: " + err.Error())
				return
			}
			me := &modelEval{split: split, ev: ev}
			t.evals[m] = me
			if t.run == nil && t.w.state.Current() == m {
				t.showEval(m, me)
			}
		})
	})
}

// showEval shows an evaluation: test accuracy and the confusion matrix as
// a grid of tappable cells, with each class's accuracy at the right.
func (t *trainingTab) showEval(m *Model, me *modelEval) {
	ev := me.ev
	t.shownEval = me
	t.results.SetText(fmt.Sprintf("Test accuracy %.2f%% on %d images of the test split (%s). "+
		"Rows: true class; columns: predicted class; right: accuracy of each class. Click a cell to see its images.",
		100*ev.Accuracy, ev.Images, me.split.Origin.Describe()))
	c := len(ev.Confusion)
	small := func(s string, align fyne.TextAlign) fyne.CanvasObject {
		tx := canvas.NewText(s, theme.Color(theme.ColorNameForeground))
		tx.TextSize = theme.CaptionTextSize()
		tx.Alignment = align
		return container.NewPadded(tx)
	}
	objs := []fyne.CanvasObject{small("true \\ predicted", fyne.TextAlignTrailing)}
	for j := 0; j < c; j++ {
		objs = append(objs, small(fmt.Sprint(j), fyne.TextAlignCenter))
	}
	objs = append(objs, small("accuracy", fyne.TextAlignCenter))
	t.cells = make([][]*heatCell, c)
	for i, row := range ev.Confusion {
		total := 0
		for _, v := range row {
			total += v
		}
		objs = append(objs, small(fmt.Sprintf("%s  %d", ev.Classes[i], i), fyne.TextAlignTrailing))
		t.cells[i] = make([]*heatCell, c)
		for j, v := range row {
			share := 0.0
			if total > 0 {
				share = float64(v) / float64(total)
			}
			ti, pj := i, j
			cell := newHeatCell(v, share, func() { t.showCell(m, me, ti, pj) })
			t.cells[i][j] = cell
			objs = append(objs, cell)
		}
		acc := "–"
		if total > 0 {
			acc = fmt.Sprintf("%.1f%%", 100*ev.PerClass[i])
		}
		objs = append(objs, small(acc, fyne.TextAlignCenter))
	}
	t.heat.Objects = []fyne.CanvasObject{container.New(tableLayout{rows: c + 1, cols: c + 2}, objs...)}
	t.heat.Refresh()
}

// cellImages returns the indices of the test images of true class ti
// predicted as pj.
func cellImages(net *model.Net, me *modelEval, ti, pj int) []int {
	var idx []int
	for i, p := range me.ev.Prediction.Pred {
		if p == pj && net.Scheme.Class(me.split.Labels[i]) == ti {
			idx = append(idx, i)
		}
	}
	return idx
}

// showCell shows the images of one confusion-matrix cell in a dialog.
func (t *trainingTab) showCell(m *Model, me *modelEval, ti, pj int) {
	idx := cellImages(m.Net, me, ti, pj)
	t.cellTotal = len(idx)
	if len(idx) > maxCellImages {
		idx = idx[:maxCellImages]
	}
	t.cellIdx = idx
	names := me.ev.Classes
	title := fmt.Sprintf("True %s, predicted %s", names[ti], names[pj])
	if len(idx) == 0 {
		dialog.ShowInformation(title, "No test image of this class was predicted as that class.", t.w)
		return
	}
	images := make([][]uint8, len(idx))
	captions := make([]string, len(idx))
	for k, i := range idx {
		images[k] = me.split.Image(i)
		captions[k] = fmt.Sprintf("#%d", i)
	}
	mont, err := plot.MontageOf(images, captions, plot.MontageOptions{Cols: 10, Scale: 2})
	if err != nil {
		dialog.ShowError(err, t.w)
		return
	}
	mi := mont.Image()
	img := canvas.NewImageFromImage(mi)
	img.FillMode = canvas.ImageFillContain
	img.ScaleMode = canvas.ImageScalePixels
	s := t.scale()
	img.SetMinSize(fyne.NewSize(float32(mi.Bounds().Dx())/s, float32(mi.Bounds().Dy())/s))
	head := fmt.Sprintf("%d test images of true class %s were predicted as %s", t.cellTotal, names[ti], names[pj])
	if t.cellTotal > len(idx) {
		head += fmt.Sprintf("; the first %d are shown", len(idx))
	}
	scroll := container.NewScroll(img)
	scroll.SetMinSize(fyne.NewSize(min(img.MinSize().Width+20, 760), min(img.MinSize().Height+10, 480)))
	dialog.ShowCustom(title, "Close", container.NewBorder(widget.NewLabel(head+"."), nil, nil, nil, scroll), t.w)
}

// scale is the canvas's scale factor, for rendering at device pixels.
func (t *trainingTab) scale() float32 {
	if c := t.w.Canvas(); c != nil && c.Scale() > 0 {
		return c.Scale()
	}
	return 1
}

// renderCurves draws training curves at scale.
func renderCurves(hist []plot.Epoch, best int, title string, scale float32) (*image.RGBA, error) {
	f, err := plot.TrainingCurves(hist, plot.CurvesOptions{Title: title, Best: best})
	if err != nil {
		return nil, err
	}
	s := float64(scale)
	return plot.Raster(f, int(math.Round(curvesW*s)), int(math.Round(curvesH*s)), s)
}

// setCurves shows img, or note when img is nil.
func (t *trainingTab) setCurves(img image.Image, note string) {
	t.curves.Image = img
	t.curves.Refresh()
	t.curveNote.SetText(note)
}

// start starts a training run with the settings.
func (t *trainingTab) start() {
	if t.run != nil {
		return
	}
	d := t.w.state.Dataset()
	if d == nil || d.Train == nil {
		dialog.ShowInformation("No train split", "Training needs the train split: use "+getTrainHelp+".", t.w)
		return
	}
	cfg, err := t.settings.config()
	if err != nil {
		t.errLabel.SetText("Cannot start: " + err.Error())
		t.errLabel.Show()
		dialog.ShowError(fmt.Errorf("check the settings:\n%w", err), t.w)
		return
	}
	t.errLabel.Hide()
	ctx, cancel := context.WithCancel(t.w.ctx)
	t.plotGen++
	r := &trainRun{cfg: cfg, cancel: cancel, gen: t.plotGen, started: time.Now(),
		done: make(chan struct{}), progressed: make(chan struct{})}
	t.run = r
	if t.evalCancel != nil {
		t.evalCancel()
		t.evalCancel = nil
		t.evalGen++
	}
	t.setButtons()
	t.bar.SetValue(0)
	t.barText = "Starting…"
	t.bar.Refresh()
	t.speed.SetText(" ")
	n := d.Train.Len()
	if cfg.Subset > 0 && cfg.Subset < n {
		n = cfg.Subset
	}
	t.appendLog(startLine(r.started, &cfg, n))
	t.setCurves(nil, "Training: the curves appear after the first batches")
	t.results.SetText("Training… the test accuracy and the confusion matrix follow when it ends.")
	t.heat.Objects, t.shownEval = nil, nil
	t.heat.Refresh()
	train, test := d.Train, d.Test
	scale := t.scale()
	t.bg(func() { t.train(ctx, r, train, test, scale) })
}

// stop cancels the run in progress; it ends within one batch.
func (t *trainingTab) stop() {
	if t.run == nil || t.run.stopping {
		return
	}
	t.run.stopping = true
	t.run.cancel()
	t.speed.SetText("Stopping after this batch…")
	t.setButtons()
}

func (t *trainingTab) appendLog(line string) {
	if t.logText.Text != "" {
		line = t.logText.Text + "\n" + line
	}
	t.logText.SetText(line)
	t.logScroll.ScrollToBottom()
}

// train runs on its own goroutine: it trains, evaluates on the test split
// and adds the model to the state.
func (t *trainingTab) train(ctx context.Context, r *trainRun, train, test *dataset.Split, scale float32) {
	defer close(r.done)
	res, err := model.Train(ctx, train, r.cfg, func(p model.Progress) { t.progress(r, p, scale) })
	if t.w.ctx.Err() != nil {
		return // the window closed
	}
	if res == nil {
		t.ui(func() {
			t.finishRun(r)
			t.appendLog("Training failed: " + err.Error())
			t.speed.SetText("Training failed")
			dialog.ShowError(fmt.Errorf("training failed: %w", err), t.w)
		})
		return
	}
	stopped := err != nil
	t.ui(func() {
		t.barText = "Evaluating on the test split…"
		t.bar.SetValue(1)
		t.speed.SetText(fmt.Sprintf("Evaluating on the %d test images…", test.Len()))
	})
	var ev *model.Evaluation
	var evErr error
	if test == nil {
		evErr = errors.New("no test split")
	} else {
		ev, evErr = res.Net.Evaluate(t.w.ctx, test, nil, nil)
	}
	if t.w.ctx.Err() != nil {
		return
	}
	var ips float64
	for _, e := range res.History {
		ips += e.ImagesPerSecond
	}
	if len(res.History) > 0 {
		ips /= float64(len(res.History))
	}
	metrics := map[string]float64{"train_images_per_second": ips}
	if ev != nil {
		metrics["test_accuracy"] = ev.Accuracy
		metrics["test_loss"] = ev.Loss
		metrics["infer_images_per_second"] = ev.ImagesPerSecond
	}
	ck := res.Checkpoint(train, metrics)
	name := fmt.Sprintf("trained %s (%s, %s)", r.started.Format("15:04"), r.cfg.Preset, r.cfg.Scheme.Name)
	if stopped {
		name = fmt.Sprintf("trained %s (%s, %s, stopped)", r.started.Format("15:04"), r.cfg.Preset, r.cfg.Scheme.Name)
	}
	t.ui(func() {
		t.finishRun(r)
		line := fmt.Sprintf("Ended: %s after %s", res.Stop, epochCount(len(res.History)))
		if res.BestEpoch > 0 {
			line += fmt.Sprintf("; kept epoch %d", res.BestEpoch)
		}
		if stopped && !errors.Is(err, context.Canceled) {
			line += " (" + err.Error() + ")"
		}
		t.appendLog(line + ".")
		if tl := timingLine(res.Timing); tl != "" {
			t.appendLog(tl)
		}
		m := &Model{Name: name, Net: res.Net, Checkpoint: ck}
		if ev != nil {
			t.evals[m] = &modelEval{split: test, ev: ev}
			t.appendLog(fmt.Sprintf("Test accuracy %.2f%% on %d images. Model: %s", 100*ev.Accuracy, ev.Images, name))
			t.speed.SetText(fmt.Sprintf("Done in %s: test accuracy %.2f%%", time.Since(r.started).Round(time.Second), 100*ev.Accuracy))
		} else {
			t.appendLog("Could not evaluate on the test split: " + evErr.Error())
			t.speed.SetText("Done; the evaluation failed")
		}
		t.barText = "Done"
		if stopped {
			t.barText = "Stopped"
		}
		t.bar.Refresh()
		t.w.state.AddModel(m, true)
	})
}

// finishRun ends the run's state in the tab (UI goroutine).
func (t *trainingTab) finishRun(r *trainRun) {
	if t.run == r {
		t.run = nil
		r.cancel()
	}
	r.progOnce.Do(func() { close(r.progressed) })
	t.setButtons()
}

// progress runs on the training goroutine after every batch: it keeps
// the running history and hands rate-limited updates to the UI.
func (t *trainingTab) progress(r *trainRun, p model.Progress, scale float32) {
	// The running epoch's point has the latest learning rate; a finished
	// one's, that of its last step, as the checkpoint records.
	ep := plot.Epoch{Loss: p.Loss, Accuracy: p.Accuracy, ValLoss: math.NaN(), ValAccuracy: math.NaN(), LR: knownLR(p.LR)}
	if p.EpochEnd {
		ep.ValLoss, ep.ValAccuracy = p.ValLoss, p.ValAccuracy
	}
	r.hist = append(r.hist[:r.ended], ep)
	if p.EpochEnd {
		r.ended++
	}
	now := time.Now()
	if p.EpochEnd || now.Sub(r.lastUI) >= progressEvery {
		r.lastUI = now
		t.ui(func() { t.showProgress(r, p) })
	}
	if now.Sub(r.lastPlot) >= plotEvery && r.rendering.CompareAndSwap(false, true) {
		r.lastPlot = now
		hist := slices.Clone(r.hist)
		title := fmt.Sprintf("Training %s on %s (epoch %d in progress)", r.cfg.Preset, r.cfg.Scheme.Name, p.Epoch)
		if p.EpochEnd {
			title = fmt.Sprintf("Training %s on %s (%d epochs done)", r.cfg.Preset, r.cfg.Scheme.Name, p.Epoch)
		}
		t.bg(func() {
			defer r.rendering.Store(false)
			img, err := renderCurves(hist, 0, title, scale)
			t.ui(func() {
				if t.plotGen != r.gen {
					return // the run has ended: the model's history is shown
				}
				if err != nil {
					t.setCurves(nil, "Cannot draw the curves: "+err.Error())
					return
				}
				t.curveHist, t.curveBest, t.curveTitle = hist, 0, title
				t.setCurves(img, "")
			})
		})
	}
}

// showProgress shows one progress report (UI goroutine).
func (t *trainingTab) showProgress(r *trainRun, p model.Progress) {
	if t.run != r {
		return
	}
	done := (float64(p.Epoch-1) + float64(p.Batch)/float64(max(p.Batches, 1))) / float64(max(p.Epochs, 1))
	t.barText = fmt.Sprintf("Epoch %d/%d · batch %d/%d", p.Epoch, p.Epochs, p.Batch, p.Batches)
	t.bar.SetValue(min(done, 1))
	if !r.stopping {
		t.speed.SetText(progressText(&r.cfg.Recipe, p))
	}
	if p.EpochEnd {
		t.appendLog(epochLine(&r.cfg.Recipe, p))
	}
	r.progOnce.Do(func() { close(r.progressed) })
}

// openModel lets the user open a checkpoint file.
func (t *trainingTab) openModel() {
	t.w.askOpenFile("Open model", "Fashion Lens model", ".ckpt", func(path string) {
		if path == "" {
			return
		}
		t.bg(func() {
			m, err := loadModelFile(path)
			t.ui(func() {
				if err != nil {
					dialog.ShowError(fmt.Errorf("cannot open the model %s:\n%w", filepath.Base(path), err), t.w)
					return
				}
				t.w.state.AddModel(m, true)
			})
		})
	})
}

// loadModelFile reads a checkpoint file as a model.
func loadModelFile(path string) (*Model, error) {
	net, ck, err := model.Load(path)
	if err != nil {
		return nil, err
	}
	return &Model{Name: filepath.Base(path), Net: net, Checkpoint: ck, Path: path}, nil
}

// saveModel lets the user save the current model.
func (t *trainingTab) saveModel() {
	m := t.w.state.Current()
	if m == nil {
		dialog.ShowInformation("No model", "There is no model to save yet: train one first.", t.w)
		return
	}
	name := m.Net.Preset + "-" + m.Net.Scheme.Name + ".ckpt"
	t.w.askSaveFile("Save model", "Fashion Lens model", name, ".ckpt", func(path string) {
		if path == "" {
			return
		}
		ck := modelCheckpoint(m)
		t.bg(func() {
			err := checkpoint.Save(path, ck)
			t.ui(func() { t.saved(m, path, err) })
		})
	})
}

// modelCheckpoint returns what saving m writes (UI goroutine).
func modelCheckpoint(m *Model) *checkpoint.Checkpoint {
	if m.Checkpoint != nil {
		return m.Checkpoint
	}
	return m.Net.Checkpoint()
}

// saveModelTo writes m to path and records the path; it runs on the UI
// goroutine (tests call it directly).
func (t *trainingTab) saveModelTo(m *Model, path string) error {
	err := checkpoint.Save(path, modelCheckpoint(m))
	t.saved(m, path, err)
	return err
}

func (t *trainingTab) saved(m *Model, path string, err error) {
	if err != nil {
		dialog.ShowError(fmt.Errorf("cannot save the model to %s:\n%w", path, err), t.w)
		return
	}
	m.Path = path
	t.w.rememberModel()
	t.appendLog("Saved " + m.Name + " to " + path)
	if t.w.state.Current() == m && t.run == nil && !strings.Contains(t.modelInfo.Text, path) {
		t.modelInfo.SetText(t.modelInfo.Text + " · " + path)
	}
}

// exportCurves asks where to save the training curves shown, and writes
// them as PNG, SVG or PDF.
func (t *trainingTab) exportCurves() {
	if len(t.curveHist) == 0 {
		dialog.ShowInformation("Export", "There are no training curves to export: this model has no recorded history.", t.w)
		return
	}
	f, err := plot.TrainingCurves(t.curveHist, plot.CurvesOptions{Title: t.curveTitle, Best: t.curveBest})
	if err != nil {
		dialog.ShowError(err, t.w)
		return
	}
	t.w.exportFigure(f, "fashionlens-training.png")
}

// exportConfusion asks where to save the confusion matrix shown, and
// writes it as PNG, SVG or PDF.
func (t *trainingTab) exportConfusion() {
	me := t.shownEval
	if me == nil {
		dialog.ShowInformation("Export", "There is no confusion matrix to export yet.", t.w)
		return
	}
	ev := me.ev
	title := fmt.Sprintf("Confusion matrix: test accuracy %.2f%%", 100*ev.Accuracy)
	if m := t.w.state.Current(); m != nil {
		title = fmt.Sprintf("Confusion matrix: %s, test accuracy %.2f%%", m.Name, 100*ev.Accuracy)
	}
	f, err := plot.Confusion(ev.Confusion, ev.Classes, nil, plot.ConfusionOptions{Title: title})
	if err != nil {
		dialog.ShowError(err, t.w)
		return
	}
	t.w.exportFigure(f, "fashionlens-confusion.png")
}

// epochCount says "1 epoch" or "n epochs".
func epochCount(n int) string {
	if n == 1 {
		return "1 epoch"
	}
	return fmt.Sprintf("%d epochs", n)
}
