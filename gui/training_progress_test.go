package gui

import (
	"math"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/fashionlens/fashionlens/model"
	"github.com/fashionlens/fashionlens/model/checkpoint"
)

// The progress line says whether the time left is exact (a run of the
// whole budget) or at most (early stopping), the learning rate, and what
// the epoch trains on.
func TestTrainingProgressText(t *testing.T) {
	best, study := model.DefaultRecipe(), recipe(t, model.RecipeStudy)
	aug := best
	aug.Shift, aug.Flip, aug.CleanEpochs = 1, true, 2
	plain := best
	plain.Shift, plain.Flip, plain.CleanEpochs = 0, false, 0
	noVal := study
	noVal.ValShare = -1
	p := model.Progress{ImagesPerSecond: 1234.4, Remaining: 83*time.Second + 400*time.Millisecond, LR: 0.0021345,
		Loss: 0.5, Accuracy: 0.8125}
	for _, c := range []struct {
		name      string
		rec       *model.Recipe
		augmented bool
		want      []string
		not       string
	}{
		{"augmenting, augmented", &aug, true, []string{"1234 images/s", "· 1m23s left", "lr 0.00213", "augmented images", "loss 0.5000", "81.25%"}, "up to"},
		{"augmenting, clean phase", &aug, false, []string{"1m23s left", "clean final phase"}, "up to"},
		{"not augmenting", &plain, false, []string{"1m23s left", "no augmentation"}, "clean"},
		{"study", &study, false, []string{"up to 1m23s left", "no augmentation"}, "clean"},
		{"study without validation", &noVal, false, []string{"· 1m23s left"}, "up to"},
	} {
		p.Augmented = c.augmented
		got := progressText(c.rec, p)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q does not say %q", c.name, got, w)
			}
		}
		if strings.Contains(got, c.not) {
			t.Errorf("%s: %q says %q", c.name, got, c.not)
		}
	}
	p.EpochEnd, p.Epoch, p.Epochs, p.ValLoss, p.ValAccuracy, p.Augmented = true, 3, 24, 0.4, 0.85, false
	if got := epochLine(&aug, p); !strings.Contains(got, "epoch 3/24") || !strings.Contains(got, "lr 0.00213  clean") ||
		!strings.Contains(got, "val acc 85.00%") {
		t.Errorf("epoch line %q", got)
	}
}

// Where the time went: every part with its share, recalibration and
// validation only when they took time.
func TestTrainingTimingLine(t *testing.T) {
	if got := timingLine(model.Timing{}); got != "" {
		t.Errorf("no time: %q", got)
	}
	got := timingLine(model.Timing{Total: 100 * time.Second, Step: 80 * time.Second, Wait: 5 * time.Second,
		Recalibrate: 4 * time.Second, Validate: 10 * time.Second})
	for _, w := range []string{"Time 1m40s", "training steps 1m20s (80%)", "waiting for data 5s (5%)",
		"batch-norm recalibration 4s (4%)", "validation 10s (10%)"} {
		if !strings.Contains(got, w) {
			t.Errorf("%q does not say %q", got, w)
		}
	}
	got = timingLine(model.Timing{Total: 2 * time.Second, Step: 1500 * time.Millisecond, Wait: 120 * time.Millisecond})
	if !strings.Contains(got, "training steps 1.5s (75%)") || !strings.Contains(got, "waiting for data 120ms (6%)") || strings.Contains(got, "recalibration") || strings.Contains(got, "validation") {
		t.Errorf("short run: %q", got)
	}
}

// A checkpoint's learning rates reach the curves; one that is not a
// positive finite number is unknown there.
func TestTrainingCurvesHistory(t *testing.T) {
	h := curvesHistory([]checkpoint.Epoch{{Loss: 1, LR: 0.002}, {Loss: 1}, {Loss: 1, LR: -1}, {Loss: 1, LR: math.NaN()},
		{Loss: 1, LR: math.Inf(1)}})
	for i, want := range []float64{0.002, 0, 0, 0, 0} {
		if h[i].LR != want {
			t.Errorf("epoch %d: learning rate %v, want %v", i+1, h[i].LR, want)
		}
	}
}

// A short real run: the live curves and the progress carry the learning
// rate, the log names the recipe, each epoch's rate and phase, and where
// the time went, and the trained model's history, shown as its curves,
// records the rate.
func TestTrainingRunRecordsLR(t *testing.T) {
	w, tab := trainingWindow(t, tinyData(t, 320, 100))
	s := tab.settings
	s.preset.SetSelected(model.PresetSmall)
	s.recipe.SetSelected(model.RecipeBest)
	s.epochs.SetText("2")
	s.batch.SetText("32")
	s.subset.SetText("0")
	test.Tap(tab.startBtn)
	var r *trainRun
	locked(tab, func() { r = tab.run })
	if r == nil {
		t.Fatal("Start did not start a run")
	}
	waitChan(t, r.done, "the run to end")
	settle(t, w, tab)

	// What the live curves drew: both epochs with their rates.
	if len(r.hist) != 2 {
		t.Fatalf("the live history has %d epochs, want 2", len(r.hist))
	}
	for i, e := range r.hist {
		if !(e.LR > 0 && e.LR <= 3e-3) {
			t.Errorf("live epoch %d: learning rate %v", i+1, e.LR)
		}
	}
	m := w.state.Current()
	if m == nil || m.Checkpoint == nil || len(m.Checkpoint.History) != 2 {
		t.Fatal("no trained model with a history of two epochs")
	}
	h := m.Checkpoint.History
	if !(h[0].LR > 0) || !(h[1].LR > 0) || h[1].LR >= h[0].LR {
		t.Errorf("recorded learning rates %v and %v: want a decaying one-cycle rate", h[0].LR, h[1].LR)
	}
	if len(tab.curveHist) != 2 || tab.curveHist[0].LR != h[0].LR || tab.curveHist[1].LR != h[1].LR ||
		tab.curves.Image == nil || tab.curveNote.Text != "" {
		t.Errorf("the model's curves do not show its learning rates: %+v, note %q", tab.curveHist, tab.curveNote.Text)
	}
	log := tab.logText.Text
	rec := model.DefaultRecipe()
	rec.Epochs = 2
	rec = rec.FitClean()
	// Each epoch line names its phase when the recipe augments.
	phase := func(epoch int) string {
		switch {
		case rec.Augments(epoch):
			return "  augmented"
		case rec.Augmenting():
			return "  clean"
		}
		return ""
	}
	for _, re := range []string{
		`training the small preset on fashion10: 320 train images, recipe ` + regexp.QuoteMeta(rec.String()) + `: ` +
			model.ScheduleOneCycle + ` learning rate peaking at 0\.003, 2 epochs`,
		`epoch 1/2 .* lr [0-9.e-]+` + phase(1) + `  [0-9]+ img/s`,
		`epoch 2/2 .* lr [0-9.e-]+` + phase(2) + `  [0-9]+ img/s`,
		`Time [0-9.ms]+: training steps .*, waiting for data .*, batch-norm recalibration .*, validation .*\.`,
	} {
		if !regexp.MustCompile(re).MatchString(log) {
			t.Errorf("the log does not match %s:\n%s", re, log)
		}
	}
}

func TestEpochCount(t *testing.T) {
	for n, want := range map[int]string{0: "0 epochs", 1: "1 epoch", 24: "24 epochs"} {
		if got := epochCount(n); got != want {
			t.Errorf("epochCount(%d) = %q, want %q", n, got, want)
		}
	}
}
