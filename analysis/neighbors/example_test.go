package neighbors_test

import (
	"context"
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

func ExampleIndex_AllNearest() {
	// Five points on a line; point 3 is a duplicate of point 1.
	x := mat.NewDense(5, 1, []float64{0, 1, 3, 1, 7})
	ix, err := neighbors.Build(context.Background(), x)
	if err != nil {
		fmt.Println(err)
		return
	}
	g, _ := ix.AllNearest(context.Background(), 2)
	for i := range ix.Len() {
		fmt.Println(i, g.Idx[i*g.K:(i+1)*g.K], g.SqDist[i*g.K:(i+1)*g.K])
	}
	kth, _ := ix.KthDistances(context.Background(), 2)
	fmt.Println(kth)
	// Output:
	// 0 [1 3] [1 1]
	// 1 [3 0] [0 1]
	// 2 [1 3] [4 4]
	// 3 [1 0] [0 1]
	// 4 [2 1] [16 36]
	// [1 1 2 1 6]
}

func ExampleIndex_Pairs() {
	x := mat.NewDense(5, 2, []float64{
		0, 0,
		0, 1,
		5, 5,
		0, 2,
		5, 6,
	})
	ix, _ := neighbors.New(x)
	// The points within 1 of point 1, then all pairs within 1.
	idx, dist, _ := ix.Within(1, 1)
	fmt.Println(idx, dist)
	lists, _ := ix.Pairs(context.Background(), 1, nil)
	count := 0
	for _, l := range lists {
		count += len(l) / 2
	}
	fmt.Println(count, "pairs")
	// Output:
	// [0 3] [1 1]
	// 3 pairs
}
