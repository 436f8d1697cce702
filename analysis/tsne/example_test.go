package tsne_test

import (
	"context"
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis/metrics"
	"github.com/fashionlens/fashionlens/analysis/tsne"
)

func Example() {
	// Three clusters of 40 points in 8-D.
	rng := rand.New(rand.NewPCG(1, 2))
	x := mat.NewDense(120, 8, nil)
	for i := 0; i < 120; i++ {
		for j := 0; j < 8; j++ {
			v := rng.NormFloat64()
			if j == i/40 {
				v += 10
			}
			x.Set(i, j, v)
		}
	}
	r, err := tsne.Embed(context.Background(), x, tsne.Options{Perplexity: 20})
	if err != nil {
		fmt.Println(err)
		return
	}
	n, d := r.Y.Dims()
	tw, err := metrics.Trustworthiness(context.Background(), x, r.Y, 5)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d×%d layout after %d iterations, trustworthiness ≥ 0.9: %v\n", n, d, r.Iterations, tw >= 0.9)
	// Output:
	// 120×2 layout after 1000 iterations, trustworthiness ≥ 0.9: true
}
