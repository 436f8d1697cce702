package ops

import (
	"fmt"
	"math"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/fashionlens/fashionlens/model/internal/gemm"
)

// actGrad returns the gradient before the activation: grad itself, or
// grad masked by a ReLU's output.
func actGrad(relu bool, shape tensor.Shape, output, grad *G.Node) (*G.Node, error) {
	if !relu {
		return grad, nil
	}
	return G.ApplyOp(&reluGrad{base: newBase("relu.grad", shape...), rank: len(shape)}, output, grad)
}

// reluGrad masks a gradient (second input) where the ReLU output (first
// input) was not positive.
type reluGrad struct {
	base
	rank int
	out  buffer
}

func (op *reluGrad) Arity() int    { return 2 }
func (op *reluGrad) Type() hm.Type { return fnType(op.rank, op.rank, op.rank) }
func (op *reluGrad) Do(vs ...G.Value) (G.Value, error) {
	in, err := inputs(op, 2, vs)
	if err != nil {
		return nil, err
	}
	t, dz := op.out.get(op.shape)
	ReLUMask(in[0], in[1], dz)
	return t, nil
}

// gemmGrad computes a dense layer's weight gradient op(A)ᵀ·dz from its
// two inputs, A and dz.
type gemmGrad struct {
	base
	m, n, k int
	transA  bool
	out     buffer
}

func (op *gemmGrad) Arity() int    { return 2 }
func (op *gemmGrad) Type() hm.Type { return fnType(2, 2, 2) }

func (op *gemmGrad) Do(vs ...G.Value) (G.Value, error) {
	in, err := inputs(op, 2, vs)
	if err != nil {
		return nil, err
	}
	a, dz := in[0], in[1]
	if len(a) != op.m*op.k || len(dz) != op.k*op.n {
		return nil, fmt.Errorf("%v: input sizes %d, %d do not fit", op, len(a), len(dz))
	}
	t, dw := op.out.get(op.shape)
	gemm.Sgemm(true, false, op.m, op.n, op.k, 1, a, op.m, dz, op.n, 0, dw, op.n)
	return t, nil
}

// biasGrad sums a gradient over all but its channel axis.
type biasGrad struct {
	base
	rank int
	out  buffer
}

func (op *biasGrad) Arity() int    { return 1 }
func (op *biasGrad) Type() hm.Type { return fnType(op.rank, 1) }
func (op *biasGrad) Do(vs ...G.Value) (G.Value, error) {
	in, err := inputs(op, 1, vs)
	if err != nil {
		return nil, err
	}
	t, db := op.out.get(op.shape)
	ColSum(in[0], db)
	return t, nil
}

// Dense is a fully connected layer with a bias and an optional ReLU.
// Inputs: x (n, ...) flattened to (n, in), weights (in, out), bias (out).
// Output: (n, out).
type Dense struct {
	base
	n, in, outN int
	xShape      tensor.Shape
	relu        bool
	gradMasked  bool // the batch norm after it applies the ReLU's mask (FuseReLUGrad)
	out         buffer
}

// NewDense returns the op for inputs of shape xShape (batch first).
func NewDense(xShape tensor.Shape, out int, relu bool) *Dense {
	n := xShape[0]
	return &Dense{base: newBase("dense", n, out), n: n, in: xShape.TotalSize() / n, outN: out, xShape: xShape.Clone(), relu: relu}
}

// Arity implements gorgonia.Op.
func (op *Dense) Arity() int { return 3 }

// Type implements gorgonia.Op.
func (op *Dense) Type() hm.Type { return fnType(len(op.xShape), 2, 1, 2) }

// Do implements gorgonia.Op.
func (op *Dense) Do(vs ...G.Value) (G.Value, error) {
	in, err := inputs(op, 3, vs)
	if err != nil {
		return nil, err
	}
	if len(in[0]) != op.n*op.in || len(in[1]) != op.in*op.outN || len(in[2]) != op.outN {
		return nil, fmt.Errorf("%v: input sizes %d, %d, %d do not fit", op, len(in[0]), len(in[1]), len(in[2]))
	}
	t, y := op.out.get(op.shape)
	gemm.Sgemm(false, false, op.n, op.outN, op.in, 1, in[0], op.in, in[1], op.outN, 0, y, op.outN)
	BiasAct(y, in[2], op.relu)
	return t, nil
}

