package gui

import (
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2/dialog"

	"github.com/fashionlens/fashionlens/analysis/plot"
	"github.com/fashionlens/fashionlens/model"
	"github.com/fashionlens/fashionlens/model/checkpoint"
)

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
