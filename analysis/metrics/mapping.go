package metrics

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
)

// Noise is the cluster id DBSCAN gives to noise points. Mapping lists the
// noise cluster last and Describe calls it "Noise".
const Noise = -1

// MaxClasses bounds the number of classes Mapping accepts.
const MaxClasses = 1 << 16

// ClusterInfo describes one cluster of a clustering in terms of the true
// classes of its members: a row of the original study's "guessing the
// labels" table.
type ClusterInfo struct {
	// Cluster is the cluster id (Noise, −1, for DBSCAN's noise).
	Cluster int
	// Size is the number of points in the cluster.
	Size int
	// Majority is the most common true class in the cluster; ties go to
	// the lowest class.
	Majority int
	// Composition[c] is the number of members of class c; its length is
	// the number of classes.
	Composition []int
	// Purity is the majority count divided by Size.
	Purity float64
	// Classes are the classes that make up a meaningful share of the
	// cluster (at least minShare of its members), the largest first, ties
	// by the lower class. The majority class is always included, even if
	// its share is below minShare.
	Classes []int
	// Misclustered are the indices of the members whose true class is not
	// Majority, the farthest from the cluster's centroid (the mean of its
	// members' rows of x) first, equal distances by index; in index order
	// when Mapping was given no x.
	Misclustered []int
}

// Mapping returns, for each cluster of pred, its size, class composition,
// majority class and purity, the classes that make up at least minShare of
// it, and its misclustered points: which classes each cluster stands for.
// The clusters are in ascending order of id, except that Noise (−1) comes
// last.
//
// truth holds the true classes, each in [0, classes); pred the cluster ids
// (any ints) of the same points. x, one row per point, is used only to
// order each cluster's misclustered points by distance from its centroid;
// it may be nil, and then they are in index order. minShare is a fraction
// in [0, 1]; 0.1 lists the classes that make up 10 % or more of a cluster.
//
// It returns an error wrapping analysis.ErrInput if the lengths differ or
// are zero, a true class is out of range, classes is not in
// [1, MaxClasses], minShare is not in [0, 1], or x has a NaN or infinity
// or a number of rows other than len(truth).
func Mapping(x *mat.Dense, truth, pred []int, classes int, minShare float64) ([]ClusterInfo, error) {
	n := len(truth)
	if n != len(pred) {
		return nil, analysis.Errorf("%d true labels but %d cluster ids", n, len(pred))
	}
	if n == 0 {
		return nil, analysis.Errorf("no points: the label slices are empty")
	}
	if classes < 1 || classes > MaxClasses {
		return nil, analysis.Errorf("%d classes: need 1 to %d", classes, MaxClasses)
	}
	if !(minShare >= 0 && minShare <= 1) {
		return nil, analysis.Errorf("minimum share %v is not in [0, 1]", minShare)
	}
	for i, t := range truth {
		if t < 0 || t >= classes {
			return nil, analysis.Errorf("true class %d of point %d is not in [0, %d)", t, i, classes)
		}
	}
	var d int
	if x != nil {
		r, c, err := analysis.Check(x)
		if err != nil {
			return nil, err
		}
		if r != n {
			return nil, analysis.Errorf("x has %d rows but there are %d labels", r, n)
		}
		d = c
	}

	ids, code := codes(pred)
	if len(ids)*classes > MaxContingencyCells {
		return nil, analysis.Errorf("%d clusters × %d classes is larger than the limit of %d cells", len(ids), classes, MaxContingencyCells)
	}
	comp := make([]int, len(ids)*classes)
	members := make([][]int, len(ids))
	for i, t := range truth {
		c := code[i]
		comp[c*classes+t]++
		members[c] = append(members[c], i)
	}

	out := make([]ClusterInfo, len(ids))
	for c, id := range ids {
		ci := ClusterInfo{
			Cluster:     id,
			Size:        len(members[c]),
			Composition: comp[c*classes : (c+1)*classes : (c+1)*classes],
		}
		for k, v := range ci.Composition {
			if v > ci.Composition[ci.Majority] {
				ci.Majority = k
			}
		}
		ci.Purity = float64(ci.Composition[ci.Majority]) / float64(ci.Size)
		for k, v := range ci.Composition {
			if v > 0 && (k == ci.Majority || float64(v) >= minShare*float64(ci.Size)) {
				ci.Classes = append(ci.Classes, k)
			}
		}
		slices.SortStableFunc(ci.Classes, func(a, b int) int {
			return ci.Composition[b] - ci.Composition[a]
		})
		ci.Misclustered = misclustered(x, d, members[c], truth, ci.Majority)
		out[c] = ci
	}
	// Noise last.
	if i, ok := slices.BinarySearch(ids, Noise); ok {
		noise := out[i]
		out = append(out[:i], out[i+1:]...)
		out = append(out, noise)
	}
	return out, nil
}

// misclustered returns the members whose class is not majority, farthest
// from the members' centroid in x first (index order if x is nil).
func misclustered(x *mat.Dense, d int, members, truth []int, majority int) []int {
	var out []int
	for _, i := range members {
		if truth[i] != majority {
			out = append(out, i)
		}
	}
	if x == nil || len(out) < 2 {
		return out
	}
	centroid := make([]float64, d)
	for _, i := range members {
		for j, v := range x.RawRowView(i) {
			centroid[j] += v
		}
	}
	for j := range centroid {
		centroid[j] /= float64(len(members))
	}
	dist := make(map[int]float64, len(out))
	for _, i := range out {
		dist[i] = analysis.SqDist(centroid, x.RawRowView(i))
	}
	slices.SortFunc(out, func(a, b int) int {
		switch da, db := dist[a], dist[b]; {
		case da > db:
			return -1
		case da < db:
			return 1
		}
		return a - b
	})
	return out
}

// Describe returns a one-line summary of the cluster, such as
// "Cluster 3 (1,204 images, purity 41%) → Shirt, Dress, Pullover, Coat"
// or "Noise (57 images, purity 30%) → Bag". classNames[c] names class c;
// a class without a name is shown as "class c".
func (c ClusterInfo) Describe(classNames []string) string {
	var b strings.Builder
	if c.Cluster == Noise {
		b.WriteString("Noise")
	} else {
		fmt.Fprintf(&b, "Cluster %d", c.Cluster)
	}
	unit := "images"
	if c.Size == 1 {
		unit = "image"
	}
	fmt.Fprintf(&b, " (%s %s, purity %.0f%%) →", analysis.Thousands(c.Size), unit, math.Round(100*c.Purity))
	for k, cl := range c.Classes {
		if k > 0 {
			b.WriteByte(',')
		}
		b.WriteByte(' ')
		if cl >= 0 && cl < len(classNames) {
			b.WriteString(classNames[cl])
		} else {
			fmt.Fprintf(&b, "class %d", cl)
		}
	}
	return b.String()
}
