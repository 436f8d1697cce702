// Package gui is the Fyne desktop interface of Fashion Lens: the main
// window, its tabs and dialogs. It takes a fyne.App from main, so tests
// can drive it with fyne's headless test app.
package gui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	_ "github.com/fashionlens/fashionlens/gui/internal/locale" // before Fyne's lang package
	"github.com/fashionlens/fashionlens/internal/workspace"
	"github.com/fashionlens/fashionlens/model"
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
	// CacheDir holds results kept between sessions (features, t-SNE
	// layouts); empty means fashionlens/results in the user's cache folder.
	CacheDir string
	// NoShipped computes the features even where the binary ships them
	// (resources.Results), to time the computation.
	NoShipped bool
}

// Window is the main window.
type Window struct {
	fyne.Window
	app      fyne.App
	prefs    Prefs // the remembered choices, checked at start (validatePrefs)
	opts     Options
	state    *State
	tabs     *container.AppTabs
	status   *widget.Label
	dataTab  *datasetTab
	trainTab *trainingTab
	embTab   *embeddingsTab
	cluTab   *clustersTab
	ctx      context.Context // cancelled when the window closes
	ready    chan struct{}
	// panics counts the panics recoverPanic caught.
	panics atomic.Int32
	// loadErr is the error of the last LoadData, nil once one succeeded;
	// UI goroutine.
	loadErr  error
	readyOne sync.Once
	// mapsReady is closed when the first features and their PCA map are
	// ready (or failed).
	mapsReady    chan struct{}
	mapsReadyOne sync.Once
	busy         atomic.Int32 // background jobs running
	uiMu         sync.Mutex   // held by every w.ui body; see ui
	cache        *resultCache

	derived       *Derived
	derivedCancel context.CancelFunc
	// ws holds the exploration of derived's points: their maps,
	// clusterings and selection. The window renders its change stream
	// (onChange).
	ws *workspace.Workspace
	// inspected is the point the inspectors show, −1 for none;
	// inspectedFromSel says it was inspected as (part of) the selection,
	// not from a gallery.
	inspected        int
	inspectedFromSel bool
	// suspects is the suspicious labels window, nil while it is closed.
	suspects *suspectsWindow
	// source is which images the current model encodes; imported, if
	// set, are features the user imported, shown instead.
	source   Source
	imported *Derived
	// saveDialog asks where to save a file (askSavePath); tests replace
	// it.
	saveDialog func(title, desc, name string, exts []string, cb func(path string))
}

