package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis/cluster"
	"github.com/fashionlens/fashionlens/analysis/featfile"
	"github.com/fashionlens/fashionlens/analysis/metrics"
	"github.com/fashionlens/fashionlens/analysis/pca"
	"github.com/fashionlens/fashionlens/analysis/tsne"
	"github.com/fashionlens/fashionlens/internal/atomicfile"
	"github.com/fashionlens/fashionlens/model/dataset"
)

func runAnalyze(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := NewFlags("fashionlens analyze", "fashionlens analyze --features FILE [--dim D] [--metadata metadata.tsv] [--labels-column N] "+
		"[--pca 2] [--kmeans K] [--kmeans-restarts 10] [--dbscan-eps E|auto --dbscan-min M] [--tsne-perplexity P] "+
		"[--tsne-iterations 1000] [--seed S] [--format png|svg|pdf] --out DIR", stderr)
	features := fs.String("features", "", "feature file: .tsv (projector vectors), .csv, or .f32 (raw float32 rows, needs --dim)")
	dim := fs.Int("dim", 0, "values per row of a .f32 file")
	metaPath := fs.String("metadata", "", "metadata TSV whose column gives each point's label (names or integers)")
	labelsColumn := fs.Int("labels-column", -1, "the metadata column holding the labels, counting from 0 (default: the column named label, class, true or true_label, or the only one, as the window finds it)")
	pcaK := fs.Int("pca", 2, "principal components to compute (0: none)")
	k := fs.Int("kmeans", 0, "run K-means with K clusters")
	restarts := fs.Int("kmeans-restarts", 10, "K-means restarts (n_init)")
	epsFlag := fs.String("dbscan-eps", "", "run DBSCAN with this radius, or auto for the knee of the k-distance curve")
	minPts := fs.Int("dbscan-min", 5, "DBSCAN minPts, the point itself included")
	perplexity := fs.Float64("tsne-perplexity", 0, "run t-SNE with this perplexity (e.g. 30)")
	iterations := fs.Int("tsne-iterations", 1000, "t-SNE iterations")
	seed := fs.Uint64("seed", 1, "seed of every random choice")
	format := fs.String("format", "png", "figure format: png, svg or pdf")
	out := fs.String("out", "", "folder to write the results and figures into")
	if ok, code := ParseFlags(fs, args); !ok {
		return code
	}
	usage := func(msg string) int {
		fmt.Fprintf(stderr, "fashionlens analyze: %s\n", msg)
		fs.Usage()
		return ExitUsage
	}
	switch {
	case *features == "":
		return usage("--features is required")
	case *out == "":
		return usage("--out is required")
	case *pcaK < 0 || *pcaK == 1:
		return usage("--pca must be 0 or at least 2")
	case *k < 0:
		return usage("--kmeans must not be negative")
	case !(*perplexity >= 0) || math.IsInf(*perplexity, 1):
		return usage(fmt.Sprintf("--tsne-perplexity must be 0 (no t-SNE) or a positive number, not %v", *perplexity))
	case *iterations < 1:
		return usage(fmt.Sprintf("--tsne-iterations must be at least 1, not %d", *iterations))
	case *restarts < 1:
		return usage(fmt.Sprintf("--kmeans-restarts must be at least 1, not %d", *restarts))
	case *minPts < 1:
		return usage(fmt.Sprintf("--dbscan-min must be at least 1, not %d", *minPts))
	case *labelsColumn < -1:
		return usage(fmt.Sprintf("--labels-column counts from 0, not %d", *labelsColumn))
	}
	*format = strings.ToLower(*format)
	if *format != "png" && *format != "svg" && *format != "pdf" {
		return usage(fmt.Sprintf("--format must be png, svg or pdf, not %q", *format))
	}
	var eps float64
	autoEps := *epsFlag == "auto"
	if *epsFlag != "" && !autoEps {
		v, err := strconv.ParseFloat(*epsFlag, 64)
		if err != nil || !(v > 0) {
			return usage(fmt.Sprintf("--dbscan-eps must be a positive number or auto, not %q", *epsFlag))
		}
		eps = v
	}
	a := &analyzer{ctx: ctx, status: newStatusLine(stderr, 100*time.Millisecond), format: *format, out: *out}
	opt := analyzeOptions{Features: *features, Dim: *dim, Metadata: *metaPath, LabelsColumn: *labelsColumn, PCA: *pcaK,
		KMeans: *k, Restarts: *restarts, DBSCAN: *epsFlag != "", AutoEps: autoEps, Eps: eps, MinPts: *minPts,
		Perplexity: *perplexity, Iterations: *iterations, Seed: *seed}
	if err := a.run(opt); err != nil {
		a.status.Clear()
		var fe flagError
		if errors.As(err, &fe) {
			return usage(fe.Error())
		}
		fmt.Fprintf(stderr, "fashionlens analyze: %v\n", err)
		return ExitError
	}
	if err := a.removeStale(); err != nil {
		fmt.Fprintf(stderr, "fashionlens analyze: %v\n", err)
		return ExitError
	}
	fmt.Fprintf(stdout, "Wrote the results to %s\n", *out)
	return ExitOK
}

