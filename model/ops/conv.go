package ops

import (
	"fmt"
	"sync"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"

	"github.com/fashionlens/fashionlens/internal/par"
	"github.com/fashionlens/fashionlens/model/internal/gemm"
	"github.com/fashionlens/fashionlens/model/internal/vec"
)

// A convolution runs as GEMMs over its im2col patches, a few images at a
// time: each core takes chunks of images, writes their patches into a
// buffer of its own small enough to stay in its L2 cache, and multiplies
// them there. The patches of a whole batch (29 MB for the second layer
// at batch 128) are never written to memory; the weight gradient rebuilds
// them from the input, which costs less than reading them back.

// chunkBytes bounds the patches of one chunk of images.
const chunkBytes = 448 << 10

// chunkImages is the number of images of h×w×cin in one chunk: it
// depends on the shape only, so results do not depend on the cores.
func chunkImages(h, w, cin int) int {
	return max(1, chunkBytes/(h*w*9*cin*4))
}

// patchPool holds per-core patch buffers.
var patchPool = sync.Pool{New: func() any { return new([]float32) }}

// patches returns a buffer of n values from the pool; give it back with
// patchPool.Put.
func patches(n int) *[]float32 {
	p := patchPool.Get().(*[]float32)
	if cap(*p) < n {
		*p = make([]float32, n)
	}
	*p = (*p)[:n]
	return p
}

// ConvShape is the shape of a 3×3 "same" convolution over a batch.
type ConvShape struct {
	N, H, W, Cin, Cout int
}

// forEachChunk calls fn for the chunks of images on all cores, with the
// chunk's first image, its number of images, and a patch buffer for them.
// Each core takes a contiguous range of chunks; fn learns the first chunk
// of its range (part) and whether this chunk is that first one.
func (s ConvShape) forEachChunk(fn func(part int, first bool, b0, nb int, cols []float32)) {
	per := chunkImages(s.H, s.W, s.Cin)
	par.For(s.chunks(), 1, func(lo, hi int) {
		buf := patches(per * s.H * s.W * 9 * s.Cin)
		defer patchPool.Put(buf)
		for ch := lo; ch < hi; ch++ {
			b0 := ch * per
			nb := min(per, s.N-b0)
			fn(lo, ch == lo, b0, nb, (*buf)[:nb*s.H*s.W*9*s.Cin])
		}
	})
}

// chunks is the number of chunks of images.
func (s ConvShape) chunks() int {
	per := chunkImages(s.H, s.W, s.Cin)
	return (s.N + per - 1) / per
}

// Conv3x3Forward computes the convolution of x (n×h×w×cin) with weights
// wts (9·cin×cout, rows in (ky, kx, cin) order) into y (n×h×w×cout), adds
// bias, applies a ReLU if relu, then, unless scale is nil, scales and
// shifts each channel (an inference-mode batch normalisation folded in).
func Conv3x3Forward(s ConvShape, x, wts, bias, scale, shift []float32, relu bool, y []float32) {
	k, px := 9*s.Cin, s.H*s.W
	if scale == nil {
		scale, shift = onesZeros(s.Cout)
	}
	s.forEachChunk(func(_ int, _ bool, b0, nb int, cols []float32) {
		im2col3x3(x[b0*px*s.Cin:], nb, s.H, s.W, s.Cin, cols)
		out := y[b0*px*s.Cout : (b0+nb)*px*s.Cout]
		gemm.SgemmSerial(false, false, nb*px, s.Cout, k, 1, cols, k, wts, s.Cout, 0, out, s.Cout)
		vec.Affine(out, out, bias, scale, shift, relu)
	})
}

// Conv3x3WeightGrad computes the weight gradient patchesᵀ·dz into dw
// (9·cin×cout), where the patches are those of the input x: a partial sum
// per core, the partial sums then added in a fixed order (so a given
// number of cores always gives the same sum).
func Conv3x3WeightGrad(s ConvShape, x, dz, dw []float32) {
	k, px := 9*s.Cin, s.H*s.W
	parts := make([][]float32, s.chunks()) // by the first chunk of a core's range
	s.forEachChunk(func(part int, first bool, b0, nb int, cols []float32) {
		beta := float32(1)
		if first {
			parts[part] = make([]float32, k*s.Cout)
			beta = 0
		}
		im2col3x3(x[b0*px*s.Cin:], nb, s.H, s.W, s.Cin, cols)
		gemm.SgemmSerial(true, false, k, s.Cout, nb*px, 1, cols, k, dz[b0*px*s.Cout:], s.Cout, beta, parts[part], s.Cout)
	})
	dw = dw[:k*s.Cout]
	clear(dw)
	for _, p := range parts {
		if p != nil {
			vec.Add(dw, p)
		}
	}
}

// Conv3x3InputGrad computes the input gradient col2im(dz·wtsᵀ) into dx
// (n×h×w×cin), which it overwrites.
func Conv3x3InputGrad(s ConvShape, dz, wts, dx []float32) {
	k, px := 9*s.Cin, s.H*s.W
	s.forEachChunk(func(_ int, _ bool, b0, nb int, cols []float32) {
		gemm.SgemmSerial(false, true, nb*px, k, s.Cout, 1, dz[b0*px*s.Cout:], s.Cout, wts, s.Cout, 0, cols, k)
		col2im3x3(cols, nb, s.H, s.W, s.Cin, dx[b0*px*s.Cin:(b0+nb)*px*s.Cin])
	})
}

