package model

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/fashionlens/fashionlens/model/augment"
	"github.com/fashionlens/fashionlens/model/checkpoint"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// TrainConfig sets up a training run. Zero fields take the defaults.
type TrainConfig struct {
	Preset string          // default PresetSeed
	Scheme *dataset.Scheme // default dataset.Fashion10
	// Recipe is how to train; the zero Recipe means DefaultRecipe().
	Recipe Recipe
	Batch  int    // default 128
	Seed   uint64 // weights, validation split, shuffles, augmentation and dropout
	// Subset, if positive, trains on the first Subset train images only.
	Subset int
}

// MaxBatch is the largest batch size Train takes.
const MaxBatch = 4096

func (c *TrainConfig) fill() error {
	if c.Preset == "" {
		c.Preset = PresetSeed
	}
	if c.Scheme == nil {
		c.Scheme = dataset.Fashion10
	}
	if c.Recipe.Name == "" && c.Recipe.Epochs == 0 {
		c.Recipe = DefaultRecipe()
	}
	if c.Batch == 0 {
		c.Batch = 128
	}
	if err := c.Recipe.Validate(); err != nil {
		return err
	}
	switch {
	case c.Batch < 1 || c.Batch > MaxBatch:
		return fmt.Errorf("batch size must be between 1 and %d, not %d", MaxBatch, c.Batch)
	case c.Subset < 0:
		return fmt.Errorf("subset must not be negative, not %d", c.Subset)
	}
	return nil
}

// Progress is one report of a training run: after every batch, and with
// EpochEnd set after each epoch's validation.
type Progress struct {
	Epoch, Epochs   int // 1-based epoch and the budget
	Batch, Batches  int // 1-based batch within the epoch
	Loss, Accuracy  float64
	ImagesPerSecond float64 // training speed over the epoch so far
	// LR is the learning rate of the last step.
	LR float64
	// Augmented says whether this epoch trains on augmented images.
	Augmented bool
	// Remaining estimates the time left to the end of the budget: the
	// steps and validations the schedule still holds, at the speeds seen
	// so far. (A run that stops early ends sooner.)
	Remaining time.Duration
	Elapsed   time.Duration
	EpochEnd  bool
	// ValLoss and ValAccuracy are set at epoch ends (NaN without
	// validation data).
	ValLoss, ValAccuracy float64
}

// Stop says why a run ended.
type Stop string

// Reasons a run ends.
const (
	StopLimit     Stop = "epoch limit"
	StopEarly     Stop = "early stopping"
	StopCancelled Stop = "cancelled"
)

// Timing says where a run's time went.
type Timing struct {
	// Wait is the time the training step waited for the data pipeline
	// (reading, scaling and augmenting images runs beside the step).
	Wait time.Duration
	// Step is forward, backward and the optimiser's update.
	Step time.Duration
	// Recalibrate is the batch normalisation's recalibration before each
	// validation, if the recipe asks for it.
	Recalibrate time.Duration
	// Validate is the evaluation of the validation images after each epoch.
	Validate time.Duration
	// Total is the whole run.
	Total time.Duration
}

// Result is a finished (or cancelled) run.
type Result struct {
	// Net is the trained network, with the kept epoch's weights restored
	// (the last weights if no epoch finished). It is usable even when the
	// run was cancelled.
	Net       *Net
	History   []checkpoint.Epoch
	BestEpoch int // 1-based; 0 if no epoch finished
	Stop      Stop
	Config    TrainConfig
	TrainSize int // images trained on per epoch
	ValSize   int
	Timing    Timing
}

// ImagesPerSecond is the training speed: the mean over the finished
// epochs of their images per second (0 if none finished).
func (r *Result) ImagesPerSecond() float64 {
	if len(r.History) == 0 {
		return 0
	}
	var s float64
	for _, e := range r.History {
		s += e.ImagesPerSecond
	}
	return s / float64(len(r.History))
}

