package ops

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// input is a named graph input with its shape and whether to check its
// gradient.
type input struct {
	shape tensor.Shape
	diff  bool
	// gen makes its values; nil means uniform in [-1, 1).
	gen func(r *rand.Rand, i int) float32
}

// gradCheck builds build(inputs) into a graph, takes the cost
// sum(output ⊙ R) for a fixed random R (or the output itself if scalar),
// and compares gorgonia's gradients of every diff input with central
// differences at up to 40 positions each.
func gradCheck(t *testing.T, ins []input, build func(g *G.ExprGraph, x []*G.Node) (*G.Node, error)) {
	t.Helper()
	r := rand.New(rand.NewPCG(7, 11))
	g := G.NewGraph()
	nodes := make([]*G.Node, len(ins))
	data := make([][]float32, len(ins))
	for i, in := range ins {
		d := make([]float32, in.shape.TotalSize())
		for j := range d {
			if in.gen != nil {
				d[j] = in.gen(r, j)
			} else {
				d[j] = r.Float32()*2 - 1
			}
		}
		data[i] = d
		tv := tensor.New(tensor.WithShape(in.shape...), tensor.WithBacking(d))
		nodes[i] = G.NodeFromAny(g, tv, G.WithName(fmt.Sprintf("in%d", i)))
	}
	out, err := build(g, nodes)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	cost := out
	if !out.IsScalar() {
		rv := make([]float32, out.Shape().TotalSize())
		for j := range rv {
			rv[j] = r.Float32()*2 - 1
		}
		rn := G.NodeFromAny(g, tensor.New(tensor.WithShape(out.Shape()...), tensor.WithBacking(rv)), G.WithName("R"))
		if cost, err = G.Sum(G.Must(G.HadamardProd(out, rn))); err != nil {
			t.Fatal(err)
		}
	}
	var wrt G.Nodes
	for i, in := range ins {
		if in.diff {
			wrt = append(wrt, nodes[i])
		}
	}
	grads, err := G.Grad(cost, wrt...)
	if err != nil {
		t.Fatalf("grad: %v", err)
	}
	vm := G.NewTapeMachine(g)
	defer vm.Close()
	eval := func() float64 {
		if err := vm.RunAll(); err != nil {
			t.Fatalf("run: %v", err)
		}
		defer vm.Reset()
		v, err := scalar(cost.Value())
		if err != nil {
			t.Fatal(err)
		}
		return float64(v)
	}
	eval()
	analytic := make([][]float32, len(grads))
	for i, gn := range grads {
		d, err := f32s(gn.Value())
		if err != nil {
			t.Fatal(err)
		}
		analytic[i] = append([]float32(nil), d...)
	}
	k := 0
	for i, in := range ins {
		if !in.diff {
			continue
		}
		a := analytic[k]
		k++
		d := data[i]
		for s := 0; s < 40 && s < len(d); s++ {
			j := s * len(d) / min(40, len(d))
			const eps = 1e-2
			old := d[j]
			d[j] = old + eps
			fp := eval()
			d[j] = old - eps
			fm := eval()
			d[j] = old
			num := (fp - fm) / (2 * eps)
			if diff := math.Abs(num - float64(a[j])); diff > 2e-2*math.Max(1, math.Abs(num)) {
				t.Errorf("input %d [%d]: gradient %v, numeric %v", i, j, a[j], num)
			}
		}
	}
}

// spaced gives values far apart, so a ±1e-2 step never changes which
// value a max-pool or ReLU picks.
func spaced(r *rand.Rand, i int) float32 {
	return float32(r.IntN(2001)-1000)/250 + float32(i%7)*1e-3
}

func TestConv3x3Gradient(t *testing.T) {
	for _, relu := range []bool{false, true} {
		t.Run(fmt.Sprintf("relu=%v", relu), func(t *testing.T) {
			gradCheck(t, []input{{shape: tensor.Shape{2, 5, 4, 3}, diff: true, gen: spaced}, {shape: tensor.Shape{27, 4}, diff: true}, {shape: tensor.Shape{4}, diff: true}},
				func(g *G.ExprGraph, x []*G.Node) (*G.Node, error) {
					return G.ApplyOp(NewConv3x3(2, 5, 4, 3, 4, relu, true), x...)
				})
		})
	}
}

func TestDenseGradient(t *testing.T) {
	gradCheck(t, []input{{shape: tensor.Shape{3, 2, 2, 2}, diff: true, gen: spaced}, {shape: tensor.Shape{8, 5}, diff: true}, {shape: tensor.Shape{5}, diff: true}},
		func(g *G.ExprGraph, x []*G.Node) (*G.Node, error) {
			return G.ApplyOp(NewDense(tensor.Shape{3, 2, 2, 2}, 5, true), x...)
		})
}

