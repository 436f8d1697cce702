package gui

import (
	"bytes"
	"context"
	"encoding/xml"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis/featfile"
	"github.com/fashionlens/fashionlens/gui/plotview"
	"github.com/fashionlens/fashionlens/internal/workspace"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// sharedCache is a results cache the tests that do not test the cache
// share, so that the bundled model's features of the test split are
// computed once (which takes seconds under the race detector).
var sharedCache string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "fashionlens-gui-test-")
	if err != nil {
		panic(err)
	}
	sharedCache = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// exploreWindow opens a window on the embedded test split, with fresh
// preferences and the shared cache, and waits for its maps and K-means
// clusters.
func exploreWindow(t *testing.T) (fyne.App, *Window) {
	t.Helper()
	a := test.NewApp()
	t.Cleanup(a.Quit)
	w := mustWindow(t, a, Options{DataDir: t.TempDir(), CacheDir: sharedCache})
	t.Cleanup(w.Close)
	waitReady(t, w)
	waitIdle(t, w)
	if w.derived == nil || w.derived.Err != nil {
		t.Fatalf("derived results: %+v", w.derived)
	}
	return a, w
}

// onUI runs f as the UI goroutine would, holding the window's UI lock.
func onUI(w *Window, f func()) {
	w.uiMu.Lock()
	defer w.uiMu.Unlock()
	f()
}

// tapPoint taps the window where view draws point i, through the canvas,
// as a user's click arrives.
func tapPoint(t *testing.T, w *Window, view *plotview.View, i int) {
	t.Helper()
	var pos fyne.Position
	var ok bool
	onUI(w, func() { pos, ok = view.PointPosition(i) })
	if !ok {
		t.Fatalf("point %d is not on screen", i)
	}
	onUI(w, func() {
		abs, found := positionIn(w.Canvas().Content(), view, fyne.Position{})
		if !found {
			t.Fatal("the map is not in the window")
		}
		test.TapCanvas(w.Canvas(), abs.Add(pos))
	})
	waitIdle(t, w)
}

// positionIn returns the position of target in the tree of o, which is at
// offset, the way the canvas finds the object under the mouse.
func positionIn(o, target fyne.CanvasObject, offset fyne.Position) (fyne.Position, bool) {
	if !o.Visible() {
		return fyne.Position{}, false
	}
	pos := offset.Add(o.Position())
	if o == target {
		return pos, true
	}
	var children []fyne.CanvasObject
	switch o := o.(type) {
	case *fyne.Container:
		children = o.Objects
	case fyne.Widget:
		children = test.WidgetRenderer(o).Objects()
	}
	for _, c := range children {
		if p, ok := positionIn(c, target, pos); ok {
			return p, true
		}
	}
	return fyne.Position{}, false
}

// visiblePoints returns up to n points of view that are on screen and
// not covered by another point within 8 pixels, so that a tap at their
// position can only mean them.
func visiblePoints(t *testing.T, w *Window, view *plotview.View, n int) []int {
	t.Helper()
	var out []int
	onUI(w, func() {
		for i := 0; i < w.derived.Len() && len(out) < n; i += 37 {
			pos, ok := view.PointPosition(i)
			if !ok {
				continue
			}
			if view.PointAt(pos) == i {
				out = append(out, i)
			}
		}
	})
	if len(out) < n {
		t.Fatalf("only %d points can be tapped alone", len(out))
	}
	return out
}

