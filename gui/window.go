// Package gui is the Fyne desktop interface of Fashion Lens: the main
// window, its tabs and dialogs. It takes a fyne.App from main, so tests
// can drive it with fyne's headless test app.
package gui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	_ "github.com/fashionlens/fashionlens/gui/internal/locale" // before Fyne's lang package
	"github.com/fashionlens/fashionlens/model/dataset"
	"github.com/fashionlens/fashionlens/resources"
)

// Title is the main window's title.
const Title = "Fashion Lens"

// Tab names, in order.
var TabNames = []string{"Dataset", "Training", "Embeddings", "Clusters"}

// Options configure the main window.
type Options struct {
	// Version is shown in the About dialog.
	Version string
	// Load finds the data set; it runs off the UI goroutine. Nil means
	// dataset.Load over dataset.Search(DataDir), without downloading.
	Load func(ctx context.Context) (*dataset.Dataset, error)
	// DataDir is a folder the user chose (the --data flag); empty means
	// the usual search.
	DataDir string
}

// Window is the main window.
type Window struct {
	fyne.Window
	tabs        *container.AppTabs
	status      *widget.Label
	datasetInfo *widget.Label
	ready       chan struct{}
}

// NewWindow builds the main window and starts loading the data set in the
// background; the window is usable at once and fills in when the data
// arrives. Call Show or ShowAndRun on the result.
//
// It returns an error, not a panic, when the window system cannot start:
// Fyne's GLFW driver panics when GLFW fails to initialise (for example
// when the X server goes away or refuses the connection).
func NewWindow(a fyne.App, opts Options) (*Window, error) {
	fw, err := newFyneWindow(a)
	if err != nil {
		return nil, err
	}
	w := &Window{Window: fw, ready: make(chan struct{})}
	w.status = widget.NewLabel("Looking for the data set…")
	w.datasetInfo = widget.NewLabel("Looking for the data set…")
	w.datasetInfo.TextStyle = fyne.TextStyle{Monospace: true}
	w.datasetInfo.Wrapping = fyne.TextWrapWord

	w.tabs = container.NewAppTabs(
		container.NewTabItem(TabNames[0], container.NewVScroll(w.datasetInfo)),
		container.NewTabItem(TabNames[1], widget.NewLabel("")),
		container.NewTabItem(TabNames[2], widget.NewLabel("")),
		container.NewTabItem(TabNames[3], widget.NewLabel("")),
	)
	w.SetContent(container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), w.status), nil, nil, w.tabs))
	w.SetMainMenu(fyne.NewMainMenu(
		fyne.NewMenu("File"), // Fyne adds Quit
		fyne.NewMenu("Help", fyne.NewMenuItem("About", func() { w.showAbout(opts.Version) })),
	))
	w.Resize(fyne.NewSize(1100, 750))

	load := opts.Load
	if load == nil {
		dir := opts.DataDir
		load = func(ctx context.Context) (*dataset.Dataset, error) {
			return dataset.Load(ctx, dataset.LoadOptions{Locations: dataset.Search(dir)})
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	w.SetOnClosed(cancel)
	go w.loadData(ctx, load)
	return w, nil
}

// newFyneWindow creates the window, turning a panic of the driver into an
// error. GLFW writes its own reason to the log just before.
func newFyneWindow(a fyne.App) (w fyne.Window, err error) {
	defer func() {
		if r := recover(); r != nil {
			w, err = nil, fmt.Errorf("cannot open a window: the window system failed to start (%v); "+
				"check that the X display is running and accepts connections", r)
		}
	}()
	return a.NewWindow(Title), nil
}

// Tabs returns the window's tabs.
func (w *Window) Tabs() *container.AppTabs { return w.tabs }

// Ready is closed once the data set has been loaded, or has failed to
// load, and the window shows the outcome.
func (w *Window) Ready() <-chan struct{} { return w.ready }

// SelectTab shows the tab with the given name and reports whether there
// is one.
func (w *Window) SelectTab(name string) bool {
	for i, it := range w.tabs.Items {
		if strings.EqualFold(it.Text, name) {
			w.tabs.SelectIndex(i)
			return true
		}
	}
	return false
}

// Status returns the text of the status line.
func (w *Window) Status() string { return w.status.Text }

// DatasetText returns the text the Dataset tab shows.
func (w *Window) DatasetText() string { return w.datasetInfo.Text }

func (w *Window) loadData(ctx context.Context, load func(context.Context) (*dataset.Dataset, error)) {
	d, err := load(ctx)
	if ctx.Err() != nil {
		return
	}
	fyne.Do(func() {
		defer close(w.ready)
		if err != nil {
			w.status.SetText("Data: could not load the data set; see the Dataset tab")
			w.datasetInfo.SetText("Could not load the data set:\n\n" + err.Error())
			dialog.ShowError(fmt.Errorf("load the data set: %w", err), w)
			return
		}
		var b strings.Builder
		d.Report().WriteText(&b)
		w.datasetInfo.SetText(b.String())
		w.status.SetText(statusLine(d))
	})
}

// statusLine summarises the data set for the status line.
func statusLine(d *dataset.Dataset) string {
	parts := []string{"Data: " + d.Source().Describe()}
	for _, name := range dataset.SplitNames {
		if s := d.Split(name); s != nil {
			parts = append(parts, fmt.Sprintf("%s %d images", name, s.Len()))
		} else {
			parts = append(parts, name+" split missing")
		}
	}
	return strings.Join(parts, " · ")
}

func (w *Window) showAbout(version string) {
	text := fmt.Sprintf("Fashion Lens %s\n\nTrains a convolutional network on Fashion-MNIST and shows what it learned.\n\n%s",
		version, resources.FashionMNISTLicense)
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	s := container.NewVScroll(l)
	s.SetMinSize(fyne.NewSize(560, 420))
	dialog.ShowCustom("About Fashion Lens", "Close", s, w)
}
