package tsne

import (
	"context"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis/neighbors"
)

// neighbours are the k nearest neighbours of every point: for point i,
// idx[i*k:(i+1)*k] are their rows and dist2[i*k:(i+1)*k] their squared
// Euclidean distances, nearest first (ties by row).
type neighbours struct {
	k     int
	idx   []int32
	dist2 []float64
}

// knn finds the k nearest neighbours of each of the n rows of data (n×d,
// row-major) among the others, exactly, in parallel over the points, with
// the index of package neighbors. It checks ctx between blocks of points.
// The last parameter is a seed; the index makes no random choice, so it
// changes nothing (it picked the vantage points of the tree used before).
func knn(ctx context.Context, data []float64, n, d, k int) (*neighbours, error) {
	ix, err := neighbors.Build(ctx, mat.NewDense(n, d, data))
	if err != nil {
		return nil, err
	}
	g, err := ix.AllNearest(ctx, k)
	if err != nil {
		return nil, err
	}
	return &neighbours{k: k, idx: g.Idx, dist2: g.SqDist}, nil
}
