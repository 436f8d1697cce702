package gui

import (
	"encoding/csv"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/analysis/featfile"
	"github.com/fashionlens/fashionlens/gui/plotview"
)

// dragOnCanvas drags over the window's canvas along path (canvas
// coordinates) with the modifier keys mod, the way Fyne's desktop driver
// delivers it to the map under the first point: a press, a drag event
// for each further point (its position and the move since the last),
// and the end of the drag.
func dragOnCanvas(t *testing.T, w *Window, view *plotview.View, mod fyne.KeyModifier, path ...fyne.Position) {
	t.Helper()
	onUI(w, func() {
		origin, found := positionIn(w.Canvas().Content(), view, fyne.Position{})
		if !found {
			t.Fatal("the map is not in the window")
		}
		local := func(p fyne.Position) fyne.Position { return p.Subtract(origin) }
		view.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: local(path[0]), AbsolutePosition: path[0]},
			Button: desktop.MouseButtonPrimary, Modifier: mod})
		for k := 1; k < len(path); k++ {
			d := path[k].Subtract(path[k-1])
			view.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: local(path[k]), AbsolutePosition: path[k]},
				Dragged: fyne.Delta{DX: d.X, DY: d.Y}})
		}
		view.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: local(path[len(path)-1])}, Button: desktop.MouseButtonPrimary, Modifier: mod})
		view.DragEnd()
	})
	waitIdle(t, w)
}

// insidePolygon is the even-odd rule, the test's own.
func insidePolygon(p fyne.Position, poly []fyne.Position) bool {
	in := false
	for i, j := 0, len(poly)-1; i < len(poly); j, i = i, i+1 {
		a, b := poly[i], poly[j]
		if (a.Y > p.Y) != (b.Y > p.Y) && p.X < (b.X-a.X)*(p.Y-a.Y)/(b.Y-a.Y)+a.X {
			in = !in
		}
	}
	return in
}

// pointsInside returns the points of view drawn inside poly (widget
// coordinates) that are in colour: on screen, of a shown class, not
// greyed.
func pointsInside(w *Window, view *plotview.View, poly []fyne.Position) []int {
	var out []int
	dim := view.Dimmed()
	for i := range w.derived.Len() {
		pos, ok := view.PointPosition(i)
		if ok && (dim == nil || !dim[i]) && insidePolygon(pos, poly) {
			out = append(out, i)
		}
	}
	return out
}

