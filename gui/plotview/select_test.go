package plotview

import (
	"image"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/fashionlens/fashionlens/analysis/plot"
)

func TestBoxSelect(t *testing.T) {
	d := blobs(2000, 5, 10, 2, 21)
	h := newHarness(t, d, 640, 480)
	dimmed := everyOther(len(d.X), 7)
	h.v.SetHidden(3, true)
	h.v.SetDimmed(dimmed)
	h.settle()
	areas, taps := record(h.v)
	h.v.SetTool(Box)
	if h.v.Tool() != Box {
		t.Fatalf("tool %v", h.v.Tool())
	}
	view, renders := h.v.view, h.v.Renders()
	a, b := fyne.NewPos(150, 100), fyne.NewPos(450, 350)
	inBox := func(p fyne.Position) bool { return p.X >= a.X && p.X <= b.X && p.Y >= a.Y && p.Y <= b.Y }
	want := wantIn(selectable(h, dimmed), inBox)
	// The box holds hidden and dimmed points that must be left out.
	excluded := 0
	for i := range d.X {
		if p, ok := h.v.PointPosition(i); ok && inBox(p) && (d.Cat[i] == 3 || dimmed[i]) {
			excluded++
		}
	}
	if len(want) < 100 || excluded < 20 {
		t.Fatalf("%d points to select, %d to leave out: a weak test", len(want), excluded)
	}
	for _, tc := range []struct {
		mod fyne.KeyModifier
		op  SelectOp
	}{
		{0, Replace}, {fyne.KeyModifierShift, Add}, {fyne.KeyModifierAlt, Remove},
		{fyne.KeyModifierControl, Remove}, {fyne.KeyModifierShift | fyne.KeyModifierControl, Remove},
	} {
		*areas = nil
		dragPath(h.v, tc.mod, line(a, b, 7), func() {
			r := h.v.r
			if !r.over.box.Visible() || r.over.rect.Position() != a || r.over.rect.Size() != fyne.NewSize(300, 250) {
				t.Errorf("while dragging: overlay shown %v, rectangle at %v, %v", r.over.box.Visible(), r.over.rect.Position(), r.over.rect.Size())
			}
			if h.v.Cursor() != desktop.CrosshairCursor {
				t.Error("no crosshair while dragging a box")
			}
		})
		if len(*areas) != 1 || (*areas)[0].op != tc.op || !slices.Equal((*areas)[0].idx, want) {
			t.Fatalf("modifiers %v: OnSelectArea calls %d, want one with %d points and %v", tc.mod, len(*areas), len(want), tc.op)
		}
		if h.v.r.over.box.Visible() {
			t.Error("overlay still shown after the drag")
		}
	}
	// Dragged the other way: the same box.
	*areas = nil
	dragPath(h.v, 0, line(b, a, 4), nil)
	if len(*areas) != 1 || !slices.Equal((*areas)[0].idx, want) {
		t.Errorf("box dragged up and left: %v", *areas)
	}
	// Without a MouseDown (Fyne's test.Drag gives the start as the
	// position): a Replace of the box from p − delta to p.
	*areas = nil
	test.Drag(h.win.Canvas(), a, -300, -250)
	if len(*areas) != 1 || (*areas)[0].op != Replace || !slices.Equal((*areas)[0].idx, want) {
		t.Errorf("test.Drag: %v", *areas)
	}
	if h.v.view != view || len(*taps) != 0 || h.v.Selected() != -1 {
		t.Error("a box drag panned, or selected a point")
	}
	h.settle()
	if h.v.Renders() != renders {
		t.Errorf("%d renders for box drags, want %d", h.v.Renders(), renders)
	}
	// PointsInRect agrees.
	if got := h.v.PointsInRect(b, a); !slices.Equal(got, want) {
		t.Errorf("PointsInRect: %d points, want %d", len(got), len(want))
	}
}

