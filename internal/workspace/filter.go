package workspace

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Outcome filters points by whether the model's prediction is right.
type Outcome int

// The outcomes a filter can ask for.
const (
	AnyOutcome Outcome = iota
	Correct            // the prediction equals the true class
	Wrong              // it does not
)

// Filter picks points by what is known of them; its zero value keeps
// every point. Each part that is set narrows the points further (they
// are and-ed). Parts that need what the points lack (predictions,
// labels, the named clustering) keep no point: a filter never claims a
// point it cannot judge.
type Filter struct {
	// True keeps points whose true class is one of these; nil for any.
	True []int
	// Pred keeps points whose predicted class is one of these; nil for
	// any.
	Pred []int
	// Outcome keeps correct or wrong predictions.
	Outcome Outcome
	// Confidence keeps points whose predicted class has a probability
	// from Confidence[0] to Confidence[1]; nil for any.
	Confidence *[2]float64
	// Clustering and Clusters keep points that the clustering method
	// called Clustering put in one of Clusters (−1 is the noise); an
	// empty Clustering for any.
	Clustering string
	Clusters   []int
	// Index keeps points whose image index is in one of the ranges;
	// nil for any.
	Index []IndexRange
}

// IndexRange is the image indices From to To, both included.
type IndexRange struct{ From, To int }

// Active reports whether f leaves out any point at all.
func (f Filter) Active() bool {
	return f.True != nil || f.Pred != nil || f.Outcome != AnyOutcome || f.Confidence != nil || f.Clustering != "" || f.Index != nil
}

// Equal reports whether f and g keep the same points.
func (f Filter) Equal(g Filter) bool {
	confEq := (f.Confidence == nil) == (g.Confidence == nil) && (f.Confidence == nil || *f.Confidence == *g.Confidence)
	return slices.Equal(f.True, g.True) && slices.Equal(f.Pred, g.Pred) && f.Outcome == g.Outcome && confEq &&
		f.Clustering == g.Clustering && slices.Equal(f.Clusters, g.Clusters) && slices.Equal(f.Index, g.Index)
}

// clone returns a copy of f that shares no memory with it.
func (f Filter) clone() Filter {
	f.True, f.Pred, f.Clusters, f.Index = slices.Clone(f.True), slices.Clone(f.Pred), slices.Clone(f.Clusters), slices.Clone(f.Index)
	if f.Confidence != nil {
		c := *f.Confidence
		f.Confidence = &c
	}
	return f
}

// Match returns which points f keeps (nil if f keeps them all) and how
// many it keeps. clustering returns the current result of a clustering
// method, nil if there is none.
func (f Filter) Match(pts *Points, clustering func(name string) *Clustered) ([]bool, int) {
	n := pts.Len()
	if !f.Active() {
		return nil, n
	}
	keep := make([]bool, n)
	in := func(set []int, v int) bool { return slices.Contains(set, v) }
	var clusters []int
	if f.Clustering != "" {
		if c := clustering(f.Clustering); c != nil && len(c.Labels) == n {
			clusters = c.Labels
		}
	}
	classes := len(pts.Classes)
	count := 0
	for i := range n {
		ok := true
		switch {
		case f.True != nil && (pts.Labels == nil || !in(f.True, pts.Labels[i])):
			ok = false
		case f.Pred != nil && (pts.Pred == nil || !in(f.Pred, pts.Pred[i])):
			ok = false
		case f.Outcome != AnyOutcome && (pts.Pred == nil || pts.Labels == nil || (pts.Pred[i] == pts.Labels[i]) != (f.Outcome == Correct)):
			ok = false
		case f.Confidence != nil:
			if pts.Pred == nil || len(pts.Probs) != n*classes {
				ok = false
				break
			}
			p := float64(pts.Probs[i*classes+pts.Pred[i]])
			ok = p >= f.Confidence[0] && p <= f.Confidence[1]
		}
		if ok && f.Clustering != "" {
			ok = clusters != nil && in(f.Clusters, clusters[i])
		}
		if ok && f.Index != nil {
			ok = inRanges(f.Index, pts.ImageIndex(i))
		}
		keep[i] = ok
		if ok {
			count++
		}
	}
	return keep, count
}

// inRanges reports whether v lies in one of rs.
func inRanges(rs []IndexRange, v int) bool {
	for _, r := range rs {
		if v >= r.From && v <= r.To {
			return true
		}
	}
	return false
}

// ImageIndex returns the index of point i's image in its split: Index[i],
// or i when the points carry no Index.
func (p *Points) ImageIndex(i int) int {
	if p.Index != nil {
		return p.Index[i]
	}
	return i
}

// ParseIndexRanges reads image indices as a user types them: numbers and
// ranges separated by commas or spaces, "12", "100-199", "5, 40-45".
// An empty text is no ranges (nil). Errors name the part that is wrong.
func ParseIndexRanges(s string) ([]IndexRange, error) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' })
	var rs []IndexRange
	for _, f := range fields {
		from, to, isRange := strings.Cut(f, "-")
		if !isRange {
			to = from
		}
		a, errA := strconv.Atoi(strings.TrimSpace(from))
		b, errB := strconv.Atoi(strings.TrimSpace(to))
		switch {
		case errA != nil || errB != nil:
			return nil, fmt.Errorf("image index %q: want a whole number or a range such as 100-199", f)
		case a < 0 || b < a:
			return nil, fmt.Errorf("image index %q: want 0 or more, the range's start before its end", f)
		}
		rs = append(rs, IndexRange{From: a, To: b})
	}
	return rs, nil
}

// FormatIndexRanges writes rs as ParseIndexRanges reads them.
func FormatIndexRanges(rs []IndexRange) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		if r.From == r.To {
			parts[i] = strconv.Itoa(r.From)
		} else {
			parts[i] = fmt.Sprintf("%d-%d", r.From, r.To)
		}
	}
	return strings.Join(parts, ", ")
}
