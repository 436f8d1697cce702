package model

import (
	"context"
	"math"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/fashionlens/fashionlens/model/augment"
	"github.com/fashionlens/fashionlens/model/checkpoint"
	"github.com/fashionlens/fashionlens/model/dataset"
)

func checkpointEpoch(n int, loss, acc float64) checkpoint.Epoch {
	return checkpoint.Epoch{Epoch: n, ValLoss: loss, ValAccuracy: acc}
}

// The feed prepares every batch as a direct computation would, in order,
// whatever the consumer's pace, with the augmentation drawn from the seed,
// the epoch and the position.
func TestFeedMatchesDirectComputation(t *testing.T) {
	split := embedded(t)
	order := rand10k(t, 700)
	spec := feedSpec{split: split, scheme: dataset.Groups5, order: order, batch: 128,
		policy: augment.Policy{Shift: 2, Flip: true}, seed: 3, epoch: 2}
	f := startFeed(context.Background(), spec)
	defer f.close()
	want := make([]float32, dataset.ImageSize)
	n := 0
	for b := f.next(); b != nil; b = f.next() {
		if n%256 == 0 {
			time.Sleep(5 * time.Millisecond) // a slow consumer now and then
		}
		for j, c := range b.classes {
			pos := n + j
			i := order[pos]
			if c != dataset.Groups5.Class(split.Labels[i]) {
				t.Fatalf("position %d: class %d", pos, c)
			}
			augment.ImageTo(want, split.Image(i), spec.policy.Draw(augment.Mix(3, 2, uint64(pos))))
			if !slices.Equal(b.x[j*dataset.ImageSize:(j+1)*dataset.ImageSize], want) {
				t.Fatalf("position %d: pixels differ", pos)
			}
		}
		n += len(b.classes)
		f.recycle(b)
	}
	if n != len(order) {
		t.Fatalf("%d images fed, want %d", n, len(order))
	}

	// Without a policy the images are the plain ones.
	spec.policy = augment.Policy{}
	g := startFeed(context.Background(), spec)
	defer g.close()
	b := g.next()
	if plain := split.FloatBatchTo(nil, order[:128]); !slices.Equal(b.x, plain) {
		t.Error("an unaugmented batch differs from the plain images")
	}
}

// Closing a feed in the middle of an epoch stops its goroutine.
func TestFeedCloseStops(t *testing.T) {
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	for range 20 {
		f := startFeed(ctx, feedSpec{split: embedded(t), scheme: dataset.Fashion10, order: rand10k(t, 5000), batch: 64})
		f.next()
		f.close()
	}
	cancel()
	time.Sleep(50 * time.Millisecond)
	if after := runtime.NumGoroutine(); after > before+2 {
		t.Errorf("%d goroutines before, %d after closing 20 feeds", before, after)
	}
}

func rand10k(t *testing.T, n int) []int {
	t.Helper()
	idx := make([]int, n)
	for i := range idx {
		idx[i] = (i*7919 + 13) % 10000
	}
	return idx
}