// Box and lasso drags on the Embeddings map select the points they
// enclose, Shift adds and Alt removes; both maps and both selection
// panels show the one selection; Escape clears it and Ctrl+A selects
// every point in colour.
func TestBoxAndLassoSelection(t *testing.T) {
	_, w := exploreWindow(t)
	onUI(w, func() { w.SelectTab("Embeddings") })
	waitIdle(t, w)
	v := w.embTab.view
	var origin fyne.Position
	var size fyne.Size
	onUI(w, func() {
		origin, _ = positionIn(w.Canvas().Content(), v, fyne.Position{})
		size = v.Size()
		w.embTab.filter.tool.SetSelected("Box")
	})
	if v.Tool() != plotview.Box {
		t.Fatalf("the Box choice set the tool %v", v.Tool())
	}
	at := func(fx, fy float32) fyne.Position { return fyne.NewPos(fx*size.Width, fy*size.Height) }
	rect := func(a, b fyne.Position) []fyne.Position {
		return []fyne.Position{a, fyne.NewPos(b.X, a.Y), b, fyne.NewPos(a.X, b.Y)}
	}
	abs := func(ps ...fyne.Position) []fyne.Position {
		out := make([]fyne.Position, len(ps))
		for i, p := range ps {
			out[i] = origin.Add(p)
		}
		return out
	}
	selection := func() []int {
		var s []int
		onUI(w, func() { s = w.ws.Selection() })
		return s
	}

	// A box.
	a, b := at(0.3, 0.3), at(0.6, 0.7)
	var want []int
	onUI(w, func() { want = pointsInside(w, v, rect(a, b)) })
	if len(want) < 50 {
		t.Fatalf("the box holds %d points: the test needs a fuller one", len(want))
	}
	dragOnCanvas(t, w, v, 0, abs(a, at(0.45, 0.5), b)...)
	if got := selection(); !slices.Equal(got, want) {
		t.Fatalf("box: selected %d points, want %d", len(got), len(want))
	}
	onUI(w, func() {
		for _, view := range []*plotview.View{v, w.cluTab.view} {
			if !slices.Equal(view.Marked(), want) {
				t.Errorf("a map marks %d points, want %d", len(view.Marked()), len(want))
			}
		}
		for _, p := range []*selectionPanel{w.embTab.selPanel, w.cluTab.selPanel} {
			if !strings.Contains(p.title.Text, "Selection: ") || !strings.Contains(p.about.Text, "True classes:") || len(p.items) != len(want) {
				t.Errorf("selection panel: %q, %q, %d images", p.title.Text, p.about.Text, len(p.items))
			}
		}
	})

	// A lasso, with Shift: added.
	lasso := []fyne.Position{at(0.1, 0.1), at(0.25, 0.05), at(0.4, 0.15), at(0.3, 0.3), at(0.35, 0.45), at(0.15, 0.4), at(0.05, 0.25)}
	w.embTab.filter.tool.SetSelected("Lasso")
	var inLasso []int
	onUI(w, func() { inLasso = pointsInside(w, v, lasso) })
	if len(inLasso) == 0 {
		t.Fatal("the lasso holds no point: the test needs another")
	}
	dragOnCanvas(t, w, v, fyne.KeyModifierShift, abs(append(lasso, lasso[0])...)...)
	union := slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(want), inLasso...))))
	if got := selection(); !slices.Equal(got, union) {
		t.Fatalf("Shift+lasso: selected %d points, want %d (%d + %d)", len(got), len(union), len(want), len(inLasso))
	}

	// The same box with Alt: removed again.
	w.embTab.filter.tool.SetSelected("Box")
	dragOnCanvas(t, w, v, fyne.KeyModifierAlt, abs(a, b)...)
	var rest []int
	for _, i := range union {
		if !slices.Contains(want, i) {
			rest = append(rest, i)
		}
	}
	if got := selection(); !slices.Equal(got, rest) {
		t.Fatalf("Alt+box: %d points left, want %d", len(got), len(rest))
	}

	// Pan does not select.
	w.embTab.filter.tool.SetSelected("Pan")
	dragOnCanvas(t, w, v, 0, abs(a, b)...)
	if got := selection(); !slices.Equal(got, rest) {
		t.Fatal("a drag with the Pan tool changed the selection")
	}

	// Escape clears; Ctrl+A selects every point in colour.
	onUI(w, func() { w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape}) })
	if got := selection(); len(got) != 0 {
		t.Fatalf("Escape left %d points selected", len(got))
	}
	onUI(w, func() {
		v.SetHidden(0, true) // a hidden class is not selected
		w.Canvas().(fyne.Shortcutable).TypedShortcut(&fyne.ShortcutSelectAll{})
	})
	waitIdle(t, w)
	got := selection()
	onUI(w, func() { want = v.Selectable() })
	if len(got) == 0 || !slices.Equal(got, want) {
		t.Fatalf("Ctrl+A selected %d points, want %d", len(got), len(want))
	}
	for _, i := range got {
		if w.derived.Labels[i] == 0 {
			t.Fatalf("Ctrl+A selected point %d of the hidden class", i)
		}
	}
}

