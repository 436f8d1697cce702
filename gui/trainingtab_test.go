package gui

import (
	"context"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/fashionlens/fashionlens/model"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// tinyData is a small data set cut from the embedded test split: train
// images 0 to nTrain, test images after them.
func tinyData(t *testing.T, nTrain, nTest int) *dataset.Dataset {
	t.Helper()
	emb, err := dataset.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	cut := func(name string, lo, hi int) *dataset.Split {
		return &dataset.Split{Name: name, Pixels: emb.Pixels[lo*dataset.ImageSize : hi*dataset.ImageSize],
			Labels: emb.Labels[lo:hi], Origin: emb.Origin}
	}
	return &dataset.Dataset{Train: cut(dataset.Train, 0, nTrain), Test: cut(dataset.Test, nTrain, nTrain+nTest)}
}

// locked runs f holding the tab's lock, as the tab's background updates
// do: under the test driver fyne.Do runs on the background goroutine.
func locked(tab *trainingTab, f func()) {
	tab.w.uiMu.Lock()
	defer tab.w.uiMu.Unlock()
	f()
}

func waitChan(t *testing.T, c <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-c:
	case <-time.After(120 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
}

// settle waits until neither the tab nor the window has background work
// left, so that the test goroutine may touch widgets and state.
func settle(t *testing.T, w *Window, tab *trainingTab) {
	t.Helper()
	deadline := time.Now().Add(120 * time.Second)
	for {
		waitChan(t, tab.waitIdle(), "the tab's background work")
		if !w.Busy() {
			select {
			case <-tab.waitIdle():
				return
			default:
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("the window's background work did not end")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// trainingWindow opens a window, waits for its data, replaces the data
// set with d (if not nil) and waits for the tab's background work.
func trainingWindow(t *testing.T, d *dataset.Dataset) (*Window, *trainingTab) {
	t.Helper()
	NativeDialogs = false
	a := test.NewApp()
	t.Cleanup(a.Quit)
	w := mustWindow(t, a, Options{DataDir: t.TempDir(), CacheDir: sharedCache})
	waitReady(t, w)
	tab := w.trainTab
	if d != nil {
		locked(tab, func() { w.state.SetDataset(d) })
	}
	settle(t, w, tab)
	t.Cleanup(func() {
		w.Close()
		settle(t, w, tab)
	})
	return w, tab
}

func TestTrainingNeedsTrainSplit(t *testing.T) {
	d := tinyData(t, 0, 300)
	d.Train = nil
	_, tab := trainingWindow(t, d)
	if !tab.startBtn.Disabled() {
		t.Error("Start is enabled without a train split")
	}
	if !tab.note.Visible() || !strings.Contains(tab.note.Text, "Dataset tab → Download train split") ||
		!strings.Contains(tab.note.Text, "fashionlens data fetch") {
		t.Errorf("note %q", tab.note.Text)
	}
	// The bundled model's confusion matrix is there before any training.
	if len(tab.cells) != 10 || !strings.Contains(tab.results.Text, "Test accuracy") {
		t.Errorf("no confusion matrix: %d rows, %q", len(tab.cells), tab.results.Text)
	}
	if tab.curves.Image == nil {
		t.Error("no history curves for the bundled model")
	}
}

func TestTrainingStartStop(t *testing.T) {
	w, tab := trainingWindow(t, tinyData(t, 512, 300))
	if tab.startBtn.Disabled() || tab.note.Visible() {
		t.Fatal("Start is disabled with a train split")
	}
	s := tab.settings
	s.preset.SetSelected(model.PresetSmall)
	s.epochs.SetText("50")
	s.batch.SetText("32")
	s.subset.SetText("0")
	before := len(w.state.Models())
	test.Tap(tab.startBtn)
	var r *trainRun
	locked(tab, func() { r = tab.run })
	if r == nil {
		t.Fatal("Start did not start a run")
	}
	waitChan(t, r.progressed, "training progress")
	locked(tab, func() {
		if tab.bar.Value <= 0 || !strings.Contains(tab.barText, "Epoch 1/50 · batch") {
			t.Errorf("progress bar %v %q", tab.bar.Value, tab.barText)
		}
		// The default recipe runs its whole budget: the time left is
		// exact. It says what its epochs train on.
		phase := "no augmentation"
		if r.cfg.Recipe.Augments(1) {
			phase = "augmented images"
		}
		if txt := tab.speed.Text; !strings.Contains(txt, "images/s") || !strings.Contains(txt, "left") ||
			strings.Contains(txt, "up to") || !strings.Contains(txt, "lr 0.00") || !strings.Contains(txt, phase) {
			t.Errorf("speed label %q", txt)
		}
		if !tab.startBtn.Disabled() || tab.stopBtn.Disabled() || !s.epochs.Disabled() {
			t.Error("Start, Stop or the settings in the wrong state while training")
		}
		test.Tap(tab.stopBtn)
	})
	waitChan(t, r.done, "the run to stop")
	settle(t, w, tab)
	if tab.run != nil || tab.startBtn.Disabled() || s.epochs.Disabled() {
		t.Error("the tab still looks busy after Stop")
	}
	if tab.barText != "Stopped" {
		t.Errorf("bar text %q", tab.barText)
	}
	models := w.state.Models()
	if len(models) != before+1 {
		t.Fatalf("%d models, want %d", len(models), before+1)
	}
	m := w.state.Current()
	if m != models[before] || !strings.Contains(m.Name, "stopped") || !strings.Contains(m.Name, "small, fashion10") {
		t.Errorf("current model %q", m.Name)
	}
	if m.Net == nil || m.Checkpoint == nil || m.Accuracy() < 0 {
		t.Error("the stopped model is not usable: no net, checkpoint or test accuracy")
	}
	if !strings.Contains(w.Status(), m.Name) || tab.modelSel.SelectedIndex() != before {
		t.Errorf("status %q, selector %d", w.Status(), tab.modelSel.SelectedIndex())
	}
	if len(tab.cells) != 10 || !strings.Contains(tab.logText.Text, "Ended: cancelled") {
		t.Errorf("no results after the run: %d rows, log %q", len(tab.cells), tab.logText.Text)
	}
	if got := w.app.Preferences().String(prefRecipeKey(model.RecipeBest, recipeEpochs)); got != "50" {
		t.Errorf("epochs preference of the best recipe %q", got)
	}
}

func TestTrainingSettingsValidation(t *testing.T) {
	w, tab := trainingWindow(t, tinyData(t, 256, 100))
	tab.settings.epochs.SetText("abc")
	test.Tap(tab.startBtn)
	if tab.run != nil {
		t.Fatal("a run started with epochs = abc")
	}
	if !tab.errLabel.Visible() || !strings.Contains(tab.errLabel.Text, "epochs must be a whole number") {
		t.Errorf("error label %v %q", tab.errLabel.Visible(), tab.errLabel.Text)
	}
	if w.Canvas().Overlays().Top() == nil {
		t.Error("no error dialog")
	}
	if w.app.Preferences().String(prefRecipeKey(model.RecipeBest, recipeEpochs)) == "abc" {
		t.Error("the bad value was remembered")
	}
	for _, tc := range []struct {
		check     func(string) error
		bad, good string
	}{
		{intIn("batch size", 1, 4096), "0", "64"},
		{checkLR, "-1", "0.01"},
		{checkVal, "0.95", "0"},
		{checkSeed, "-3", "42"},
	} {
		if tc.check(tc.bad) == nil || tc.check(tc.good) != nil {
			t.Errorf("check accepts %q or rejects %q", tc.bad, tc.good)
		}
	}
}

func TestTrainingSettingsRestored(t *testing.T) {
	NativeDialogs = false
	a := test.NewApp()
	defer a.Quit()
	a.Preferences().SetString(prefRecipeKey(model.RecipeBest, recipeEpochs), "7")
	a.Preferences().SetString(prefTrainScheme, "groups5")
	a.Preferences().SetString(prefTrainBatch, "nonsense")
	d := tinyData(t, 100, 100)
	w := mustWindow(t, a, Options{Load: func(context.Context) (*dataset.Dataset, error) { return d, nil }})
	waitReady(t, w)
	tab := w.trainTab
	defer func() { w.Close(); settle(t, w, tab) }()
	settle(t, w, tab)
	s := tab.settings
	if s.epochs.Text != "7" || s.scheme.Selected != "groups5" || s.batch.Text != "128" {
		t.Errorf("restored epochs %q scheme %q batch %q", s.epochs.Text, s.scheme.Selected, s.batch.Text)
	}
}

func TestTrainingConfusionTap(t *testing.T) {
	w, tab := trainingWindow(t, tinyData(t, 100, 400))
	m := w.state.Current()
	me := tab.evals[m]
	if me == nil || me.split != w.state.Dataset().Test || len(tab.cells) != 10 {
		t.Fatal("no evaluation of the current model on the test split")
	}
	// The largest off-diagonal cell, and a diagonal one.
	bt, bp := 0, 1
	for i, row := range me.ev.Confusion {
		for j, v := range row {
			if i != j && v > me.ev.Confusion[bt][bp] {
				bt, bp = i, j
			}
		}
	}
	for _, c := range [][2]int{{bt, bp}, {1, 1}} {
		ti, pj := c[0], c[1]
		var want []int
		for i := range me.split.Len() {
			if int(me.split.Labels[i]) == ti && me.ev.Prediction.Pred[i] == pj {
				want = append(want, i)
			}
		}
		if len(want) != me.ev.Confusion[ti][pj] {
			t.Fatalf("cell (%d,%d): %d images, matrix says %d", ti, pj, len(want), me.ev.Confusion[ti][pj])
		}
		test.Tap(tab.cells[ti][pj])
		wantShown := want[:min(len(want), maxCellImages)]
		if !slices.Equal(tab.cellIdx, wantShown) || tab.cellTotal != len(want) {
			t.Errorf("cell (%d,%d) shows %v (of %d), want %v (of %d)", ti, pj, tab.cellIdx, tab.cellTotal, wantShown, len(want))
		}
		if w.Canvas().Overlays().Top() == nil {
			t.Errorf("cell (%d,%d): no dialog", ti, pj)
		}
		w.Canvas().Overlays().Top().Hide()
	}
}

func TestTrainingModelSelector(t *testing.T) {
	w, tab := trainingWindow(t, tinyData(t, 100, 200))
	models := w.state.Models()
	if len(models) < 2 || len(tab.modelSel.Options) != len(models) || tab.modelSel.SelectedIndex() != 0 {
		t.Fatalf("selector %v at %d for %d models", tab.modelSel.Options, tab.modelSel.SelectedIndex(), len(models))
	}
	if !strings.Contains(w.Status(), models[0].Name) {
		t.Fatalf("status %q", w.Status())
	}
	locked(tab, func() { tab.modelSel.SetSelectedIndex(1) })
	settle(t, w, tab)
	if w.state.Current() != models[1] || !strings.Contains(w.Status(), models[1].Name) {
		t.Errorf("current %q, status %q", w.state.Current().Name, w.Status())
	}
	if !strings.Contains(tab.modelInfo.Text, models[1].Name) || len(tab.cells) != models[1].Net.Classes() {
		t.Errorf("the tab does not show the new model: %q, %d rows", tab.modelInfo.Text, len(tab.cells))
	}
}

func TestTrainingSaveModel(t *testing.T) {
	w, tab := trainingWindow(t, tinyData(t, 100, 200))
	m := w.state.Current()
	path := filepath.Join(t.TempDir(), "seed-fashion10.ckpt")
	if err := tab.saveModelTo(m, path); err != nil {
		t.Fatal(err)
	}
	if m.Path != path {
		t.Errorf("path %q", m.Path)
	}
	lm, err := loadModelFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if lm.Net.Preset != m.Net.Preset || lm.Net.Scheme != m.Net.Scheme || lm.Accuracy() != m.Accuracy() {
		t.Errorf("loaded %s %s %v", lm.Net.Preset, lm.Net.Scheme.Name, lm.Accuracy())
	}
	if err := tab.saveModelTo(m, filepath.Join(t.TempDir(), "no", "such", "dir", "x.ckpt")); err == nil {
		t.Error("saving into a missing folder succeeded")
	}
	if w.Canvas().Overlays().Top() == nil {
		t.Error("no error dialog for a failed save")
	}
	if _, err := loadModelFile(filepath.Join("..", "go.mod")); err == nil {
		t.Error("go.mod opened as a model")
	}
}

// The Training tab says that this build trains on the CPU only, and its
// "GPU?" button explains what a GPU build needs.
func TestTrainingTabSaysNoGPU(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	w := mustWindow(t, a, Options{DataDir: t.TempDir()})
	defer w.Close()
	waitReady(t, w)
	s := w.trainTab.settings
	last := s.form.Items[len(s.form.Items)-1]
	if last.Text != "Device" || !strings.HasPrefix(s.device.Text, "CPU, ") {
		t.Fatalf("last setting %q shows %q", last.Text, s.device.Text)
	}
	row := last.Widget.(*fyne.Container)
	why := row.Objects[1].(*widget.Button)
	locked(w.trainTab, func() { test.Tap(why) })
	txt := topOverlayText(t, w)
	for _, want := range []string{"no GPU support", "-tags cuda", "README.md"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the dialog does not say %q: %s", want, txt)
		}
	}
}

// The Training tab's confusion matrix of the current model comes from the
// Embeddings tab's predictions of the test split (one forward pass at
// start, not two), and equals a fresh evaluation.
func TestConfusionFromDerivedPredictions(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	w := mustWindow(t, a, Options{DataDir: t.TempDir()})
	defer w.Close()
	waitReady(t, w)
	waitIdle(t, w)
	m := w.State().Current()
	me := w.trainTab.evals[m]
	if me == nil || w.trainTab.shownEval != me {
		t.Fatal("no confusion matrix shown for the current model")
	}
	if me.ev.Prediction.Seconds != 0 {
		t.Error("the Training tab ran its own forward pass")
	}
	d := w.derived
	want := m.Net.Score(me.split, nil, &model.Prediction{Probs: d.Probs, Pred: d.Pred})
	if !slices.EqualFunc(me.ev.Confusion, want.Confusion, slices.Equal) || me.ev.Accuracy != want.Accuracy {
		t.Errorf("the confusion matrix is not that of the derived predictions: accuracy %v, want %v", me.ev.Accuracy, want.Accuracy)
	}
	// And those agree with a fresh evaluation, up to near-ties that
	// the CPU-specific kernel paths' rounding may decide the other way.
	ev, err := m.Net.Evaluate(context.Background(), me.split, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(ev.Accuracy-me.ev.Accuracy) > 0.001 {
		t.Errorf("accuracy %v from the derived predictions, %v evaluated", me.ev.Accuracy, ev.Accuracy)
	}
}