// With SelectValAccuracy the run uses its whole budget and keeps the epoch
// of highest validation accuracy; progress reports the schedule's
// learning rate at every step and no time left at the end.
func TestTrainSelectsBestValidationAccuracy(t *testing.T) {
	rec := recipe(t, RecipeBest, func(r *Recipe) {
		r.Epochs, r.CleanEpochs, r.ValShare, r.Recalibrate = 4, 1, 0.25, 200
		r.Shift, r.Flip = 1, true
	})
	var lrs []float64
	var last Progress
	augmented := map[int]bool{}
	res, err := trainTiny(t, TrainConfig{Subset: 512, Recipe: rec, Seed: 3}, func(p Progress) {
		if !p.EpochEnd {
			lrs = append(lrs, p.LR)
		}
		augmented[p.Epoch] = p.Augmented
		last = p
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stop != StopLimit || len(res.History) != 4 {
		t.Fatalf("stop %q after %d epochs", res.Stop, len(res.History))
	}
	best := 0
	for i, e := range res.History {
		if e.ValAccuracy > res.History[best].ValAccuracy ||
			(e.ValAccuracy == res.History[best].ValAccuracy && e.ValLoss < res.History[best].ValLoss) {
			best = i
		}
	}
	if res.BestEpoch != best+1 {
		t.Errorf("kept epoch %d, the best validation accuracy is epoch %d: %+v", res.BestEpoch, best+1, res.History)
	}
	// 384 training images: 3 batches an epoch, 12 steps.
	if len(lrs) != 12 {
		t.Fatalf("%d step reports", len(lrs))
	}
	for s, lr := range lrs {
		if want := rec.LRAt(s, 12); lr != want {
			t.Errorf("step %d at learning rate %g, the schedule says %g", s, lr, want)
		}
	}
	if res.History[3].LR != lrs[11] {
		t.Errorf("the last epoch records learning rate %g, its last step ran at %g", res.History[3].LR, lrs[11])
	}
	if !augmented[1] || !augmented[3] || augmented[4] {
		t.Errorf("augmented epochs %v, want 1–3 but not the clean epoch 4", augmented)
	}
	if !last.EpochEnd || last.Epoch != 4 || last.Remaining != 0 {
		t.Errorf("last report %+v", last)
	}
	if tm := res.Timing; tm.Step <= 0 || tm.Validate <= 0 || tm.Recalibrate <= 0 || tm.Total < tm.Step+tm.Validate {
		t.Errorf("timing %+v", tm)
	}
}

// After recalibration, each batch normalisation's output over the
// calibration images, computed in inference mode, has mean β and
// variance γ²·σ²/(σ²+ε) per channel: the statistics it normalises by are
// its input's.
func TestRecalibrateBN(t *testing.T) {
	split := embedded(t)
	res, err := trainTiny(t, TrainConfig{Preset: PresetSeed, Subset: 512, Recipe: recipe(t, RecipeStudy, epochs(1)), Seed: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	net := res.Net
	idx := rand10k(t, 600)
	if err := net.RecalibrateBN(context.Background(), split, idx); err != nil {
		t.Fatal(err)
	}
	ws := net.newWorkspace(len(idx))
	x := split.FloatBatchTo(nil, idx)
	checked := 0
	for k, l := range net.layers {
		if l.kind != batchNorm {
			continue
		}
		out := net.forwardTo(ws, x, len(idx), nil, k+1)
		c := l.inC
		mean, variance := make([]float64, c), make([]float64, c)
		bnStats(out, mean, variance)
		g, b := l.gamma.Float32s(), l.beta.Float32s()
		for j := range c {
			v := float64(l.bn.Var[j])
			wantVar := float64(g[j]) * float64(g[j]) * v / (v + l.bn.Eps)
			if math.Abs(mean[j]-float64(b[j])) > 1e-3 || math.Abs(variance[j]-wantVar) > 1e-3*(1+wantVar) {
				t.Fatalf("layer %d channel %d: output mean %v variance %v, want %v and %v", k, j, mean[j], variance[j], b[j], wantVar)
			}
		}
		checked++
	}
	if checked != 4 {
		t.Fatalf("checked %d batch normalisations", checked)
	}

	// Cancelled, it leaves the network as it was.
	before := net.snapshot()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := net.RecalibrateBN(ctx, split, rand10k(t, 3000)); err == nil {
		t.Error("cancelled: no error")
	}
	for i, p := range net.snapshot() {
		if !slices.Equal(p, before[i]) {
			t.Fatal("a cancelled recalibration changed the network")
		}
	}
	if err := net.RecalibrateBN(context.Background(), split, nil); err == nil {
		t.Error("no images: no error")
	}
}

// Recalibration repairs what Keras's slow running averages leave after a
// short run: after one small epoch their estimates still hold much of
// their starting values (mean 0, variance 1), and the network scores
// barely above chance in inference mode.
func TestRecalibrationRepairsShortRun(t *testing.T) {
	if raceEnabled {
		t.Skip("a minute under the race detector; make check runs it without")
	}
	split := embedded(t)
	res, err := trainTiny(t, TrainConfig{Preset: PresetSeed, Subset: 2000, Recipe: recipe(t, RecipeStudy, epochs(1)), Seed: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	test := make([]int, 0, 2000)
	for i := 5000; i < 7000; i++ {
		test = append(test, i)
	}
	before, err := res.Net.Evaluate(context.Background(), split, test, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Net.RecalibrateBN(context.Background(), split, rand10k(t, 1000)[:1000]); err != nil {
		t.Fatal(err)
	}
	after, err := res.Net.Evaluate(context.Background(), split, test, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("accuracy on 2,000 held-out images: %.3f before, %.3f after recalibration", before.Accuracy, after.Accuracy)
	if !(after.Accuracy > before.Accuracy+0.2) || after.Accuracy < 0.6 {
		t.Errorf("accuracy %.3f before, %.3f after recalibration", before.Accuracy, after.Accuracy)
	}
}

// bnStats is the per-channel mean and variance, computed plainly.
func bnStats(x []float32, mean, variance []float64) {
	c := len(mean)
	n := float64(len(x) / c)
	for i, v := range x {
		mean[i%c] += float64(v)
	}
	for j := range mean {
		mean[j] /= n
	}
	for i, v := range x {
		d := float64(v) - mean[i%c]
		variance[i%c] += d * d
	}
	for j := range variance {
		variance[j] /= n
	}
}

// keep applies each selection rule to a sequence of epochs.
func TestKeepRules(t *testing.T) {
	net, err := New(PresetSmall, dataset.Fashion10, 1)
	if err != nil {
		t.Fatal(err)
	}
	type ep struct{ loss, acc float64 }
	for _, tc := range []struct {
		name     string
		rec      Recipe
		epochs   []ep
		best     int
		stopsAft int // 1-based epoch after which keep says stop; 0: never
	}{
		{"val-loss, patience 2", Recipe{Select: SelectValLoss, Patience: 2},
			[]ep{{1.0, 0.5}, {0.9, 0.6}, {0.95, 0.7}, {0.96, 0.8}, {0.5, 0.9}}, 2, 4},
		{"val-loss, patience 3", Recipe{Select: SelectValLoss, Patience: 3},
			[]ep{{1.0, 0.5}, {0.9, 0.6}, {0.95, 0.7}, {0.96, 0.8}, {0.5, 0.9}}, 5, 0},
		{"val-accuracy runs on", Recipe{Select: SelectValAccuracy, Patience: 1},
			[]ep{{1.0, 0.5}, {0.9, 0.7}, {0.8, 0.6}, {0.7, 0.6}, {0.6, 0.65}}, 2, 0},
		{"val-accuracy ties go to the lower loss", Recipe{Select: SelectValAccuracy, Patience: 1},
			[]ep{{1.0, 0.7}, {0.9, 0.7}, {0.95, 0.7}}, 2, 0},
	} {
		r := &run{rec: &tc.rec, net: net, valIdx: []int{0}, res: &Result{}}
		r.bestLoss, r.bestAcc = math.Inf(1), math.Inf(-1)
		stopped := 0
		for i, e := range tc.epochs {
			if r.keep(checkpointEpoch(i+1, e.loss, e.acc)) {
				stopped = i + 1
				break
			}
		}
		if stopped != tc.stopsAft || r.res.BestEpoch != tc.best {
			t.Errorf("%s: stopped after %d (want %d), kept %d (want %d)", tc.name, stopped, tc.stopsAft, r.res.BestEpoch, tc.best)
		}
	}
}

func TestResultImagesPerSecond(t *testing.T) {
	r := &Result{}
	if v := r.ImagesPerSecond(); v != 0 {
		t.Errorf("no epochs: %v", v)
	}
	r.History = []checkpoint.Epoch{{ImagesPerSecond: 1000}, {ImagesPerSecond: 3000}}
	if v := r.ImagesPerSecond(); v != 2000 {
		t.Errorf("mean of 1000 and 3000: %v", v)
	}
}
