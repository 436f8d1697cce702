package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis/featfile"
	"github.com/fashionlens/fashionlens/analysis/metrics"
	"github.com/fashionlens/fashionlens/internal/atomicfile"
	"github.com/fashionlens/fashionlens/internal/workspace"
	"github.com/fashionlens/fashionlens/model/dataset"
)

func runAnalyze(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := NewFlags("fashionlens analyze", "fashionlens analyze --features FILE [--dim D] [--metadata metadata.tsv] [--labels-column N] "+
		"[--pca 2] [--kmeans K] [--kmeans-restarts 10] [--dbscan-eps E|auto --dbscan-min M] [--tsne-perplexity P] "+
		"[--tsne-iterations 1000] [--seed S] [--format png|svg|pdf] --out DIR\n\n"+
		"Each projection and clustering method of the registry has its flags; a method runs when its --NAME\n"+
		"switch or the flag that turns it on is given (PCA runs unless --pca 0).", stderr)
	features := fs.String("features", "", "feature file: .tsv (projector vectors), .csv, or .f32 (raw float32 rows, needs --dim)")
	dim := fs.Int("dim", 0, "values per row of a .f32 file")
	metaPath := fs.String("metadata", "", "metadata TSV whose column gives each point's label (names or integers)")
	labelsColumn := fs.Int("labels-column", -1, "the metadata column holding the labels, counting from 0 (default: the column named label, class, true or true_label, or the only one, as the window finds it)")
	mf := addMethodFlags(fs)
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
	case *labelsColumn < -1:
		return usage(fmt.Sprintf("--labels-column counts from 0, not %d", *labelsColumn))
	}
	*format = strings.ToLower(*format)
	if *format != "png" && *format != "svg" && *format != "pdf" {
		return usage(fmt.Sprintf("--format must be png, svg or pdf, not %q", *format))
	}
	vals, err := mf.values()
	if err != nil {
		return usage(err.Error())
	}
	a := &analyzer{ctx: ctx, status: newStatusLine(stderr, 100*time.Millisecond), format: *format, out: *out}
	opt := analyzeOptions{Features: *features, Dim: *dim, Metadata: *metaPath, LabelsColumn: *labelsColumn, Methods: vals}
	if err := a.run(opt); err != nil {
		a.status.Clear()
		var pe *workspace.ParamError
		if errors.As(err, &pe) {
			return usage(fmt.Sprintf("%s: %v", flagOf(pe.Method, pe.Param), err))
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
	// Methods are the projections and clusterings to run, by name, with
	// their values.
	Methods map[string]workspace.Values
}

// analyzer holds what the stages of analyze share.
type analyzer struct {
	ctx      context.Context
	status   *statusLine // progress, on stderr
	features string      // the feature file's path
	format   string
	out      string
	x        *mat.Dense
	labels   *featfile.Labels
	written  map[string]bool // names of the files this run wrote in out
}

// analyzeOutputs are the names of every file analyze may write: the
// folder holds those of its last run only.
func analyzeOutputs() []string {
	names := []string{"summary.json", "assignments.csv"}
	var figs []string
	for _, p := range workspace.Projections() {
		names = append(names, p.Name+".csv")
		figs = append(figs, p.Name)
	}
	for _, c := range workspace.Clusterings() {
		figs = append(append(figs, c.Name), c.ExtraFigures...)
	}
	for _, fig := range figs {
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
	x, err := featfile.ReadFile(o.Features, o.Dim)
	if err != nil {
		return err
	}
	a.x, a.features = x, o.Features
	n, d := x.Dims()
	for name, v := range o.Methods {
		// Values that the points refuse (--pca 1000 for 64 values), before
		// any work.
		if err := workspace.CheckPoints(name, &workspace.Points{Features: x}, v); err != nil {
			return err
		}
	}
	sum := &analyzeSummary{N: n, Dim: d}
	a.progress(true, "read %d points of %d values from %s", n, d, o.Features)
	if o.Metadata != "" {
		if a.labels, err = readLabels(o.Metadata, o.LabelsColumn, n, o.Features); err != nil {
			return err
		}
		sum.Labels = a.labels.Names
	}
	if err := os.MkdirAll(a.out, 0o755); err != nil {
		return fmt.Errorf("create the output folder: %w", err)
	}
	// The points, as the window's workspace holds them, and each method
	// asked for, in registry order, through the workspace's one path.
	pts := &workspace.Points{Features: x}
	if a.labels != nil {
		pts.Labels, pts.Classes = a.labels.Values, a.labels.Names
	}
	var layouts []*workspace.Projected
	for _, p := range workspace.Projections() {
		v, ok := o.Methods[p.Name]
		if !ok {
			continue
		}
		r, err := workspace.Project(a.ctx, p.Name, pts, v, nil, a.report(p.Title))
		if err != nil {
			return err
		}
		layouts = append(layouts, r)
		var extra []workspace.Field
		msg := fmt.Sprintf("%s: done in %.3f s", p.Title, r.Seconds)
		if !p.Immediate {
			// How well the map keeps each point's neighbours.
			trust, err := metrics.Trustworthiness(a.ctx, x, r.XY, min(10, (n-1)/2))
			if err != nil {
				return fmt.Errorf("%s trustworthiness: %w", p.Title, err)
			}
			extra = append(extra, workspace.Field{Key: "trustworthiness", Value: trust})
			msg = fmt.Sprintf("%s: trustworthiness %.4f, in %.1f s", p.Title, trust, r.Seconds)
		}
		sum.add(p.Name, r.Section(extra...))
		a.progress(true, "%s", msg)
		if err := writeXY(a.path(p.Name+".csv"), r.XY); err != nil {
			return err
		}
	}
	var clusterings []*workspace.Clustered
	for _, c := range workspace.Clusterings() {
		v, ok := o.Methods[c.Name]
		if !ok {
			continue
		}
		r, err := workspace.Cluster(a.ctx, c.Name, pts, v, a.report(c.Title))
		if err != nil {
			return err
		}
		clusterings = append(clusterings, r)
		sum.add(c.Name, r.Section(pts.Classes))
		a.progress(true, "%s: %s, in %.3f s", c.Title, r.Outcome, r.Seconds)
	}
	if err := a.writeAssignments(clusterings); err != nil {
		return err
	}
	if err := a.figures(layouts, clusterings); err != nil {
		return err
	}
	return atomicfile.Write(a.path("summary.json"), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(sum)
	})
}

// report returns the progress printer of the method titled title.
func (a *analyzer) report(title string) workspace.ProgressFunc {
	return a.status.Func("analyze: " + title)
}

// readLabels reads the labels of n points from the metadata file path:
// the column named label unless column says which.
func readLabels(path string, column, n int, features string) (*featfile.Labels, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if column < 0 {
		// The column named label, as the window's import finds it.
		h, err := featfile.ReadMetadataHeader(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if column = h.Label; column < 0 {
			return nil, fmt.Errorf("%s: no column is named label (or class, true, true_label): give --labels-column N", path)
		}
	}
	labels, err := featfile.ReadMetadata(bytes.NewReader(b), path, column, dataset.ClassNames[:])
	if err != nil {
		return nil, err
	}
	if len(labels.Values) != n {
		return nil, fmt.Errorf("%s has %d labels for %d points in %s", path, len(labels.Values), n, features)
	}
	return labels, nil
}