// Tapping a point of the Embeddings map selects it in both tabs and
// shows it in the inspectors, before and after zooming in.
func TestTapSelectsPoint(t *testing.T) {
	_, w := exploreWindow(t)
	onUI(w, func() { w.SelectTab("Embeddings") })
	waitIdle(t, w)
	v := w.embTab.view
	check := func(i int) {
		t.Helper()
		tapPoint(t, w, v, i)
		onUI(w, func() {
			if w.Selected() != i || v.Selected() != i || w.cluTab.view.Selected() != i {
				t.Fatalf("tapped point %d: selected %d (map %d, cluster map %d)", i, w.Selected(), v.Selected(), w.cluTab.view.Selected())
			}
			want := "Image #" + strconv.Itoa(i) + " of the test split"
			for _, in := range []*inspector{w.embTab.insp, w.cluTab.insp} {
				if in.title.Text != want {
					t.Errorf("inspector title %q, want %q", in.title.Text, want)
				}
				if !strings.Contains(in.info.Text, "True class: "+w.derived.labelName(i)) || !strings.Contains(in.info.Text, "Top 3:") ||
					!strings.Contains(in.info.Text, "K-means: cluster") {
					t.Errorf("inspector text:\n%s", in.info.Text)
				}
				if got := in.img.Image.Bounds().Dx(); got != dataset.Cols {
					t.Errorf("inspector image %d pixels wide", got)
				}
			}
			// The neighbours are the nearest in feature space.
			near, _, _ := w.derived.Neighbours.Nearest(i, inspectorNeighbours)
			for j, th := range w.embTab.insp.neighbours {
				if th.point != near[j] {
					t.Errorf("neighbour %d is point %d, want %d", j, th.point, near[j])
				}
			}
		})
	}
	for _, i := range visiblePoints(t, w, v, 4) {
		check(i)
	}
	// Zoom in around the centre, then pan: the taps still find their
	// points.
	onUI(w, func() {
		v.Zoom(3, fyne.NewPos(v.Size().Width/2, v.Size().Height/2))
		v.Pan(40, -25)
	})
	waitIdle(t, w)
	for _, i := range visiblePoints(t, w, v, 4) {
		check(i)
	}
	// A neighbour thumbnail selects its point.
	var next int
	onUI(w, func() {
		th := w.embTab.insp.neighbours[0]
		next = th.point
		test.Tap(th)
	})
	waitIdle(t, w)
	if w.Selected() != next {
		t.Errorf("tapping the first neighbour selected %d, want %d", w.Selected(), next)
	}
}

// Colouring the map by K-means cluster puts the clusters in the legend,
// with their majority classes.
func TestColourByChangesLegend(t *testing.T) {
	_, w := exploreWindow(t)
	legend := func() string {
		var s []string
		onUI(w, func() { s = texts(w.embTab.view.Legend()) })
		return strings.Join(s, "|")
	}
	if l := legend(); !strings.Contains(l, "Ankle boot") || strings.Contains(l, "Cluster") {
		t.Fatalf("legend by true label: %s", l)
	}
	onUI(w, func() { w.embTab.colour.SetSelected("K-means cluster") })
	waitIdle(t, w)
	l := legend()
	if strings.Count(l, "Cluster ") != 10 || !strings.Contains(l, "Cluster 0: ") {
		t.Errorf("legend by K-means cluster: %s", l)
	}
	onUI(w, func() { w.embTab.colour.SetSelected(colourCorrect) })
	waitIdle(t, w)
	if l := legend(); !strings.Contains(l, "correct") || !strings.Contains(l, "wrong") || strings.Contains(l, "Cluster") {
		t.Errorf("legend by correct or wrong: %s", l)
	}
	// DBSCAN needs its k-distance curve first; colouring by it runs both.
	onUI(w, func() { w.embTab.colour.SetSelected("DBSCAN cluster") })
	waitIdle(t, w)
	if l := legend(); !strings.Contains(l, "Noise") && !strings.Contains(l, "Cluster 0") {
		t.Errorf("legend by DBSCAN cluster: %s", l)
	}
	r := w.clustering("dbscan")
	_, knee, err := workspace.KDistance(context.Background(), w.ws.Points(), 5)
	if r == nil || err != nil || r.Used["eps"] != knee {
		t.Errorf("DBSCAN did not run with the suggested eps %v: %+v", knee, r)
	}
	// The choice is remembered.
	if got := w.app.Preferences().String(prefColour); got != "DBSCAN cluster" {
		t.Errorf("remembered colouring %q", got)
	}
}