// DiffWRT implements gorgonia.SDOp.
func (op *Dense) DiffWRT(int) []bool { return []bool{true, true, true} }

// SymDiff implements gorgonia.SDOp.
func (op *Dense) SymDiff(in G.Nodes, output, grad *G.Node) (G.Nodes, error) {
	dz, err := actGrad(op.relu && !op.gradMasked, op.shape, output, grad)
	if err != nil {
		return nil, err
	}
	dw, err := G.ApplyOp(&gemmGrad{base: newBase("dense.dw", op.in, op.outN), m: op.in, n: op.outN, k: op.n, transA: true}, in[0], dz)
	if err != nil {
		return nil, err
	}
	// gemmGrad's type takes a rank-2 A; a flattened 4-D input needs its own.
	db, err := G.ApplyOp(&biasGrad{base: newBase("dense.db", op.outN), rank: 2}, dz)
	if err != nil {
		return nil, err
	}
	dx, err := G.ApplyOp(&denseXGrad{base: newBase("dense.dx", op.xShape...), fwd: op}, dz, in[1])
	if err != nil {
		return nil, err
	}
	return G.Nodes{dx, dw, db}, nil
}

// denseXGrad is the input gradient of Dense: dz·Wᵀ, in the input's shape.
type denseXGrad struct {
	base
	fwd *Dense
	out buffer
}

func (op *denseXGrad) Arity() int    { return 2 }
func (op *denseXGrad) Type() hm.Type { return fnType(2, 2, len(op.fwd.xShape)) }
func (op *denseXGrad) Do(vs ...G.Value) (G.Value, error) {
	in, err := inputs(op, 2, vs)
	if err != nil {
		return nil, err
	}
	f := op.fwd
	t, dx := op.out.get(op.shape)
	gemm.Sgemm(false, true, f.n, f.in, f.outN, 1, in[0], f.outN, in[1], f.outN, 0, dx, f.in)
	return t, nil
}

// FuseReLUGrad makes bn, whose input is the output of layer (a Conv3x3 or
// Dense with a ReLU), apply that ReLU's gradient mask in its own input
// gradient, and layer skip its mask: one pass over the gradient less. The
// mask is the same, as the ReLU's output is positive exactly where its
// input is. Call it before the graph is differentiated, and only where bn
// is the only consumer of layer's output.
func FuseReLUGrad(layer G.Op, bn *BatchNorm) error {
	switch l := layer.(type) {
	case *Conv3x3:
		if l.relu && l.shape.Eq(bn.shape) {
			l.gradMasked, bn.reluInput = true, true
			return nil
		}
	case *Dense:
		if l.relu && l.shape.Eq(bn.shape) {
			l.gradMasked, bn.reluInput = true, true
			return nil
		}
	}
	return fmt.Errorf("fuse the ReLU of %v into %v: not a layer of that shape with a ReLU", layer, bn)
}

// BNState is a batch-normalisation layer's running statistics, updated by
// each training step and used for inference.
type BNState struct {
	Mean, Var []float32
	Momentum  float64 // Keras's: running = momentum·running + (1 − momentum)·batch
	Eps       float64
}

// BatchNorm normalises each channel (the last axis) over the batch and
// all positions, then scales and shifts it by learned γ and β, as Keras's
// BatchNormalization does in training. Inputs: x, γ (c), β (c).
type BatchNorm struct {
	base
	c, rows      int
	reluInput    bool // its input is a ReLU's output, whose mask its input gradient applies
	state        *BNState
	mean, invStd []float32 // the last forward's batch statistics
	out          buffer
}

// NewBatchNorm returns the op for x of the given shape; it updates state.
func NewBatchNorm(shape tensor.Shape, state *BNState) *BatchNorm {
	c := shape[len(shape)-1]
	return &BatchNorm{base: newBase("batchnorm", shape...), c: c, rows: shape.TotalSize() / c, state: state,
		mean: make([]float32, c), invStd: make([]float32, c)}
}

// Arity implements gorgonia.Op.
func (op *BatchNorm) Arity() int { return 3 }

// Type implements gorgonia.Op.
func (op *BatchNorm) Type() hm.Type { return fnType(len(op.shape), 1, 1, len(op.shape)) }

