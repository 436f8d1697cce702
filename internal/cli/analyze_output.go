package cli

import (
	"fmt"
	"io"
	"strconv"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/vg"

	"github.com/fashionlens/fashionlens/analysis/featfile"
	"github.com/fashionlens/fashionlens/analysis/metrics"
	"github.com/fashionlens/fashionlens/analysis/plot"
	"github.com/fashionlens/fashionlens/internal/atomicfile"
)

// This file holds what analyze writes: summary.json's sections, the
// scores against the labels, the CSV files and the figures.

// analyzeSummary is summary.json. Sections are present only when asked
// for; metrics against labels only when labels were given.
type analyzeSummary struct {
	N      int            `json:"n"`
	Dim    int            `json:"dim"`
	Labels []string       `json:"labels,omitempty"`
	PCA    *pcaSummary    `json:"pca,omitempty"`
	KMeans *kmeansSummary `json:"kmeans,omitempty"`
	DBSCAN *dbscanSummary `json:"dbscan,omitempty"`
	TSNE   *tsneSummary   `json:"tsne,omitempty"`
}

type pcaSummary struct {
	Components             int       `json:"components"`
	ExplainedVarianceRatio []float64 `json:"explained_variance_ratio"`
	Seconds                float64   `json:"seconds"`
}

type labelScores struct {
	ARI     *float64         `json:"ari,omitempty"`
	NMI     *float64         `json:"nmi,omitempty"`
	Purity  *float64         `json:"purity,omitempty"`
	Mapping []clusterMapping `json:"mapping,omitempty"`
}

type clusterMapping struct {
	Cluster     int      `json:"cluster"`
	Size        int      `json:"size"`
	Majority    string   `json:"majority"`
	Purity      float64  `json:"purity"`
	Classes     []string `json:"classes"`
	Composition []int    `json:"composition"`
	// Misclustered lists up to 20 members whose class is not the
	// majority, farthest from the cluster's centre first.
	Misclustered []int  `json:"misclustered"`
	Description  string `json:"description"`
}

type kmeansSummary struct {
	K          int     `json:"k"`
	Restarts   int     `json:"restarts"`
	Inertia    float64 `json:"inertia"`
	Iterations int     `json:"iterations"`
	Seconds    float64 `json:"seconds"`
	labelScores
}

type dbscanSummary struct {
	Eps           float64 `json:"eps"`
	EpsSuggested  float64 `json:"eps_suggested"`
	MinPoints     int     `json:"min_points"`
	Clusters      int     `json:"clusters"`
	NoiseFraction float64 `json:"noise_fraction"`
	Seconds       float64 `json:"seconds"`
	labelScores
}

type tsneSummary struct {
	Perplexity      float64 `json:"perplexity"`
	Iterations      int     `json:"iterations"`
	KL              float64 `json:"kl"`
	Trustworthiness float64 `json:"trustworthiness"`
	Seconds         float64 `json:"seconds"`
}

// scores compares a clustering with the labels, if there are any:
// metrics.Score over all points (noise is a cluster of its own), the
// window's scoring.
func (a *analyzer) scores(pred []int) (labelScores, error) {
	if a.labels == nil {
		return labelScores{}, nil
	}
	sc, infos, err := metrics.Score(a.x, a.labels.Values, pred, len(a.labels.Names), false)
	if err != nil {
		return labelScores{}, err
	}
	ari, nmi, purity := sc.ARI, sc.NMI, sc.Purity
	s := labelScores{ARI: &ari, NMI: &nmi, Purity: &purity}
	for _, c := range infos {
		m := clusterMapping{Cluster: c.Cluster, Size: c.Size, Majority: a.labels.Names[c.Majority], Purity: c.Purity,
			Composition: c.Composition, Misclustered: c.Misclustered[:min(20, len(c.Misclustered))],
			Description: c.Describe(a.labels.Names)}
		for _, cl := range c.Classes {
			m.Classes = append(m.Classes, a.labels.Names[cl])
		}
		s.Mapping = append(s.Mapping, m)
	}
	return s, nil
}

