package model

import (
	"fmt"
	"math"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// AdamW is Adam with decoupled weight decay (Loshchilov and Hutter, as
// PyTorch's and Keras's AdamW): each step moves a weight w by
//
//	−LR · ( m̂ / (√v̂ + Eps) + WeightDecay · w )
//
// where the decay applies only to the parameters marked in Decay. With
// WeightDecay 0 it is Adam with bias correction, as Keras and gorgonia
// compute it. LR may change between steps (a schedule sets it). It
// implements gorgonia.Solver, allocates nothing after its first step,
// and zeroes the gradients it has used.
type AdamW struct {
	LR, Beta1, Beta2, Eps float64
	WeightDecay           float64
	// Decay marks, in the order Step receives them, the parameters that
	// weight decay applies to; nil means none.
	Decay []bool

	m, v [][]float32
	t    int
}

// NewAdamW returns AdamW with Keras's defaults: β₁ 0.9, β₂ 0.999 and ε 1e-7.
func NewAdamW(lr, weightDecay float64, decay []bool) *AdamW {
	return &AdamW{LR: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-7, WeightDecay: weightDecay, Decay: decay}
}

// Step implements gorgonia.Solver: one update of every parameter from its
// gradient.
func (a *AdamW) Step(model []G.ValueGrad) error {
	if a.m == nil {
		a.m, a.v = make([][]float32, len(model)), make([][]float32, len(model))
	}
	if len(model) != len(a.m) {
		return fmt.Errorf("adamw: %d parameters, %d at the first step", len(model), len(a.m))
	}
	a.t++
	c1 := 1 - math.Pow(a.Beta1, float64(a.t))
	c2 := 1 - math.Pow(a.Beta2, float64(a.t))
	// m̂/(√v̂+ε) = (m/c1) / (√(v/c2) + ε) = m·s / (√v + ε√c2), s = √c2/c1.
	s := float32(math.Sqrt(c2) / c1)
	eps := float32(a.Eps * math.Sqrt(c2))
	b1, b2 := float32(a.Beta1), float32(a.Beta2)
	lr := float32(a.LR)
	for i, p := range model {
		w, g, err := weightGrad(p)
		if err != nil {
			return fmt.Errorf("adamw: parameter %d: %w", i, err)
		}
		if a.m[i] == nil {
			a.m[i], a.v[i] = make([]float32, len(w)), make([]float32, len(w))
		}
		m, v := a.m[i], a.v[i]
		if len(m) != len(w) || len(g) != len(w) {
			return fmt.Errorf("adamw: parameter %d has %d values and %d gradients, %d before", i, len(w), len(g), len(m))
		}
		decay := float32(0)
		if a.WeightDecay > 0 && i < len(a.Decay) && a.Decay[i] {
			decay = float32(a.WeightDecay)
		}
		for j, gj := range g {
			mj := b1*m[j] + (1-b1)*gj
			vj := b2*v[j] + (1-b2)*gj*gj
			m[j], v[j] = mj, vj
			w[j] -= lr * (mj*s/(float32(math.Sqrt(float64(vj)))+eps) + decay*w[j])
		}
		clear(g)
	}
	return nil
}

// weightGrad returns a parameter's float32 values and gradient.
func weightGrad(p G.ValueGrad) ([]float32, []float32, error) {
	wt, ok := p.Value().(*tensor.Dense)
	if !ok {
		return nil, nil, fmt.Errorf("value is %T, not a dense tensor", p.Value())
	}
	gv, err := p.Grad()
	if err != nil {
		return nil, nil, err
	}
	gt, ok := gv.(*tensor.Dense)
	if !ok {
		return nil, nil, fmt.Errorf("gradient is %T, not a dense tensor", gv)
	}
	w, ok1 := wt.Data().([]float32)
	g, ok2 := gt.Data().([]float32)
	if !ok1 || !ok2 {
		return nil, nil, fmt.Errorf("not float32: %T, %T", wt.Data(), gt.Data())
	}
	return w, g, nil
}
