package plotview

import (
	gplot "gonum.org/v1/plot"

	"github.com/fashionlens/fashionlens/analysis/plot"
)

// This file holds the figures of what a view shows, for exports.

// Figure returns a plot of what the view shows now: its title, the
// current range, without the hidden categories, with the dimmed points in
// grey, the marked points ringed, the selected point highlighted and the
// images if they are shown (SetShowImages), with the side legend of
// plot.Scatter and the data's axis titles if legend is true. Save it with
// plot.Save. Without data it returns an error.
func (v *View) Figure(legend bool) (*gplot.Plot, error) {
	p, _, err := v.figure(legend)
	return p, err
}

// figure is Figure, with the data it was drawn from.
func (v *View) figure(legend bool) (*gplot.Plot, *dataset, error) {
	v.mu.Lock()
	d, err := v.d, v.dataErr
	if d == nil {
		v.mu.Unlock()
		if err != nil {
			return nil, nil, err
		}
		return nil, nil, errNoData
	}
	look := looks{hidden: v.hiddenList(), hl: v.highlightFor(v.view), marked: v.marked, dimmed: v.dimmed, thumbs: v.thumbsShown()}
	view := v.view
	v.mu.Unlock()
	p, err := buildPlot(d, look, view, legend)
	return p, d, err
}

// ExportFigure returns the figure an export writes: Figure(true), with
// the data's caption below it (plot.WithCaption). Without data it returns
// an error.
func (v *View) ExportFigure() (plot.Figure, error) {
	p, d, err := v.figure(true)
	if err != nil {
		return nil, err
	}
	return plot.WithCaption(p, d.capt), nil
}
