package plot

import (
	"image"
	"image/color"
	stddraw "image/draw"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/fashionlens/fashionlens/analysis"
)

// Thumbnails (ScatterOptions.Thumbs), in points.
const (
	// DefaultThumbSide is the side of a thumbnail when
	// ScatterOptions.ThumbSide is 0: 21 points, so that a 28-pixel image
	// is drawn pixel for pixel at 96 dots per inch.
	DefaultThumbSide = vg.Length(21)
	// MaxThumbSide bounds ScatterOptions.ThumbSide.
	MaxThumbSide = vg.Length(200)
	// ThumbFrame is the width of the frame in the category's colour
	// around a thumbnail: two pixels at 96 dots per inch.
	ThumbFrame = vg.Length(1.5)
)

// ThumbCell returns the side of the cells of the grid whose
// representatives get thumbnails of the given side (see PickThumbs): a
// quarter larger than the thumbnail, so that the thumbnails of a dense
// region keep gaps between them, wider than their frames.
func ThumbCell(side vg.Length) vg.Length { return side * 5 / 4 }

// ThumbReach returns how far from its point a thumbnail of the given
// side, with its frame, reaches in x and in y: half the side and the
// frame (the highlighted point's outline goes beyond).
func ThumbReach(side vg.Length) vg.Length { return side/2 + ThumbFrame }

// PickThumbs chooses the points to draw as thumbnails when drawing them
// all would pile them up. The plane is divided into square cells of side
// cell with corners at multiples of cell, and each cell that holds
// candidates offers the candidate nearest its centre (the lower index on
// a tie). Offers are then taken best-centred first (the lower index on a
// tie), each unless its thumbnail, a square of side side centred on it,
// would overlap one taken already: so no two thumbnails overlap, and in a
// dense region, where offers lie near their cells' centres, every cell
// gets one. side ≤ 0 takes every offer.
//
// Candidate ids[k] lies at (x[k], y[k]), in the unit of cell, measured
// from a fixed origin: Scatter passes a point's data coordinates times the
// length of a data unit on the canvas, so that the choice stays put when
// the plot is panned and changes when it is zoomed. Candidates with a NaN
// or infinite coordinate are left out. It returns the chosen points in
// ascending order (an empty, non-nil slice for none), or nil if cell is
// not positive and finite, side is NaN or infinite, or the slices differ
// in length.
func PickThumbs(ids []int, x, y []float64, cell, side float64) []int {
	if !(cell > 0) || math.IsInf(cell, 0) || math.IsNaN(side) || math.IsInf(side, 0) ||
		len(x) != len(ids) || len(y) != len(ids) {
		return nil
	}
	const far = 1 << 40 // cells further out are left out, to keep ints exact
	type offer struct {
		k int     // the candidate
		d float64 // its squared distance from its cell's centre
		c cellKey // its cell
	}
	better := func(a, b offer) bool { // a before b
		return a.d < b.d || (a.d == b.d && ids[a.k] < ids[b.k])
	}
	cells := make([]cellKey, len(ids))
	ok := make([]bool, len(ids))
	var lo, hi cellKey
	first := true
	for k := range ids {
		fx, fy := math.Floor(x[k]/cell), math.Floor(y[k]/cell)
		if !(math.Abs(fx) < far && math.Abs(fy) < far) { // NaN too
			continue
		}
		c := cellKey{int64(fx), int64(fy)}
		cells[k], ok[k] = c, true
		if first {
			lo, hi, first = c, c, false
		}
		lo = cellKey{min(lo.x, c.x), min(lo.y, c.y)}
		hi = cellKey{max(hi.x, c.x), max(hi.y, c.y)}
	}
	out := []int{}
	if first {
		return out
	}
	tab := newCellTable(lo, hi, len(ids))
	var offers []offer
	for k := range ids {
		if !ok[k] {
			continue
		}
		c := cells[k]
		dx, dy := x[k]-(float64(c.x)+0.5)*cell, y[k]-(float64(c.y)+0.5)*cell
		o := offer{k, dx*dx + dy*dy, c}
		if j := tab.get(c); j < 0 {
			tab.set(c, int32(len(offers)))
			offers = append(offers, o)
		} else if better(o, offers[j]) {
			offers[j] = o
		}
	}
	if side <= 0 {
		for _, o := range offers {
			out = append(out, ids[o.k])
		}
		slices.Sort(out)
		return out
	}
	slices.SortFunc(offers, func(a, b offer) int {
		if better(a, b) {
			return -1
		}
		return 1
	})
	tab.reset()                        // now the candidate taken in each cell
	r := int64(math.Ceil(side / cell)) // how many cells away a thumbnail may overlap
	for _, o := range offers {
		free := true
		for cy := o.c.y - r; cy <= o.c.y+r && free; cy++ {
			for cx := o.c.x - r; cx <= o.c.x+r; cx++ {
				if k := tab.get(cellKey{cx, cy}); k >= 0 && math.Abs(x[k]-x[o.k]) < side && math.Abs(y[k]-y[o.k]) < side {
					free = false
					break
				}
			}
		}
		if free {
			tab.set(o.c, int32(o.k))
			out = append(out, ids[o.k])
		}
	}
	slices.Sort(out)
	return out
}

