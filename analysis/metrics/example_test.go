package metrics_test

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis/metrics"
)

func ExampleARI() {
	truth := []int{0, 0, 1, 1}
	pred := []int{0, 0, 1, 2} // class 1 split in two
	ari, _ := metrics.ARI(truth, pred)
	nmi, _ := metrics.NMI(truth, pred)
	purity, _ := metrics.Purity(truth, pred)
	fmt.Printf("ARI %.4f, NMI %.4f, purity %.2f\n", ari, nmi, purity)
	// Output: ARI 0.5714, NMI 0.8000, purity 1.00
}

func ExampleNewContingency() {
	c, _ := metrics.NewContingency([]int{0, 0, 1, 1, 1}, []int{-1, 2, 2, 2, -1})
	fmt.Println("clusters", c.Cols)
	for i, row := range c.Counts {
		fmt.Println("class", c.Rows[i], row)
	}
	// Output:
	// clusters [-1 2]
	// class 0 [1 1]
	// class 1 [1 2]
}

func ExampleMapping() {
	names := []string{"T-shirt/top", "Trouser", "Shirt"}
	truth := []int{0, 0, 0, 2, 2, 1, 1, 1, 2, 0}
	pred := []int{0, 0, 0, 0, 0, 1, 1, 1, -1, -1}
	infos, _ := metrics.Mapping(nil, truth, pred, 3, 0.25)
	for _, c := range infos {
		fmt.Println(c.Describe(names), "misclustered:", c.Misclustered)
	}
	// Output:
	// Cluster 0 (5 images, purity 60%) → T-shirt/top, Shirt misclustered: [3 4]
	// Cluster 1 (3 images, purity 100%) → Trouser misclustered: []
	// Noise (2 images, purity 50%) → T-shirt/top, Shirt misclustered: [8]
}

func ExampleTrustworthiness() {
	// Points on a line; the embedding swaps the second and third.
	x := mat.NewDense(5, 1, []float64{0, 1, 3.5, 7.5, 12})
	y := mat.NewDense(5, 1, []float64{0, 3.5, 1, 7.5, 12})
	t, _ := metrics.Trustworthiness(context.Background(), x, y, 1)
	fmt.Printf("%.4f\n", t)
	// Output: 0.6667
}