// Preference keys.
const (
	prefDataDir      = "data.dir"      // the data folder the user chose
	prefCurrentModel = "model.current" // "bundled:SCHEME" or "file:PATH"
)

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
	ctx, cancel := context.WithCancel(context.Background())
	w := &Window{Window: fw, app: a, opts: opts, state: NewState(), ctx: ctx, ready: make(chan struct{}), mapsReady: make(chan struct{}), cache: newResultCache(), inspected: -1}
	w.saveDialog = w.askSavePath
	w.prefs = prefsOf(a)
	validatePrefs(w.prefs)
	w.source = w.loadSource()
	if opts.CacheDir != "" {
		w.cache = &resultCache{dir: opts.CacheDir}
	}
	w.ws = workspace.New(ctx, workspace.Options{Store: cacheStore{w.cache}, Deliver: w.ui})
	w.SetOnClosed(func() {
		cancel()
		if w.suspects != nil {
			w.suspects.win.Close()
		}
	})
	w.status = widget.NewLabel("Looking for the data set…")
	w.status.Truncation = fyne.TextTruncateEllipsis
	for _, sc := range dataset.Schemes {
		net, ck, err := model.Bundled(sc)
		if err != nil {
			fyne.LogError("load the bundled model", err)
			continue
		}
		w.state.AddModel(&Model{Name: "bundled " + net.Preset + " (" + sc.Name + ")", Net: net, Checkpoint: ck, Bundled: true}, false)
	}
	w.dataTab = newDatasetTab(w)
	w.trainTab = newTrainingTab(w)
	w.embTab = newEmbeddingsTab(w)
	w.cluTab = newClustersTab(w)
	w.ws.Observe(w.onChange)
	w.tabs = container.NewAppTabs(
		container.NewTabItem(TabNames[0], w.dataTab.content()),
		container.NewTabItem(TabNames[1], w.trainTab.content()),
		container.NewTabItem(TabNames[2], w.embTab.content()),
		container.NewTabItem(TabNames[3], w.cluTab.content()),
	)
	w.SetContent(container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), w.status), nil, nil, w.tabs))
	w.bindKeys()
	w.SetMainMenu(fyne.NewMainMenu(
		fyne.NewMenu("File",
			fyne.NewMenuItem("Open data folder…", w.dataTab.chooseFolder),
			fyne.NewMenuItem("Open model…", w.trainTab.openModel),
			fyne.NewMenuItem("Save model as…", w.trainTab.saveModel),
			fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem("Import embeddings…", w.embTab.importFeatures),
			fyne.NewMenuItem("Export map…", w.embTab.export),
		), // Fyne adds Quit
		fyne.NewMenu("Explore",
			fyne.NewMenuItem("Suspicious labels…", w.showSuspects),
			fyne.NewMenuItem("Select matching points", w.ws.SelectMatching),
			fyne.NewMenuItem("Clear selection", func() { w.ws.Select(nil) }),
			fyne.NewMenuItem("Clear filter", func() { w.ws.SetFilter(workspace.Filter{}) }),
		),
		fyne.NewMenu("Help", fyne.NewMenuItem("About", func() { w.showAbout(opts.Version) })),
	))
	w.Resize(fyne.NewSize(1280, 820))
	w.restoreModel()
	w.state.OnChange(func(c Change) {
		w.status.SetText(w.statusLine())
		if c == ModelChanged {
			w.rememberModel()
			w.imported = nil // a model chosen: show its features
		}
		if c == DatasetChanged || c == ModelChanged {
			w.refreshDerived()
		}
	})
	w.status.SetText(w.statusLine())

	dir := opts.DataDir
	if dir == "" && opts.Load == nil {
		dir = w.prefs.String(prefDataDir)
	}
	w.LoadData(dir)
	return w, nil
}

// restoreModel makes the model of the last session current again: a
// bundled one at once, a file in the background.
func (w *Window) restoreModel() {
	kind, v, _ := strings.Cut(w.prefs.String(prefCurrentModel), ":")
	switch kind {
	case "bundled":
		for i, m := range w.state.Models() {
			if m.Bundled && m.Net.Scheme.Name == v {
				w.state.SetCurrent(i)
			}
		}
	case "file":
		w.goJob(func() {
			net, ck, err := model.Load(v)
			w.ui(func() {
				if err != nil {
					fyne.LogError("reopen the last model", err)
					return
				}
				w.state.AddModel(&Model{Name: filepath.Base(v), Net: net, Checkpoint: ck, Path: v}, true)
			})
		})
	}
}

// rememberModel records the current model for the next start, if it can
// be found again: bundled, or saved to a file.
func (w *Window) rememberModel() {
	m := w.state.Current()
	switch {
	case m == nil:
	case m.Bundled:
		w.prefs.SetString(prefCurrentModel, "bundled:"+m.Net.Scheme.Name)
	case m.Path != "":
		w.prefs.SetString(prefCurrentModel, "file:"+m.Path)
	}
}

// Busy reports whether background work started by the window (loading
// data, computing features or maps) is still running. Screenshots wait
// for it.
func (w *Window) Busy() bool { return w.busy.Load() > 0 || w.ws.Busy() }