// Train trains a new network on split (the train split) as cfg says,
// calling progress (if not nil) after every batch and epoch. It runs on
// the calling goroutine (its data pipeline runs on another); start it in a
// goroutine of its own to keep a UI responsive.
//
// The recipe's choices are made on a validation share of split, drawn by
// the seed; no other data is looked at. The same configuration and seed
// give the same network on the same machine.
//
// Cancelling ctx stops the run within one batch. Train then returns both
// a usable Result (with the best finished epoch's weights) and an error
// that wraps ctx's error.
func Train(ctx context.Context, split *dataset.Split, cfg TrainConfig, progress func(Progress)) (*Result, error) {
	if err := cfg.fill(); err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	if split == nil || split.Len() == 0 {
		return nil, errors.New("train: no training images")
	}
	total := split.Len()
	if cfg.Subset > 0 && cfg.Subset < total {
		total = cfg.Subset
	}
	net, err := New(cfg.Preset, cfg.Scheme, cfg.Seed)
	if err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	net.setBNMomentum(cfg.Recipe.BNMomentum)
	// A seeded permutation splits train and validation images.
	perm := rand.New(rand.NewPCG(cfg.Seed, 0xa11da7e)).Perm(total)
	nVal := 0
	if cfg.Recipe.ValShare > 0 {
		nVal = int(math.Round(cfg.Recipe.ValShare * float64(total)))
	}
	if total-nVal < 1 {
		return nil, fmt.Errorf("train: %d images leave none to train on after holding out %d for validation", total, nVal)
	}
	r := &run{cfg: cfg, rec: &cfg.Recipe, split: split, net: net, progress: progress,
		valIdx: perm[:nVal], trainIdx: append([]int(nil), perm[nVal:]...),
		graphs: map[int]*trainGraph{}, start: time.Now()}
	r.res = &Result{Net: net, Config: cfg, TrainSize: len(r.trainIdx), ValSize: nVal}
	defer r.close()
	r.solver = NewAdamW(cfg.Recipe.LR, cfg.Recipe.WeightDecay, net.decayMask())
	r.batches = (len(r.trainIdx) + cfg.Batch - 1) / cfg.Batch
	r.totalSteps = cfg.Recipe.Epochs * r.batches
	r.bestLoss, r.bestAcc = math.Inf(1), math.Inf(-1)
	for epoch := 1; epoch <= cfg.Recipe.Epochs; epoch++ {
		ep, err := r.epoch(ctx, epoch)
		if err != nil {
			if ctx.Err() != nil {
				return r.cancel(ctx.Err())
			}
			return nil, fmt.Errorf("train: epoch %d: %w", epoch, err)
		}
		if r.keep(ep) && epoch < cfg.Recipe.Epochs {
			r.restoreBest()
			r.res.Stop = StopEarly
			return r.finish(), nil
		}
	}
	r.restoreBest()
	r.res.Stop = StopLimit
	return r.finish(), nil
}

// run is the state of one training run.
type run struct {
	cfg      TrainConfig
	rec      *Recipe
	split    *dataset.Split
	net      *Net
	progress func(Progress)
	res      *Result

	trainIdx, valIdx   []int
	graphs             map[int]*trainGraph
	solver             *AdamW
	batches            int
	step, totalSteps   int
	start              time.Time
	timing             Timing
	trainedImages      int
	trainSeconds       float64
	validations        int
	bestLoss, bestAcc  float64
	best               [][]float32
	sinceBest          int
	lastLR             float64
	augmentedThisEpoch bool
}

// graph returns the training graph for a batch of b images.
func (r *run) graph(b int) (*trainGraph, error) {
	if tg, ok := r.graphs[b]; ok {
		return tg, nil
	}
	tg, err := r.net.buildTrain(b, r.cfg.Seed)
	if err != nil {
		return nil, err
	}
	r.graphs[b] = tg
	return tg, nil
}

func (r *run) close() {
	for _, tg := range r.graphs {
		tg.vm.Close()
	}
}

