package plot

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/fashionlens/fashionlens/analysis"
)

// Noise is the category of DBSCAN's noise points.
const Noise = -1

// ScatterOptions are the texts and choices of a Scatter.
type ScatterOptions struct {
	// Title, XLabel and YLabel are the plot's texts; empty for none.
	Title, XLabel, YLabel string
	// Names are the names of categories 0 … len(Names)−1, shown in the
	// legend (cut to 32 characters). Every category in the data must have
	// one.
	Names []string
	// HideNoise leaves out the noise points (category −1).
	HideNoise bool
	// Hidden are categories to leave out (−1 is the noise). The legend
	// still lists them, with a hollow sample and a grey name, and the axes
	// keep the range of all points, so that hiding and showing categories
	// does not move the others.
	Hidden []int
	// Highlight are indices of points to draw on top of all others,
	// larger and outlined, even if their category is hidden.
	Highlight []int
	// Dimmed, if not empty, has one entry per point: dimmed points (a
	// filter leaves them out, say) are drawn first, under all others and
	// under the noise, in DimColor with their category's glyph. They stay
	// in the data range and the legend's counts. Hidden categories stay
	// hidden.
	Dimmed []bool
	// Marked are indices of points (a selection; repeats are allowed) to
	// draw after all other points but the highlighted ones, at the normal
	// radius in their category's colour inside a dark ring (OutlineColor,
	// MarkRing wide), so that a selection of thousands stays readable.
	// Marked points of hidden categories are not drawn; a marked point
	// that is also dimmed is drawn with the dimmed ones, grey in its
	// ring. Marking does not change the layout (the data area).
	Marked []int
	// NoLegend leaves out the legend (a GUI may draw its own, with
	// CategoryColor and CategoryGlyph), giving the data the whole width.
	NoLegend bool
	// Colors, if not nil, gives the colour of each category (one per
	// name), in place of CategoryColor: ClusterColors gives clusters the
	// colours of their classes. Noise stays NoiseColor.
	Colors []color.NRGBA
	// Radius is the radius of a point; 0 picks one from the number of
	// points, from 4 points for a few hundred down to 1.2 for tens of
	// thousands.
	Radius vg.Length
	// Thumbs, if set, gives point i's image (nil for none), and the plot
	// shows the images: every point is still drawn as a dot, and over
	// the dots, a representative subset as thumbnails, ThumbSide wide,
	// centred on their points, framed in their category's colour
	// (ThumbFrame wide) and, if marked, in a dark ring. Unless
	// ThumbPoints says which, the representatives are those PickThumbs
	// picks on a grid of cells of ThumbCell(ThumbSide) over the data
	// area, among the points neither hidden nor dimmed whose thumbnails
	// lie wholly inside the data area, so that zooming in shows more
	// of them. Highlighted points are drawn last as thumbnails in a
	// white halo and a dark outline. Thumbs is called while the plot is
	// drawn, once per thumbnail, on the drawing goroutine; the images
	// are drawn as they are (image.Gray is the usual), scaled to
	// ThumbSide, in every format.
	Thumbs func(i int) image.Image
	// ThumbSide is the side of a thumbnail; 0 is DefaultThumbSide, and
	// it must not exceed MaxThumbSide.
	ThumbSide vg.Length
	// ThumbPoints, if not nil, are the points to draw as thumbnails
	// instead of those PickThumbs would pick (a GUI passes the ones it
	// hit-tests; empty for none). Points of hidden categories and
	// dimmed points are left out.
	ThumbPoints []int
}

// DimColor is the very light grey of dimmed points (ScatterOptions.Dimmed),
// lighter than NoiseColor.
var DimColor = color.NRGBA{0xE3, 0xE3, 0xE3, 0xFF}

// MarkRing is the width of the dark ring around marked points
// (ScatterOptions.Marked): about a pixel and a third at 96 dots per inch.
const MarkRing = vg.Length(1)