func TestLassoSelect(t *testing.T) {
	d := blobs(3000, 6, 9, 3, 22)
	h := newHarness(t, d, 700, 520)
	dimmed := everyOther(len(d.X), 5)
	h.v.SetDimmed(dimmed)
	h.v.SetHidden(1, true)
	h.settle()
	areas, _ := record(h.v)
	h.v.SetTool(Lasso)
	sel := selectable(h, dimmed)
	for _, tc := range []struct {
		name string
		poly []fyne.Position
		mod  fyne.KeyModifier
		op   SelectOp
	}{
		{"blob", densify(blob(fyne.NewPos(350, 260), 220, 200, 1), 4), 0, Replace},
		{"star", densify(star(fyne.NewPos(340, 250), 230), 5), fyne.KeyModifierShift, Add},
		{"small blob", densify(blob(fyne.NewPos(200, 200), 60, 40, 2), 3.5), fyne.KeyModifierAlt, Remove},
	} {
		*areas = nil
		lines := 0
		dragPath(h.v, tc.mod, tc.poly, func() {
			h.v.mu.Lock()
			sd := h.v.sd
			h.v.mu.Unlock()
			if sd == nil || len(sd.poly) != len(tc.poly) {
				t.Fatalf("%s: lasso of %v vertices, want %d", tc.name, sd, len(tc.poly))
			}
			lines = h.v.r.over.drawn
		})
		want := wantIn(sel, func(p fyne.Position) bool { return evenOdd(tc.poly, float64(p.X), float64(p.Y)) })
		if len(*areas) != 1 || (*areas)[0].op != tc.op || !slices.Equal((*areas)[0].idx, want) {
			t.Fatalf("%s: OnSelectArea %d calls, want one with %d points (%v)", tc.name, len(*areas), len(want), tc.op)
		}
		if len(want) < 20 {
			t.Errorf("%s: only %d points inside: a weak test", tc.name, len(want))
		}
		if lines != len(tc.poly)-1 || h.v.r.over.box.Visible() {
			t.Errorf("%s: %d lines drawn, want %d; shown after the drag %v", tc.name, lines, len(tc.poly)-1, h.v.r.over.box.Visible())
		}
		if got := h.v.PointsInPolygon(tc.poly); !slices.Equal(got, want) {
			t.Errorf("%s: PointsInPolygon gives %d points, want %d", tc.name, len(got), len(want))
		}
	}
	// The star's middle is wound twice: outside by the even-odd rule.
	s := star(fyne.NewPos(340, 250), 230)
	got := h.v.PointsInPolygon(s)
	middle := 0
	for i, p := range sel {
		if winding(s, float64(p.X), float64(p.Y))%2 == 0 && winding(s, float64(p.X), float64(p.Y)) != 0 {
			middle++
			if slices.Contains(got, i) {
				t.Fatalf("point %d in the star's middle selected", i)
			}
		}
	}
	if middle < 20 {
		t.Errorf("only %d points in the star's middle: a weak test", middle)
	}
}

// TestPolygonBrute compares PointsInPolygon and PointsInRect with brute
// force over random polygons, simple and not, in zoomed and panned views.
func TestPolygonBrute(t *testing.T) {
	d := blobs(5000, 7, 11, 3, 23)
	h := newHarness(t, d, 600, 450)
	dimmed := everyOther(len(d.X), 3)
	h.v.SetDimmed(dimmed)
	h.v.SetHidden(plot.Noise, true)
	rnd := rand.New(rand.NewPCG(7, 7))
	check := func(what string) {
		t.Helper()
		sel := selectable(h, dimmed)
		total := 0
		for k := range 60 {
			n := 3 + rnd.IntN(40)
			if k%10 == 0 {
				n = 300
			}
			poly := make([]fyne.Position, n)
			for j := range poly {
				poly[j] = fyne.NewPos(float32(rnd.Float64()*700-50), float32(rnd.Float64()*550-50))
			}
			if k%3 == 0 { // a simple one
				poly = blob(poly[0], 30+rnd.Float64()*250, n, uint64(k))
			}
			want := wantIn(sel, func(p fyne.Position) bool { return evenOdd(poly, float64(p.X), float64(p.Y)) })
			if got := h.v.PointsInPolygon(poly); !slices.Equal(got, want) {
				t.Fatalf("%s: polygon %d (%d vertices): %d points, want %d", what, k, n, len(got), len(want))
			}
			total += len(want)
			a := fyne.NewPos(float32(rnd.Float64()*600), float32(rnd.Float64()*450))
			b := fyne.NewPos(float32(rnd.Float64()*600), float32(rnd.Float64()*450))
			want = wantIn(sel, func(p fyne.Position) bool {
				return p.X >= min(a.X, b.X) && p.X <= max(a.X, b.X) && p.Y >= min(a.Y, b.Y) && p.Y <= max(a.Y, b.Y)
			})
			if got := h.v.PointsInRect(a, b); !slices.Equal(got, want) {
				t.Fatalf("%s: rectangle %v–%v: %d points, want %d", what, a, b, len(got), len(want))
			}
		}
		if total < 1000 {
			t.Errorf("%s: only %d points in all polygons: a weak test", what, total)
		}
		all := wantIn(sel, func(fyne.Position) bool { return true })
		if got := h.v.Selectable(); !slices.Equal(got, all) {
			t.Errorf("%s: Selectable gives %d points, want %d", what, len(got), len(all))
		}
	}
	check("full view")
	h.v.Zoom(1.8, fyne.NewPos(250, 200))
	h.v.Pan(40, -25)
	check("zoomed and panned")
	h.settle()
}

