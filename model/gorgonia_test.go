package model

import (
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// TestGorgoniaRuns builds and runs a small graph with a gradient. It guards
// the go.mod pin of go4.org/unsafe/assume-no-moving-gc: without it,
// gorgonia panics at start-up on Go 1.26 and this test binary cannot run.
func TestGorgoniaRuns(t *testing.T) {
	g := G.NewGraph()
	x := G.NewMatrix(g, tensor.Float32, G.WithShape(2, 2), G.WithName("x"),
		G.WithValue(tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float32{1, 2, 3, 4}))))
	w := G.NewMatrix(g, tensor.Float32, G.WithShape(2, 1), G.WithName("w"),
		G.WithValue(tensor.New(tensor.WithShape(2, 1), tensor.WithBacking([]float32{0.5, -1}))))
	y := G.Must(G.Mul(x, w))
	cost := G.Must(G.Sum(y))
	if _, err := G.Grad(cost, w); err != nil {
		t.Fatal(err)
	}
	m := G.NewTapeMachine(g)
	defer m.Close()
	if err := m.RunAll(); err != nil {
		t.Fatal(err)
	}
	// y = [1*0.5 - 2, 3*0.5 - 4] = [-1.5, -2.5]; d(sum y)/dw = column sums of x = [4, 6].
	if got := y.Value().Data().([]float32); got[0] != -1.5 || got[1] != -2.5 {
		t.Fatalf("y = %v, want [-1.5 -2.5]", got)
	}
	grad, err := w.Grad()
	if err != nil {
		t.Fatal(err)
	}
	if got := grad.Data().([]float32); got[0] != 4 || got[1] != 6 {
		t.Fatalf("dw = %v, want [4 6]", got)
	}
}