// onesZeros returns c ones and c zeros: the identity scale and shift.
func onesZeros(c int) (ones, zeros []float32) {
	ones, zeros = make([]float32, c), make([]float32, c)
	for i := range ones {
		ones[i] = 1
	}
	return ones, zeros
}

// Conv3x3 is a 3×3 convolution with "same" padding, stride 1, a bias and
// an optional ReLU. Inputs: x (n, h, w, cin), weights (9·cin, cout) in
// (ky, kx, cin) row order, as Keras's (3, 3, cin, cout) kernel, and bias
// (cout). Output: (n, h, w, cout).
type Conv3x3 struct {
	base
	s               ConvShape
	relu, inputGrad bool
	gradMasked      bool // the batch norm after it applies the ReLU's mask (FuseReLUGrad)
	out             buffer
}

// NewConv3x3 returns the op for a batch of n images of h×w×cin. inputGrad
// says whether the input needs a gradient (not for the first layer).
func NewConv3x3(n, h, w, cin, cout int, relu, inputGrad bool) *Conv3x3 {
	return &Conv3x3{base: newBase("conv3x3", n, h, w, cout), s: ConvShape{n, h, w, cin, cout}, relu: relu, inputGrad: inputGrad}
}

// Arity implements gorgonia.Op.
func (op *Conv3x3) Arity() int { return 3 }

// Type implements gorgonia.Op.
func (op *Conv3x3) Type() hm.Type { return fnType(4, 2, 1, 4) }

// Do implements gorgonia.Op.
func (op *Conv3x3) Do(vs ...G.Value) (G.Value, error) {
	in, err := inputs(op, 3, vs)
	if err != nil {
		return nil, err
	}
	s := op.s
	if len(in[0]) != s.N*s.H*s.W*s.Cin || len(in[1]) != 9*s.Cin*s.Cout || len(in[2]) != s.Cout {
		return nil, fmt.Errorf("%v: input sizes %d, %d, %d do not fit", op, len(in[0]), len(in[1]), len(in[2]))
	}
	t, y := op.out.get(op.shape)
	Conv3x3Forward(s, in[0], in[1], in[2], nil, nil, op.relu, y)
	return t, nil
}

// DiffWRT implements gorgonia.SDOp.
func (op *Conv3x3) DiffWRT(int) []bool { return []bool{op.inputGrad, true, true} }

// SymDiff implements gorgonia.SDOp.
func (op *Conv3x3) SymDiff(in G.Nodes, output, grad *G.Node) (G.Nodes, error) {
	dz, err := actGrad(op.relu && !op.gradMasked, op.shape, output, grad)
	if err != nil {
		return nil, err
	}
	s := op.s
	dw, err := G.ApplyOp(&convWGrad{base: newBase("conv.dw", 9*s.Cin, s.Cout), s: s}, in[0], dz)
	if err != nil {
		return nil, err
	}
	db, err := G.ApplyOp(&biasGrad{base: newBase("conv.db", s.Cout), rank: 4}, dz)
	if err != nil {
		return nil, err
	}
	var dx *G.Node
	if op.inputGrad {
		if dx, err = G.ApplyOp(&convXGrad{base: newBase("conv.dx", s.N, s.H, s.W, s.Cin), s: s}, dz, in[1]); err != nil {
			return nil, err
		}
	}
	return G.Nodes{dx, dw, db}, nil
}

// convWGrad is the weight gradient of Conv3x3, from its input and the
// gradient of its output.
type convWGrad struct {
	base
	s   ConvShape
	out buffer
}

func (op *convWGrad) Arity() int    { return 2 }
func (op *convWGrad) Type() hm.Type { return fnType(4, 4, 2) }
func (op *convWGrad) Do(vs ...G.Value) (G.Value, error) {
	in, err := inputs(op, 2, vs)
	if err != nil {
		return nil, err
	}
	s := op.s
	if len(in[0]) != s.N*s.H*s.W*s.Cin || len(in[1]) != s.N*s.H*s.W*s.Cout {
		return nil, fmt.Errorf("%v: input sizes %d, %d do not fit", op, len(in[0]), len(in[1]))
	}
	t, dw := op.out.get(op.shape)
	Conv3x3WeightGrad(s, in[0], in[1], dw)
	return t, nil
}

// convXGrad is the input gradient of Conv3x3: col2im(dz·Wᵀ).
type convXGrad struct {
	base
	s   ConvShape
	out buffer
}

func (op *convXGrad) Arity() int    { return 2 }
func (op *convXGrad) Type() hm.Type { return fnType(4, 2, 4) }
func (op *convXGrad) Do(vs ...G.Value) (G.Value, error) {
	in, err := inputs(op, 2, vs)
	if err != nil {
		return nil, err
	}
	s := op.s
	if len(in[0]) != s.N*s.H*s.W*s.Cout || len(in[1]) != 9*s.Cin*s.Cout {
		return nil, fmt.Errorf("%v: input sizes %d, %d do not fit", op, len(in[0]), len(in[1]))
	}
	t, dx := op.out.get(op.shape)
	Conv3x3InputGrad(s, in[0], in[1], dx)
	return t, nil
}
