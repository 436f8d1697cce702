package model

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/fashionlens/fashionlens/model/checkpoint"
	"github.com/fashionlens/fashionlens/model/dataset"
	"github.com/fashionlens/fashionlens/model/ops"
)

// TrainConfig sets up a training run. Zero fields take the defaults.
type TrainConfig struct {
	Preset string          // default PresetSeed
	Scheme *dataset.Scheme // default dataset.Fashion10
	Epochs int             // the epoch limit; default 20
	Batch  int             // default 128
	LR     float64         // Adam's learning rate; default 1e-3
	Seed   uint64          // weights, validation split, shuffles and dropout
	// ValShare is the share of the train split held out for validation;
	// default 0.2. Negative means none (no early stopping).
	ValShare float64
	// Patience is how many epochs without a lower validation loss end the
	// run; default 2.
	Patience int
	// Subset, if positive, trains on the first Subset train images only.
	Subset int
}

func (c *TrainConfig) fill() error {
	if c.Preset == "" {
		c.Preset = PresetSeed
	}
	if c.Scheme == nil {
		c.Scheme = dataset.Fashion10
	}
	if c.Epochs == 0 {
		c.Epochs = 20
	}
	if c.Batch == 0 {
		c.Batch = 128
	}
	if c.LR == 0 {
		c.LR = 1e-3
	}
	if c.ValShare == 0 {
		c.ValShare = 0.2
	}
	if c.Patience == 0 {
		c.Patience = 2
	}
	switch {
	case c.Epochs < 1 || c.Epochs > 1000:
		return fmt.Errorf("epochs must be between 1 and 1000, not %d", c.Epochs)
	case c.Batch < 1 || c.Batch > 4096:
		return fmt.Errorf("batch size must be between 1 and 4096, not %d", c.Batch)
	case !(c.LR > 0 && c.LR < 10):
		return fmt.Errorf("learning rate must be above 0 and below 10, not %g", c.LR)
	case c.ValShare >= 0.9:
		return fmt.Errorf("validation share must be below 0.9, not %g", c.ValShare)
	case c.Patience < 1:
		return fmt.Errorf("patience must be at least 1, not %d", c.Patience)
	case c.Subset < 0:
		return fmt.Errorf("subset must not be negative, not %d", c.Subset)
	}
	return nil
}

