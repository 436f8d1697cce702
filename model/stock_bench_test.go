package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/fashionlens/fashionlens/model/dataset"
)

// BenchmarkStockGorgoniaTrainStep is the "before" figure for BENCHMARKS.md:
// one training step (forward, backward and Adam) of the seed preset's
// architecture at batch 128, built from gorgonia's stock ops only
// (G.Conv2d, G.BatchNorm, G.MaxPool2D, G.Dropout, G.Rectify, G.Mul,
// G.BroadcastAdd, G.Reshape, G.LogSoftMax) in gorgonia's NCHW layout,
// instead of the project's own ops in package ops. It feeds the same data
// as BenchmarkTrainStep (successive batches of the embedded test split)
// and reports images per second, so the two figures compare directly.
//
// It needs no BLAS beyond what gorgonia itself uses: gorgonia's tensor
// package runs its matrix products on gonum's pure-Go BLAS by default.
func BenchmarkStockGorgoniaTrainStep(b *testing.B) {
	split, err := dataset.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	const batch = 128
	sg, err := buildStockSeed(batch, dataset.Fashion10.NumClasses(), 1)
	if err != nil {
		b.Fatal(err)
	}
	defer sg.vm.Close()
	solver := G.NewAdamSolver(G.WithLearnRate(1e-3), G.WithEps(1e-7))
	idx := make([]int, batch)
	step := 0
	for b.Loop() {
		for i := range idx {
			idx[i] = (step*batch + i) % split.Len()
		}
		step++
		if err := sg.step(split, dataset.Fashion10, idx, solver); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(batch*b.N)/b.Elapsed().Seconds(), "img/s")
}

// stockGraph is the seed preset's training graph in stock gorgonia ops.
type stockGraph struct {
	vm    G.VM
	x, y  *tensor.Dense // images (N, 1, 28, 28) and one-hot targets (N, C)
	loss  *G.Node
	learn G.Nodes
}