// The gallery of a row holds exactly the cluster's members whose true
// class is not its majority, farthest from the centroid first, and a
// click on one selects it.
func TestGalleryHoldsMisclustered(t *testing.T) {
	_, w := exploreWindow(t)
	ct := w.cluTab
	km := w.clustering("kmeans")
	if km == nil || len(ct.rows) != 10 {
		t.Fatalf("K-means has not run: %d rows", len(ct.rows))
	}
	d := w.derived
	for id, r := range ct.rows {
		onUI(w, func() { ct.table.Select(id) })
		got := ct.GalleryItems()
		var want []int
		for i, c := range km.Labels {
			if c == r.Cluster && d.Labels[i] != r.Majority {
				want = append(want, i)
			}
		}
		sorted := slices.Clone(got)
		slices.Sort(sorted)
		if !slices.Equal(sorted, want) {
			t.Fatalf("cluster %d: gallery has %d images, want the %d misclustered", r.Cluster, len(got), len(want))
		}
		if len(got) > 1 {
			c := centroid(d.Features, km.Labels, r.Cluster)
			dist := func(i int) float64 {
				var s float64
				for j, v := range d.Features.RawRowView(i) {
					s += (v - c[j]) * (v - c[j])
				}
				return s
			}
			for j := 1; j < len(got); j++ {
				if dist(got[j]) > dist(got[j-1])*(1+1e-9) {
					t.Fatalf("cluster %d: gallery item %d is farther from the centroid than item %d", r.Cluster, j, j-1)
				}
			}
		}
	}
	// Click the first image of the last row with one.
	for id := len(ct.rows) - 1; id >= 0; id-- {
		if len(ct.rows[id].Misclustered) > 0 {
			onUI(w, func() { ct.table.Select(id) })
			break
		}
	}
	first := ct.GalleryItems()[0]
	onUI(w, func() {
		th := newThumb(func(i int) { w.selectPoint(i) })
		ct.gallery.UpdateItem(0, th)
		test.Tap(th)
	})
	if w.Selected() != first || ct.view.Selected() != first {
		t.Errorf("clicking gallery image %d selected %d", first, w.Selected())
	}
}

// fakeSave answers save dialogs with the paths given, in order; "" is a
// cancelled dialog.
func fakeSave(w *Window, paths ...string) {
	w.saveDialog = func(_, _, _ string, _ []string, cb func(string)) {
		p := paths[0]
		paths = paths[1:]
		cb(p)
	}
}

// dialogText returns the text of the dialog on top of w, or "".
func dialogText(w *Window) string {
	var s []string
	onUI(w, func() {
		if top := w.Canvas().Overlays().Top(); top != nil {
			s = texts(top)
		}
	})
	return strings.Join(s, " ")
}

// closeDialogs removes w's dialogs.
func closeDialogs(w *Window) {
	onUI(w, func() {
		for w.Canvas().Overlays().Top() != nil {
			w.Canvas().Overlays().Remove(w.Canvas().Overlays().Top())
		}
	})
}

// Export through a (fake) save dialog writes valid PNG, SVG and PDF
// files of both maps, the training curves and the confusion matrix; a cancelled dialog writes nothing; a path that
// cannot be written shows an error.
func TestExportPlots(t *testing.T) {
	_, w := exploreWindow(t)
	dir := t.TempDir()
	for _, ext := range []string{".png", ".svg", ".pdf"} {
		for name, export := range map[string]func(){"embeddings": w.embTab.export, "clusters": w.cluTab.exportPlot,
			"curves": w.trainTab.exportCurves, "confusion": w.trainTab.exportConfusion} {
			path := filepath.Join(dir, name+ext)
			fakeSave(w, path)
			onUI(w, export)
			waitIdle(t, w)
			if txt := dialogText(w); !strings.Contains(txt, "Wrote") {
				t.Errorf("%s: dialog %q", path, txt)
			}
			closeDialogs(w)
			checkFigure(t, path)
		}
	}
	// Cancelled: nothing written, no dialog.
	fakeSave(w, "")
	onUI(w, w.embTab.export)
	waitIdle(t, w)
	if txt := dialogText(w); txt != "" {
		t.Errorf("a cancelled export shows %q", txt)
	}
	// A path under a file cannot be written.
	blocker := filepath.Join(dir, "file")
	os.WriteFile(blocker, []byte("x"), 0o644)
	fakeSave(w, filepath.Join(blocker, "map.png"))
	onUI(w, w.embTab.export)
	waitIdle(t, w)
	if txt := dialogText(w); !strings.Contains(txt, "map.png") {
		t.Errorf("a bad path shows %q", txt)
	}
	closeDialogs(w)
	entries, _ := os.ReadDir(dir)
	if len(entries) != 13 {
		t.Errorf("%d files in the folder, want the 12 figures and the blocker", len(entries))
	}
}