// Do implements gorgonia.Op.
func (op *BatchNorm) Do(vs ...G.Value) (G.Value, error) {
	in, err := inputs(op, 3, vs)
	if err != nil {
		return nil, err
	}
	x, gamma, beta := in[0], in[1], in[2]
	if len(x) != op.rows*op.c || len(gamma) != op.c || len(beta) != op.c {
		return nil, fmt.Errorf("%v: input sizes %d, %d, %d do not fit", op, len(x), len(gamma), len(beta))
	}
	mean := make([]float64, op.c)
	variance := make([]float64, op.c)
	BNStats(x, mean, variance)
	scale := make([]float32, op.c)
	shift := make([]float32, op.c)
	s := op.state
	unbias := float64(op.rows) / math.Max(float64(op.rows-1), 1)
	for i := range mean {
		inv := 1 / math.Sqrt(variance[i]+s.Eps)
		op.mean[i], op.invStd[i] = float32(mean[i]), float32(inv)
		scale[i] = gamma[i] * float32(inv)
		shift[i] = beta[i] - float32(mean[i])*scale[i]
		s.Mean[i] = float32(s.Momentum*float64(s.Mean[i]) + (1-s.Momentum)*mean[i])
		s.Var[i] = float32(s.Momentum*float64(s.Var[i]) + (1-s.Momentum)*variance[i]*unbias)
	}
	t, y := op.out.get(op.shape)
	Affine(x, y, scale, shift)
	return t, nil
}

// DiffWRT implements gorgonia.SDOp.
func (op *BatchNorm) DiffWRT(int) []bool { return []bool{true, true, true} }

// SymDiff implements gorgonia.SDOp.
func (op *BatchNorm) SymDiff(in G.Nodes, output, grad *G.Node) (G.Nodes, error) {
	r := len(op.shape)
	sums, err := G.ApplyOp(&bnSums{base: newBase("batchnorm.sums", 2, op.c), fwd: op, rank: r}, in[0], grad)
	if err != nil {
		return nil, err
	}
	dx, err := G.ApplyOp(&bnDx{base: newBase("batchnorm.dx", op.shape...), fwd: op, rank: r}, in[0], grad, in[1], sums)
	if err != nil {
		return nil, err
	}
	dgamma, err := G.ApplyOp(&rowOf{base: newBase("batchnorm.dgamma", op.c), row: 1}, sums)
	if err != nil {
		return nil, err
	}
	dbeta, err := G.ApplyOp(&rowOf{base: newBase("batchnorm.dbeta", op.c), row: 0}, sums)
	if err != nil {
		return nil, err
	}
	return G.Nodes{dx, dgamma, dbeta}, nil
}

// bnSums computes sum(dy) and sum(dy·x̂) per channel, as rows 0 and 1.
type bnSums struct {
	base
	fwd  *BatchNorm
	rank int
	out  buffer
}

func (op *bnSums) Arity() int    { return 2 }
func (op *bnSums) Type() hm.Type { return fnType(op.rank, op.rank, 2) }
func (op *bnSums) Do(vs ...G.Value) (G.Value, error) {
	in, err := inputs(op, 2, vs)
	if err != nil {
		return nil, err
	}
	f := op.fwd
	t, s := op.out.get(op.shape)
	BNGradSums(in[0], in[1], f.mean, f.invStd, s[:f.c], s[f.c:])
	return t, nil
}

// bnDx is batch normalisation's input gradient.
type bnDx struct {
	base
	fwd  *BatchNorm
	rank int
	out  buffer
}

func (op *bnDx) Arity() int    { return 4 }
func (op *bnDx) Type() hm.Type { return fnType(op.rank, op.rank, 1, 2, op.rank) }
func (op *bnDx) Do(vs ...G.Value) (G.Value, error) {
	in, err := inputs(op, 4, vs)
	if err != nil {
		return nil, err
	}
	f := op.fwd
	t, dx := op.out.get(op.shape)
	BNGradInput(in[0], in[1], dx, f.mean, f.invStd, in[2], in[3][:f.c], in[3][f.c:], f.reluInput)
	return t, nil
}

// rowOf copies one row of a matrix.
type rowOf struct {
	base
	row int
	out buffer
}

func (op *rowOf) Arity() int    { return 1 }
func (op *rowOf) Type() hm.Type { return fnType(2, 1) }
func (op *rowOf) Do(vs ...G.Value) (G.Value, error) {
	in, err := inputs(op, 1, vs)
	if err != nil {
		return nil, err
	}
	t, o := op.out.get(op.shape)
	copy(o, in[0][op.row*len(o):])
	return t, nil
}