// Scatter returns a scatter plot of the points (x[i], y[i]) coloured by
// their categories cat[i] (−1 for noise), with a legend of the category
// names and their counts at the right. Noise is drawn first, in light
// grey; the other points follow in a fixed random order, so that no
// category systematically covers another; highlighted points come last.
// Dimmed points (opt.Dimmed) come before all others and marked points
// (opt.Marked) after all but the highlighted ones.
//
// It returns an error wrapping analysis.ErrInput if the slices differ in
// length or are empty, a coordinate is NaN or infinite, a category is
// below −1 or has no name, a hidden category or a highlighted or marked
// index is out of range, Dimmed is neither empty nor one per point, a
// thumbnail's point (ThumbPoints) is out of range or ThumbSide is
// negative, NaN or above MaxThumbSide.
func Scatter(x, y []float64, cat []int, opt ScatterOptions) (*plot.Plot, error) {
	s, key, err := newScatter(x, y, cat, opt)
	if err != nil {
		return nil, err
	}
	p := newPlot(opt.Title, opt.XLabel, opt.YLabel)
	p.X.Tick.Marker = niceTicks{n: 6}
	p.Y.Tick.Marker = niceTicks{n: 6}
	p.Add(s)
	if !opt.NoLegend {
		p.Add(key)
	}
	return p, nil
}

// newScatter checks Scatter's input and returns its points' plotter and
// its legend.
func newScatter(x, y []float64, cat []int, opt ScatterOptions) (*scatter, *sideKey, error) {
	if len(x) != len(y) || len(x) != len(cat) {
		return nil, nil, analysis.Errorf("scatter: %d x, %d y and %d categories: want the same number", len(x), len(y), len(cat))
	}
	n := len(x)
	if n == 0 {
		return nil, nil, analysis.Errorf("scatter: no points")
	}
	for i := range n {
		if !finite(x[i]) || !finite(y[i]) {
			return nil, nil, analysis.Errorf("scatter: point %d is (%v, %v)", i, x[i], y[i])
		}
		if c := cat[i]; c < Noise || c >= len(opt.Names) {
			return nil, nil, analysis.Errorf("scatter: point %d has category %d: want −1 (noise) to %d (%d names)", i, c, len(opt.Names)-1, len(opt.Names))
		}
	}
	hidden := make([]bool, len(opt.Names)+1) // index c+1
	hidden[0] = opt.HideNoise
	for _, c := range opt.Hidden {
		if c < Noise || c >= len(opt.Names) {
			return nil, nil, analysis.Errorf("scatter: hidden category %d: want −1 to %d", c, len(opt.Names)-1)
		}
		hidden[c+1] = true
	}
	for _, i := range opt.Highlight {
		if i < 0 || i >= n {
			return nil, nil, analysis.Errorf("scatter: highlighted point %d: want 0 to %d", i, n-1)
		}
	}
	if opt.Colors != nil && len(opt.Colors) != len(opt.Names) {
		return nil, nil, analysis.Errorf("scatter: %d colours for %d categories: want one per name", len(opt.Colors), len(opt.Names))
	}
	if len(opt.Dimmed) != 0 && len(opt.Dimmed) != n {
		return nil, nil, analysis.Errorf("scatter: %d dimmed flags for %d points: want one per point", len(opt.Dimmed), n)
	}
	var mark []bool // nil if none
	for _, i := range opt.Marked {
		if i < 0 || i >= n {
			return nil, nil, analysis.Errorf("scatter: marked point %d: want 0 to %d", i, n-1)
		}
		if mark == nil {
			mark = make([]bool, n)
		}
		mark[i] = true
	}
	dim := opt.Dimmed
	if !slices.Contains(dim, true) {
		dim = nil
	}
	th, err := newThumbs(opt, n, hidden, dim)
	if err != nil {
		return nil, nil, err
	}
	radius := opt.Radius
	switch {
	case radius < 0 || math.IsNaN(float64(radius)) || radius > vg.Points(50):
		return nil, nil, analysis.Errorf("scatter: radius %v: want 0 to 50 points", float64(radius))
	case radius == 0:
		radius = vg.Points(min(4, max(1.2, 160/math.Sqrt(float64(n)))))
	}

	counts := make([]int, len(opt.Names)+1)
	for _, c := range cat {
		counts[c+1]++
	}
	// Copies, so that the plot does not change with the caller's slices.
	s := &scatter{x: slices.Clone(x), y: slices.Clone(y), cat: slices.Clone(cat), radius: radius, colors: slices.Clone(opt.Colors)}
	s.xmin, s.xmax = minMax(x)
	s.ymin, s.ymax = minMax(y)
	s.order = make([]int32, 0, n)
	// Dimmed points first (marked or not), then the noise, then the
	// others; marked points are drawn in a pass of their own.
	if dim != nil {
		for i, c := range s.cat {
			if dim[i] && !hidden[c+1] {
				s.order = append(s.order, int32(i))
			}
		}
		s.nDim = len(s.order)
	}
	plain := func(i int) bool { return (dim == nil || !dim[i]) && (mark == nil || !mark[i]) }
	if !hidden[0] {
		for i, c := range s.cat {
			if c == Noise && plain(i) {
				s.order = append(s.order, int32(i))
			}
		}
	}
	noise := len(s.order)
	for i, c := range s.cat {
		if c != Noise && !hidden[c+1] && plain(i) {
			s.order = append(s.order, int32(i))
		}
	}
	rest := s.order[noise:]
	r := rand.New(rand.NewPCG(1, 2))
	r.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
	s.highlight = slices.Clone(opt.Highlight)
	s.thumbs = th
	if mark != nil {
		s.mark = mark
		for i, m := range mark {
			if m && !hidden[s.cat[i]+1] && (dim == nil || !dim[i]) {
				s.marked = append(s.marked, int32(i))
			}
		}
	}

	return s, scatterKey(opt.Names, counts, hidden, s.color), nil
}