// epoch trains one epoch and validates it.
func (r *run) epoch(ctx context.Context, epoch int) (checkpoint.Epoch, error) {
	rng := rand.New(rand.NewPCG(r.cfg.Seed, uint64(epoch)))
	rng.Shuffle(len(r.trainIdx), func(i, j int) { r.trainIdx[i], r.trainIdx[j] = r.trainIdx[j], r.trainIdx[i] })
	spec := feedSpec{split: r.split, scheme: r.cfg.Scheme, order: r.trainIdx, batch: r.cfg.Batch,
		seed: r.cfg.Seed, epoch: uint64(epoch)}
	r.augmentedThisEpoch = r.rec.Augments(epoch)
	if r.augmentedThisEpoch {
		spec.policy = augment.Policy{Shift: r.rec.Shift, Flip: r.rec.Flip}
	}
	f := startFeed(ctx, spec)
	defer f.close()
	epochStart := time.Now()
	var lossSum float64
	var correct, seen int
	for b := 0; b < r.batches; b++ {
		if err := ctx.Err(); err != nil {
			return checkpoint.Epoch{}, err
		}
		t0 := time.Now()
		buf := f.next()
		if buf == nil {
			if err := ctx.Err(); err != nil {
				return checkpoint.Epoch{}, err
			}
			return checkpoint.Epoch{}, fmt.Errorf("the data pipeline ended after %d of %d batches", b, r.batches)
		}
		t1 := time.Now()
		tg, err := r.graph(len(buf.classes))
		if err != nil {
			return checkpoint.Epoch{}, err
		}
		r.lastLR = r.rec.LRAt(r.step, r.totalSteps)
		r.solver.LR = r.lastLR
		r.step++
		loss, ok, err := tg.step(buf, r.rec.Smoothing, r.solver, uint64(r.step))
		n := len(buf.classes)
		f.recycle(buf) // the feed may refill it from here on
		r.timing.Wait += t1.Sub(t0)
		r.timing.Step += time.Since(t1)
		if err != nil {
			return checkpoint.Epoch{}, fmt.Errorf("batch %d: %w", b+1, err)
		}
		if math.IsNaN(loss) || math.IsInf(loss, 0) {
			return checkpoint.Epoch{}, fmt.Errorf("batch %d: the loss diverged (%v); try a lower learning rate", b+1, loss)
		}
		lossSum += loss * float64(n)
		correct += ok
		seen += n
		if r.progress != nil {
			el := time.Since(epochStart).Seconds()
			r.report(Progress{Epoch: epoch, Batch: b + 1, Loss: lossSum / float64(seen),
				Accuracy: float64(correct) / float64(seen), ImagesPerSecond: float64(seen) / el,
				ValLoss: math.NaN(), ValAccuracy: math.NaN()}, seen, el)
		}
	}
	secs := time.Since(epochStart).Seconds()
	r.trainedImages += seen
	r.trainSeconds += secs
	ep := checkpoint.Epoch{Epoch: epoch, Loss: lossSum / float64(seen), Accuracy: float64(correct) / float64(seen),
		Seconds: secs, ImagesPerSecond: float64(seen) / secs, ValLoss: math.NaN(), ValAccuracy: math.NaN(), LR: r.lastLR}
	if n := r.rec.Recalibrate; n > 0 {
		t0 := time.Now()
		if err := r.net.RecalibrateBN(ctx, r.split, r.trainIdx[:min(n, len(r.trainIdx))]); err != nil {
			return checkpoint.Epoch{}, err
		}
		r.timing.Recalibrate += time.Since(t0)
	}
	if len(r.valIdx) > 0 {
		t0 := time.Now()
		ev, err := r.net.Evaluate(ctx, r.split, r.valIdx, nil)
		if err != nil {
			return checkpoint.Epoch{}, fmt.Errorf("validate: %w", err)
		}
		r.timing.Validate += time.Since(t0)
		r.validations++
		ep.ValLoss, ep.ValAccuracy = ev.Loss, ev.Accuracy
	}
	r.res.History = append(r.res.History, ep)
	if r.progress != nil {
		r.report(Progress{Epoch: epoch, Batch: r.batches, Loss: ep.Loss, Accuracy: ep.Accuracy,
			ImagesPerSecond: ep.ImagesPerSecond, EpochEnd: true, ValLoss: ep.ValLoss, ValAccuracy: ep.ValAccuracy}, 0, 0)
	}
	return ep, nil
}

// report fills in what every progress report shares, with the time left:
// the images and validations still in the budget at the speeds seen so
// far. seen and el are the current epoch's images and seconds so far.
func (r *run) report(p Progress, seen int, el float64) {
	p.Epochs, p.Batches, p.LR, p.Augmented = r.rec.Epochs, r.batches, r.lastLR, r.augmentedThisEpoch
	p.Elapsed = time.Since(r.start)
	if speed := float64(r.trainedImages+seen) / (r.trainSeconds + el); speed > 0 {
		left := float64((r.rec.Epochs-p.Epoch+1)*len(r.trainIdx)-seen) / speed
		if p.EpochEnd {
			left = float64((r.rec.Epochs-p.Epoch)*len(r.trainIdx)) / speed
		}
		if len(r.valIdx) > 0 {
			validations := r.rec.Epochs - r.validations
			perVal := 0.0
			if r.validations > 0 {
				perVal = r.timing.Validate.Seconds() / float64(r.validations)
			} else {
				// None yet: validation runs about four times as fast as
				// training, per image.
				perVal = float64(len(r.valIdx)) / speed / 4
			}
			left += float64(validations) * perVal
		}
		p.Remaining = time.Duration(left * float64(time.Second))
	}
	r.progress(p)
}

// keep applies the recipe's selection to a finished epoch, snapshotting
// the weights it keeps, and reports whether the run stops early.
func (r *run) keep(ep checkpoint.Epoch) (stop bool) {
	if len(r.valIdx) == 0 {
		r.res.BestEpoch, r.best = ep.Epoch, nil
		return false
	}
	better := false
	switch r.rec.Select {
	case SelectValAccuracy:
		better = ep.ValAccuracy > r.bestAcc || (ep.ValAccuracy == r.bestAcc && ep.ValLoss < r.bestLoss)
	default:
		better = ep.ValLoss < r.bestLoss
	}
	if better {
		r.bestLoss, r.bestAcc, r.best, r.res.BestEpoch, r.sinceBest = ep.ValLoss, ep.ValAccuracy, r.net.snapshot(), ep.Epoch, 0
		return false
	}
	r.sinceBest++
	return r.rec.Select == SelectValLoss && r.sinceBest >= r.rec.Patience
}

// restoreBest puts the kept epoch's weights back.
func (r *run) restoreBest() {
	if r.best != nil {
		r.net.restore(r.best)
	}
}

func (r *run) finish() *Result {
	r.timing.Total = time.Since(r.start)
	r.res.Timing = r.timing
	return r.res
}

// cancel ends a cancelled run with the best weights so far.
func (r *run) cancel(err error) (*Result, error) {
	r.restoreBest()
	r.res.Stop = StopCancelled
	return r.finish(), fmt.Errorf("train: %w", err)
}