// analyzeOptions are analyze's settings, from its flags.
type analyzeOptions struct {
	Features     string // the feature file
	Dim          int    // values per row of a .f32 file
	Metadata     string // the metadata file, or ""
	LabelsColumn int    // the labels' column; −1: the one named label
	PCA          int    // components, 0 for none
	KMeans       int    // K-means's k, 0 for none
	Restarts     int
	DBSCAN       bool // run DBSCAN
	AutoEps      bool // with eps the knee of the k-distance curve
	Eps          float64
	MinPts       int
	Perplexity   float64 // t-SNE's, 0 for no t-SNE
	Iterations   int
	Seed         uint64
}

// flagError is a flag value that the input shows to be out of range: a
// usage error, found only once the input is read.
type flagError string

func (e flagError) Error() string { return string(e) }

// analyzer holds what the stages of analyze share.
type analyzer struct {
	ctx     context.Context
	status  *statusLine // progress, on stderr
	format  string
	out     string
	x       *mat.Dense
	labels  *featfile.Labels
	written map[string]bool // names of the files this run wrote in out
}

// analyzeOutputs are the names of every file analyze may write: the
// folder holds those of its last run only.
func analyzeOutputs() []string {
	names := []string{"summary.json", "assignments.csv", "pca.csv", "tsne.csv"}
	for _, fig := range []string{"pca", "tsne", "kmeans", "dbscan", "kdistance"} {
		for _, format := range []string{"png", "svg", "pdf"} {
			names = append(names, fig+"."+format)
		}
	}
	return names
}

