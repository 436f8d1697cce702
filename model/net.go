package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"gorgonia.org/tensor"

	"github.com/fashionlens/fashionlens/model/dataset"
	"github.com/fashionlens/fashionlens/model/ops"
)

// Presets.
const (
	// PresetSeed is the original study's custom model: three 3×3
	// convolutions with batch normalisation, pooling and dropout, then
	// Dense(64) (the encoded features), batch normalisation, dropout and
	// the softmax layer.
	PresetSeed = "seed"
	// PresetSmall is the study's first, quick model: Conv32 → Pool →
	// Conv32 → Flatten → Dense64 → Dense(C).
	PresetSmall = "small"
)

// Presets lists the preset names.
var Presets = []string{PresetSeed, PresetSmall}

// FeatureDim is the width of the encoded feature layer, Dense(64).
const FeatureDim = 64

// Keras's BatchNormalization defaults.
const (
	bnMomentum = 0.99
	bnEps      = 1e-3
)

type kind int

const (
	conv kind = iota
	batchNorm
	pool
	dropout
	dense
)

var kindNames = [...]string{"conv", "bn", "pool", "dropout", "dense"}

// layer is one layer and its parameters. Shapes are per image: (h, w, c)
// in and out; dense layers take the flattened input.
type layer struct {
	kind             kind
	inH, inW, inC    int
	outH, outW, outC int
	relu             bool
	p                float64 // dropout rate
	features         bool    // its output is the encoded feature layer

	w, b        *tensor.Dense // conv: (9·inC, outC); dense: (in, out)
	gamma, beta *tensor.Dense // batch norm
	bn          *ops.BNState
}

func (l *layer) inSize() int  { return l.inH * l.inW * l.inC }
func (l *layer) outSize() int { return l.outH * l.outW * l.outC }

// Net is a network: its layers and parameters. Methods that read it may
// run concurrently; training changes it.
type Net struct {
	// Preset is the architecture's name.
	Preset string
	// Scheme is the label scheme it classifies into.
	Scheme *dataset.Scheme
	layers []*layer
}

// New returns a network of the given preset for the scheme's classes,
// with Glorot-uniform weights drawn from seed, zero biases, and batch
// normalisation at γ = 1, β = 0, running mean 0 and variance 1.
func New(preset string, scheme *dataset.Scheme, seed uint64) (*Net, error) {
	if scheme == nil {
		return nil, fmt.Errorf("new %s network: no label scheme", preset)
	}
	n := &Net{Preset: preset, Scheme: scheme}
	h, w, c := dataset.Rows, dataset.Cols, 1
	add := func(l *layer) {
		l.inH, l.inW, l.inC = h, w, c
		switch l.kind {
		case conv:
			l.outH, l.outW = h, w
		case pool:
			l.outH, l.outW, l.outC = h/2, w/2, c
		case batchNorm, dropout:
			l.outH, l.outW, l.outC = h, w, c
		case dense:
			l.outH, l.outW = 1, 1
		}
		h, w, c = l.outH, l.outW, l.outC
		n.layers = append(n.layers, l)
	}
	convL := func(out int) { add(&layer{kind: conv, outC: out, relu: true}) }
	denseL := func(out int, relu, features bool) {
		add(&layer{kind: dense, outC: out, relu: relu, features: features})
	}
	bnL := func() { add(&layer{kind: batchNorm}) }
	poolL := func() { add(&layer{kind: pool}) }
	dropL := func() { add(&layer{kind: dropout, p: 0.25}) }
	classes := scheme.NumClasses()
	switch preset {
	case PresetSeed:
		convL(32)
		bnL()
		poolL()
		dropL()
		convL(32)
		bnL()
		poolL()
		dropL()
		convL(64)
		bnL()
		dropL()
		denseL(FeatureDim, true, true)
		bnL()
		dropL()
		denseL(classes, false, false)
	case PresetSmall:
		convL(32)
		poolL()
		convL(32)
		denseL(FeatureDim, true, true)
		denseL(classes, false, false)
	default:
		return nil, fmt.Errorf("unknown preset %q: choose one of %s", preset, strings.Join(Presets, ", "))
	}
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	for _, l := range n.layers {
		switch l.kind {
		case conv:
			l.w = glorot(r, 9*l.inC, l.outC, 9*l.inC, 9*l.outC)
			l.b = zeros(l.outC)
		case dense:
			l.w = glorot(r, l.inSize(), l.outC, l.inSize(), l.outC)
			l.b = zeros(l.outC)
		case batchNorm:
			l.gamma, l.beta = ones(l.inC), zeros(l.inC)
			v := make([]float32, l.inC)
			for i := range v {
				v[i] = 1
			}
			l.bn = &ops.BNState{Mean: make([]float32, l.inC), Var: v, Momentum: bnMomentum, Eps: bnEps}
		}
	}
	return n, nil
}

