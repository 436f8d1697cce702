package umap_test

import (
	"context"
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis/umap"
)

// Two clouds of 100 points in 5-D, far apart, stay apart in the plane.
func ExampleEmbed() {
	r := rand.New(rand.NewPCG(1, 2))
	x := mat.NewDense(200, 5, nil)
	for i := range 200 {
		for j := range 5 {
			x.Set(i, j, r.NormFloat64()+float64(10*(i/100)))
		}
	}
	res, err := umap.Embed(context.Background(), x, umap.Options{Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	// The two clouds' centres in the layout, and their widths.
	var c [2][2]float64
	for i := range 200 {
		c[i/100][0] += res.Y.At(i, 0) / 100
		c[i/100][1] += res.Y.At(i, 1) / 100
	}
	var spread [2]float64
	for i := range 200 {
		k := i / 100
		dx, dy := res.Y.At(i, 0)-c[k][0], res.Y.At(i, 1)-c[k][1]
		spread[k] = max(spread[k], dx*dx+dy*dy)
	}
	dx, dy := c[0][0]-c[1][0], c[0][1]-c[1][1]
	apart := dx*dx+dy*dy > 4*max(spread[0], spread[1])
	fmt.Printf("%d epochs, a = %.3f, b = %.3f, clouds apart: %v\n", res.Epochs, res.A, res.B, apart)
	// Output: 500 epochs, a = 1.577, b = 0.895, clouds apart: true
}
