package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/vg"

	"github.com/fashionlens/fashionlens/analysis/featfile"
	"github.com/fashionlens/fashionlens/analysis/plot"
	"github.com/fashionlens/fashionlens/internal/atomicfile"
	"github.com/fashionlens/fashionlens/internal/workspace"
)

// This file holds what analyze writes: summary.json, the CSV files and
// the figures, each built from the registered methods' results.

// analyzeSummary is summary.json: the points, then a section per method
// that ran, in registry order, named by the method (workspace's
// Section: its values and results, the seconds, and scores against the
// labels when labels were given).
type analyzeSummary struct {
	N        int
	Dim      int
	Labels   []string
	sections workspace.Fields
}

// add adds method name's section.
func (s *analyzeSummary) add(name string, section workspace.Fields) {
	s.sections = append(s.sections, workspace.Field{Key: name, Value: section})
}

// MarshalJSON writes n, dim, labels (if any), then the sections.
func (s *analyzeSummary) MarshalJSON() ([]byte, error) {
	f := workspace.Fields{{Key: "n", Value: s.N}, {Key: "dim", Value: s.Dim}}
	if s.Labels != nil {
		f = append(f, workspace.Field{Key: "labels", Value: s.Labels})
	}
	return json.Marshal(append(f, s.sections...))
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
// Clusters tab exports it: a column per registered clustering method,
// empty where a value is unknown (the image index and predicted class,
// which features alone do not give) or the method did not run.
func (a *analyzer) writeAssignments(cs []*workspace.Clustered) error {
	n, _ := a.x.Dims()
	as := featfile.Assignments{N: n, Clusterings: workspace.AssignmentColumns(func(name string) []int {
		if i := slices.IndexFunc(cs, func(c *workspace.Clustered) bool { return c.Method.Name == name }); i >= 0 {
			return cs[i].Labels
		}
		return nil
	})}
	if a.labels != nil {
		as.TrueClass = func(i int) string { return a.labels.Names[a.labels.Values[i]] }
	}
	return atomicfile.Write(a.path("assignments.csv"), func(w io.Writer) error {
		return featfile.WriteAssignments(w, as)
	})
}

// figures writes each map coloured by label, each clustering on the last
// map computed (t-SNE if there is one, else PCA), and the clusterings'
// extra figures (the k-distance curve). The maps have axis titles and a
// caption: the feature file, the number of points, the method and its
// parameters.
func (a *analyzer) figures(layouts []*workspace.Projected, cs []*workspace.Clustered) error {
	const w, h vg.Length = 750, 600 // points: 1000×800 pixels in PNG
	save := func(name string, fig plot.Figure) error {
		a.progress(false, "writing %s", name)
		return plot.Save(fig, a.path(name+"."+a.format), w, h)
	}
	n, _ := a.x.Dims()
	cats, names := make([]int, n), []string{"all points"}
	if a.labels != nil {
		cats, names = a.labels.Values, a.labels.Names
	}
	// A caption says what a map shows: the features, the points, how it
	// was made.
	caption := func(how string) string {
		return workspace.FigureCaption(filepath.Base(a.features), workspace.PointsCaption(n), how)
	}
	for _, l := range layouts {
		p, err := plot.ScatterDense(l.XY, cats, plot.ScatterOptions{Title: l.Method.Title + " of the features, coloured by label",
			XLabel: l.Axes[0], YLabel: l.Axes[1], Names: names})
		if err != nil {
			return fmt.Errorf("%s figure: %w", l.Method.Name, err)
		}
		if err := save(l.Method.Name, plot.WithCaption(p, caption(l.Caption()))); err != nil {
			return err
		}
	}
	for _, c := range cs {
		if len(layouts) > 0 {
			l := layouts[len(layouts)-1]
			title := fmt.Sprintf("%s, on the %s map", c.Describe, l.Method.Title)
			if slices.Contains(c.Labels, plot.Noise) {
				title += " (noise in grey)"
			}
			p, err := plot.ScatterDense(l.XY, c.Labels, plot.ScatterOptions{Title: title,
				XLabel: l.Axes[0], YLabel: l.Axes[1], Names: plot.ClusterNames(c.K)})
			if err != nil {
				return fmt.Errorf("%s figure: %w", c.Method.Name, err)
			}
			if err := save(c.Method.Name, plot.WithCaption(p, caption(c.CaptionOn(l)))); err != nil {
				return err
			}
		}
		for _, f := range c.Figures {
			if err := save(f.Name, f.Fig); err != nil {
				return err
			}
		}
	}
	a.progress(true, "figures written")
	return nil
}