// glorot returns a rows×cols matrix drawn uniformly from ±sqrt(6/(fanIn+fanOut)).
func glorot(r *rand.Rand, rows, cols, fanIn, fanOut int) *tensor.Dense {
	lim := math.Sqrt(6 / float64(fanIn+fanOut))
	d := make([]float32, rows*cols)
	for i := range d {
		d[i] = float32((r.Float64()*2 - 1) * lim)
	}
	return tensor.New(tensor.WithShape(rows, cols), tensor.WithBacking(d))
}

func zeros(n int) *tensor.Dense {
	return tensor.New(tensor.WithShape(n), tensor.WithBacking(make([]float32, n)))
}

func ones(n int) *tensor.Dense {
	t := zeros(n)
	for i := range t.Float32s() {
		t.Float32s()[i] = 1
	}
	return t
}

// Classes returns the number of output classes.
func (n *Net) Classes() int { return n.Scheme.NumClasses() }

// param is one named parameter or state array of the network.
type param struct {
	name  string
	shape []int
	data  []float32
	learn *tensor.Dense // non-nil for learnable parameters
}

// params lists every array in a fixed order: learnable ones and the batch
// normalisation running statistics.
func (n *Net) params() []param {
	var ps []param
	for i, l := range n.layers {
		pre := fmt.Sprintf("%d.%s/", i, kindNames[l.kind])
		t := func(name string, d *tensor.Dense) {
			ps = append(ps, param{name: pre + name, shape: d.Shape().Clone(), data: d.Float32s(), learn: d})
		}
		switch l.kind {
		case conv, dense:
			t("kernel", l.w)
			t("bias", l.b)
		case batchNorm:
			t("gamma", l.gamma)
			t("beta", l.beta)
			ps = append(ps, param{name: pre + "moving_mean", shape: []int{l.inC}, data: l.bn.Mean},
				param{name: pre + "moving_variance", shape: []int{l.inC}, data: l.bn.Var})
		}
	}
	return ps
}

// NumParams returns the number of learnable parameters.
func (n *Net) NumParams() int {
	total := 0
	for _, p := range n.params() {
		if p.learn != nil {
			total += len(p.data)
		}
	}
	return total
}

// snapshot copies every parameter and state array.
func (n *Net) snapshot() [][]float32 {
	ps := n.params()
	s := make([][]float32, len(ps))
	for i, p := range ps {
		s[i] = append([]float32(nil), p.data...)
	}
	return s
}

// restore copies a snapshot back.
func (n *Net) restore(s [][]float32) {
	for i, p := range n.params() {
		copy(p.data, s[i])
	}
}

// Summary describes the layers, one per line.
func (n *Net) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s network, %d classes (%s), %d parameters\n", n.Preset, n.Classes(), n.Scheme.Name, n.NumParams())
	for i, l := range n.layers {
		fmt.Fprintf(&b, "%2d %-8s %dx%dx%d -> %dx%dx%d", i, kindNames[l.kind], l.inH, l.inW, l.inC, l.outH, l.outW, l.outC)
		if l.relu {
			b.WriteString(" relu")
		}
		if l.features {
			b.WriteString(" (features)")
		}
		b.WriteString("\n")
	}
	return b.String()
}
