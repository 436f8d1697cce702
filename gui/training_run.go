package gui

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"fyne.io/fyne/v2/dialog"

	"github.com/fashionlens/fashionlens/analysis/plot"
	"github.com/fashionlens/fashionlens/model"
	"github.com/fashionlens/fashionlens/model/dataset"
)

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
	ips := res.ImagesPerSecond()
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

// epochCount says "1 epoch" or "n epochs".
func epochCount(n int) string {
	if n == 1 {
		return "1 epoch"
	}
	return fmt.Sprintf("%d epochs", n)
}
