package workspace

import (
	"context"

	"github.com/fashionlens/fashionlens/analysis/umap"
)

// UMAP: one more projection, in a file of its own.
func init() {
	RegisterProjection(Projection{Name: "umap", Title: "UMAP", Keep: true, Run: runUMAP,
		Axes:  [2]string{"UMAP 1", "UMAP 2"},
		About: "mapped by UMAP, which keeps each point's neighbours close, as t-SNE does, and more of the global layout",
		Params: []Param{
			{Name: "neighbors", Label: "neighbours", Kind: Int, Default: umap.DefaultNeighbors, Min: 2, Max: 200,
				Help: "UMAP's neighbourhood size, the point itself included (n_neighbors)"},
			{Name: "min_dist", Label: "min. distance", Kind: Float, Default: umap.DefaultMinDist, Min: 0.001, Max: umap.DefaultSpread,
				Help: "UMAP's least distance between points on the map (min_dist)"},
			{Name: "epochs", Label: "epochs", Kind: Int, Default: 0, Auto: "auto", Min: 1, Max: 5000,
				Help: "UMAP's epochs of gradient descent, or auto: 500 up to 10,000 points, 200 beyond"},
			{Name: "seed", Label: "seed", Flag: "seed", Kind: Seed, Default: 1, Help: "seed of every random choice"},
		}})
}

func runUMAP(ctx context.Context, pts *Points, v Values, progress ProgressFunc) (*Layout, error) {
	r, err := umap.Embed(ctx, pts.Features, umap.Options{Neighbors: v.Int("neighbors"), MinDist: v["min_dist"],
		Epochs: v.Int("epochs"), Seed: v.Uint64("seed"), ProgressEvery: 10, Progress: progress})
	if err != nil {
		return nil, err
	}
	return &Layout{XY: r.Y, Summary: Fields{{"neighbors", v.Int("neighbors")}, {"min_dist", v["min_dist"]},
		{"epochs", r.Epochs}, {"seed", v.Uint64("seed")}, {"a", r.A}, {"b", r.B}, {"edges", r.Edges}}}, nil
}
