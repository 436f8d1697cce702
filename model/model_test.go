package model

import (
	"context"
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fashionlens/fashionlens/model/checkpoint"
	"github.com/fashionlens/fashionlens/model/dataset"
)

func embedded(t testing.TB) *dataset.Split {
	t.Helper()
	s, err := dataset.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// recipe returns the registered recipe name (the default if "") with
// change applied.
func recipe(t testing.TB, name string, change func(*Recipe)) Recipe {
	t.Helper()
	if name == "" {
		name = DefaultRecipe().Name
	}
	r, err := RecipeByName(name)
	if err != nil {
		t.Fatal(err)
	}
	if change != nil {
		change(&r)
	}
	return r
}

// epochs returns a change to a recipe's budget, with no clean phase.
func epochs(n int) func(*Recipe) {
	return func(r *Recipe) { r.Epochs, r.CleanEpochs = n, 0 }
}

// trainTiny trains the small preset briefly on the embedded split, with
// the study's recipe for 2 epochs unless cfg says otherwise.
func trainTiny(t *testing.T, cfg TrainConfig, progress func(Progress)) (*Result, error) {
	t.Helper()
	if cfg.Preset == "" {
		cfg.Preset = PresetSmall
	}
	if cfg.Subset == 0 {
		cfg.Subset = 512
	}
	if cfg.Recipe.Name == "" {
		cfg.Recipe = recipe(t, RecipeStudy, epochs(2))
	}
	return Train(context.Background(), embedded(t), cfg, progress)
}

func TestPresets(t *testing.T) {
	for _, tc := range []struct {
		preset string
		scheme *dataset.Scheme
		params int
	}{
		// Keras's model.summary() counts for these architectures:
		// seed: 320+128 + 9248+128 + 18496+256 + 200768+256 + 650 (BN
		// gamma and beta only are trainable: half of each 128/128/256/256).
		{PresetSeed, dataset.Fashion10, 320 + 64 + 9248 + 64 + 18496 + 128 + 200768 + 128 + 650},
		{PresetSeed, dataset.Groups5, 320 + 64 + 9248 + 64 + 18496 + 128 + 200768 + 128 + 325},
		{PresetSmall, dataset.Fashion10, 320 + 9248 + 401472 + 650},
	} {
		n, err := New(tc.preset, tc.scheme, 1)
		if err != nil {
			t.Fatal(err)
		}
		if got := n.NumParams(); got != tc.params {
			t.Errorf("%s/%s: %d learnable parameters, want %d\n%s", tc.preset, tc.scheme.Name, got, tc.params, n.Summary())
		}
		if n.Classes() != tc.scheme.NumClasses() {
			t.Errorf("%s/%s: %d classes", tc.preset, tc.scheme.Name, n.Classes())
		}
	}
	if _, err := New("huge", dataset.Fashion10, 1); err == nil || !strings.Contains(err.Error(), "seed, small") {
		t.Errorf("unknown preset: %v", err)
	}
}

// One image alone gives the same probabilities and features as inside a
// batch of 128.
func TestPredictOneEqualsBatch(t *testing.T) {
	split := embedded(t)
	n, err := New(PresetSeed, dataset.Fashion10, 3)
	if err != nil {
		t.Fatal(err)
	}
	// Non-trivial batch-norm statistics, so the folded inference path is
	// exercised.
	for _, l := range n.layers {
		if l.kind == batchNorm {
			for c := range l.bn.Mean {
				l.bn.Mean[c], l.bn.Var[c] = 0.1*float32(c%5), 0.5+0.1*float32(c%3)
				l.gamma.Float32s()[c], l.beta.Float32s()[c] = 1+0.01*float32(c), -0.02*float32(c%4)
			}
		}
	}
	idx := make([]int, 128)
	for i := range idx {
		idx[i] = 1000 + i
	}
	ctx := context.Background()
	batch, err := n.Predict(ctx, split, idx, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range []int{0, 77, 127} {
		one, err := n.Predict(ctx, split, []int{idx[j]}, true, nil)
		if err != nil {
			t.Fatal(err)
		}
		c := n.Classes()
		for k := 0; k < c; k++ {
			if d := math.Abs(float64(one.Probs[k] - batch.Probs[j*c+k])); d > 1e-5 {
				t.Fatalf("image %d class %d: alone %v, in a batch %v", idx[j], k, one.Probs[k], batch.Probs[j*c+k])
			}
		}
		for k := 0; k < FeatureDim; k++ {
			if d := math.Abs(float64(one.Features[k] - batch.Features[j*FeatureDim+k])); d > 1e-4 {
				t.Fatalf("image %d feature %d: alone %v, in a batch %v", idx[j], k, one.Features[k], batch.Features[j*FeatureDim+k])
			}
		}
		if one.Pred[0] != batch.Pred[j] {
			t.Fatalf("image %d: predicted %d alone, %d in a batch", idx[j], one.Pred[0], batch.Pred[j])
		}
	}
}

func TestTrainLowersLoss(t *testing.T) {
	res, err := trainTiny(t, TrainConfig{Recipe: recipe(t, RecipeStudy, func(r *Recipe) { r.Epochs, r.ValShare = 3, -1 }), Seed: 5}, nil)
	if err != nil {
		t.Fatal(err)
	}
	h := res.History
	if len(h) != 3 || res.Stop != StopLimit || res.BestEpoch != 3 {
		t.Fatalf("history %+v, stop %q, best %d", h, res.Stop, res.BestEpoch)
	}
	if !(h[2].Loss < 0.8*h[0].Loss) || !(h[2].Accuracy > h[0].Accuracy) {
		t.Errorf("loss %v → %v, accuracy %v → %v: training did not learn", h[0].Loss, h[2].Loss, h[0].Accuracy, h[2].Accuracy)
	}
}

func TestTrainIsDeterministic(t *testing.T) {
	// Every random choice: weights, the validation split, shuffles,
	// dropout and augmentation (prepared on another goroutine).
	cfg := TrainConfig{Preset: PresetSeed, Subset: 384, Seed: 9, Recipe: recipe(t, RecipeBest, func(r *Recipe) {
		r.Epochs, r.CleanEpochs, r.Shift, r.Flip, r.Recalibrate = 1, 0, 2, true, 100
	})}
	a, err := trainTiny(t, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := trainTiny(t, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := math.Abs(a.History[0].ValLoss - b.History[0].ValLoss); d > 1e-5 {
		t.Errorf("same seed, validation loss %v and %v", a.History[0].ValLoss, b.History[0].ValLoss)
	}
	pa, pb := a.Net.params(), b.Net.params()
	for i := range pa {
		for j := range pa[i].data {
			if d := math.Abs(float64(pa[i].data[j] - pb[i].data[j])); d > 1e-5 {
				t.Fatalf("same seed, %s[%d]: %v and %v", pa[i].name, j, pa[i].data[j], pb[i].data[j])
			}
		}
	}
	cfg.Seed = 10
	c, err := trainTiny(t, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.History[0].ValLoss == a.History[0].ValLoss {
		t.Error("another seed gave the same run")
	}
}

func TestTrainCancelStopsWithinABatch(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	res, err := Train(ctx, embedded(t), TrainConfig{Preset: PresetSmall, Subset: 2000, Recipe: recipe(t, RecipeStudy, epochs(5)), Seed: 1}, func(p Progress) {
		calls++
		if p.Epoch == 2 && p.Batch == 3 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if res == nil || res.Stop != StopCancelled || res.BestEpoch != 1 || len(res.History) != 1 {
		t.Fatalf("result %+v", res)
	}
	// 13 batches of 128 in epoch 1, its epoch-end report, then 3 batches.
	if calls != 13+1+3 {
		t.Errorf("%d progress calls: the run went on after cancelling", calls)
	}
	// The model stays usable.
	ev, err := res.Net.Evaluate(context.Background(), embedded(t), []int{0, 1, 2, 3}, nil)
	if err != nil || ev.Images != 4 {
		t.Fatalf("evaluate after cancelling: %v, %+v", err, ev)
	}
}

func TestTrainRejectsBadSettings(t *testing.T) {
	bad := func(change func(*Recipe)) TrainConfig { return TrainConfig{Recipe: recipe(t, "", change)} }
	for _, cfg := range []TrainConfig{
		bad(func(r *Recipe) { r.Epochs = -1 }), {Batch: -5}, bad(func(r *Recipe) { r.LR = -1 }),
		bad(func(r *Recipe) { r.LR = math.NaN() }), bad(func(r *Recipe) { r.ValShare = 0.95 }),
		bad(func(r *Recipe) { r.Patience = -1 }), {Subset: -3}, {Preset: "nope"},
		bad(func(r *Recipe) { r.Schedule = "wavy" }), bad(func(r *Recipe) { r.Select = "test-accuracy" }),
		bad(func(r *Recipe) { r.Shift = -1 }), bad(func(r *Recipe) { r.Shift = 20 }),
		bad(func(r *Recipe) { r.Smoothing = 1 }), bad(func(r *Recipe) { r.Smoothing = math.NaN() }),
		bad(func(r *Recipe) { r.WeightDecay = -0.1 }), bad(func(r *Recipe) { r.Warmup = 1 }),
		bad(func(r *Recipe) { r.CleanEpochs = r.Epochs + 1 }), bad(func(r *Recipe) { r.BNMomentum = 1 }),
	} {
		if _, err := Train(context.Background(), embedded(t), cfg, nil); err == nil {
			t.Errorf("%+v: no error", cfg)
		}
	}
	if _, err := Train(context.Background(), nil, TrainConfig{}, nil); err == nil {
		t.Error("no data: no error")
	}
}

func TestCheckpointRoundTrip(t *testing.T) {
	res, err := trainTiny(t, TrainConfig{Preset: PresetSeed, Subset: 256, Recipe: recipe(t, RecipeStudy, epochs(1)), Seed: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	split := embedded(t)
	path := filepath.Join(t.TempDir(), "m.ckpt")
	if err := checkpoint.Save(path, res.Checkpoint(split, map[string]float64{"test_accuracy": 0.5})); err != nil {
		t.Fatal(err)
	}
	n, c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if c.Preset != PresetSeed || c.Scheme != "fashion10" || len(c.History) != 1 || c.Settings["seed"] != "2" || len(c.DataFingerprint) != 64 {
		t.Errorf("checkpoint header %+v", c)
	}
	idx := []int{3, 4, 5, 6}
	ctx := context.Background()
	want, _ := res.Net.Predict(ctx, split, idx, true, nil)
	got, err := n.Predict(ctx, split, idx, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want.Probs {
		if want.Probs[i] != got.Probs[i] {
			t.Fatalf("probability %d: %v before saving, %v after", i, want.Probs[i], got.Probs[i])
		}
	}
	// A checkpoint that does not fit the preset is refused.
	bad := res.Net.Checkpoint()
	bad.Params[0].Shape = []int{3, 3}
	bad.Params[0].Data = make([]float32, 9)
	if _, err := FromCheckpoint(bad); err == nil || !strings.Contains(err.Error(), "shape") {
		t.Errorf("wrong shape: %v", err)
	}
	bad = res.Net.Checkpoint()
	bad.Params = bad.Params[1:]
	if _, err := FromCheckpoint(bad); err == nil {
		t.Error("missing array: no error")
	}
	bad = res.Net.Checkpoint()
	bad.Scheme = "groups5"
	if _, err := FromCheckpoint(bad); err == nil {
		t.Error("10 classes under groups5: no error")
	}
}

// The integration test: one short epoch on a real subset of the train
// split reaches accuracy far above chance (10%). It uses the small preset:
// after a few dozen steps, the seed preset's batch-normalisation running
// statistics (momentum 0.99, as Keras) still mostly hold their initial
// values, so its inference-mode accuracy says little after one short epoch.
func TestTrainRealSubset(t *testing.T) {
	train, err := dataset.ReadSplit(dataset.SystemDir, dataset.Train)
	if err != nil {
		t.Skipf("the train split is not installed (apt-get install dataset-fashion-mnist): %v", err)
	}
	res, err := Train(context.Background(), train, TrainConfig{Preset: PresetSmall, Subset: 6000, Recipe: recipe(t, RecipeStudy, epochs(1)), Seed: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ev, err := res.Net.Evaluate(context.Background(), embedded(t), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Accuracy < 0.6 {
		t.Errorf("test accuracy %.3f after one epoch on 4,800 images", ev.Accuracy)
	}
	t.Logf("one epoch on 4,800 images: test accuracy %.3f", ev.Accuracy)
}