// ScatterDense is Scatter of the two columns of an n×2 matrix.
func ScatterDense(xy *mat.Dense, cat []int, opt ScatterOptions) (*plot.Plot, error) {
	if xy == nil || xy.IsEmpty() {
		return nil, analysis.Errorf("scatter: no points")
	}
	if _, d := xy.Dims(); d != 2 {
		return nil, analysis.Errorf("scatter: the matrix has %d columns: want 2", d)
	}
	return Scatter(mat.Col(nil, 0, xy), mat.Col(nil, 1, xy), cat, opt)
}

// scatter is the plotter of Scatter's points.
type scatter struct {
	colors    []color.NRGBA // the categories' colours; nil for CategoryColor
	x, y      []float64
	cat       []int
	order     []int32 // indices of the points to draw, in drawing order
	nDim      int     // the first nDim of order are dimmed
	mark      []bool  // whether each point is marked; nil if none is
	marked    []int32 // marked points not dimmed, drawn after order
	highlight []int
	radius    vg.Length
	thumbs    *thumbs // nil without thumbnails

	xmin, xmax, ymin, ymax float64
}

// DataRange implements plot.DataRanger: the range of all points, drawn or
// hidden.
func (s *scatter) DataRange() (xmin, xmax, ymin, ymax float64) {
	return s.xmin, s.xmax, s.ymin, s.ymax
}

// GlyphBoxes implements plot.GlyphBoxer. All glyphs but the highlighted
// ones are the same size, so the corners of the data range stand for all
// points.
func (s *scatter) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	r := s.radius
	if len(s.highlight) > 0 {
		r = s.highlightRadius()
	}
	rect := vg.Rectangle{Min: vg.Point{X: -r, Y: -r}, Max: vg.Point{X: r, Y: r}}
	return []plot.GlyphBox{
		{X: p.X.Norm(s.xmin), Y: p.Y.Norm(s.ymin), Rectangle: rect},
		{X: p.X.Norm(s.xmax), Y: p.Y.Norm(s.ymax), Rectangle: rect},
	}
}

// highlightRadius is the radius of highlighted points.
func (s *scatter) highlightRadius() vg.Length {
	return max(2*s.radius, vg.Points(5))
}

