package plot

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/fashionlens/fashionlens/analysis"
)

// maxCurvePoints bounds the points drawn of the k-distance curve; longer
// curves are sampled evenly, keeping both ends.
const maxCurvePoints = 2000

// epsLine is the style of the suggested eps.
var epsLine = draw.LineStyle{Color: Palette[3], Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}

// KDistance returns DBSCAN's k-distance graph: every point's distance to
// its k-th nearest neighbour, sorted ascending, against the point's rank.
// A suggested eps > 0 is marked with a dashed horizontal line and a ring
// where the curve crosses it; eps = 0 marks none. dist is not modified.
//
// It returns an error wrapping analysis.ErrInput if dist is empty or holds
// a negative, NaN or infinite distance, k < 1, or eps is negative, NaN or
// infinite.
func KDistance(dist []float64, k int, eps float64) (*plot.Plot, error) {
	return KDistanceMarked(dist, k, eps, "suggested eps")
}

// KDistanceMarked is KDistance with the marked eps named name ("eps
// chosen", say) instead of "suggested eps".
func KDistanceMarked(dist []float64, k int, eps float64, name string) (*plot.Plot, error) {
	n := len(dist)
	switch {
	case n == 0:
		return nil, analysis.Errorf("k-distance: no distances")
	case k < 1:
		return nil, analysis.Errorf("k-distance: k = %d: want 1 or more", k)
	case !finite(eps) || eps < 0:
		return nil, analysis.Errorf("k-distance: eps = %v: want 0 (none) or more", eps)
	}
	for i, d := range dist {
		if !finite(d) || d < 0 {
			return nil, analysis.Errorf("k-distance: distance %d is %v", i, d)
		}
	}
	sorted := slices.Clone(dist)
	slices.Sort(sorted)

	m := min(n, maxCurvePoints)
	x, y := make([]float64, m), make([]float64, m)
	for j := range m {
		i := j
		if m < n {
			i = int(math.Round(float64(j) * float64(n-1) / float64(m-1)))
		}
		x[j], y[j] = float64(i+1), sorted[i]
	}
	p := newPlot(fmt.Sprintf("k-distance graph (k = %d)", k),
		"points, sorted by the distance",
		fmt.Sprintf("distance to %s neighbour", ordinal(k)))
	p.Add(grid())
	s := &series{x: x, y: y, line: trainLine}
	if n <= maxDots {
		s.glyph = trainDot
	}
	p.Add(s)
	p.X.Tick.Marker = niceTicks{n: 5}
	p.Y.Tick.Marker = niceTicks{n: 5}
	if n == 1 {
		p.X.Min, p.X.Max = 0.5, 1.5
	}
	if eps > 0 {
		knee, _ := slices.BinarySearch(sorted, eps) // first at or above eps
		label := fmt.Sprintf("%s = %.4g", name, eps)
		p.Add(&rule{at: eps, line: epsLine, label: label})
		if knee < n {
			ring := draw.GlyphStyle{Color: Palette[3], Radius: vg.Points(5), Shape: draw.RingGlyph{}}
			p.Add(&marker{x: float64(knee + 1), y: sorted[knee], ring: ring,
				label: fmt.Sprintf("point %s of %s", analysis.Thousands(knee+1), analysis.Thousands(n)),
				side:  -1, above: true})
		}
		p.Y.Min = min(p.Y.Min, eps)
		p.Y.Max = max(p.Y.Max, eps)
	}
	return p, nil
}

// KSweep returns two panels side by side for choosing K-means's k: the
// inertia (within-cluster sum of squares) and the mean silhouette against
// k, with the best silhouette marked. A NaN silhouette (undefined, as for
// k = 1) is left out.
//
// It returns an error wrapping analysis.ErrInput if the slices differ in
// length or are empty, ks are not increasing from 1 or more, an inertia is
// negative, NaN or infinite, or a silhouette is infinite or outside
// [−1, 1].
func KSweep(ks []int, inertia, silhouette []float64) (*Panels, error) {
	n := len(ks)
	if n != len(inertia) || n != len(silhouette) {
		return nil, analysis.Errorf("k sweep: %d values of k, %d inertias and %d silhouettes: want the same number", n, len(inertia), len(silhouette))
	}
	if n == 0 {
		return nil, analysis.Errorf("k sweep: no values of k")
	}
	best := -1
	x := make([]float64, n)
	for i, k := range ks {
		switch {
		case k < 1 || i > 0 && k <= ks[i-1]:
			return nil, analysis.Errorf("k sweep: k = %d at %d: want increasing values from 1", k, i)
		case !finite(inertia[i]) || inertia[i] < 0:
			return nil, analysis.Errorf("k sweep: inertia for k = %d is %v", k, inertia[i])
		case math.IsNaN(silhouette[i]):
			// undefined
		case !(silhouette[i] >= -1 && silhouette[i] <= 1):
			return nil, analysis.Errorf("k sweep: silhouette for k = %d is %v: want −1 to 1", k, silhouette[i])
		case best < 0 || silhouette[i] > silhouette[best]:
			best = i
		}
		x[i] = float64(k)
	}
	panel := func(title, yLabel string, y []float64) *plot.Plot {
		p := newPlot(title, "k (clusters)", yLabel)
		p.Add(grid())
		s := &series{x: x, y: y, line: trainLine}
		if n <= maxDots {
			s.glyph = trainDot
		}
		p.Add(s)
		p.X.Tick.Marker = intTicks{max: 12}
		p.Y.Tick.Marker = niceTicks{n: 5}
		if n == 1 {
			p.X.Min, p.X.Max = x[0]-0.5, x[0]+0.5
		}
		return p
	}
	left := panel("Inertia", "within-cluster sum of squares", inertia)
	right := panel("Silhouette", "mean silhouette", silhouette)
	if best >= 0 {
		ring := draw.GlyphStyle{Color: Palette[3], Radius: vg.Points(6), Shape: draw.RingGlyph{}}
		right.Add(&marker{x: x[best], y: silhouette[best], ring: ring,
			label: fmt.Sprintf("best: k = %d", ks[best]), above: true})
		left.Add(&marker{x: x[best], y: inertia[best], ring: ring})
		// The best is the highest point: make room for its label above.
		lo, hi := right.Y.Min, right.Y.Max
		right.Y.Max = hi + max(0.15*(hi-lo), 0.01)
	}
	return &Panels{Title: "K-means: choosing k", Plots: []*plot.Plot{left, right}}, nil
}

// ordinal returns n with its English ordinal suffix: 1st, 2nd, 3rd, 4th.
func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s", n, suffix)
}