// buildStockSeed builds the seed preset (see New) for batch images with
// gorgonia's stock ops: Glorot-uniform weights drawn from seed as New draws
// them, zero biases, batch normalisation at γ = 1, β = 0.
func buildStockSeed(batch, classes int, seed uint64) (*stockGraph, error) {
	g := G.NewGraph()
	sg := &stockGraph{
		// With one channel, NHWC and NCHW lay the pixels out alike, so
		// FloatBatchTo fills this directly.
		x: tensor.New(tensor.WithShape(batch, 1, dataset.Rows, dataset.Cols), tensor.WithBacking(make([]float32, batch*dataset.ImageSize))),
		y: tensor.New(tensor.WithShape(batch, classes), tensor.WithBacking(make([]float32, batch*classes))),
	}
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	learnable := func(name string, t *tensor.Dense) *G.Node {
		n := G.NodeFromAny(g, t, G.WithName(name))
		sg.learn = append(sg.learn, n)
		return n
	}
	filled := func(v float32, shape ...int) *tensor.Dense {
		t := tensor.New(tensor.WithShape(shape...), tensor.Of(tensor.Float32))
		for i := range t.Float32s() {
			t.Float32s()[i] = v
		}
		return t
	}
	h := G.NodeFromAny(g, sg.x, G.WithName("images"))
	yn := G.NodeFromAny(g, sg.y, G.WithName("targets"))
	var err error
	layer := 0
	name := func(kind string) string { return fmt.Sprintf("%d.%s", layer, kind) }

	// convLayer: Conv2d (3×3, pad 1, stride 1) + bias + ReLU.
	convLayer := func(inC, outC int) error {
		w := glorot(r, outC, 9*inC, 9*inC, 9*outC)
		w.Reshape(outC, inC, 3, 3)
		filter := learnable(name("conv")+"/kernel", w)
		bias := learnable(name("conv")+"/bias", filled(0, 1, outC, 1, 1))
		if h, err = G.Conv2d(h, filter, tensor.Shape{3, 3}, []int{1, 1}, []int{1, 1}, []int{1, 1}); err != nil {
			return err
		}
		if h, err = G.BroadcastAdd(h, bias, nil, []byte{0, 2, 3}); err != nil {
			return err
		}
		h, err = G.Rectify(h)
		return err
	}
	// bnLayer: BatchNorm with a learnable per-channel scale and bias,
	// shaped (1, C, 1, 1) after a convolution and (1, C) after a dense layer.
	bnLayer := func(c int) error {
		shape := []int{1, c, 1, 1}
		if h.Shape().Dims() == 2 {
			shape = []int{1, c}
		}
		scale := G.NodeFromAny(g, filled(1, shape...), G.WithName(name("bn")+"/gamma"))
		shift := G.NodeFromAny(g, filled(0, shape...), G.WithName(name("bn")+"/beta"))
		var gamma, beta *G.Node
		if h, gamma, beta, _, err = G.BatchNorm(h, scale, shift, bnMomentum, bnEps); err != nil {
			return err
		}
		sg.learn = append(sg.learn, gamma, beta)
		return nil
	}
	poolLayer := func() error {
		h, err = G.MaxPool2D(h, tensor.Shape{2, 2}, []int{0, 0}, []int{2, 2})
		return err
	}
	// dropLayer: stock G.Dropout seeds its generator from the clock, so its
	// masks (unlike the project's seeded ops.Dropout) differ run to run.
	dropLayer := func() error {
		h, err = G.Dropout(h, 0.25)
		return err
	}
	// denseLayer: Mul by an (in, out) matrix + bias (+ ReLU).
	denseLayer := func(in, out int, relu bool) error {
		w := learnable(name("dense")+"/kernel", glorot(r, in, out, in, out))
		bias := learnable(name("dense")+"/bias", filled(0, 1, out))
		if h, err = G.Mul(h, w); err != nil {
			return err
		}
		if h, err = G.BroadcastAdd(h, bias, nil, []byte{0}); err != nil {
			return err
		}
		if relu {
			h, err = G.Rectify(h)
		}
		return err
	}
	flat := 7 * 7 * 64
	steps := []func() error{
		func() error { return convLayer(1, 32) },
		func() error { return bnLayer(32) },
		poolLayer,
		dropLayer,
		func() error { return convLayer(32, 32) },
		func() error { return bnLayer(32) },
		poolLayer,
		dropLayer,
		func() error { return convLayer(32, 64) },
		func() error { return bnLayer(64) },
		dropLayer,
		func() error {
			h, err = G.Reshape(h, tensor.Shape{batch, flat})
			return err
		},
		func() error { return denseLayer(flat, FeatureDim, true) },
		func() error { return bnLayer(FeatureDim) },
		dropLayer,
		func() error { return denseLayer(FeatureDim, classes, false) },
	}
	for _, s := range steps {
		if err := s(); err != nil {
			return nil, fmt.Errorf("build stock layer %d: %w", layer, err)
		}
		layer++
	}

	// Mean softmax cross-entropy: −mean over the batch of Σ_c y·log softmax.
	logp, err := G.LogSoftMax(h, 1)
	if err != nil {
		return nil, fmt.Errorf("build loss: %w", err)
	}
	picked, err := G.HadamardProd(logp, yn)
	if err != nil {
		return nil, fmt.Errorf("build loss: %w", err)
	}
	perImage, err := G.Sum(picked, 1)
	if err != nil {
		return nil, fmt.Errorf("build loss: %w", err)
	}
	mean, err := G.Mean(perImage)
	if err != nil {
		return nil, fmt.Errorf("build loss: %w", err)
	}
	if sg.loss, err = G.Neg(mean); err != nil {
		return nil, fmt.Errorf("build loss: %w", err)
	}
	if _, err = G.Grad(sg.loss, sg.learn...); err != nil {
		return nil, fmt.Errorf("differentiate the loss: %w", err)
	}
	sg.vm = G.NewTapeMachine(g, G.BindDualValues(sg.learn...))
	return sg, nil
}

// step runs one training step on the images at idx: forward, backward and
// an Adam update.
func (sg *stockGraph) step(split *dataset.Split, scheme *dataset.Scheme, idx []int, solver G.Solver) error {
	split.FloatBatchTo(sg.x.Float32s(), idx)
	y := sg.y.Float32s()
	clear(y)
	c := scheme.NumClasses()
	for r, i := range idx {
		y[r*c+scheme.Class(split.Labels[i])] = 1
	}
	defer sg.vm.Reset()
	if err := sg.vm.RunAll(); err != nil {
		return err
	}
	loss, ok := sg.loss.Value().Data().(float32)
	if !ok {
		return fmt.Errorf("loss is %T, not float32", sg.loss.Value().Data())
	}
	if math.IsNaN(float64(loss)) || math.IsInf(float64(loss), 0) {
		return fmt.Errorf("the loss diverged (%v)", loss)
	}
	if err := solver.Step(G.NodesToValueGrads(sg.learn)); err != nil {
		return fmt.Errorf("adam step: %w", err)
	}
	return nil
}