// The filter bars set one filter: both maps grey the points it leaves
// out, both bars show it and count the rest, and "Select matching" turns
// it into the selection; "Grey the rest" greys what is not selected.
func TestFilterGreysLinkedAcrossTabs(t *testing.T) {
	_, w := exploreWindow(t)
	d := w.derived
	shirt := slices.Index(d.Classes, "Shirt")
	check := func(what string, keep func(i int) bool) int {
		t.Helper()
		n := 0
		onUI(w, func() {
			for i := range d.Len() {
				if keep(i) {
					n++
				}
			}
			for _, view := range []*plotview.View{w.embTab.view, w.cluTab.view} {
				dim := view.Dimmed()
				if dim == nil {
					t.Fatalf("%s: a map greys nothing", what)
				}
				for i, g := range dim {
					if g == keep(i) {
						t.Fatalf("%s: point %d greyed %v", what, i, g)
					}
				}
			}
			wantCount := analysis.Thousands(n) + " of 10,000 match"
			for _, b := range []*filterBar{w.embTab.filter, w.cluTab.filter} {
				if b.count.Text != wantCount {
					t.Errorf("%s: the bar says %q, want %q", what, b.count.Text, wantCount)
				}
			}
		})
		return n
	}
	onUI(w, func() { w.embTab.filter.true_.SetSelected(truePrefix + "Shirt") })
	n := check("true Shirt", func(i int) bool { return d.Labels[i] == shirt })
	if n != 1000 {
		t.Errorf("%d shirts in the test split", n)
	}
	onUI(w, func() {
		if w.cluTab.filter.true_.Selected != truePrefix+"Shirt" {
			t.Errorf("the Clusters tab's bar shows %q", w.cluTab.filter.true_.Selected)
		}
		w.cluTab.filter.outcome.SetSelected(onlyWrong)
		w.cluTab.filter.confHi.SetValue(80)
		w.cluTab.filter.index.SetText("0-4999")
	})
	conf := func(i int) float64 { return float64(d.Probs[i*len(d.Classes)+d.Pred[i]]) }
	keep := func(i int) bool {
		return d.Labels[i] == shirt && d.Pred[i] != shirt && conf(i) <= 0.8 && i <= 4999
	}
	if n := check("shirts wrongly predicted, confidence ≤ 80%, images 0-4999", keep); n == 0 {
		t.Fatal("the filter keeps nothing: the test needs a wider one")
	}

	// Select matching, then grey the rest.
	onUI(w, func() { w.ws.SelectMatching() })
	var sel []int
	onUI(w, func() { sel = w.ws.Selection() })
	for _, i := range sel {
		if !keep(i) {
			t.Fatalf("Select matching selected point %d", i)
		}
	}
	onUI(w, func() {
		w.embTab.filter.clear()
		w.embTab.selPanel.only.SetChecked(true)
	})
	onUI(w, func() {
		dim := w.cluTab.view.Dimmed()
		for i := range dim {
			if dim[i] == slices.Contains(sel, i) {
				t.Fatalf("grey the rest: point %d greyed %v", i, dim[i])
			}
		}
		if !w.cluTab.selPanel.only.Checked {
			t.Error("the Clusters tab's panel does not show 'Grey the rest'")
		}
	})
	// A cluster filter.
	onUI(w, func() {
		w.embTab.selPanel.clear.OnTapped()
		b := w.embTab.filter
		b.cluster.SetSelected(b.cluster.Options[2]) // K-means 1
	})
	km := w.clustering("kmeans")
	check("K-means cluster 1", func(i int) bool { return km.Labels[i] == 1 })
	if f := w.ws.Filter(); f.Clustering != "kmeans" || !slices.Equal(f.Clusters, []int{1}) {
		t.Errorf("the cluster choice set %+v", f)
	}
	onUI(w, func() { test.Tap(findButton(t, w.cluTab.filter.box, "Clear filter")) })
	onUI(w, func() {
		if w.embTab.view.Dimmed() != nil || w.ws.Filter().Active() {
			t.Error("Clear filter left points greyed")
		}
	})
}

