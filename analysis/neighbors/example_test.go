package neighbors_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis/neighbors"
)

func ExampleIndex_Nearest() {
	x := mat.NewDense(4, 2, []float64{
		0, 0,
		3, 4,
		1, 0,
		6, 8,
	})
	ix, _ := neighbors.New(x)
	idx, dist, _ := ix.Nearest(0, 2)
	fmt.Println(idx, dist)
	idx, dist, _ = ix.NearestTo([]float64{6, 7}, 1)
	fmt.Println(idx, dist)
	// Output:
	// [2 1] [1 5]
	// [3] [1]
}
