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
	// Clusterings are the clusterings, each a column.
	Clusterings []Clustering
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
// point,image_index,true_class,predicted_class, then NAME_cluster for each
// clustering, and one line a point, an unknown value left empty. The
// window's export and the command line's assignments.csv both write it.
// It returns an error wrapping analysis.ErrInput if a clustering's labels
// are not N long.
func WriteAssignments(w io.Writer, a Assignments) error {
	header := []string{"point", "image_index", "true_class", "predicted_class"}
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
	for i := range a.N {
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
		for k, c := range a.Clusterings {
			if c.Labels != nil {
				rec[4+k] = strconv.Itoa(c.Labels[i])
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
