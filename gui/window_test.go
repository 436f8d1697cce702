package gui

import (
	"context"
	"errors"
	"image"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/fashionlens/fashionlens/model"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// waitReady waits until the window has loaded its data set. Reading
// widgets after that is safe: Ready is closed by the same UI call that
// filled them.
//
// It also waits for the background work that the data set starts (the
// features and maps of the Embeddings and Clusters tabs): Fyne's test
// driver runs fyne.Do on the calling goroutine, so a test touching widgets
// while that work updates others would race in the driver's caches.
func waitReady(t *testing.T, w *Window) {
	t.Helper()
	select {
	case <-w.Ready():
	case <-time.After(10 * time.Second):
		t.Fatal("the data set did not load")
	}
	waitIdle(t, w)
}

func mustWindow(t *testing.T, a fyne.App, opts Options) *Window {
	t.Helper()
	if opts.CacheDir == "" {
		opts.CacheDir = sharedCache // never the user's own cache
	}
	w, err := NewWindow(a, opts)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// brokenDriverApp is an app whose window system fails the way Fyne's GLFW
// driver does when GLFW cannot initialise: with a panic.
type brokenDriverApp struct{ fyne.App }

func (brokenDriverApp) NewWindow(string) fyne.Window {
	panic("NotInitialized: The GLFW library is not initialized")
}

func TestWindowSystemFailureIsAnError(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	w, err := NewWindow(brokenDriverApp{a}, Options{DataDir: t.TempDir(), CacheDir: sharedCache})
	if err == nil || w != nil {
		t.Fatalf("got window %v, error %v; want an error", w, err)
	}
	for _, want := range []string{"cannot open a window", "GLFW library is not initialized", "X display"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func TestWindowTabsAndData(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	emptyDir := t.TempDir()
	w := mustWindow(t, a, Options{DataDir: emptyDir})
	defer w.Close()
	if w.Title() != "Fashion Lens" {
		t.Fatalf("title %q", w.Title())
	}
	items := w.Tabs().Items
	if len(items) != len(TabNames) {
		t.Fatalf("%d tabs", len(items))
	}
	for i, it := range items {
		if it.Text != TabNames[i] {
			t.Errorf("tab %d is %q, want %q", i, it.Text, TabNames[i])
		}
	}
	waitReady(t, w)
	if !strings.Contains(w.Status(), "test 10000 images") || !strings.Contains(w.Status(), model.GEMMPath()+" kernels") {
		t.Errorf("status line %q", w.Status())
	}
	if !w.SelectTab("clusters") || w.Tabs().Selected().Text != "Clusters" || w.SelectTab("nope") {
		t.Error("SelectTab does not select by name")
	}
	if !strings.Contains(w.Status(), "bundled test split") || !strings.Contains(w.Status(), "train split missing") {
		t.Errorf("status line %q", w.Status())
	}
	if mw := w.Content().MinSize().Width; mw > 1000 {
		t.Errorf("the content needs %v px of width: a long line would push the window off the screen", mw)
	}
	// Every tab fits a 1280×800 screen with room for the window's title
	// and the menu (the heights differ by tab: measure each).
	for _, name := range TabNames {
		w.SelectTab(name)
		if mh := w.Content().MinSize().Height; mh > 700 {
			t.Errorf("with the %s tab the content needs %v px of height", name, mh)
		}
	}
	txt := w.DatasetText()
	for _, want := range []string{"test split: 10000 images", "train split: not available", "fashionlens data fetch", emptyDir} {
		if !strings.Contains(txt, want) {
			t.Errorf("Dataset tab does not say %q:\n%s", want, txt)
		}
	}
}

func TestWindowShowsLoadError(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	w := mustWindow(t, a, Options{Load: func(context.Context) (*dataset.Dataset, error) {
		return nil, errors.New("train-images-idx3-ubyte: bad magic number 1234")
	}})
	defer w.Close()
	waitReady(t, w)
	if !strings.Contains(w.DatasetText(), "bad magic number 1234") {
		t.Errorf("Dataset tab does not show the error: %q", w.DatasetText())
	}
	if !strings.Contains(w.Status(), "could not load") {
		t.Errorf("status line %q", w.Status())
	}
}

func TestCaptureAndBlankCheck(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	w := mustWindow(t, a, Options{DataDir: t.TempDir(), CacheDir: sharedCache})
	defer w.Close()
	waitReady(t, w)
	img, err := w.Capture()
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckNotBlank(img); err != nil {
		t.Fatalf("the window with its tabs and text captured blank: %v", err)
	}
	blank := image.NewRGBA(image.Rect(0, 0, 40, 30))
	if err := CheckNotBlank(blank); err == nil || !strings.Contains(err.Error(), "blank") {
		t.Fatalf("a one-colour image passed: %v", err)
	}
	if err := CheckNotBlank(image.NewRGBA(image.Rectangle{})); err == nil {
		t.Fatal("an empty image passed")
	}
}
