package gui

import (
	"context"
	"fmt"
	"image"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fashionlens/fashionlens/analysis/plot"
	"github.com/fashionlens/fashionlens/model"
	"github.com/fashionlens/fashionlens/model/dataset"
)

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
