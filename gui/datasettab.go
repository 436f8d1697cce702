package gui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// datasetTab is the Dataset tab: where the data came from and what it
// holds.
type datasetTab struct {
	w    *Window
	info *widget.Label
	box  fyne.CanvasObject
}

func newDatasetTab(w *Window) *datasetTab {
	t := &datasetTab{w: w, info: widget.NewLabel("Looking for the data set…")}
	t.info.TextStyle = fyne.TextStyle{Monospace: true}
	t.info.Wrapping = fyne.TextWrapWord
	t.box = container.NewVScroll(t.info)
	w.state.OnChange(func(c Change) {
		if c == DatasetChanged {
			var b strings.Builder
			w.state.Dataset().Report().WriteText(&b)
			t.info.SetText(b.String())
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
}

// chooseFolder lets the user pick a data folder.
func (t *datasetTab) chooseFolder() {}
