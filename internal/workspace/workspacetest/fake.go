// Package workspacetest registers a fake projection and a fake
// clustering method for tests: they show that a new registry entry
// reaches the window and the command line with no other change.
package workspacetest

import (
	"context"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/internal/workspace"
)

// The fake methods' names and titles.
const (
	Projection      = "fakemap"
	ProjectionTitle = "Fake map"
	Clustering      = "fakeclust"
	ClusteringTitle = "Fake clusters"
)

// Register registers the fake projection (point i at (scale·i, −scale·i),
// parameter scale) and the fake clustering (point i in cluster i mod
// parts, parameter parts) until the test ends.
func Register(t testing.TB) {
	workspace.RegisterProjection(workspace.Projection{Name: Projection, Title: ProjectionTitle,
		Params: []workspace.Param{{Name: "scale", Label: "scale", Kind: workspace.Float, Default: 1, Min: 0.5, Max: 4,
			Help: "the fake map's scale"}},
		Run: func(ctx context.Context, pts *workspace.Points, v workspace.Values, progress workspace.ProgressFunc) (*workspace.Layout, error) {
			n := pts.Len()
			xy := mat.NewDense(n, 2, nil)
			for i := range n {
				xy.Set(i, 0, v["scale"]*float64(i))
				xy.Set(i, 1, -v["scale"]*float64(i))
			}
			if progress != nil {
				progress(workspace.Progress{Done: 1, Total: 1, Note: "placed every point", Frame: xy})
			}
			return &workspace.Layout{XY: xy, Summary: workspace.Fields{{Key: "scale", Value: v["scale"]}}}, ctx.Err()
		}})
	workspace.RegisterClustering(workspace.Clustering{Name: Clustering, Title: ClusteringTitle,
		Params: []workspace.Param{{Name: "parts", Label: "parts", Kind: workspace.Int, Default: 3, Min: 1, Max: 10, Enables: true,
			Help: "the number of fake clusters"}},
		Run: func(_ context.Context, pts *workspace.Points, v workspace.Values, _ workspace.ProgressFunc) (*workspace.Clusters, error) {
			labels := make([]int, pts.Len())
			for i := range labels {
				labels[i] = i % v.Int("parts")
			}
			return &workspace.Clusters{Labels: labels, K: v.Int("parts"), Describe: "fake clusters",
				Summary: workspace.Fields{{Key: "parts", Value: v.Int("parts")}}}, nil
		}})
	t.Cleanup(func() {
		workspace.Unregister(Projection)
		workspace.Unregister(Clustering)
	})
}