// writeXY writes index,x,y rows.
func writeXY(path string, xy *mat.Dense) error {
	return atomicfile.Write(path, func(w io.Writer) error {
		var b []byte
		b = append(b, "index,x,y\n"...)
		n, _ := xy.Dims()
		for i := 0; i < n; i++ {
			b = strconv.AppendInt(b, int64(i), 10)
			b = append(b, ',')
			b = strconv.AppendFloat(b, xy.At(i, 0), 'g', -1, 64)
			b = append(b, ',')
			b = strconv.AppendFloat(b, xy.At(i, 1), 'g', -1, 64)
			b = append(b, '\n')
		}
		_, err := w.Write(b)
		return err
	})
}

// writeAssignments writes featfile's assignments file, as the window's
// Clusters tab exports it: a column is empty where a value is unknown
// (the image index and predicted class, which features alone do not
// give) or a clustering was not run.
func (a *analyzer) writeAssignments(km, db []int) error {
	n, _ := a.x.Dims()
	as := featfile.Assignments{N: n, Clusterings: []featfile.Clustering{{Name: "kmeans", Labels: km}, {Name: "dbscan", Labels: db}}}
	if a.labels != nil {
		as.TrueClass = func(i int) string { return a.labels.Names[a.labels.Values[i]] }
	}
	return atomicfile.Write(a.path("assignments.csv"), func(w io.Writer) error {
		return featfile.WriteAssignments(w, as)
	})
}

// figures writes the maps and the k-distance curve.
func (a *analyzer) figures(pcaXY, tsneXY *mat.Dense, km, db []int, kdist []float64, sum *analyzeSummary) error {
	const w, h vg.Length = 750, 600 // points: 1000×800 pixels in PNG
	save := func(name string, fig plot.Figure) error {
		a.progress(false, "writing %s", name)
		return plot.Save(fig, a.path(name+"."+a.format), w, h)
	}
	// The layout the cluster maps are drawn on: t-SNE if there is one.
	layout, layoutName := tsneXY, "t-SNE"
	if layout == nil {
		layout, layoutName = pcaXY, "PCA"
	}
	cats, names := make([]int, 0), []string{"all points"}
	if a.labels != nil {
		cats, names = a.labels.Values, a.labels.Names
	}
	byLabel := func(xy *mat.Dense) []int {
		if a.labels != nil {
			return cats
		}
		n, _ := xy.Dims()
		return make([]int, n)
	}
	for _, m := range []struct {
		name, title string
		xy          *mat.Dense
	}{
		{"pca", "PCA of the features, coloured by label", pcaXY},
		{"tsne", "t-SNE of the features, coloured by label", tsneXY},
	} {
		if m.xy == nil {
			continue
		}
		p, err := plot.ScatterDense(m.xy, byLabel(m.xy), plot.ScatterOptions{Title: m.title, Names: names})
		if err != nil {
			return fmt.Errorf("%s figure: %w", m.name, err)
		}
		if err := save(m.name, p); err != nil {
			return err
		}
	}
	if layout != nil && km != nil {
		p, err := plot.ScatterDense(layout, km, plot.ScatterOptions{
			Title: fmt.Sprintf("K-means, k=%d, on the %s map", sum.KMeans.K, layoutName), Names: plot.ClusterNames(sum.KMeans.K)})
		if err != nil {
			return fmt.Errorf("kmeans figure: %w", err)
		}
		if err := save("kmeans", p); err != nil {
			return err
		}
	}
	if layout != nil && db != nil {
		p, err := plot.ScatterDense(layout, db, plot.ScatterOptions{
			Title: fmt.Sprintf("DBSCAN, eps=%.3g, minPts=%d, on the %s map (noise in grey)", sum.DBSCAN.Eps, sum.DBSCAN.MinPoints, layoutName),
			Names: plot.ClusterNames(sum.DBSCAN.Clusters)})
		if err != nil {
			return fmt.Errorf("dbscan figure: %w", err)
		}
		if err := save("dbscan", p); err != nil {
			return err
		}
	}
	if kdist != nil {
		p, err := plot.KDistance(kdist, sum.DBSCAN.MinPoints, sum.DBSCAN.EpsSuggested)
		if err != nil {
			return fmt.Errorf("k-distance figure: %w", err)
		}
		if err := save("kdistance", p); err != nil {
			return err
		}
	}
	a.progress(true, "figures written")
	return nil
}