func TestSelectDegenerate(t *testing.T) {
	h := newHarness(t, blobs(1500, 4, 0, 4, 24), 500, 400)
	areas, _ := record(h.v)
	p := fyne.NewPos(250, 200)
	for _, tc := range []struct {
		name string
		tool Tool
		path []fyne.Position
	}{
		{"box not moved", Box, []fyne.Position{p, p}},
		{"box flat", Box, line(p, p.AddXY(120, 0), 4)},
		{"box thin", Box, line(p, p.AddXY(-80, 0.3), 4)},
		{"lasso not moved", Lasso, []fyne.Position{p, p}},
		{"lasso of two vertices", Lasso, []fyne.Position{p, p.AddXY(50, 40)}},
		{"lasso on a line", Lasso, append(line(p, p.AddXY(150, 90), 20), line(p.AddXY(150, 90), p.AddXY(-60, -36), 30)...)},
		{"lasso too small", Lasso, []fyne.Position{p, p.AddXY(1, 1), p.AddXY(2, 0)}},
	} {
		*areas = nil
		h.v.SetTool(tc.tool)
		dragPath(h.v, 0, tc.path, nil)
		if len(*areas) != 0 {
			t.Errorf("%s: OnSelectArea called with %d points", tc.name, len((*areas)[0].idx))
		}
	}
	if got := h.v.PointsInPolygon([]fyne.Position{p, p.AddXY(300, 0)}); got != nil {
		t.Errorf("PointsInPolygon of two vertices: %v", got)
	}
	if got := h.v.PointsInPolygon(line(fyne.NewPos(0, 0), fyne.NewPos(500, 400), 50)); got != nil {
		t.Errorf("PointsInPolygon of collinear vertices: %d points", len(got))
	}
	if got := h.v.PointsInPolygon([]fyne.Position{p, p.AddXY(9, 9), fyne.NewPos(float32(math.NaN()), 3)}); got != nil {
		t.Errorf("PointsInPolygon with NaN: %v", got)
	}
	// An empty view: a box over all of it replaces the selection with
	// nothing.
	h.v.SetTool(Box)
	for range 6 {
		h.v.Zoom(1000, h.emptySpot())
	}
	h.settle()
	if got := h.v.Selectable(); got != nil {
		t.Fatalf("an empty view: %d selectable points", len(got))
	}
	*areas = nil
	dragPath(h.v, 0, line(fyne.NewPos(1, 1), fyne.NewPos(499, 399), 5), nil)
	if len(*areas) != 1 || (*areas)[0].idx == nil || len((*areas)[0].idx) != 0 || (*areas)[0].op != Replace {
		t.Errorf("box over an empty view: %v, want one empty Replace", *areas)
	}
	if got := h.v.PointsInRect(fyne.NewPos(0, 0), fyne.NewPos(500, 400)); got != nil {
		t.Errorf("PointsInRect in an empty view: %v", got)
	}
}

