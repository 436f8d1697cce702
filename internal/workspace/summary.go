package workspace

import (
	"github.com/fashionlens/fashionlens/analysis/featfile"
)

// Section returns the layout's section of summary.json: the method's
// fields, then the seconds it took, then extra.
func (p *Projected) Section(extra ...Field) Fields {
	s := append(Fields{}, p.Summary...)
	s = append(s, Field{"seconds", p.Seconds})
	return append(s, extra...)
}

// ClusterMapping is a cluster's entry of summary.json: its size, its
// majority class and composition, and some misclustered members.
type ClusterMapping struct {
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

// Section returns the clustering's section of summary.json: the method's
// fields, the seconds it took, and, with true classes, the ARI, NMI,
// purity and each cluster's mapping, classes named by classes.
func (c *Clustered) Section(classes []string) Fields {
	s := append(Fields{}, c.Summary...)
	s = append(s, Field{"seconds", c.Seconds})
	if c.Scores == nil {
		return s
	}
	s = append(s, Field{"ari", c.Scores.ARI}, Field{"nmi", c.Scores.NMI}, Field{"purity", c.Scores.Purity})
	var m []ClusterMapping
	for _, r := range c.Mapping {
		e := ClusterMapping{Cluster: r.Cluster, Size: r.Size, Majority: classes[r.Majority], Purity: r.Purity,
			Composition: r.Composition, Misclustered: r.Misclustered[:min(20, len(r.Misclustered))],
			Description: r.Describe(classes)}
		for _, cl := range r.Classes {
			e.Classes = append(e.Classes, classes[cl])
		}
		m = append(m, e)
	}
	return append(s, Field{"mapping", m})
}

// AssignmentColumns returns the cluster columns of the assignments file,
// one per registered clustering method in order ("kmeans_cluster", …),
// with the labels that get returns for it (nil: the column is empty).
func AssignmentColumns(get func(name string) []int) []featfile.Clustering {
	var cols []featfile.Clustering
	for _, c := range Clusterings() {
		cols = append(cols, featfile.Clustering{Name: c.Name, Labels: get(c.Name)})
	}
	return cols
}
