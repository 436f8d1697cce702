package workspace_test

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/internal/workspace"
)

// The command line's way: compute a method and read its result at once.
func ExampleCluster() {
	x := mat.NewDense(6, 1, []float64{0, 0.1, 0.2, 10, 10.1, 10.2})
	pts := &workspace.Points{Features: x, Labels: []int{0, 0, 0, 1, 1, 1}, Classes: []string{"low", "high"}}
	m, _ := workspace.ClusteringNamed("kmeans")
	v := workspace.Defaults(m.Params)
	v["k"] = 2
	r, err := workspace.Cluster(context.Background(), "kmeans", pts, v, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: ARI %.2f\n", r.Describe, r.Scores.ARI)
	// Output: K-means, k=2: ARI 1.00
}

// The window's way: start jobs and render the change stream.
func ExampleWorkspace_Start() {
	w := workspace.New(context.Background(), workspace.Options{})
	w.Observe(func(c workspace.Change) {
		if c.Kind == workspace.ProjectedNew {
			fmt.Println("new layout:", c.Name)
		}
	})
	w.SetPoints(&workspace.Points{Features: mat.NewDense(4, 3, []float64{1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1})})
	w.Start("pca", workspace.Values{"components": 2})
	w.Wait()
	// Output: new layout: pca
}