// LoadData loads the data set from dir (the usual search if dir is empty)
// in the background, and makes it the state's data set. Errors are shown
// in a dialog and in the Dataset tab.
func (w *Window) LoadData(dir string) {
	load := w.opts.Load
	if load == nil || dir != "" {
		load = func(ctx context.Context) (*dataset.Dataset, error) {
			return dataset.Load(ctx, dataset.LoadOptions{Locations: dataset.Search(dir), Lenient: true})
		}
	}
	w.goJob(func() {
		d, err := load(w.ctx)
		if w.ctx.Err() != nil {
			return
		}
		w.ui(func() {
			defer w.readyOne.Do(func() { close(w.ready) })
			if err != nil {
				w.loadErr = fmt.Errorf("load the data set: %w", err)
				w.status.SetText("Data: could not load the data set; see the Dataset tab")
				w.dataTab.showLoadError(err)
				dialog.ShowError(w.loadErr, w)
				w.mapsReadyOne.Do(func() { close(w.mapsReady) }) // there will be none
				return
			}
			w.loadErr = nil
			w.state.SetDataset(d)
			if err := damaged(d); err != nil {
				// The rest was loaded (the test split falls back to the
				// embedded one); say what could not be.
				dialog.ShowError(fmt.Errorf("part of the data set could not be read; the rest is loaded: %w", err), w)
			}
		})
	})
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

// DataProblem returns what went wrong loading the data set, or nil: the
// load's error, or the errors of the splits that could not be read while
// the rest loaded. The window shows it; screenshot reports it.
func (w *Window) DataProblem() error {
	if w.loadErr != nil {
		return w.loadErr
	}
	return damaged(w.state.Dataset())
}

// damaged joins the errors of d's splits that could not be read, in split
// order, or returns nil.
func damaged(d *dataset.Dataset) error {
	if d == nil {
		return nil
	}
	var errs []error
	for _, name := range dataset.SplitNames {
		if e := d.Damaged[name]; e != nil {
			errs = append(errs, e)
		}
	}
	return errors.Join(errs...)
}

// MapsReady is closed once the Embeddings and Clusters tabs have their
// first features and PCA map (or the error that stopped them).
func (w *Window) MapsReady() <-chan struct{} { return w.mapsReady }

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

// DatasetText returns the text the Dataset tab shows about the source.
func (w *Window) DatasetText() string { return w.dataTab.reportText() }

// State returns the application state.
func (w *Window) State() *State { return w.state }

// statusLine summarises the data source, the current model and the
// compute device.
func (w *Window) statusLine() string {
	var parts []string
	if d := w.state.Dataset(); d != nil {
		parts = append(parts, "Data: "+d.Source().Describe())
		for _, name := range dataset.SplitNames {
			s := d.Split(name)
			switch {
			case d.Damaged[name] != nil && d.DamagedFile(name) != "":
				parts = append(parts, fmt.Sprintf("%s split unusable: %s is damaged", name, d.DamagedFile(name)))
			case d.Damaged[name] != nil:
				parts = append(parts, name+" split unusable (see the Dataset tab)")
			}
			switch {
			case s != nil && s.Origin == dataset.OriginEmbedded && d.Damaged[name] != nil:
				parts = append(parts, fmt.Sprintf("%s %d images (embedded)", name, s.Len()))
			case s != nil:
				parts = append(parts, fmt.Sprintf("%s %d images", name, s.Len()))
			case d.Damaged[name] == nil:
				parts = append(parts, name+" split missing")
			}
		}
	} else {
		parts = append(parts, "Looking for the data set…")
	}
	if m := w.state.Current(); m != nil {
		parts = append(parts, m.Describe())
	}
	parts = append(parts, fmt.Sprintf("CPU, %d threads, %s kernels", runtime.GOMAXPROCS(0), model.GEMMPath()))
	return strings.Join(parts, " · ")
}

func (w *Window) showAbout(version string) {
	var deps strings.Builder
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			switch d.Path {
			case "fyne.io/fyne/v2", "gorgonia.org/gorgonia", "gonum.org/v1/gonum", "gonum.org/v1/plot":
				fmt.Fprintf(&deps, "%s %s\n", d.Path, d.Version)
			}
		}
	}
	text := fmt.Sprintf("Fashion Lens %s\n\nTrains a convolutional network on Fashion-MNIST and shows what it learned.\n\n"+
		"%s %s/%s\nMatrix multiply: %s\n%s\n%s",
		version, runtime.Version(), runtime.GOOS, runtime.GOARCH, model.Backend(), deps.String(), resources.FashionMNISTLicense)
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	s := container.NewVScroll(l)
	s.SetMinSize(fyne.NewSize(560, 420))
	dialog.ShowCustom("About Fashion Lens", "Close", s, w)
}