func TestBatchNormGradient(t *testing.T) {
	// 8 and 16 channels run the assembly loops where the processor has them.
	for _, shape := range []tensor.Shape{{4, 3, 3, 2}, {6, 5}, {4, 3, 3, 8}, {6, 16}} {
		t.Run(fmt.Sprint(shape), func(t *testing.T) {
			c := shape[len(shape)-1]
			st := &BNState{Mean: make([]float32, c), Var: make([]float32, c), Momentum: 0.99, Eps: 1e-3}
			gradCheck(t, []input{{shape: shape, diff: true}, {shape: tensor.Shape{c}, diff: true}, {shape: tensor.Shape{c}, diff: true}},
				func(g *G.ExprGraph, x []*G.Node) (*G.Node, error) {
					return G.ApplyOp(NewBatchNorm(shape, st), x...)
				})
		})
	}
}

// A convolution or dense layer with a ReLU, and the batch norm after it
// applying the ReLU's gradient mask (FuseReLUGrad), differentiate as the
// two layers do unfused.
func TestFusedReLUBatchNormGradient(t *testing.T) {
	for _, c := range []int{3, 8} {
		st := &BNState{Mean: make([]float32, c), Var: make([]float32, c), Momentum: 0.99, Eps: 1e-3}
		t.Run(fmt.Sprintf("conv c=%d", c), func(t *testing.T) {
			gradCheck(t, []input{{shape: tensor.Shape{2, 4, 4, 2}, diff: true, gen: spaced}, {shape: tensor.Shape{18, c}, diff: true},
				{shape: tensor.Shape{c}, diff: true}, {shape: tensor.Shape{c}, diff: true}, {shape: tensor.Shape{c}, diff: true}},
				func(g *G.ExprGraph, x []*G.Node) (*G.Node, error) {
					conv := NewConv3x3(2, 4, 4, 2, c, true, true)
					bn := NewBatchNorm(tensor.Shape{2, 4, 4, c}, st)
					if err := FuseReLUGrad(conv, bn); err != nil {
						return nil, err
					}
					h := G.Must(G.ApplyOp(conv, x[0], x[1], x[2]))
					return G.ApplyOp(bn, h, x[3], x[4])
				})
		})
		t.Run(fmt.Sprintf("dense c=%d", c), func(t *testing.T) {
			gradCheck(t, []input{{shape: tensor.Shape{6, 5}, diff: true, gen: spaced}, {shape: tensor.Shape{5, c}, diff: true},
				{shape: tensor.Shape{c}, diff: true}, {shape: tensor.Shape{c}, diff: true}, {shape: tensor.Shape{c}, diff: true}},
				func(g *G.ExprGraph, x []*G.Node) (*G.Node, error) {
					dense := NewDense(tensor.Shape{6, 5}, c, true)
					bn := NewBatchNorm(tensor.Shape{6, c}, st)
					if err := FuseReLUGrad(dense, bn); err != nil {
						return nil, err
					}
					h := G.Must(G.ApplyOp(dense, x[0], x[1], x[2]))
					return G.ApplyOp(bn, h, x[3], x[4])
				})
		})
	}
	// Only a layer with a ReLU, of the batch norm's shape, fuses.
	st := &BNState{Mean: make([]float32, 8), Var: make([]float32, 8), Momentum: 0.99, Eps: 1e-3}
	if err := FuseReLUGrad(NewDense(tensor.Shape{6, 5}, 8, false), NewBatchNorm(tensor.Shape{6, 8}, st)); err == nil {
		t.Error("a dense layer without a ReLU fused")
	}
	if err := FuseReLUGrad(NewDense(tensor.Shape{6, 5}, 8, true), NewBatchNorm(tensor.Shape{7, 8}, st)); err == nil {
		t.Error("layers of different shapes fused")
	}
}

func TestMaxPool2Gradient(t *testing.T) {
	gradCheck(t, []input{{shape: tensor.Shape{2, 4, 5, 3}, diff: true, gen: spaced}},
		func(g *G.ExprGraph, x []*G.Node) (*G.Node, error) {
			return G.ApplyOp(NewMaxPool2(2, 4, 5, 3), x...)
		})
}

