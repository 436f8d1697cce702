// Package ops holds the network's own gorgonia operations: 3×3
// convolution and dense layers with fused bias and ReLU, batch
// normalisation, 2×2 max-pooling, dropout, and softmax cross-entropy.
//
// Each forward op implements gorgonia.SDOp: gorgonia's graph, symbolic
// differentiation and solvers drive them, while the work is done by the
// parallel kernels of this package (their loops in package vec) and the
// GEMM of package gemm. Backward ops read
// the state their forward op saved in the same step (im2col patches,
// batch statistics, pooling winners, dropout masks), which is safe
// because gorgonia always runs a forward op before its gradients.
//
// Tensors are float32 and NHWC (channels last, as in Keras). Ops own
// their output buffers and reuse them from step to step, so a training
// step allocates almost nothing.
package ops

import (
	"fmt"
	"hash"
	"hash/fnv"
	"sync/atomic"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

var opIDs atomic.Int64

// base holds what every op shares: a name and a unique id, so gorgonia
// never merges two distinct ops as one node.
type base struct {
	name  string
	id    int64
	shape tensor.Shape // output shape
}

func newBase(name string, shape ...int) base {
	return base{name: name, id: opIDs.Add(1), shape: tensor.Shape(shape).Clone()}
}

func (b *base) ReturnsPtr() bool      { return false }
func (b *base) CallsExtern() bool     { return false }
func (b *base) OverwritesInput() int  { return -1 }
func (b *base) WriteHash(h hash.Hash) { fmt.Fprintf(h, "%s#%d", b.name, b.id) }
func (b *base) String() string        { return fmt.Sprintf("%s#%d", b.name, b.id) }
func (b *base) Hashcode() uint32 {
	h := fnv.New32a()
	b.WriteHash(h)
	return h.Sum32()
}
func (b *base) InferShape(...G.DimSizer) (tensor.Shape, error) { return b.shape.Clone(), nil }

// tt is a float tensor type of d dimensions.
func tt(d int) hm.Type {
	if d == 0 {
		return hm.TypeVariable('a')
	}
	return G.TensorType{Dims: d, Of: hm.TypeVariable('a')}
}

// fnType is the type of an op taking tensors of the given ranks (0 for a
// scalar) and returning the last.
func fnType(ranks ...int) hm.Type {
	ts := make([]hm.Type, len(ranks))
	for i, r := range ranks {
		ts[i] = tt(r)
	}
	return hm.NewFnType(ts...)
}

// buffer is an output tensor reused from step to step.
type buffer struct{ t *tensor.Dense }

func (b *buffer) get(shape tensor.Shape) (*tensor.Dense, []float32) {
	if b.t == nil || !b.t.Shape().Eq(shape) {
		b.t = tensor.New(tensor.WithShape(shape.Clone()...), tensor.WithBacking(make([]float32, shape.TotalSize())))
	}
	return b.t, b.t.Float32s()
}

// f32s returns the float32 data of a tensor value.
func f32s(v G.Value) ([]float32, error) {
	t, ok := v.(tensor.Tensor)
	if !ok {
		return nil, fmt.Errorf("expected a tensor, got %T", v)
	}
	d, ok := t.Data().([]float32)
	if !ok {
		return nil, fmt.Errorf("expected float32 data, got %T", t.Data())
	}
	return d, nil
}

// scalar returns the value of a float32 scalar.
func scalar(v G.Value) (float32, error) {
	switch d := v.Data().(type) {
	case float32:
		return d, nil
	case []float32:
		if len(d) == 1 {
			return d[0], nil
		}
	}
	return 0, fmt.Errorf("expected a float32 scalar, got %T", v.Data())
}

// inputs checks the arity and returns each input's data.
func inputs(op fmt.Stringer, want int, vs []G.Value) ([][]float32, error) {
	if len(vs) != want {
		return nil, fmt.Errorf("%v: %d inputs, want %d", op, len(vs), want)
	}
	out := make([][]float32, len(vs))
	for i, v := range vs {
		d, err := f32s(v)
		if err != nil {
			return nil, fmt.Errorf("%v: input %d: %w", op, i, err)
		}
		out[i] = d
	}
	return out, nil
}
