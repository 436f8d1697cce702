package gui

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/fashionlens/fashionlens/model/dataset"
	"github.com/fashionlens/fashionlens/resources"
)

// dataTabWindow opens a window on an empty folder, so that it shows the
// bundled test split, and waits until it is loaded.
func dataTabWindow(t *testing.T, a fyne.App) (*Window, *datasetTab) {
	t.Helper()
	w := mustWindow(t, a, Options{DataDir: t.TempDir(), CacheDir: sharedCache})
	t.Cleanup(w.Close)
	waitReady(t, w)
	if w.state.Dataset() == nil || w.state.Dataset().Test == nil {
		t.Fatal("no test split loaded")
	}
	return w, w.dataTab
}

// caption returns the two caption lines of grid item id, as the grid
// would show them.
func caption(tab *datasetTab, id int) (index, class string) {
	o := tab.grid.CreateItem()
	tab.grid.UpdateItem(id, o)
	objs := o.(*fyne.Container).Objects
	return objs[1].(*widget.Label).Text, objs[2].(*widget.Label).Text
}

// texts returns the text of every canvas.Text drawn under o.
func texts(o fyne.CanvasObject) []string {
	var out []string
	for _, x := range test.LaidOutObjects(o) {
		if txt, ok := x.(*canvas.Text); ok && txt.Text != "" {
			out = append(out, txt.Text)
		}
	}
	return out
}

// topOverlayText returns the text shown by the window's top overlay (a
// dialog), or fails if there is none.
func topOverlayText(t *testing.T, w *Window) string {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog is shown")
	}
	return strings.Join(texts(top), " ")
}

func waitClosed(t *testing.T, done <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("%s did not finish", what)
	}
}

func TestDatasetTabSchemeChangesCaptions(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	w, tab := dataTabWindow(t, a)
	w.SelectTab("Dataset")
	if tab.splitSel.Selected != dataset.Test || !slices.Equal(tab.splitSel.Options, []string{dataset.Test}) {
		t.Errorf("split selector shows %q of %q; want only the test split", tab.splitSel.Selected, tab.splitSel.Options)
	}
	if tab.grid.Length() != 10000 {
		t.Fatalf("grid has %d items, want 10000", tab.grid.Length())
	}
	// Image 0 of the test split is an ankle boot.
	if idx, class := caption(tab, 0); idx != "#0" || class != "Ankle boot" {
		t.Fatalf("item 0 caption %q %q, want #0 Ankle boot", idx, class)
	}
	if got := texts(w.Content()); !slices.Contains(got, "Ankle boot") {
		t.Errorf("the shown grid has no Ankle boot caption: %q", got)
	}

	tab.schemeSel.SetSelected(schemeLabel(dataset.Groups5))
	if w.state.Scheme() != dataset.Groups5 {
		t.Fatalf("scheme is %s after choosing groups5", w.state.Scheme().Name)
	}
	if p := a.Preferences().String(prefScheme); p != "groups5" {
		t.Errorf("preference %s = %q, want groups5", prefScheme, p)
	}
	if _, class := caption(tab, 0); class != "Dress + Coat + Ankle boot" {
		t.Errorf("item 0 caption in groups5 is %q", class)
	}
	if got := texts(w.Content()); !slices.Contains(got, "Dress + Coat + Ankle boot") {
		t.Errorf("the shown grid was not updated to groups5: %q", got)
	}
	if !slices.Equal(tab.filterSel.Options[1:], dataset.Groups5.Classes) || tab.filterSel.Selected != allClasses {
		t.Errorf("class filter offers %q, selected %q", tab.filterSel.Options, tab.filterSel.Selected)
	}

	// A change made elsewhere (another tab) shows here too.
	w.state.SetScheme(dataset.Fashion10)
	if tab.schemeSel.Selected != schemeLabel(dataset.Fashion10) {
		t.Errorf("scheme selector shows %q", tab.schemeSel.Selected)
	}
	if _, class := caption(tab, 0); class != "Ankle boot" {
		t.Errorf("item 0 caption back in fashion10 is %q", class)
	}
}

func TestDatasetTabRestoresScheme(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	a.Preferences().SetString(prefScheme, "groups5")
	w, tab := dataTabWindow(t, a)
	if w.state.Scheme() != dataset.Groups5 || tab.schemeSel.Selected != schemeLabel(dataset.Groups5) {
		t.Errorf("scheme %s, selector %q; want groups5 restored", w.state.Scheme().Name, tab.schemeSel.Selected)
	}
	if got := tab.chart.names; !slices.Equal(got, dataset.Groups5.Classes) {
		t.Errorf("chart classes %q", got)
	}
}

