package workspace

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis/cluster"
	"github.com/fashionlens/fashionlens/analysis/pca"
	"github.com/fashionlens/fashionlens/analysis/plot"
	"github.com/fashionlens/fashionlens/analysis/tsne"
)

// The built-in methods: the study's PCA and t-SNE maps and its K-means
// and DBSCAN clusterings. A new method is one more Register call, in a
// file of its own.
func init() {
	RegisterProjection(Projection{Name: "pca", Title: "PCA", Immediate: true, Check: checkPCA, Run: runPCA, Params: []Param{
		{Name: "components", Label: "components", Flag: "pca", Kind: Int, Default: 2, Min: 2, Enables: true, CLIOnly: true,
			Help: "principal components to compute (0: none)"},
	}})
	RegisterProjection(Projection{Name: "tsne", Title: "t-SNE", Keep: true, Run: runTSNE,
		Axes: [2]string{"t-SNE 1", "t-SNE 2"}, About: "mapped by t-SNE, which keeps each point's nearest neighbours close", Params: []Param{
			{Name: "perplexity", Label: "perplexity", Kind: Float, Default: 30, Min: 2, Enables: true,
				Help: "run t-SNE with this perplexity (e.g. 30)"},
			// No seed: its start (PCA), its neighbours (exact) and its
			// descent make no random choice.
			{Name: "iterations", Label: "iterations", Kind: Int, Default: 1000, Min: 250, Max: 10000, Help: "t-SNE iterations"},
		}})
	RegisterClustering(Clustering{Name: "kmeans", Title: "K-means", Run: runKMeans, Params: []Param{
		{Name: "k", Label: "k", Flag: "kmeans", Kind: Int, Default: 10, Min: 2, Enables: true, Help: "run K-means with K clusters"},
		{Name: "restarts", Label: "restarts", Kind: Int, Default: 10, Min: 1, Max: 100, Help: "K-means restarts (n_init)"},
		{Name: "seed", Label: "seed", Flag: "seed", Kind: Seed, Default: 1, Help: "seed of every random choice"},
	}})
	RegisterClustering(Clustering{Name: "dbscan", Title: "DBSCAN", Run: runDBSCAN, DropNoise: "remove_noise",
		ExtraFigures: []string{"kdistance"}, Params: []Param{
			{Name: "min_points", Label: "minPts", Flag: "dbscan-min", Kind: Int, Default: 5, Min: 1, Max: 100,
				Help: "DBSCAN minPts, the point itself included"},
			{Name: "eps", Label: "eps", Kind: Float, Default: 0, Auto: "auto", Enables: true,
				Help: "run DBSCAN with this radius, or auto for the knee of the k-distance curve"},
			{Name: "remove_noise", Label: "Remove noise", Kind: Bool, Help: "score the clusters without the noise points"},
		}})
}

// checkPCA refuses more components than the features have values.
func checkPCA(pts *Points, v Values) error {
	if k, d := v.Int("components"), pts.Dim(); k > d {
		return &ParamError{Param: "components", Err: fmt.Errorf("%d components: the features have only %d values per point", k, d)}
	}
	return nil
}

func runPCA(ctx context.Context, pts *Points, v Values, _ ProgressFunc) (*Layout, error) {
	k := v.Int("components")
	r, err := pca.Fit(ctx, pts.Features, k)
	if err != nil {
		return nil, err
	}
	ev := r.ExplainedVarianceRatio
	return &Layout{
		XY:      r.Projected.Slice(0, pts.Len(), 0, 2).(*mat.Dense),
		Axes:    [2]string{fmt.Sprintf("PC 1 (%.1f%% of variance)", 100*ev[0]), fmt.Sprintf("PC 2 (%.1f%%)", 100*ev[1])},
		Summary: Fields{{"components", k}, {"explained_variance_ratio", ev}},
		About: fmt.Sprintf("projected by PCA (the two axes explain %.1f%% and %.1f%% of the variance); t-SNE keeps neighbourhoods better",
			100*ev[0], 100*ev[1]),
	}, nil
}