// MaxPool2 is 2×2 max-pooling with stride 2 ("valid": an odd last row or
// column is dropped). Input (n, h, w, c); output (n, h/2, w/2, c).
type MaxPool2 struct {
	base
	n, h, w, c int
	out        buffer
}

// NewMaxPool2 returns the op for x of shape (n, h, w, c).
func NewMaxPool2(n, h, w, c int) *MaxPool2 {
	return &MaxPool2{base: newBase("maxpool2", n, h/2, w/2, c), n: n, h: h, w: w, c: c}
}

// Arity implements gorgonia.Op.
func (op *MaxPool2) Arity() int { return 1 }

// Type implements gorgonia.Op.
func (op *MaxPool2) Type() hm.Type { return fnType(4, 4) }

// Do implements gorgonia.Op.
func (op *MaxPool2) Do(vs ...G.Value) (G.Value, error) {
	in, err := inputs(op, 1, vs)
	if err != nil {
		return nil, err
	}
	if len(in[0]) != op.n*op.h*op.w*op.c {
		return nil, fmt.Errorf("%v: input size %d does not fit", op, len(in[0]))
	}
	t, y := op.out.get(op.shape)
	Pool2Max(in[0], op.n, op.h, op.w, op.c, y)
	return t, nil
}

// DiffWRT implements gorgonia.SDOp.
func (op *MaxPool2) DiffWRT(int) []bool { return []bool{true} }

// SymDiff implements gorgonia.SDOp.
func (op *MaxPool2) SymDiff(in G.Nodes, output, grad *G.Node) (G.Nodes, error) {
	dx, err := G.ApplyOp(&poolGrad{base: newBase("maxpool2.grad", op.n, op.h, op.w, op.c), fwd: op}, in[0], output, grad)
	return G.Nodes{dx}, err
}

type poolGrad struct {
	base
	fwd *MaxPool2
	out buffer
}

func (op *poolGrad) Arity() int    { return 3 }
func (op *poolGrad) Type() hm.Type { return fnType(4, 4, 4, 4) }
func (op *poolGrad) Do(vs ...G.Value) (G.Value, error) {
	in, err := inputs(op, 3, vs)
	if err != nil {
		return nil, err
	}
	f := op.fwd
	t, dx := op.out.get(op.shape)
	Pool2MaxGrad(in[0], in[1], in[2], f.n, f.h, f.w, f.c, dx)
	return t, nil
}

// Dropout zeroes each value with probability P and scales the rest by
// 1/(1−P) (inverted dropout, as Keras). The mask comes from Seed and the
// step set by SetStep, so a run is reproducible.
type Dropout struct {
	base
	p    float64
	seed uint64
	step uint64
	rank int
	mask []float32
	out  buffer
}

// NewDropout returns the op for x of the given shape.
func NewDropout(shape tensor.Shape, p float64, seed uint64) *Dropout {
	return &Dropout{base: newBase("dropout", shape...), p: p, seed: seed, rank: len(shape), mask: make([]float32, shape.TotalSize())}
}

// SetStep sets the training step that the next mask is drawn for.
func (op *Dropout) SetStep(step uint64) { op.step = step }

// Arity implements gorgonia.Op.
func (op *Dropout) Arity() int { return 1 }

// Type implements gorgonia.Op.
func (op *Dropout) Type() hm.Type { return fnType(op.rank, op.rank) }

// Do implements gorgonia.Op.
func (op *Dropout) Do(vs ...G.Value) (G.Value, error) {
	in, err := inputs(op, 1, vs)
	if err != nil {
		return nil, err
	}
	if len(in[0]) != len(op.mask) {
		return nil, fmt.Errorf("%v: input size %d does not fit", op, len(in[0]))
	}
	DropoutMask(op.mask, op.p, splitmix(op.seed^splitmix(op.step)))
	t, y := op.out.get(op.shape)
	Mul(in[0], op.mask, y)
	return t, nil
}

// DiffWRT implements gorgonia.SDOp.
func (op *Dropout) DiffWRT(int) []bool { return []bool{true} }