func TestDatasetTabFilterByClass(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	w, tab := dataTabWindow(t, a)
	test_ := w.state.Dataset().Test

	tab.filterSel.SetSelected("Trouser")
	if n := tab.grid.Length(); n != 1000 {
		t.Fatalf("Trouser filter shows %d items, want 1000", n)
	}
	for _, id := range []int{0, 1, 500, 999} {
		if i := tab.imageIndex(id); test_.Labels[i] != 1 {
			t.Errorf("item %d is image %d of class %d, not a trouser", id, i, test_.Labels[i])
		}
		if _, class := caption(tab, id); class != "Trouser" {
			t.Errorf("item %d caption %q", id, class)
		}
	}
	if !strings.HasPrefix(tab.gridCount.Text, "1,000 of 10,000 images") {
		t.Errorf("count label %q", tab.gridCount.Text)
	}

	tab.schemeSel.SetSelected(schemeLabel(dataset.Groups5))
	if n := tab.grid.Length(); n != 10000 {
		t.Errorf("after a scheme change the grid shows %d items, want all 10000", n)
	}
	tab.filterSel.SetSelected("Dress + Coat + Ankle boot")
	if n := tab.grid.Length(); n != 3000 {
		t.Errorf("Dress + Coat + Ankle boot filter shows %d items, want 3000", n)
	}
	tab.filterSel.SetSelected(allClasses)
	if n := tab.grid.Length(); n != 10000 {
		t.Errorf("All classes shows %d items", n)
	}
}

func TestDatasetTabClassBalance(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	w, tab := dataTabWindow(t, a)
	w.SelectTab("Dataset")
	if !slices.Equal(tab.chart.names, dataset.Fashion10.Classes) {
		t.Errorf("chart classes %q", tab.chart.names)
	}
	for c, n := range tab.chart.counts {
		if n != 1000 {
			t.Errorf("chart: class %d has %d images, want 1000", c, n)
		}
	}
	shown := texts(tab.chart)
	if got := strings.Count(strings.Join(shown, "|"), "1,000"); got != 10 {
		t.Errorf("chart shows %d counts of 1,000: %q", got, shown)
	}
	if !slices.Contains(shown, "Ankle boot") {
		t.Errorf("chart does not name its classes: %q", shown)
	}
	if s := tab.chart.Size(); s.Width < tab.chart.MinSize().Width || s.Height < tab.chart.MinSize().Height {
		t.Errorf("chart is %v, smaller than its minimum %v", s, tab.chart.MinSize())
	}

	tab.schemeSel.SetSelected(schemeLabel(dataset.Groups5))
	if want := []int{2000, 1000, 2000, 2000, 3000}; !slices.Equal(tab.chart.counts, want) {
		t.Errorf("groups5 chart counts %v, want %v", tab.chart.counts, want)
	}
	if !slices.Contains(texts(tab.chart), "Dress + Coat + Ankle boot") {
		t.Errorf("groups5 chart does not name its classes: %q", texts(tab.chart))
	}
}

func TestDatasetTabFolderWithoutData(t *testing.T) {
	NativeDialogs = false
	a := test.NewApp()
	defer a.Quit()
	w, tab := dataTabWindow(t, a)
	before := w.state.Dataset()

	tab.chooseFolder() // Fyne's folder chooser
	if w.Canvas().Overlays().Top() == nil {
		t.Fatal("Choose folder… opened no chooser")
	}
	w.Canvas().Overlays().Top().Hide()
	w.Canvas().Overlays().Remove(w.Canvas().Overlays().Top())

	empty := t.TempDir()
	waitClosed(t, tab.useFolder(empty), "checking the folder")
	txt := topOverlayText(t, w)
	for _, want := range []string{empty, "no Fashion-MNIST", "train-images-idx3-ubyte", "t10k-labels-idx1-ubyte"} {
		if !strings.Contains(txt, want) {
			t.Errorf("error dialog does not say %q: %s", want, txt)
		}
	}
	if w.state.Dataset() != before {
		t.Error("the current data set was replaced")
	}
	if p := a.Preferences().String(prefDataDir); p != "" {
		t.Errorf("the empty folder was remembered: %q", p)
	}
	if tab.chooseBtn.Disabled() {
		t.Error("Choose folder… stays disabled")
	}
}