func runTSNE(ctx context.Context, pts *Points, v Values, progress ProgressFunc) (*Layout, error) {
	r, err := tsne.Embed(ctx, pts.Features, tsne.Options{Perplexity: v["perplexity"], Iterations: v.Int("iterations"),
		ProgressEvery: 25, Progress: progress})
	if err != nil {
		return nil, err
	}
	return &Layout{XY: r.Y, Summary: Fields{{"perplexity", v["perplexity"]}, {"iterations", r.Iterations}, {"kl", r.KL}}}, nil
}

func runKMeans(ctx context.Context, pts *Points, v Values, progress ProgressFunc) (*Clusters, error) {
	k := v.Int("k")
	r, err := cluster.KMeans(ctx, pts.Features, cluster.KMeansOptions{K: k, Restarts: v.Int("restarts"), Seed: v.Uint64("seed"),
		Progress: progress})
	if err != nil {
		return nil, fmt.Errorf("k = %d: %w", k, err)
	}
	return &Clusters{Labels: r.Labels, K: k, Used: v, Describe: fmt.Sprintf("K-means, k=%d", k),
		What:    fmt.Sprintf("K-means (k = %d, %d restarts, seed %d)", k, v.Int("restarts"), v.Uint64("seed")),
		Outcome: fmt.Sprintf("inertia %.4g", r.Inertia),
		Summary: Fields{{"k", k}, {"restarts", v.Int("restarts")}, {"inertia", r.Inertia}, {"iterations", r.Iterations}}}, nil
}

// KDistance returns the sorted k-distance curve of the points for k
// (DBSCAN's minPts), and its knee, the suggested eps; it is computed
// once per points and k.
func KDistance(ctx context.Context, pts *Points, k int) (curve []float64, knee float64, err error) {
	v, err := pts.memo(fmt.Sprintf("kdistance k=%d", k), func() (any, error) {
		return cluster.KDistance(ctx, pts.Features, k)
	})
	if err != nil {
		return nil, 0, err
	}
	curve = v.([]float64)
	_, knee = cluster.Knee(curve)
	return curve, knee, nil
}

func runDBSCAN(ctx context.Context, pts *Points, v Values, progress ProgressFunc) (*Clusters, error) {
	minPts := v.Int("min_points")
	kdist, suggested, err := KDistance(ctx, pts, minPts)
	if err != nil {
		return nil, fmt.Errorf("k-distance: %w", err)
	}
	eps := v["eps"]
	if eps == 0 {
		eps = suggested
	}
	r, err := cluster.DBSCAN(ctx, pts.Features, cluster.DBSCANOptions{Eps: eps, MinPts: minPts, Progress: progress})
	if err != nil {
		return nil, fmt.Errorf("eps = %.4g, minPts = %d: %w", eps, minPts, err)
	}
	used := Values{"eps": eps, "min_points": float64(minPts), "remove_noise": v["remove_noise"]}
	fig, err := plot.KDistance(kdist, minPts, suggested)
	if err != nil {
		return nil, fmt.Errorf("k-distance figure: %w", err)
	}
	outcome := fmt.Sprintf("%d clusters, %.1f%% of the points noise", r.Clusters, 100*r.NoiseFraction())
	if v.Bool("remove_noise") {
		outcome += " (left out of the map and the scores)"
	}
	return &Clusters{Labels: r.Labels, K: r.Clusters, Used: used,
		Describe: fmt.Sprintf("DBSCAN, eps=%.3g, minPts=%d", eps, minPts),
		What:     fmt.Sprintf("DBSCAN (eps = %.4g, minPts = %d)", eps, minPts),
		Outcome:  outcome,
		Summary: Fields{{"eps", eps}, {"eps_suggested", suggested}, {"min_points", minPts}, {"clusters", r.Clusters},
			{"noise_fraction", r.NoiseFraction()}},
		Figures: []Figure{{Name: "kdistance", Fig: fig}}}, nil
}