// Plot implements plot.Plotter. Circles, by far the most common glyph,
// are drawn with one reused path.
func (s *scatter) Plot(c draw.Canvas, p *plot.Plot) {
	if !roomy(c) {
		return
	}
	trX, trY := p.Transforms(&c)
	var path vg.Path
	cur := -2 // category whose colour is set; −3 for DimColor, −4 for none
	for k, i := range s.order {
		pt := vg.Point{X: trX(s.x[i]), Y: trY(s.y[i])}
		if !c.Contains(pt) {
			continue
		}
		cat := s.cat[i]
		if k < s.nDim {
			if s.mark != nil && s.mark[i] {
				path = s.ring(&c, path, pt)
				cur = -4
			}
			if cur != -3 {
				c.SetColor(DimColor)
				cur = -3
			}
			path = s.point(&c, path, pt, cat, DimColor)
			continue
		}
		if cat != cur {
			c.SetColor(s.color(cat))
			cur = cat
		}
		path = s.point(&c, path, pt, cat, s.color(cat))
	}
	for _, i := range s.marked {
		pt := vg.Point{X: trX(s.x[i]), Y: trY(s.y[i])}
		if !c.Contains(pt) {
			continue
		}
		path = s.ring(&c, path, pt)
		col := s.color(s.cat[i])
		c.SetColor(col)
		path = s.point(&c, path, pt, s.cat[i], col)
	}
	if s.thumbs != nil {
		s.plotThumbs(&c, p)
		return
	}
	for _, i := range s.highlight {
		path = s.highlightDot(&c, path, vg.Point{X: trX(s.x[i]), Y: trY(s.y[i])}, i)
	}
}

// highlightDot draws highlighted point i at pt and returns path for
// reuse.
func (s *scatter) highlightDot(c *draw.Canvas, path vg.Path, pt vg.Point, i int) vg.Path {
	// A white halo under the dark outline sets the point off from any
	// background.
	halo := draw.LineStyle{Color: color.White, Width: vg.Points(4)}
	outline := draw.LineStyle{Color: OutlineColor, Width: vg.Points(1.5)}
	path = circle(path[:0], pt, s.highlightRadius())
	c.SetLineStyle(halo)
	c.Stroke(path)
	c.SetColor(s.color(s.cat[i]))
	c.Fill(path)
	c.SetLineStyle(outline)
	c.Stroke(path)
	return path
}

// point draws point pt of category cat in colour col, which is set, and
// returns path for reuse.
func (s *scatter) point(c *draw.Canvas, path vg.Path, pt vg.Point, cat int, col color.Color) vg.Path {
	shape := CategoryGlyph(cat)
	if _, ok := shape.(draw.CircleGlyph); ok {
		path = circle(path[:0], pt, s.radius)
		c.Fill(path)
		return path
	}
	shape.DrawGlyph(c, draw.GlyphStyle{Color: col, Radius: s.radius, Shape: shape}, pt)
	return path
}

// ring draws the dark disc under a marked point at pt, MarkRing larger
// than the point, and returns path for reuse. It leaves the colour set to
// OutlineColor.
func (s *scatter) ring(c *draw.Canvas, path vg.Path, pt vg.Point) vg.Path {
	c.SetColor(OutlineColor)
	path = circle(path[:0], pt, s.radius+MarkRing)
	c.Fill(path)
	return path
}

// circle appends a circle's outline to path.
func circle(path vg.Path, pt vg.Point, r vg.Length) vg.Path {
	path.Move(vg.Point{X: pt.X + r, Y: pt.Y})
	path.Arc(pt, r, 0, 2*math.Pi)
	path.Close()
	return path
}

// finite says whether v is neither NaN nor infinite.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// minMax returns the smallest and largest of xs, which is not empty.
func minMax(xs []float64) (lo, hi float64) {
	lo, hi = xs[0], xs[0]
	for _, v := range xs[1:] {
		lo = min(lo, v)
		hi = max(hi, v)
	}
	return lo, hi
}

// color returns category cat's colour: opt.Colors' where given, else
// CategoryColor's; noise is always NoiseColor.
func (s *scatter) color(cat int) color.NRGBA {
	if cat >= 0 && cat < len(s.colors) {
		return s.colors[cat]
	}
	return CategoryColor(cat)
}