// checkFigure checks that path holds a decodable figure of its type.
func checkFigure(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	switch filepath.Ext(path) {
	case ".png":
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if s := img.Bounds().Size(); s.X != 1600 || s.Y != 1200 {
			t.Errorf("%s is %v pixels, want 1600×1200", path, s)
		}
	case ".svg":
		dec := xml.NewDecoder(bytes.NewReader(b))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
		}
		if !bytes.Contains(b, []byte("<svg")) {
			t.Errorf("%s has no <svg", path)
		}
	case ".pdf":
		if !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.Contains(b[max(0, len(b)-64):], []byte("%%EOF")) {
			t.Errorf("%s is not a complete PDF", path)
		}
	}
}

// The assignments CSV, the embeddings TSV (with metadata) and the gallery
// montage are exported, and the TSV imports again with its labels and
// images.
func TestExportDataAndImport(t *testing.T) {
	_, w := exploreWindow(t)
	dir := t.TempDir()
	csvPath, tsvPath, montage := filepath.Join(dir, "a.csv"), filepath.Join(dir, "vectors.tsv"), filepath.Join(dir, "m.png")
	fakeSave(w, csvPath, tsvPath, montage)
	onUI(w, w.cluTab.exportCSV)
	waitIdle(t, w)
	onUI(w, w.embTab.exportTSV)
	waitIdle(t, w)
	closeDialogs(w)
	b, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 10001 || lines[0] != "point,image_index,true_class,predicted_class,kmeans_cluster,dbscan_cluster" {
		t.Fatalf("CSV has %d lines, header %q", len(lines), lines[0])
	}
	if want := "0,0," + w.derived.labelName(0) + ","; !strings.HasPrefix(lines[1], want) || !strings.HasSuffix(lines[1], ",") {
		t.Errorf("CSV line 1 %q, want %q… with an empty DBSCAN column", lines[1], want)
	}
	f, err := os.Open(tsvPath)
	if err != nil {
		t.Fatal(err)
	}
	x, err := featfile.ReadTSV(f, tsvPath)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if r, c := x.Dims(); r != 10000 || c != 64 {
		t.Fatalf("TSV is %d×%d", r, c)
	}
	meta := filepath.Join(dir, "metadata.tsv")
	if got := metadataPath(tsvPath); got != meta {
		t.Fatalf("metadata file %q", got)
	}
	// The gallery of a row with misclustered images.
	for id, r := range w.cluTab.rows {
		if len(r.Misclustered) > 0 {
			onUI(w, func() { w.cluTab.table.Select(id) })
			break
		}
	}
	onUI(w, w.cluTab.exportGallery)
	waitIdle(t, w)
	closeDialogs(w)
	checkFigureDecodes(t, montage)

	// Import: the same points, the true labels from the metadata, the
	// images from their indices, no predictions.
	before := w.derived
	<-w.importFile(tsvPath)
	waitIdle(t, w)
	d := w.derived
	if d == before || d.Model != nil || d.Pred != nil || d.Len() != 10000 || w.imported != d {
		t.Fatalf("imported: %+v", d)
	}
	if !slices.Equal(d.Labels, before.Labels) || d.Scheme != dataset.Fashion10 || d.ImageIndex(17) != 17 || d.Image(17) == nil {
		t.Errorf("imported labels or images differ")
	}
	if !strings.Contains(w.embTab.header.Text, "vectors.tsv") {
		t.Errorf("header %q", w.embTab.header.Text)
	}
	// A bad file: an error, and the imported points stay.
	bad := filepath.Join(dir, "bad.tsv")
	os.WriteFile(bad, []byte("1\t2\n3\n"), 0o644)
	<-w.importFile(bad)
	waitIdle(t, w)
	if txt := dialogText(w); !strings.Contains(txt, "bad.tsv") {
		t.Errorf("bad import shows %q", txt)
	}
	if w.derived != d {
		t.Error("a bad import replaced the points")
	}
	closeDialogs(w)
	// Back to the model's features.
	onUI(w, func() { test.Tap(w.embTab.back) })
	waitIdle(t, w)
	if w.derived.Model == nil || w.imported != nil {
		t.Error("Back to the model did not return to the model's features")
	}
}