// removeStale removes the files of analyze's own names that this run did
// not write, so that summary.json describes exactly the folder's files.
func (a *analyzer) removeStale() error {
	for _, name := range analyzeOutputs() {
		if a.written[name] {
			continue
		}
		// os.Remove's error names the file.
		if err := os.Remove(filepath.Join(a.out, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("clear the earlier run's files: %w", err)
		}
	}
	return nil
}

// progress shows a progress line: redrawn in place on a terminal, and
// printed as a whole line there and elsewhere when final.
func (a *analyzer) progress(final bool, format string, args ...any) {
	msg := "analyze: " + fmt.Sprintf(format, args...)
	if final {
		a.status.Println(msg)
		return
	}
	a.status.Show(msg)
}

// path returns the path of the output file name, which this run writes.
func (a *analyzer) path(name string) string {
	if a.written == nil {
		a.written = map[string]bool{}
	}
	a.written[name] = true
	return filepath.Join(a.out, name)
}

func (a *analyzer) run(o analyzeOptions) error {
	features, dim, metaPath, column, pcaK := o.Features, o.Dim, o.Metadata, o.LabelsColumn, o.PCA
	k, restarts, dbscan, autoEps, eps, minPts := o.KMeans, o.Restarts, o.DBSCAN, o.AutoEps, o.Eps, o.MinPts
	perplexity, iterations, seed := o.Perplexity, o.Iterations, o.Seed
	x, err := featfile.ReadFile(features, dim)
	if err != nil {
		return err
	}
	a.x = x
	n, d := x.Dims()
	if pcaK > d {
		return flagError(fmt.Sprintf("--pca %d: the features have only %d values per point", pcaK, d))
	}
	sum := &analyzeSummary{N: n, Dim: d}
	a.progress(true, "read %d points of %d values from %s", n, d, features)
	if metaPath != "" {
		b, err := os.ReadFile(metaPath)
		if err != nil {
			return err
		}
		if column < 0 {
			// The column named label, as the window's import finds it.
			h, err := featfile.ReadMetadataHeader(bytes.NewReader(b))
			if err != nil {
				return fmt.Errorf("%s: %w", metaPath, err)
			}
			if column = h.Label; column < 0 {
				return fmt.Errorf("%s: no column is named label (or class, true, true_label): give --labels-column N", metaPath)
			}
		}
		a.labels, err = featfile.ReadMetadata(bytes.NewReader(b), metaPath, column, dataset.ClassNames[:])
		if err != nil {
			return err
		}
		if len(a.labels.Values) != n {
			return fmt.Errorf("%s has %d labels for %d points in %s", metaPath, len(a.labels.Values), n, features)
		}
		sum.Labels = a.labels.Names
	}
	if err := os.MkdirAll(a.out, 0o755); err != nil {
		return fmt.Errorf("create the output folder: %w", err)
	}

	var pcaXY, tsneXY *mat.Dense
	var kmLabels, dbLabels []int
	if pcaK > 0 {
		start := time.Now()
		r, err := pca.Fit(a.ctx, x, pcaK)
		if err != nil {
			return fmt.Errorf("PCA: %w", err)
		}
		sum.PCA = &pcaSummary{Components: pcaK, ExplainedVarianceRatio: r.ExplainedVarianceRatio, Seconds: time.Since(start).Seconds()}
		pcaXY = r.Projected.Slice(0, n, 0, 2).(*mat.Dense)
		a.progress(true, "PCA: %d components in %.3f s", sum.PCA.Components, sum.PCA.Seconds)
		if err := writeXY(a.path("pca.csv"), pcaXY); err != nil {
			return err
		}
	}
	if k > 0 {
		start := time.Now()
		r, err := cluster.KMeans(a.ctx, x, cluster.KMeansOptions{K: k, Restarts: restarts, Seed: seed, Progress: func(done, total int) {
			a.progress(false, "K-means: run %d of %d", done, total)
		}})
		if err != nil {
			return fmt.Errorf("K-means: %w", err)
		}
		kmLabels = r.Labels
		sum.KMeans = &kmeansSummary{K: k, Restarts: restarts, Inertia: r.Inertia, Iterations: r.Iterations, Seconds: time.Since(start).Seconds()}
		a.progress(true, "K-means: k=%d, inertia %.6g, in %.3f s", k, r.Inertia, sum.KMeans.Seconds)
		if sum.KMeans.labelScores, err = a.scores(r.Labels); err != nil {
			return err
		}
	}
	var kdist []float64
	if dbscan {
		if kdist, err = cluster.KDistance(a.ctx, x, minPts); err != nil {
			return fmt.Errorf("DBSCAN: k-distance: %w", err)
		}
		_, suggested := cluster.Knee(kdist)
		if autoEps {
			eps = suggested
		}
		start := time.Now()
		r, err := cluster.DBSCAN(a.ctx, x, cluster.DBSCANOptions{Eps: eps, MinPts: minPts, Progress: func(done, total int) {
			a.progress(false, "DBSCAN: %d of %d points", done, total)
		}})
		if err != nil {
			return fmt.Errorf("DBSCAN: %w", err)
		}
		dbLabels = r.Labels
		sum.DBSCAN = &dbscanSummary{Eps: eps, EpsSuggested: suggested, MinPoints: minPts, Clusters: r.Clusters,
			NoiseFraction: r.NoiseFraction(), Seconds: time.Since(start).Seconds()}
		a.progress(true, "DBSCAN: eps %.4g, %d clusters, %.1f%% noise, in %.3f s", eps, r.Clusters, 100*r.NoiseFraction(), sum.DBSCAN.Seconds)
		if sum.DBSCAN.labelScores, err = a.scores(r.Labels); err != nil {
			return err
		}
	}
	if perplexity > 0 {
		start := time.Now()
		r, err := tsne.Embed(a.ctx, x, tsne.Options{Perplexity: perplexity, Iterations: iterations, Seed: seed, Progress: func(p tsne.Progress) {
			a.progress(false, "t-SNE: iteration %d of %d, KL %.4f", p.Iteration, p.Iterations, p.KL)
		}})
		if err != nil {
			return fmt.Errorf("t-SNE: %w", err)
		}
		secs := time.Since(start).Seconds()
		tsneXY = r.Y
		trust, err := metrics.Trustworthiness(a.ctx, x, r.Y, min(10, (n-1)/2))
		if err != nil {
			return fmt.Errorf("t-SNE trustworthiness: %w", err)
		}
		sum.TSNE = &tsneSummary{Perplexity: perplexity, Iterations: r.Iterations, KL: r.KL, Trustworthiness: trust, Seconds: secs}
		a.progress(true, "t-SNE: KL %.4f, trustworthiness %.4f, in %.1f s", r.KL, trust, secs)
		if err := writeXY(a.path("tsne.csv"), tsneXY); err != nil {
			return err
		}
	}
	if err := a.writeAssignments(kmLabels, dbLabels); err != nil {
		return err
	}
	if err := a.figures(pcaXY, tsneXY, kmLabels, dbLabels, kdist, sum); err != nil {
		return err
	}
	return atomicfile.Write(a.path("summary.json"), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(sum)
	})
}
