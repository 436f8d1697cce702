package gui

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/fashionlens/fashionlens/analysis/plot"
	"github.com/fashionlens/fashionlens/model"
	"github.com/fashionlens/fashionlens/model/checkpoint"
)

// The texts of a training run's progress and log, and the curves of a
// history: pure functions of the run's recipe and reports; and the box of
// the progress text.

// twoLines returns l in a box at least two lines of text high, so that
// the progress (two lines) does not move what is around it when it
// starts and ends.
func twoLines(l *widget.Label) fyne.CanvasObject {
	space := canvas.NewRectangle(color.Transparent)
	space.SetMinSize(fyne.NewSize(0, widget.NewLabel("1\n2").MinSize().Height))
	return container.NewStack(space, l)
}

// knownLR returns lr if it is a learning rate (above 0 and finite), else
// 0, which the curves take as unknown: checkpoints written before rates
// were recorded hold 0.
func knownLR(lr float64) float64 {
	if lr > 0 && !math.IsInf(lr, 0) {
		return lr
	}
	return 0
}

// curvesHistory returns a checkpoint's history as the curves draw it.
func curvesHistory(h []checkpoint.Epoch) []plot.Epoch {
	out := make([]plot.Epoch, len(h))
	for i, e := range h {
		out[i] = plot.Epoch{Loss: e.Loss, Accuracy: e.Accuracy, ValLoss: e.ValLoss, ValAccuracy: e.ValAccuracy,
			LR: knownLR(e.LR)}
	}
	return out
}

// formatLR formats a learning rate with three significant digits.
func formatLR(lr float64) string { return strconv.FormatFloat(lr, 'g', 3, 64) }

// stopsEarly says whether a run of rec may end before its budget: with
// early stopping on the validation loss, which needs validation images.
func stopsEarly(rec *model.Recipe) bool {
	return rec.Select == model.SelectValLoss && rec.ValShare > 0
}

// phaseText says what an epoch trains on: augmented images, or the
// unaugmented images of the clean final phase of a recipe that augments
// the others.
func phaseText(rec *model.Recipe, augmented bool) string {
	switch {
	case augmented:
		return "augmented images"
	case rec.Augmenting():
		return "clean final phase (no augmentation)"
	default:
		return "no augmentation"
	}
}

// leftText says how long a run has left: exactly, for a run that uses
// its whole budget, or at most, for one that may stop early.
func leftText(rec *model.Recipe, left time.Duration) string {
	s := left.Round(time.Second).String() + " left"
	if stopsEarly(rec) {
		return "up to " + s
	}
	return s
}

// progressText is the line under the progress bar: speed, time left,
// learning rate and what the epoch trains on; then the epoch's loss and
// accuracy so far.
func progressText(rec *model.Recipe, p model.Progress) string {
	return fmt.Sprintf("%.0f images/s · %s · lr %s · %s\nloss %.4f · accuracy %.2f%%",
		p.ImagesPerSecond, leftText(rec, p.Remaining), formatLR(p.LR), phaseText(rec, p.Augmented),
		p.Loss, 100*p.Accuracy)
}

// startLine is the log line of a run's start.
func startLine(started time.Time, cfg *model.TrainConfig, images int) string {
	rec := &cfg.Recipe
	return fmt.Sprintf("%s  training the %s preset on %s: %d train images, recipe %s: %s learning rate peaking at %s, "+
		"%d epochs, batch %d, seed %d", started.Format("15:04:05"), cfg.Preset, cfg.Scheme.Name, images, rec,
		rec.Schedule, formatLR(rec.LR), rec.Epochs, cfg.Batch, cfg.Seed)
}

// epochLine is the log line of a finished epoch.
func epochLine(rec *model.Recipe, p model.Progress) string {
	val := ""
	if !math.IsNaN(p.ValLoss) {
		val = fmt.Sprintf("  val loss %.4f  val acc %.2f%%", p.ValLoss, 100*p.ValAccuracy)
	}
	phase := ""
	switch {
	case p.Augmented:
		phase = "  augmented"
	case rec.Augmenting():
		phase = "  clean"
	}
	return fmt.Sprintf("epoch %d/%d  loss %.4f  acc %.2f%%%s  lr %s%s  %.0f img/s  %s",
		p.Epoch, p.Epochs, p.Loss, 100*p.Accuracy, val, formatLR(p.LR), phase, p.ImagesPerSecond,
		p.Elapsed.Round(time.Second))
}

// timingLine says where a run's time went; empty if it took none.
func timingLine(tm model.Timing) string {
	if tm.Total <= 0 {
		return ""
	}
	part := func(name string, d time.Duration) string {
		return fmt.Sprintf("%s %s (%.0f%%)", name, roundDuration(d), 100*d.Seconds()/tm.Total.Seconds())
	}
	parts := []string{part("training steps", tm.Step), part("waiting for data", tm.Wait)}
	if tm.Recalibrate > 0 {
		parts = append(parts, part("batch-norm recalibration", tm.Recalibrate))
	}
	if tm.Validate > 0 {
		parts = append(parts, part("validation", tm.Validate))
	}
	return fmt.Sprintf("Time %s: %s.", roundDuration(tm.Total), strings.Join(parts, ", "))
}

// roundDuration rounds d to hundredths of a second below 10 seconds,
// tenths below a minute and seconds above.
func roundDuration(d time.Duration) time.Duration {
	switch {
	case d < 10*time.Second:
		return d.Round(10 * time.Millisecond)
	case d < time.Minute:
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(time.Second)
}