func TestLassoThinned(t *testing.T) {
	h := newHarness(t, blobs(3000, 5, 0, 3, 25), 640, 480)
	areas, _ := record(h.v)
	h.v.SetTool(Lasso)
	// A spiral of 3000 steps of 4 pixels.
	var path []fyne.Position
	c := fyne.NewPos(320, 240)
	for k := range 3000 {
		a := float64(k) * 0.02
		r := 40 + 180*float64(k)/3000
		path = append(path, c.AddXY(float32(r*math.Cos(a)), float32(r*math.Sin(a))))
	}
	var poly []fyne.Position
	dragPath(h.v, 0, path, func() {
		h.v.mu.Lock()
		poly = h.v.sd.lasso()
		h.v.mu.Unlock()
		if n := len(h.v.r.over.box.Objects); n > maxLasso+2 {
			t.Errorf("%d overlay objects", n)
		}
	})
	if len(poly) > maxLasso+1 || len(poly) < maxLasso/2 {
		t.Errorf("lasso of %d vertices, want at most %d", len(poly), maxLasso)
	}
	want := wantIn(selectable(h, nil), func(p fyne.Position) bool { return evenOdd(poly, float64(p.X), float64(p.Y)) })
	if len(*areas) != 1 || !slices.Equal((*areas)[0].idx, want) || len(want) < 50 {
		t.Errorf("thinned lasso: %d calls, want one with %d points", len(*areas), len(want))
	}
}

func TestModifierTaps(t *testing.T) {
	d := blobs(300, 3, 0, 0.5, 26)
	h := newHarness(t, d, 600, 450)
	areas, taps := record(h.v)
	tap := func(i int, mod fyne.KeyModifier) {
		p := h.pos(i)
		press(h.v, p, mod)
		h.v.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p}, Button: desktop.MouseButtonPrimary})
		test.TapAt(h.v, p)
	}
	for _, tool := range []Tool{Pan, Box, Lasso} {
		h.v.SetTool(tool)
		*areas, *taps = nil, nil
		tap(4, fyne.KeyModifierShift)
		tap(7, fyne.KeyModifierAlt)
		tap(10, fyne.KeyModifierControl)
		want := []areaCall{{[]int{4}, Add}, {[]int{7}, Remove}, {[]int{10}, Remove}}
		if !slices.EqualFunc(*areas, want, func(a, b areaCall) bool { return a.op == b.op && slices.Equal(a.idx, b.idx) }) || len(*taps) != 0 || h.v.Selected() != -1 {
			t.Errorf("%v: modifier taps gave %v (OnSelect %v, selected %d)", tool, *areas, *taps, h.v.Selected())
		}
		// The modifiers are forgotten after the tap.
		*areas = nil
		test.TapAt(h.v, h.pos(13))
		if len(*areas) != 0 || !slices.Equal(*taps, []int{13}) || h.v.Selected() != 13 {
			t.Errorf("%v: a plain tap after a Shift tap: %v, OnSelect %v", tool, *areas, *taps)
		}
		h.v.SetSelected(-1)
	}
	// A secondary button's press gives no modifiers.
	*areas, *taps = nil, nil
	h.v.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: h.pos(5)}, Button: desktop.MouseButtonSecondary, Modifier: fyne.KeyModifierShift})
	test.TapAt(h.v, h.pos(5))
	if len(*areas) != 0 || !slices.Equal(*taps, []int{5}) {
		t.Errorf("tap after a secondary press: %v, OnSelect %v", *areas, *taps)
	}
	// Dimmed points: a plain tap inspects them, a Shift tap passes over.
	h.v.SetDimmed(everyOther(len(d.X), 2)) // the even points
	*areas, *taps = nil, nil
	tap(8, fyne.KeyModifierShift)
	tap(8, 0)
	if slices.ContainsFunc(*areas, func(a areaCall) bool { return slices.Contains(a.idx, 8) }) || !slices.Equal(*taps, []int{8}) {
		t.Errorf("dimmed point 8: OnSelectArea %v, OnSelect %v", *areas, *taps)
	}
	// Hidden points are not hit at all.
	h.v.SetHidden(d.Cat[11], true)
	*areas, *taps = nil, nil
	tap(11, fyne.KeyModifierShift)
	tap(11, 0)
	if slices.ContainsFunc(*areas, func(a areaCall) bool { return slices.Contains(a.idx, 11) }) || slices.Contains(*taps, 11) {
		t.Errorf("hidden point 11: OnSelectArea %v, OnSelect %v", *areas, *taps)
	}
	h.settle()
}