// SymDiff implements gorgonia.SDOp.
func (op *Dropout) SymDiff(in G.Nodes, output, grad *G.Node) (G.Nodes, error) {
	dx, err := G.ApplyOp(&dropGrad{base: newBase("dropout.grad", op.shape...), fwd: op}, grad)
	return G.Nodes{dx}, err
}

type dropGrad struct {
	base
	fwd *Dropout
	out buffer
}

func (op *dropGrad) Arity() int    { return 1 }
func (op *dropGrad) Type() hm.Type { return fnType(op.fwd.rank, op.fwd.rank) }
func (op *dropGrad) Do(vs ...G.Value) (G.Value, error) {
	in, err := inputs(op, 1, vs)
	if err != nil {
		return nil, err
	}
	t, dx := op.out.get(op.shape)
	Mul(in[0], op.fwd.mask, dx)
	return t, nil
}

// SoftmaxCE is the mean softmax cross-entropy of logits (n, c) against
// target distributions (n, c): one-hot rows, or smoothed ones such as
// (1−ε)·one-hot + ε/c. Each row of the targets must be non-negative and
// sum to 1. The output is a scalar loss. It keeps the last batch's
// probabilities for accuracy.
type SoftmaxCE struct {
	base
	n, c    int
	probs   []float32
	targets []float32
}

// NewSoftmaxCE returns the loss op for n rows of c classes.
func NewSoftmaxCE(n, c int) *SoftmaxCE {
	return &SoftmaxCE{base: newBase("softmax.ce"), n: n, c: c, probs: make([]float32, n*c), targets: make([]float32, n*c)}
}

// Probs returns the probabilities of the last forward pass (n×c); they
// are overwritten by the next.
func (op *SoftmaxCE) Probs() []float32 { return op.probs }

// Arity implements gorgonia.Op.
func (op *SoftmaxCE) Arity() int { return 2 }

// Type implements gorgonia.Op.
func (op *SoftmaxCE) Type() hm.Type { return fnType(2, 2, 0) }

// Do implements gorgonia.Op.
func (op *SoftmaxCE) Do(vs ...G.Value) (G.Value, error) {
	in, err := inputs(op, 2, vs)
	if err != nil {
		return nil, err
	}
	if len(in[0]) != op.n*op.c || len(in[1]) != op.n*op.c {
		return nil, fmt.Errorf("%v: input sizes %d, %d do not fit", op, len(in[0]), len(in[1]))
	}
	for r := 0; r < op.n; r++ {
		var sum float64
		for _, v := range in[1][r*op.c : (r+1)*op.c] {
			if !(v >= 0) {
				return nil, fmt.Errorf("%v: row %d of the targets holds %v", op, r, v)
			}
			sum += float64(v)
		}
		if math.Abs(sum-1) > 1e-4 {
			return nil, fmt.Errorf("%v: row %d of the targets sums to %v, not 1", op, r, sum)
		}
	}
	copy(op.targets, in[1])
	loss := SoftmaxSoft(in[0], op.c, op.targets, op.probs)
	return G.NewF32(float32(loss / float64(op.n))), nil
}

// DiffWRT implements gorgonia.SDOp.
func (op *SoftmaxCE) DiffWRT(int) []bool { return []bool{true, false} }

// SymDiff implements gorgonia.SDOp.
func (op *SoftmaxCE) SymDiff(in G.Nodes, output, grad *G.Node) (G.Nodes, error) {
	dl, err := G.ApplyOp(&ceGrad{base: newBase("softmax.ce.grad", op.n, op.c), fwd: op}, grad)
	return G.Nodes{dl, nil}, err
}

type ceGrad struct {
	base
	fwd *SoftmaxCE
	out buffer
}

func (op *ceGrad) Arity() int    { return 1 }
func (op *ceGrad) Type() hm.Type { return fnType(0, 2) }
func (op *ceGrad) Do(vs ...G.Value) (G.Value, error) {
	if len(vs) != 1 {
		return nil, fmt.Errorf("%v: %d inputs, want 1", op, len(vs))
	}
	g, err := scalar(vs[0])
	if err != nil {
		return nil, fmt.Errorf("%v: %w", op, err)
	}
	f := op.fwd
	t, d := op.out.get(op.shape)
	k := g / float32(f.n)
	for j, p := range f.probs {
		d[j] = (p - f.targets[j]) * k
	}
	return t, nil
}