// cellKey is a cell of PickThumbs's grid.
type cellKey struct{ x, y int64 }

// cellTable maps the cells of PickThumbs's grid to numbers: a dense
// array over the cells from lo to hi when that is not much larger than
// the number of candidates (the usual case: they lie in a data area),
// else a map.
type cellTable struct {
	lo, hi cellKey
	nx     int64
	dense  []int32
	m      map[cellKey]int32
}

// newCellTable returns an empty table for the cells from lo to hi, for n
// candidates.
func newCellTable(lo, hi cellKey, n int) *cellTable {
	t := &cellTable{lo: lo, hi: hi}
	nx, ny := hi.x-lo.x+1, hi.y-lo.y+1
	if nx <= 1<<20 && ny <= 1<<20 && nx*ny <= 4*int64(n)+4096 {
		t.nx = nx
		t.dense = make([]int32, nx*ny)
	}
	t.reset()
	return t
}

// reset empties the table.
func (t *cellTable) reset() {
	if t.dense == nil {
		t.m = map[cellKey]int32{}
		return
	}
	for i := range t.dense {
		t.dense[i] = -1
	}
}

// get returns the number of cell c, −1 for none.
func (t *cellTable) get(c cellKey) int32 {
	if t.dense == nil {
		if v, ok := t.m[c]; ok {
			return v
		}
		return -1
	}
	if c.x < t.lo.x || c.x > t.hi.x || c.y < t.lo.y || c.y > t.hi.y {
		return -1
	}
	return t.dense[(c.y-t.lo.y)*t.nx+c.x-t.lo.x]
}

// set makes v the number of cell c, which lies from lo to hi.
func (t *cellTable) set(c cellKey, v int32) {
	if t.dense == nil {
		t.m[c] = v
		return
	}
	t.dense[(c.y-t.lo.y)*t.nx+c.x-t.lo.x] = v
}

// thumbs are the thumbnails of a scatter.
type thumbs struct {
	img    func(i int) image.Image
	side   vg.Length
	points []int  // the points to draw as thumbnails; nil to pick them
	hidden []bool // hidden[c+1]: category c is hidden
	dim    []bool // nil, or whether each point is dimmed
}

// newThumbs checks the thumbnail options of a scatter of n points with
// the given hidden categories (hidden[c+1]) and dimmed points (nil if
// none), and returns its thumbnails; nil without opt.Thumbs.
func newThumbs(opt ScatterOptions, n int, hidden, dim []bool) (*thumbs, error) {
	for _, i := range opt.ThumbPoints {
		if i < 0 || i >= n {
			return nil, analysis.Errorf("scatter: thumbnail of point %d: want 0 to %d", i, n-1)
		}
	}
	side := opt.ThumbSide
	switch {
	case side < 0 || math.IsNaN(float64(side)) || side > MaxThumbSide:
		return nil, analysis.Errorf("scatter: thumbnail side %v: want 0 to %v points", float64(side), float64(MaxThumbSide))
	case side == 0:
		side = DefaultThumbSide
	}
	if opt.Thumbs == nil {
		return nil, nil
	}
	t := &thumbs{img: opt.Thumbs, side: side, hidden: hidden, dim: slices.Clone(dim)}
	if opt.ThumbPoints != nil {
		t.points = slices.Clone(opt.ThumbPoints)
	}
	return t, nil
}