func TestPanToolUnchanged(t *testing.T) {
	h := newHarness(t, blobs(300, 3, 0, 2, 27), 600, 400)
	areas, _ := record(h.v)
	if h.v.Tool() != Pan {
		t.Fatalf("default tool %v", h.v.Tool())
	}
	h.v.SetTool(Tool(7))
	if h.v.Tool() != Pan {
		t.Errorf("SetTool(7) made the tool %v", h.v.Tool())
	}
	if c := h.v.Cursor(); c != desktop.DefaultCursor {
		t.Errorf("cursor %v with Pan over empty space", c)
	}
	i := shown(h, 1)[0]
	p := h.pos(i)
	dragPath(h.v, fyne.KeyModifierShift, line(p, p.AddXY(35, -20), 5), nil)
	if q := h.pos(i); !near(q, p.AddXY(35, -20), 1) {
		t.Errorf("Shift-drag with Pan: point %d moved from %v to %v, want %v", i, p, q, p.AddXY(35, -20))
	}
	if len(*areas) != 0 || h.v.r.over.box.Visible() {
		t.Errorf("a pan selected %v", *areas)
	}
	h.v.SetTool(Lasso)
	h.v.MouseOut()
	if c := h.v.Cursor(); c != desktop.CrosshairCursor {
		t.Errorf("cursor %v with Lasso", c)
	}
	// Scrolling zooms with any tool.
	before := h.v.view
	h.v.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: p, AbsolutePosition: p}, Scrolled: fyne.Delta{DY: 20}})
	if h.v.view.w() >= before.w() {
		t.Error("scrolling with the Lasso did not zoom")
	}
	// A tool changed during a drag applies to the next one.
	h.v.SetTool(Box)
	q := fyne.NewPos(100, 100)
	press(h.v, q, 0)
	h.v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: q.AddXY(200, 150)}, Dragged: fyne.NewDelta(200, 150)})
	h.v.SetTool(Pan)
	h.v.DragEnd()
	if len(*areas) != 1 {
		t.Errorf("tool changed during a box drag: %d calls", len(*areas))
	}
	h.settle()
}

// TestOverlayDrawn checks in the window's capture that the box and the
// lasso are drawn over the plot while dragging, and gone after.
func TestOverlayDrawn(t *testing.T) {
	h := newHarness(t, blobs(200, 3, 0, 1, 30), 500, 400)
	c := h.win.Canvas()
	before := c.Capture()
	// changed says whether a pixel within one of p differs from before by
	// more than 40 in a channel.
	changed := func(img image.Image, p fyne.Position) bool {
		for dy := -1; dy <= 1; dy++ {
			for dx := -1; dx <= 1; dx++ {
				x, y := int(p.X)+dx, int(p.Y)+dy
				r0, g0, b0, _ := before.At(x, y).RGBA()
				r1, g1, b1, _ := img.At(x, y).RGBA()
				d := func(a, b uint32) bool { return max(a, b)-min(a, b) > 40<<8 }
				if d(r0, r1) || d(g0, g1) || d(b0, b1) {
					return true
				}
			}
		}
		return false
	}
	h.v.SetTool(Box)
	a, b := fyne.NewPos(100, 80), fyne.NewPos(300, 260)
	edge := fyne.NewPos(200, 80) // the middle of the top edge
	dragPath(h.v, 0, line(a, b, 3), func() {
		if !changed(c.Capture(), edge) {
			t.Error("no box outline drawn while dragging")
		}
	})
	if changed(c.Capture(), edge) {
		t.Error("box outline still drawn after the drag")
	}
	h.v.SetTool(Lasso)
	poly := densify(star(fyne.NewPos(250, 200), 150), 5)
	mid := fyne.NewPos((poly[3].X+poly[4].X)/2, (poly[3].Y+poly[4].Y)/2)
	dragPath(h.v, 0, poly, func() {
		if !changed(c.Capture(), mid) {
			t.Error("no lasso drawn while dragging")
		}
	})
	if changed(c.Capture(), mid) {
		t.Error("lasso still drawn after the drag")
	}
	h.settle()
}
