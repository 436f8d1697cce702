package workspace

import (
	"strings"

	"github.com/fashionlens/fashionlens/analysis"
)

// This file holds what figures say of their maps and clusterings: their
// axis titles come from Layout.Axes, their captions from here.

// AxisTitles returns the titles of the axes of p's maps where a run does
// not name them (PCA's name their share of the variance): p.Axes, or
// "TITLE 1" and "TITLE 2".
func (p Projection) AxisTitles() [2]string {
	if p.Axes != ([2]string{}) {
		return p.Axes
	}
	return [2]string{p.Title + " 1", p.Title + " 2"}
}

// Caption says how the map was made, for a figure's caption: the
// projection's title and the values of the parameters the window shows,
// "t-SNE (perplexity 30, iterations 1000)", or the title alone for a
// projection without such parameters ("PCA").
func (p *Projected) Caption() string {
	if p == nil {
		return ""
	}
	var vals []string
	for _, par := range p.Method.Params {
		v, ok := p.Values[par.Name]
		switch {
		case !ok || par.CLIOnly:
		case par.Kind == Bool:
			if v != 0 {
				vals = append(vals, par.Label)
			}
		default:
			vals = append(vals, par.Label+" "+par.Format(v))
		}
	}
	if len(vals) == 0 {
		return p.Method.Title
	}
	return p.Method.Title + " (" + strings.Join(vals, ", ") + ")"
}

// CaptionOn says how the clusters were made and on which map they are
// drawn, for a figure's caption: "K-means (k = 10, 10 restarts, seed 1)
// on the PCA map".
func (c *Clustered) CaptionOn(l *Projected) string {
	if c == nil || c.Clusters == nil {
		return ""
	}
	what := c.What
	if what == "" {
		what = c.Method.Title
	}
	if l == nil {
		return what
	}
	return what + " on the " + l.Method.Title + " map"
}

// FigureCaption joins the parts of a figure's caption (where the points
// come from, how many, how the map was made), leaving out empty ones:
// "bundled seed (fashion10) · 10,000 test images · PCA".
func FigureCaption(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, " · ")
}

// PointsCaption names n points for a caption: "10,000 points".
func PointsCaption(n int) string {
	if n == 1 {
		return "1 point"
	}
	return analysis.Thousands(n) + " points"
}
