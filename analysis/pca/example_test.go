package pca_test

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis/pca"
)

func Example() {
	// Four points on the axes: most of the variance is along y.
	x := mat.NewDense(4, 2, []float64{
		1, 0,
		-1, 0,
		0, 2,
		0, -2,
	})
	r, err := pca.Fit(context.Background(), x, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("axis %.1f, explains %.0f%%\n", mat.Col(nil, 0, r.Components), 100*r.ExplainedVarianceRatio[0])
	fmt.Printf("projected %.1f\n", mat.Col(nil, 0, r.Projected))
	// Output:
	// axis [0.0 1.0], explains 80%
	// projected [0.0 0.0 2.0 -2.0]
}
