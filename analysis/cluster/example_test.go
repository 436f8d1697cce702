package cluster_test

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis/cluster"
)

func ExampleKMeans() {
	// Two groups of three points.
	x := mat.NewDense(6, 2, []float64{
		0, 0, 1, 0, 0, 1,
		10, 10, 11, 10, 10, 11,
	})
	res, err := cluster.KMeans(context.Background(), x, cluster.KMeansOptions{K: 2, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("labels:", res.Labels)
	for j := 0; j < 2; j++ {
		fmt.Printf("centroid %d: %.3f\n", j, res.Centroids.RawRowView(j))
	}
	fmt.Printf("inertia: %.3f\n", res.Inertia)
	// Output:
	// labels: [1 1 1 0 0 0]
	// centroid 0: [10.333 10.333]
	// centroid 1: [0.333 0.333]
	// inertia: 2.667
}

func ExampleDBSCAN() {
	// A dense run of points, a sparser one, and a stray point.
	x := mat.NewDense(9, 1, []float64{0, 0.5, 1, 1.5, 2, 10, 10.75, 11.5, 30})
	res, err := cluster.DBSCAN(context.Background(), x, cluster.DBSCANOptions{Eps: 1, MinPts: 3})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("labels:", res.Labels)
	fmt.Println("core:", res.Core)
	fmt.Println("clusters:", res.Clusters, "noise:", res.NoiseFraction())
	idx, labels := res.WithoutNoise()
	fmt.Println("without noise:", idx, labels)
	// Output:
	// labels: [0 0 0 0 0 1 1 1 -1]
	// core: [true true true true true false true false false]
	// clusters: 2 noise: 0.1111111111111111
	// without noise: [0 1 2 3 4 5 6 7] [0 0 0 0 0 1 1 1]
}

func ExampleKnee() {
	// Choosing eps: each point's distance to its 3rd nearest point
	// (itself the 1st), sorted, and the knee of that curve.
	x := mat.NewDense(9, 1, []float64{0, 0.5, 1, 1.5, 2, 10, 10.75, 11.5, 30})
	kd, err := cluster.KDistance(context.Background(), x, 3)
	if err != nil {
		fmt.Println(err)
		return
	}
	i, eps := cluster.Knee(kd)
	fmt.Println("k-distances:", kd)
	fmt.Println("knee:", i, eps)
	// Output:
	// k-distances: [0.5 0.5 0.5 0.75 1 1 1.5 1.5 19.25]
	// knee: 7 1.5
}