// eligible says whether point i, of category cat, may be drawn as a
// representative thumbnail: its category shown, and not dimmed.
func (t *thumbs) eligible(i, cat int) bool {
	return !t.hidden[cat+1] && (t.dim == nil || !t.dim[i])
}

// pick returns the representatives of the points whose thumbnails lie
// wholly inside the data area of c: PickThumbs on a grid of ThumbCell.
func (s *scatter) pickThumbs(c *draw.Canvas, p *plot.Plot) []int {
	t := s.thumbs
	trX, trY := p.Transforms(c)
	kx := float64(c.Max.X-c.Min.X) / (p.X.Max - p.X.Min)
	ky := float64(c.Max.Y-c.Min.Y) / (p.Y.Max - p.Y.Min)
	reach := t.side / 2
	ids := make([]int, 0, len(s.cat))
	xs, ys := make([]float64, 0, len(s.cat)), make([]float64, 0, len(s.cat))
	for i, cat := range s.cat {
		if !t.eligible(i, cat) {
			continue
		}
		px, py := trX(s.x[i]), trY(s.y[i])
		if px-reach < c.Min.X || px+reach > c.Max.X || py-reach < c.Min.Y || py+reach > c.Max.Y {
			continue
		}
		ids = append(ids, i)
		xs = append(xs, s.x[i]*kx)
		ys = append(ys, s.y[i]*ky)
	}
	return PickThumbs(ids, xs, ys, float64(ThumbCell(t.side)), float64(t.side+2*ThumbFrame))
}

// plotThumbs draws the representatives' thumbnails over the points, the
// marked ones in a dark ring, then the highlighted points' thumbnails
// (their dots if they have no image) in a white halo and a dark outline.
func (s *scatter) plotThumbs(c *draw.Canvas, p *plot.Plot) {
	t := s.thumbs
	reps := t.points
	if reps == nil {
		reps = s.pickThumbs(c, p)
	}
	trX, trY := p.Transforms(c)
	d := newThumbPainter(c)
	for _, i := range reps {
		cat := s.cat[i]
		if !t.eligible(i, cat) || slices.Contains(s.highlight, i) {
			continue // a highlighted point comes last
		}
		pt := vg.Point{X: trX(s.x[i]), Y: trY(s.y[i])}
		if !c.Contains(pt) {
			continue
		}
		img := t.img(i)
		if img == nil || img.Bounds().Empty() {
			continue
		}
		rings := []thumbRing{{ThumbFrame, s.color(cat)}}
		if s.mark != nil && s.mark[i] {
			rings = []thumbRing{{ThumbFrame + MarkRing, OutlineColor}, rings[0]}
		}
		d.paint(c, pt, t.side, rings, img)
	}
	var path vg.Path
	for _, i := range s.highlight {
		pt := vg.Point{X: trX(s.x[i]), Y: trY(s.y[i])}
		img := t.img(i)
		if img == nil || img.Bounds().Empty() {
			path = s.highlightDot(c, path, pt, i)
			continue
		}
		d.paint(c, pt, t.side, []thumbRing{
			{ThumbFrame + vg.Points(1.5) + vg.Points(2), color.White},
			{ThumbFrame + vg.Points(1.5), OutlineColor},
			{ThumbFrame, s.color(s.cat[i])},
		}, img)
	}
}

// thumbRing is a square ring around a thumbnail: pad wider on every side
// than the image, filled in col under what lies inside it.
type thumbRing struct {
	pad vg.Length
	col color.Color
}

// thumbPainter draws thumbnails. On a raster canvas it draws straight
// into the image, pixel for pixel, with each square snapped to whole
// pixels and the image enlarged or reduced to the nearest neighbour:
// sharp, and far faster than the canvas's DrawImage, which resamples
// every image through an affine transform. On any other canvas (SVG,
// PDF) it uses the canvas's DrawImage.
type thumbPainter struct {
	dst *image.RGBA // nil for a vector canvas
	dpi float64
}

