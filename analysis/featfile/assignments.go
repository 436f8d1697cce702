package featfile

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/fashionlens/fashionlens/analysis"
)

// Assignments describes the points of an assignments file: which cluster
// each point fell in under each clustering, beside what is known of it.
type Assignments struct {
	// N is the number of points.
	N int
	// ImageIndex gives point i's image in its split, or −1; nil when no
	// point has one.
	ImageIndex func(i int) int
	// TrueClass and Predicted name point i's true and predicted class;
	// nil when unknown.
	TrueClass, Predicted func(i int) string
	// Confidence, if set, gives the model's probability of point i's
	// predicted class, written in a confidence column after the
	// predicted class.
	Confidence func(i int) float64
	// Clusterings are the clusterings, each a column.
	Clusterings []Clustering
	// Rows, if set, are the points to write, in this order (a
	// selection); nil writes every point.
	Rows []int
}

// Clustering is one clustering's column of an assignments file.
type Clustering struct {
	// Name names it; its column is Name + "_cluster".
	Name string
	// Labels holds each point's cluster id (−1 for noise); nil when the
	// clustering was not run, and the column is then empty.
	Labels []int
}

// WriteAssignments writes a as CSV (encoding/csv, so names with commas,
// quotes or line breaks are quoted): the header
// point,image_index,true_class,predicted_class, confidence if a.Confidence
// is set, then NAME_cluster for each clustering, and one line a point (of
// Rows, if set), an unknown value left empty. The window's exports and the
// command line's assignments.csv write it. It returns an error wrapping
// analysis.ErrInput if a clustering's labels are not N long or a row is
// out of range.
func WriteAssignments(w io.Writer, a Assignments) error {
	header := []string{"point", "image_index", "true_class", "predicted_class"}
	first := 4 // the first cluster column
	if a.Confidence != nil {
		header = append(header, "confidence")
		first++
	}
	for _, r := range a.Rows {
		if r < 0 || r >= a.N {
			return analysis.Errorf("assignments: row %d of %d points", r, a.N)
		}
	}
	for _, c := range a.Clusterings {
		if c.Labels != nil && len(c.Labels) != a.N {
			return analysis.Errorf("assignments: the %s clustering has %d labels for %d points", c.Name, len(c.Labels), a.N)
		}
		header = append(header, c.Name+"_cluster")
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(header))
	n := a.N
	if a.Rows != nil {
		n = len(a.Rows)
	}
	for r := range n {
		i := r
		if a.Rows != nil {
			i = a.Rows[r]
		}
		clear(rec)
		rec[0] = strconv.Itoa(i)
		if a.ImageIndex != nil {
			if j := a.ImageIndex(i); j >= 0 {
				rec[1] = strconv.Itoa(j)
			}
		}
		if a.TrueClass != nil {
			rec[2] = a.TrueClass(i)
		}
		if a.Predicted != nil {
			rec[3] = a.Predicted(i)
		}
		if a.Confidence != nil {
			rec[4] = strconv.FormatFloat(a.Confidence(i), 'f', 4, 64)
		}
		for k, c := range a.Clusterings {
			if c.Labels != nil {
				rec[first+k] = strconv.Itoa(c.Labels[i])
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
