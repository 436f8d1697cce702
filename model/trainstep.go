package model

import (
	"fmt"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/fashionlens/fashionlens/model/dataset"
	"github.com/fashionlens/fashionlens/model/ops"
)

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
	var prev G.Op // the last layer's op
	for i, l := range n.layers {
		shape := tensor.Shape{batch, l.inH, l.inW, l.inC}
		if l.inH == 1 && l.inW == 1 {
			shape = tensor.Shape{batch, l.inC}
		}
		name := fmt.Sprintf("%d.%s", i, kindNames[l.kind])
		switch l.kind {
		case conv:
			op := ops.NewConv3x3(batch, l.inH, l.inW, l.inC, l.outC, l.relu, i > 0)
			prev = op
			h, err = G.ApplyOp(op, h, node(name+"/kernel", l.w), node(name+"/bias", l.b))
		case dense:
			op := ops.NewDense(shape, l.outC, l.relu)
			prev = op
			h, err = G.ApplyOp(op, h, node(name+"/kernel", l.w), node(name+"/bias", l.b))
		case batchNorm:
			op := ops.NewBatchNorm(shape, l.bn)
			if p := n.layers[max(i-1, 0)]; i > 0 && p.relu && (p.kind == conv || p.kind == dense) {
				// The batch norm applies the ReLU's gradient mask.
				if err := ops.FuseReLUGrad(prev, op); err != nil {
					return nil, fmt.Errorf("build layer %s: %w", name, err)
				}
			}
			h, err = G.ApplyOp(op, h, node(name+"/gamma", l.gamma), node(name+"/beta", l.beta))
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

// step runs one training step on a prepared batch: forward, backward and
// an update by solver. The targets are the batch's classes, smoothed by
// ε = smoothing. It returns the batch's mean loss (against those targets)
// and its number of correct predictions.
func (tg *trainGraph) step(b *batchBuf, smoothing float64, solver G.Solver, stepNo uint64) (float64, int, error) {
	copy(tg.x.Float32s(), b.x)
	y := tg.y.Float32s()
	c := len(y) / len(b.classes)
	off, on := float32(smoothing/float64(c)), float32(1-smoothing+smoothing/float64(c))
	for i := range y {
		y[i] = off
	}
	for r, k := range b.classes {
		y[r*c+k] = on
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
		return 0, 0, fmt.Errorf("optimiser step: %w", err)
	}
	probs := tg.ce.Probs()
	correct := 0
	for r, k := range b.classes {
		if argmax(probs[r*c:(r+1)*c]) == k {
			correct++
		}
	}
	return float64(loss), correct, nil
}

// decayMask marks, in the order of the training graph's learnable nodes,
// the parameters that weight decay applies to: the kernels of convolution
// and dense layers, not their biases or the batch normalisation's γ and β.
func (n *Net) decayMask() []bool {
	var m []bool
	for _, l := range n.layers {
		switch l.kind {
		case conv, dense:
			m = append(m, true, false) // kernel, bias
		case batchNorm:
			m = append(m, false, false) // gamma, beta
		}
	}
	return m
}

// setBNMomentum sets every batch normalisation's running-average momentum.
func (n *Net) setBNMomentum(m float64) {
	for _, l := range n.layers {
		if l.bn != nil {
			l.bn.Momentum = m
		}
	}
}