// Progress is one report of a training run: after every batch, and with
// EpochEnd set after each epoch's validation.
type Progress struct {
	Epoch, Epochs   int // 1-based epoch and the limit
	Batch, Batches  int // 1-based batch within the epoch
	Loss, Accuracy  float64
	ImagesPerSecond float64 // training speed over the epoch so far
	// Remaining estimates the time left to the epoch limit.
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

// Result is a finished (or cancelled) run.
type Result struct {
	// Net is the trained network, with the best epoch's weights restored
	// (the last weights if no epoch finished). It is usable even when the
	// run was cancelled.
	Net       *Net
	History   []checkpoint.Epoch
	BestEpoch int // 1-based; 0 if no epoch finished
	Stop      Stop
	Config    TrainConfig
	TrainSize int // images trained on per epoch
	ValSize   int
}

// trainGraph is the gorgonia graph of one training step at one batch size.
type trainGraph struct {
	vm    G.VM
	x, y  *tensor.Dense // input images and one-hot targets, filled per step
	loss  *G.Node
	ce    *ops.SoftmaxCE
	drops []*ops.Dropout
	learn G.Nodes
}

// buildTrain builds the training graph for batch images: the layers as
// ops in training mode, the loss, and its gradients.
func (n *Net) buildTrain(batch int, seed uint64) (*trainGraph, error) {
	g := G.NewGraph()
	tg := &trainGraph{
		x: tensor.New(tensor.WithShape(batch, dataset.Rows, dataset.Cols, 1), tensor.WithBacking(make([]float32, batch*dataset.ImageSize))),
		y: tensor.New(tensor.WithShape(batch, n.Classes()), tensor.WithBacking(make([]float32, batch*n.Classes()))),
	}
	h := G.NodeFromAny(g, tg.x, G.WithName("images"))
	yn := G.NodeFromAny(g, tg.y, G.WithName("targets"))
	node := func(name string, t *tensor.Dense) *G.Node {
		nd := G.NodeFromAny(g, t, G.WithName(name))
		tg.learn = append(tg.learn, nd)
		return nd
	}
	var err error
	for i, l := range n.layers {
		shape := tensor.Shape{batch, l.inH, l.inW, l.inC}
		if l.inH == 1 && l.inW == 1 {
			shape = tensor.Shape{batch, l.inC}
		}
		name := fmt.Sprintf("%d.%s", i, kindNames[l.kind])
		switch l.kind {
		case conv:
			op := ops.NewConv3x3(batch, l.inH, l.inW, l.inC, l.outC, l.relu, i > 0)
			h, err = G.ApplyOp(op, h, node(name+"/kernel", l.w), node(name+"/bias", l.b))
		case dense:
			h, err = G.ApplyOp(ops.NewDense(shape, l.outC, l.relu), h, node(name+"/kernel", l.w), node(name+"/bias", l.b))
		case batchNorm:
			h, err = G.ApplyOp(ops.NewBatchNorm(shape, l.bn), h, node(name+"/gamma", l.gamma), node(name+"/beta", l.beta))
		case pool:
			h, err = G.ApplyOp(ops.NewMaxPool2(batch, l.inH, l.inW, l.inC), h)
		case dropout:
			d := ops.NewDropout(shape, l.p, seed^uint64(i+1)*0x9e3779b97f4a7c15)
			tg.drops = append(tg.drops, d)
			h, err = G.ApplyOp(d, h)
		}
		if err != nil {
			return nil, fmt.Errorf("build layer %s: %w", name, err)
		}
	}
	tg.ce = ops.NewSoftmaxCE(batch, n.Classes())
	if tg.loss, err = G.ApplyOp(tg.ce, h, yn); err != nil {
		return nil, fmt.Errorf("build loss: %w", err)
	}
	if _, err = G.Grad(tg.loss, tg.learn...); err != nil {
		return nil, fmt.Errorf("differentiate the loss: %w", err)
	}
	tg.vm = G.NewTapeMachine(g, G.BindDualValues(tg.learn...))
	return tg, nil
}

// step runs one training step on the images at idx: forward, backward and
// an Adam update. It returns the batch's mean loss and correct count.
func (tg *trainGraph) step(split *dataset.Split, scheme *dataset.Scheme, idx []int, solver G.Solver, stepNo uint64) (float64, int, error) {
	split.FloatBatchTo(tg.x.Float32s(), idx)
	y := tg.y.Float32s()
	clear(y)
	c := scheme.NumClasses()
	for r, i := range idx {
		y[r*c+scheme.Class(split.Labels[i])] = 1
	}
	for _, d := range tg.drops {
		d.SetStep(stepNo)
	}
	defer tg.vm.Reset()
	if err := tg.vm.RunAll(); err != nil {
		return 0, 0, err
	}
	loss, ok := tg.loss.Value().Data().(float32)
	if !ok {
		return 0, 0, fmt.Errorf("loss is %T, not float32", tg.loss.Value().Data())
	}
	if err := solver.Step(G.NodesToValueGrads(tg.learn)); err != nil {
		return 0, 0, fmt.Errorf("adam step: %w", err)
	}
	probs := tg.ce.Probs()
	correct := 0
	for r, i := range idx {
		if argmax(probs[r*c:(r+1)*c]) == scheme.Class(split.Labels[i]) {
			correct++
		}
	}
	return float64(loss), correct, nil
}

// Train trains a new network on split (the train split) as cfg says,
// calling progress (if not nil) after every batch and epoch. It runs on
// the calling goroutine; start it in a goroutine of its own to keep a UI
// responsive.
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
	// A seeded permutation splits train and validation images.
	perm := rand.New(rand.NewPCG(cfg.Seed, 0xa11da7e)).Perm(total)
	nVal := 0
	if cfg.ValShare > 0 {
		nVal = int(math.Round(cfg.ValShare * float64(total)))
	}
	if total-nVal < 1 {
		return nil, fmt.Errorf("train: %d images leave none to train on after holding out %d for validation", total, nVal)
	}
	valIdx, trainIdx := perm[:nVal], append([]int(nil), perm[nVal:]...)
	res := &Result{Net: net, Config: cfg, TrainSize: len(trainIdx), ValSize: nVal}

	solver := G.NewAdamSolver(G.WithLearnRate(cfg.LR), G.WithBeta1(0.9), G.WithBeta2(0.999), G.WithEps(1e-7))
	graphs := map[int]*trainGraph{}
	graph := func(b int) (*trainGraph, error) {
		if tg, ok := graphs[b]; ok {
			return tg, nil
		}
		tg, err := net.buildTrain(b, cfg.Seed)
		if err != nil {
			return nil, err
		}
		graphs[b] = tg
		return tg, nil
	}
	defer func() {
		for _, tg := range graphs {
			tg.vm.Close()
		}
	}()

	batches := (len(trainIdx) + cfg.Batch - 1) / cfg.Batch
	start := time.Now()
	bestLoss := math.Inf(1)
	var best [][]float32
	sinceBest := 0
	var stepNo uint64
	var trainedImages int
	var trainSeconds float64
	for epoch := 1; epoch <= cfg.Epochs; epoch++ {
		r := rand.New(rand.NewPCG(cfg.Seed, uint64(epoch)))
		r.Shuffle(len(trainIdx), func(i, j int) { trainIdx[i], trainIdx[j] = trainIdx[j], trainIdx[i] })
		epochStart := time.Now()
		var lossSum float64
		var correct, seen int
		for b := 0; b < batches; b++ {
			if err := ctx.Err(); err != nil {
				return res.cancel(best, err)
			}
			idx := trainIdx[b*cfg.Batch : min((b+1)*cfg.Batch, len(trainIdx))]
			tg, err := graph(len(idx))
			if err != nil {
				return nil, fmt.Errorf("train: %w", err)
			}
			stepNo++
			loss, ok, err := tg.step(split, cfg.Scheme, idx, solver, stepNo)
			if err != nil {
				return nil, fmt.Errorf("train: epoch %d batch %d: %w", epoch, b+1, err)
			}
			if math.IsNaN(loss) || math.IsInf(loss, 0) {
				return nil, fmt.Errorf("train: epoch %d batch %d: the loss diverged (%v); try a lower learning rate", epoch, b+1, loss)
			}
			lossSum += loss * float64(len(idx))
			correct += ok
			seen += len(idx)
			if progress != nil {
				el := time.Since(epochStart).Seconds()
				ips := float64(seen) / el
				// Time left to the epoch limit, at the speed seen so far in
				// this and earlier epochs.
				speed := float64(trainedImages+seen) / (trainSeconds + el)
				left := float64((cfg.Epochs-epoch+1)*len(trainIdx)-seen) / speed
				progress(Progress{Epoch: epoch, Epochs: cfg.Epochs, Batch: b + 1, Batches: batches,
					Loss: lossSum / float64(seen), Accuracy: float64(correct) / float64(seen),
					ImagesPerSecond: ips, Remaining: time.Duration(left * float64(time.Second)),
					Elapsed: time.Since(start), ValLoss: math.NaN(), ValAccuracy: math.NaN()})
			}
		}
		secs := time.Since(epochStart).Seconds()
		trainedImages += seen
		trainSeconds += secs
		ep := checkpoint.Epoch{Epoch: epoch, Loss: lossSum / float64(seen), Accuracy: float64(correct) / float64(seen),
			Seconds: secs, ImagesPerSecond: float64(seen) / secs, ValLoss: math.NaN(), ValAccuracy: math.NaN()}
		if nVal > 0 {
			ev, err := net.Evaluate(ctx, split, valIdx, nil)
			if err != nil {
				if ctx.Err() != nil {
					return res.cancel(best, ctx.Err())
				}
				return nil, fmt.Errorf("train: validate epoch %d: %w", epoch, err)
			}
			ep.ValLoss, ep.ValAccuracy = ev.Loss, ev.Accuracy
		}
		res.History = append(res.History, ep)
		if progress != nil {
			speed := float64(trainedImages) / trainSeconds
			progress(Progress{Epoch: epoch, Epochs: cfg.Epochs, Batch: batches, Batches: batches,
				Loss: ep.Loss, Accuracy: ep.Accuracy, ImagesPerSecond: ep.ImagesPerSecond,
				Remaining: time.Duration(float64((cfg.Epochs-epoch)*len(trainIdx)) / speed * float64(time.Second)),
				Elapsed:   time.Since(start), EpochEnd: true, ValLoss: ep.ValLoss, ValAccuracy: ep.ValAccuracy})
		}
		if nVal == 0 {
			res.BestEpoch = epoch
			continue
		}
		if ep.ValLoss < bestLoss {
			bestLoss, best, res.BestEpoch, sinceBest = ep.ValLoss, net.snapshot(), epoch, 0
		} else if sinceBest++; sinceBest >= cfg.Patience {
			net.restore(best)
			res.Stop = StopEarly
			return res, nil
		}
	}
	if best != nil {
		net.restore(best)
	}
	res.Stop = StopLimit
	return res, nil
}

// cancel ends a cancelled run with the best weights so far.
func (res *Result) cancel(best [][]float32, err error) (*Result, error) {
	if best != nil {
		res.Net.restore(best)
	}
	res.Stop = StopCancelled
	return res, fmt.Errorf("train: %w", err)
}