// checkFigureDecodes checks that path is a PNG that decodes.
func checkFigureDecodes(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := png.Decode(f); err != nil {
		t.Errorf("%s: %v", path, err)
	}
}

// A sample of the train split is encoded with its images and labels.
func TestTrainSample(t *testing.T) {
	test0, err := dataset.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	data := &dataset.Dataset{Train: test0, Test: test0}
	a := test.NewApp()
	defer a.Quit()
	w := mustWindow(t, a, Options{Load: func(context.Context) (*dataset.Dataset, error) { return data, nil }, CacheDir: sharedCache})
	defer w.Close()
	waitReady(t, w)
	waitIdle(t, w)
	onUI(w, func() {
		w.embTab.sample.SetText("500")
		w.embTab.source.SetSelected(sourceTrain)
	})
	waitIdle(t, w)
	d := w.derived
	if d.Len() != 500 || len(d.Index) != 500 || !strings.Contains(d.Source, "500 training images") {
		t.Fatalf("train sample: %d points, source %q", d.Len(), d.Source)
	}
	for i, j := range d.Index {
		if d.Labels[i] != int(test0.Labels[j]) {
			t.Fatalf("point %d (image %d) has label %d, want %d", i, j, d.Labels[i], test0.Labels[j])
		}
	}
	if want := sampleIndex(10000, 500, 1); !slices.Equal(d.Index, want) {
		t.Error("the sample is not the seeded one")
	}
	if _, err := os.Stat(w.cache.path("features", d.Key)); err != nil {
		t.Errorf("the sample's features are not in the cache: %v", err)
	}
	if len(w.cluTab.rows) == 0 {
		t.Error("the Clusters tab did not cluster the sample")
	}
	if got := a.Preferences().String(prefSourceKind); got != sourceTrain {
		t.Errorf("remembered source %q", got)
	}
	// A bad sample size is an error, and nothing changes.
	onUI(w, func() {
		w.embTab.sample.SetText("many")
		w.embTab.sourceChanged()
	})
	if txt := dialogText(w); !strings.Contains(strings.ToLower(txt), "sample size") {
		t.Errorf("bad sample size shows %q", txt)
	}
}

// A new model's features drop the old t-SNE map: the Clusters tab goes
// back to PCA instead of drawing the new clusters on the old layout.
func TestNewFeaturesDropOldTSNE(t *testing.T) {
	_, w := exploreWindow(t)
	onUI(w, func() {
		tsne, _ := workspace.ProjectionNamed("tsne")
		w.ws.PutProjection(&workspace.Projected{Layout: &workspace.Layout{XY: mat.NewDense(w.derived.Len(), 2, nil)}, Method: tsne})
		w.SelectTab("Clusters")
	})
	waitIdle(t, w)
	if w.cluTab.layout.Selected != "t-SNE" {
		t.Fatalf("the Clusters map is %q with a t-SNE map", w.cluTab.layout.Selected)
	}
	for i, m := range w.State().Models() {
		if m.Net.Scheme == dataset.Groups5 {
			onUI(w, func() { w.State().SetCurrent(i) })
		}
	}
	waitIdle(t, w)
	if w.derived.Scheme != dataset.Groups5 || w.layoutNamed("tsne") != nil || w.cluTab.layout.Selected != "PCA" || !w.cluTab.layout.Disabled() {
		t.Errorf("after a new model: t-SNE map %v, Clusters map %q", w.layoutNamed("tsne") != nil, w.cluTab.layout.Selected)
	}
	if _, ok := w.cluTab.view.PointPosition(0); !ok {
		t.Error("the Clusters map shows no points")
	}
}

// centroid returns the mean of the rows of x labelled c.
func centroid(x *mat.Dense, labels []int, c int) []float64 {
	_, d := x.Dims()
	sum := make([]float64, d)
	n := 0
	for i, l := range labels {
		if l == c {
			for j, v := range x.RawRowView(i) {
				sum[j] += v
			}
			n++
		}
	}
	for j := range sum {
		sum[j] /= float64(n)
	}
	return sum
}
