package gui

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fashionlens/fashionlens/analysis/plot"
	"github.com/fashionlens/fashionlens/model"
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
	// The log's lines are longer than the panel is wide: they wrap, and
	// the log scrolls only vertically (appendLog keeps the newest line in
	// view).
	t.logText = widget.NewLabel("")
	t.logText.TextStyle = fyne.TextStyle{Monospace: true}
	t.logText.Wrapping = fyne.TextWrapWord
	t.logScroll = container.NewVScroll(t.logText)
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