// findButton returns the button labelled text in the tree of o.
func findButton(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch o := o.(type) {
		case *widget.Button:
			if o.Text == text {
				found = o
			}
		case *fyne.Container:
			for _, c := range o.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(o).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	if found == nil {
		t.Fatalf("no button %q", text)
	}
	return found
}

// The selection's exports: CSV of its rows (with the confidence and every
// clustering), the projector TSV of its vectors and metadata, and a
// montage of its images.
func TestSelectionExports(t *testing.T) {
	_, w := exploreWindow(t)
	d := w.derived
	sel := []int{3, 17, 256, 9999}
	onUI(w, func() { w.ws.Select(sel) })
	dir := t.TempDir()
	csvPath, tsvPath, pngPath := filepath.Join(dir, "sel.csv"), filepath.Join(dir, "sel-vectors.tsv"), filepath.Join(dir, "sel.png")
	fakeSave(w, csvPath, tsvPath, pngPath)
	onUI(w, w.exportSelectionCSV)
	waitIdle(t, w)
	onUI(w, w.exportSelectionTSV)
	waitIdle(t, w)
	onUI(w, w.exportSelectionMontage)
	waitIdle(t, w)
	closeDialogs(w)

	f, err := os.Open(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	km := w.clustering("kmeans")
	wantHead := []string{"point", "image_index", "true_class", "predicted_class", "confidence", "kmeans_cluster", "dbscan_cluster"}
	if len(recs) != len(sel)+1 || !slices.Equal(recs[0], wantHead) {
		t.Fatalf("selection CSV: %d lines, header %q", len(recs), recs[0])
	}
	k := len(d.Classes)
	for r, i := range sel {
		rec := recs[r+1]
		conf, _ := strconv.ParseFloat(rec[4], 64)
		if rec[0] != strconv.Itoa(i) || rec[2] != d.labelName(i) || rec[3] != d.Classes[d.Pred[i]] ||
			math.Abs(conf-float64(d.Probs[i*k+d.Pred[i]])) > 1e-4 || rec[5] != strconv.Itoa(km.Labels[i]) || rec[6] != "" {
			t.Errorf("row of point %d: %q", i, rec)
		}
	}
	vec, err := featfile.ReadFile(tsvPath, 0)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := vec.Dims(); n != len(sel) || vec.At(2, 5) != d.Features.At(256, 5) {
		t.Errorf("the projector vectors hold %d rows (want %d) or the wrong ones", n, len(sel))
	}
	meta, err := os.ReadFile(filepath.Join(dir, "sel-metadata.tsv"))
	if err != nil || strings.Count(string(meta), "\n") != len(sel)+1 || !strings.Contains(string(meta), "\t9999\n") {
		t.Errorf("metadata: %q, %v", meta, err)
	}
	if f, err := os.Open(pngPath); err != nil {
		t.Error(err)
	} else {
		img, err := png.Decode(f)
		f.Close()
		if err != nil || img.Bounds().Dx() < 28 {
			t.Errorf("montage: %v", err)
		}
	}
}

// Every scene of the screenshot command sets up without an error.
func TestScenes(t *testing.T) {
	_, w := exploreWindow(t)
	for _, name := range SceneNames {
		var err error
		var sc *Scene
		onUI(w, func() { sc, err = w.SetScene(name) })
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		waitIdle(t, w)
		onUI(w, func() {
			sc.Finish()
			_, err = sc.Capture()
		})
		if err != nil {
			t.Errorf("%s: capture: %v", name, err)
		}
		onUI(w, func() {
			switch name {
			case "suspects":
				if w.suspects == nil || len(w.suspects.order) != w.derived.Len() {
					t.Error("the suspects scene did not rank the points")
				}
			case "umap":
				if w.layoutNamed("umap") == nil || w.embTab.which.Selected != "UMAP" {
					t.Error("the umap scene did not compute and show UMAP")
				}
			case "images":
				if !w.embTab.view.ShowImages() {
					t.Error("the images scene does not show the images")
				}
			}
		})
	}
	onUI(w, func() {
		if w.suspects != nil {
			w.suspects.win.Close()
		}
	})
	if _, err := w.SetScene("nothing"); err == nil {
		t.Error("an unknown scene set up")
	}
}