// newThumbPainter returns a painter for c.
func newThumbPainter(c *draw.Canvas) *thumbPainter {
	var ic *vgimg.Canvas
	vc := c.Canvas
	for ic == nil && vc != nil {
		switch cv := vc.(type) {
		case draw.Canvas: // gonum/plot nests them
			vc = cv.Canvas
		case *draw.Canvas:
			vc = cv.Canvas
		case *vgimg.Canvas:
			ic = cv
		case vgimg.PngCanvas:
			ic = cv.Canvas
		default:
			vc = nil
		}
	}
	if ic != nil {
		if rgba, ok := ic.Image().(*image.RGBA); ok {
			return &thumbPainter{dst: rgba, dpi: ic.DPI()}
		}
	}
	return &thumbPainter{}
}

// paint draws img as a square of the given side centred on ctr, inside
// rings, outermost first.
func (d *thumbPainter) paint(c *draw.Canvas, ctr vg.Point, side vg.Length, rings []thumbRing, img image.Image) {
	if d.dst == nil {
		sq := func(pad vg.Length) vg.Rectangle {
			h := side/2 + pad
			return vg.Rectangle{Min: vg.Point{X: ctr.X - h, Y: ctr.Y - h}, Max: vg.Point{X: ctr.X + h, Y: ctr.Y + h}}
		}
		for _, r := range rings {
			c.SetColor(r.col)
			c.Fill(sq(r.pad).Path())
		}
		c.DrawImage(sq(0), img)
		return
	}
	px := func(l vg.Length) float64 { return float64(l) * d.dpi / 72 }
	s := max(1, int(math.Round(px(side))))
	// The device's y runs down from the image's top.
	x0 := int(math.Round(px(ctr.X) - float64(s)/2))
	y0 := int(math.Round(float64(d.dst.Rect.Dy()) - px(ctr.Y) - float64(s)/2))
	box := image.Rect(x0, y0, x0+s, y0+s)
	for _, r := range rings {
		p := int(math.Round(px(r.pad)))
		if r.pad > 0 {
			p = max(p, 1)
		}
		stddraw.Draw(d.dst, box.Inset(-p), image.NewUniform(r.col), image.Point{}, stddraw.Over)
	}
	blit(d.dst, box, img)
}

// blit draws img over dst's rectangle r, scaled to it by nearest
// neighbour.
func blit(dst *image.RGBA, r image.Rectangle, img image.Image) {
	b := img.Bounds()
	clip := r.Intersect(dst.Rect)
	if clip.Empty() {
		return
	}
	w, h := r.Dx(), r.Dy()
	// Source columns of the destination's columns.
	cols := make([]int, clip.Dx())
	for x := range cols {
		cols[x] = (clip.Min.X - r.Min.X + x) * b.Dx() / w
	}
	g, gray := img.(*image.Gray)
	for y := clip.Min.Y; y < clip.Max.Y; y++ {
		sy := b.Min.Y + (y-r.Min.Y)*b.Dy()/h
		row := dst.Pix[dst.PixOffset(clip.Min.X, y):]
		if gray {
			src := g.Pix[g.PixOffset(b.Min.X, sy):]
			for x, sx := range cols {
				v := src[sx]
				o := 4 * x
				row[o], row[o+1], row[o+2], row[o+3] = v, v, v, 0xFF
			}
			continue
		}
		for x, sx := range cols {
			sr, sg, sb, sa := img.At(b.Min.X+sx, sy).RGBA()
			o := 4 * x
			k := 0xFFFF - sa // Porter–Duff over, premultiplied
			row[o] = uint8((sr + uint32(row[o])*0x101*k/0xFFFF) >> 8)
			row[o+1] = uint8((sg + uint32(row[o+1])*0x101*k/0xFFFF) >> 8)
			row[o+2] = uint8((sb + uint32(row[o+2])*0x101*k/0xFFFF) >> 8)
			row[o+3] = uint8((sa + uint32(row[o+3])*0x101*k/0xFFFF) >> 8)
		}
	}
}