func TestDatasetTabFolderWithData(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	w, tab := dataTabWindow(t, a)
	dir := t.TempDir()
	for name, data := range map[string][]byte{resources.TestImagesName: resources.TestImagesGz, resources.TestLabelsName: resources.TestLabelsGz} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	loaded := make(chan struct{}, 1)
	w.state.OnChange(func(c Change) {
		if c == DatasetChanged {
			loaded <- struct{}{}
		}
	})
	waitClosed(t, tab.useFolder(dir), "checking the folder")
	waitClosed(t, loaded, "loading the folder")
	waitIdle(t, w)
	if s := w.state.Dataset().Test; s.Origin != dataset.OriginFolder || s.Dir != dir {
		t.Errorf("test split from %s %q, want the chosen folder %s", s.Origin, s.Dir, dir)
	}
	if p := a.Preferences().String(prefDataDir); p != dir {
		t.Errorf("preference %s = %q, want %q", prefDataDir, p, dir)
	}
	if !strings.Contains(tab.reportText(), dir) || !strings.Contains(tab.summary.Text, dir) {
		t.Errorf("the tab does not name the folder:\n%s\n%s", tab.summary.Text, tab.reportText())
	}
	if tab.grid.Length() != 10000 {
		t.Errorf("grid has %d items", tab.grid.Length())
	}
}

func TestDatasetTabLargeView(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	w, tab := dataTabWindow(t, a)
	tab.schemeSel.SetSelected(schemeLabel(dataset.Groups5))
	tab.filterSel.SetSelected("Sandal")
	first := tab.imageIndex(0)
	tab.grid.Select(0)
	if tab.detail == nil {
		t.Fatal("clicking a thumbnail opened nothing")
	}
	txt := topOverlayText(t, w)
	for _, want := range []string{"Image #" + strconv.Itoa(first), "test split", "Original class: 5 Sandal", "In groups5: 1 Sandal"} {
		if !strings.Contains(txt, want) {
			t.Errorf("large view does not say %q: %s", want, txt)
		}
	}
	var big *canvas.Image
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if img, ok := o.(*canvas.Image); ok && img.Image != nil {
			big = img
		}
	}
	if big == nil || big.Size().Width < largeSize || big.ScaleMode != canvas.ImageScalePixels {
		t.Errorf("large view image %+v", big)
	}
	tab.detail.Hide()
	tab.grid.Select(0) // the same thumbnail again
	if w.Canvas().Overlays().Top() == nil {
		t.Error("a second click on the thumbnail opened nothing")
	}
}

func TestDatasetTabDownloadFailureAndCancel(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	w, tab := dataTabWindow(t, a)
	if tab.dlBtn.Hidden {
		t.Fatal("no Download button while the train split is missing")
	}
	started := make(chan struct{}, 4)
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/hang/") {
			rw.Header().Set("Content-Length", "1000000")
			rw.Write([]byte{0x1f, 0x8b})
			rw.(http.Flusher).Flush()
			started <- struct{}{}
			<-r.Context().Done()
			return
		}
		rw.Write([]byte("not a gzip file"))
	}))
	defer srv.Close()
	cache := t.TempDir()
	tab.cacheDir = func() (string, error) { return cache, nil }

	tab.fetchOpts = dataset.FetchOptions{BaseURL: srv.URL}
	waitClosed(t, tab.startDownload(), "the failing download")
	if txt := topOverlayText(t, w); !strings.Contains(txt, "ownload the train split") || !strings.Contains(txt, "verification") {
		t.Errorf("error dialog: %s", txt)
	}
	if tab.dlBox.Visible() || tab.dlBtn.Disabled() {
		t.Error("the progress bar stays, or the Download button stays disabled, after the failure")
	}
	w.Canvas().Overlays().Top().Hide()
	w.Canvas().Overlays().Remove(w.Canvas().Overlays().Top())

	tab.fetchOpts = dataset.FetchOptions{BaseURL: srv.URL + "/hang/"}
	done := tab.startDownload()
	if !tab.dlBox.Visible() || !tab.dlBtn.Disabled() {
		t.Error("no progress bar while downloading")
	}
	waitClosed(t, started, "the request")
	tab.cancelDL()
	waitClosed(t, done, "the cancelled download")
	if !strings.Contains(tab.summary.Text, "cancelled") {
		t.Errorf("summary after cancelling: %q", tab.summary.Text)
	}
	if top := w.Canvas().Overlays().Top(); top != nil {
		t.Errorf("a dialog after cancelling: %s", strings.Join(texts(top), " "))
	}
	if w.state.Dataset().Train != nil {
		t.Error("a train split appeared")
	}
}
