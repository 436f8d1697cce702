package gui

import (
	"fmt"
	"strconv"

	"github.com/fashionlens/fashionlens/analysis/metrics"
)

// clusterRow is a row of the "guessing the labels" table: one cluster's
// size, majority class, composition, purity and misclustered members.
type clusterRow = metrics.ClusterInfo

// majorityOf returns " (mostly Shirt, 62%)" for cluster c of mapping, or
// "" if the mapping does not know it.
func majorityOf(mapping []clusterRow, c int, classes []string) string {
	for _, r := range mapping {
		if r.Cluster == c {
			return fmt.Sprintf(" (mostly %s, %.0f%%)", classes[r.Majority], 100*r.Purity)
		}
	}
	return ""
}

// Preference keys of the Clusters tab. The methods' parameters are
// remembered under clusters.METHOD.PARAM (methodForm); these are the
// ones with a meaning of their own.
const (
	prefKMK          = "clusters.kmeans.k"   // 0: one per class
	prefDBEps        = "clusters.dbscan.eps" // 0: the suggested eps
	prefClusterMeth  = "clusters.method"
	prefClusterView  = "clusters.layout"
	prefCluImages    = "clusters.images" // the map shows the images
	maxClusterK      = 100
	chooseKMin       = 2
	chooseKMax       = 15
	silhouetteSample = 2000
)

// formatEps formats a DBSCAN radius with four significant digits.
func formatEps(eps float64) string { return strconv.FormatFloat(eps, 'g', 4, 64) }