func TestDropoutGradient(t *testing.T) {
	gradCheck(t, []input{{shape: tensor.Shape{4, 50}, diff: true}},
		func(g *G.ExprGraph, x []*G.Node) (*G.Node, error) {
			return G.ApplyOp(NewDropout(tensor.Shape{4, 50}, 0.25, 3), x...)
		})
}

func TestSoftmaxCEGradient(t *testing.T) {
	onehot := func(r *rand.Rand, i int) float32 {
		if i%4 == (i/4)%4 {
			return 1
		}
		return 0
	}
	gradCheck(t, []input{{shape: tensor.Shape{5, 4}, diff: true}, {shape: tensor.Shape{5, 4}, gen: onehot}},
		func(g *G.ExprGraph, x []*G.Node) (*G.Node, error) {
			return G.ApplyOp(NewSoftmaxCE(5, 4), x...)
		})
	// Label smoothing: (1−ε)·one-hot + ε/c, ε = 0.2.
	smoothed := func(r *rand.Rand, i int) float32 { return 0.8*onehot(r, i) + 0.2/4 }
	gradCheck(t, []input{{shape: tensor.Shape{5, 4}, diff: true}, {shape: tensor.Shape{5, 4}, gen: smoothed}},
		func(g *G.ExprGraph, x []*G.Node) (*G.Node, error) {
			return G.ApplyOp(NewSoftmaxCE(5, 4), x...)
		})
}

// Targets that are not distributions are refused, not trained on.
func TestSoftmaxCERejectsBadTargets(t *testing.T) {
	for name, row := range map[string][]float32{
		"sums to 2":  {1, 1, 0},
		"negative":   {1.5, -0.5, 0},
		"NaN":        {float32(math.NaN()), 1, 0},
		"all zeroes": {0, 0, 0},
	} {
		op := NewSoftmaxCE(1, 3)
		logits := tensor.New(tensor.WithShape(1, 3), tensor.WithBacking([]float32{0.1, 0.2, 0.3}))
		targets := tensor.New(tensor.WithShape(1, 3), tensor.WithBacking(row))
		if _, err := op.Do(logits, targets); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// With smoothed targets the loss is the cross-entropy against them:
// −Σ t·log p, computed here by hand.
func TestSoftmaxCESmoothedLoss(t *testing.T) {
	logits := []float32{2, -1, 0.5}
	targets := []float32{0.9, 0.05, 0.05}
	op := NewSoftmaxCE(1, 3)
	v, err := op.Do(tensor.New(tensor.WithShape(1, 3), tensor.WithBacking(logits)),
		tensor.New(tensor.WithShape(1, 3), tensor.WithBacking(targets)))
	if err != nil {
		t.Fatal(err)
	}
	var z float64
	for _, l := range logits {
		z += math.Exp(float64(l))
	}
	var want float64
	for i, l := range logits {
		want -= float64(targets[i]) * (float64(l) - math.Log(z))
	}
	if got := float64(v.Data().(float32)); math.Abs(got-want) > 1e-6 {
		t.Errorf("loss %v, want %v", got, want)
	}
}

// A whole small network, as the model builds it, differentiates through
// every op at once.
func TestStackGradient(t *testing.T) {
	st := &BNState{Mean: make([]float32, 3), Var: make([]float32, 3), Momentum: 0.99, Eps: 1e-3}
	onehot := func(r *rand.Rand, i int) float32 {
		if i%3 == (i/3)%3 {
			return 1
		}
		return 0
	}
	gradCheck(t, []input{
		{shape: tensor.Shape{4, 4, 4, 1}, gen: spaced},
		{shape: tensor.Shape{9, 3}, diff: true}, {shape: tensor.Shape{3}, diff: true},
		{shape: tensor.Shape{3}, diff: true}, {shape: tensor.Shape{3}, diff: true},
		{shape: tensor.Shape{12, 3}, diff: true}, {shape: tensor.Shape{3}, diff: true},
		{shape: tensor.Shape{4, 3}, gen: onehot},
	}, func(g *G.ExprGraph, x []*G.Node) (*G.Node, error) {
		h := G.Must(G.ApplyOp(NewConv3x3(4, 4, 4, 1, 3, true, false), x[0], x[1], x[2]))
		h = G.Must(G.ApplyOp(NewBatchNorm(tensor.Shape{4, 4, 4, 3}, st), h, x[3], x[4]))
		h = G.Must(G.ApplyOp(NewMaxPool2(4, 4, 4, 3), h))
		h = G.Must(G.ApplyOp(NewDense(tensor.Shape{4, 2, 2, 3}, 3, false), h, x[5], x[6]))
		return G.ApplyOp(NewSoftmaxCE(4, 3), h, x[7])
	})
}
