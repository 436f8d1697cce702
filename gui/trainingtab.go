package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// trainingTab is the Training tab.
type trainingTab struct {
	w   *Window
	box fyne.CanvasObject
}

func newTrainingTab(w *Window) *trainingTab {
	return &trainingTab{w: w, box: widget.NewLabel("")}
}

func (t *trainingTab) content() fyne.CanvasObject { return t.box }

// openModel lets the user open a checkpoint file.
func (t *trainingTab) openModel() {}

// saveModel lets the user save the current model.
func (t *trainingTab) saveModel() {}
