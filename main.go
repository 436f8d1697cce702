// Command fashionlens trains a convolutional network on Fashion-MNIST and
// shows what it learned. With no sub-command it opens the window; the
// sub-commands run headless, for scripts, servers and tests:
//
//	fashionlens [--data DIR]              open the window
//	fashionlens data info [--data DIR] [--json]
//	fashionlens data fetch [--dir DIR]
//	fashionlens train [--preset seed|small] [--scheme fashion10|groups5] [--epochs N] [--out FILE] [--log-json FILE]
//	fashionlens evaluate --model FILE|bundled [--json]
//	fashionlens features --model FILE|bundled [--split test|train] --out vectors.tsv [--metadata metadata.tsv]
//	fashionlens analyze --features FILE [--metadata FILE] [--kmeans K] [--dbscan-eps E|auto] [--tsne-perplexity P] --out DIR
//	fashionlens screenshot [--data DIR] [--tab NAME] --out FILE.png
//	fashionlens version
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"io/fs"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/fashionlens/fashionlens/gui"
	"github.com/fashionlens/fashionlens/internal/atomicfile"
	"github.com/fashionlens/fashionlens/internal/settings"
	"github.com/fashionlens/fashionlens/model"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// version is the release: FyneApp.toml's Version with "-dev" (a test keeps
// them together); set another with -ldflags "-X main.version=...".
var version = "0.2.0-dev"

// started is when the process started (its package variables were
// initialised), for the start-up times that screenshot prints.
var started = time.Now()

// appID identifies the app to Fyne (preferences, storage); it matches
// FyneApp.toml.
const appID = "io.github.fashionlens"

// stopSignals end a command as Ctrl-C does: training stops within one
// batch and saves its best epoch. SIGHUP is among them: a closed
// terminal must not lose a run.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals...)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the command failed: bad file, failed download, ...
	exitUsage = 2 // the command line was wrong
)

const usage = `Usage:
  fashionlens [--data DIR]                    open the Fashion Lens window
  fashionlens data info [--data DIR] [--json] show where the data set comes from and what it holds
  fashionlens data fetch [--dir DIR]          download and verify Fashion-MNIST
  fashionlens train [--preset seed|small] [--scheme fashion10|groups5] [--epochs N] [--out FILE]
                                              train the network on the train split and save it
  fashionlens evaluate --model FILE|bundled   test accuracy, per class, and the confusion matrix
  fashionlens features --model FILE|bundled --out vectors.tsv [--metadata metadata.tsv]
                                              write the encoded Dense(64) features of a split
  fashionlens analyze --features FILE [--metadata FILE] [--kmeans K] [--dbscan-eps E|auto] [--tsne-perplexity P] --out DIR
                                              PCA, t-SNE, K-means and DBSCAN of a feature file, with figures
  fashionlens screenshot --out FILE.png       open the window, save a picture of it, and quit
  fashionlens version                         print version information

Run 'fashionlens COMMAND --help' for a command's options.
`

// run executes the command line args and returns the exit code. It never
// opens the window for a sub-command.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") && !isHelp(args[0]) {
		return runWindow(args, stderr)
	}
	if isHelp(args[0]) {
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	switch args[0] {
	case "version":
		return runVersion(args[1:], stdout, stderr)
	case "screenshot":
		return runScreenshot(ctx, args[1:], stdout, stderr)
	case "train":
		return runTrain(ctx, args[1:], stdout, stderr)
	case "evaluate":
		return runEvaluate(ctx, args[1:], stdout, stderr)
	case "features":
		return runFeatures(ctx, args[1:], stdout, stderr)
	case "analyze":
		return runAnalyze(ctx, args[1:], stdout, stderr)
	case "data":
		if len(args) < 2 {
			fmt.Fprint(stderr, "fashionlens data: missing sub-command (info or fetch)\n\n"+usage)
			return exitUsage
		}
		switch {
		case args[1] == "info":
			return runDataInfo(ctx, args[2:], stdout, stderr)
		case args[1] == "fetch":
			return runDataFetch(ctx, args[2:], stdout, stderr)
		case isHelp(args[1]):
			fmt.Fprint(stdout, usage)
			return exitOK
		}
		fmt.Fprintf(stderr, "fashionlens data: unknown sub-command %q (want info or fetch)\n\n%s", args[1], usage)
		return exitUsage
	}
	fmt.Fprintf(stderr, "fashionlens: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}

// isHelp reports whether a command-line word asks for help.
func isHelp(a string) bool { return a == "help" || a == "-h" || a == "-help" || a == "--help" }

// newFlags returns a flag set that reports errors instead of exiting, with
// a usage text for --help.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: %s\n\nOptions:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args and says whether to go on; code is the exit code when
// not: 0 for --help, 2 for a usage error.
func parse(fs *flag.FlagSet, args []string) (ok bool, code int) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return false, exitOK
		}
		return false, exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return false, exitUsage
	}
	// Every command's --data names a folder that must exist: a typo
	// would otherwise read as "no data set here".
	if f := fs.Lookup("data"); f != nil && f.Value.String() != "" {
		if err := checkDataDir(f.Value.String()); err != nil {
			fmt.Fprintf(fs.Output(), "%s: %v\n", fs.Name(), err)
			return false, exitUsage
		}
	}
	return true, exitOK
}

func runWindow(args []string, stderr io.Writer) int {
	fs := newFlags("fashionlens", "fashionlens [--data DIR]", stderr)
	dataDir := fs.String("data", "", "folder holding the Fashion-MNIST IDX files (default: search $FASHIONLENS_DATA, the cache, Debian's package)")
	if ok, code := parse(fs, args); !ok {
		return code
	}
	_, w, st, err := openWindow(*dataDir, false)
	if err != nil {
		fmt.Fprintf(stderr, "fashionlens: %v\n", err)
		return exitError
	}
	w.ShowAndRun()
	st.Flush() // a failure was logged by the store
	return exitOK
}

// openWindow checks that a window can be shown, then creates the app, with
// the user's settings file as its preferences, and its main window. Flush
// the settings when the window has closed.
func openWindow(dataDir string, noShipped bool) (fyne.App, *gui.Window, *settings.Store, error) {
	if err := gui.CheckDisplay(); err != nil {
		return nil, nil, nil, err
	}
	st, fyneFile := openSettings()
	if fi, err := os.Stat(fyneFile); err == nil && fi.Mode().IsRegular() && fi.Size() == 0 {
		// Left empty by an earlier version killed while Fyne rewrote it:
		// it holds nothing, and Fyne would log "Preferences load error:
		// EOF" reading it.
		os.Remove(fyneFile)
	}
	a := app.NewWithID(appID)
	a.SetCloudProvider(gui.SettingsProvider(st))
	v := version
	if md := a.Metadata(); md.Version != "" && strings.HasSuffix(version, "-dev") {
		// A build by fyne package carries FyneApp.toml's version.
		v = fmt.Sprintf("%s (build %d)", md.Version, md.Build)
	}
	w, err := gui.NewWindow(a, gui.Options{Version: v, DataDir: dataDir, NoShipped: noShipped})
	if err != nil {
		return nil, nil, nil, err
	}
	return a, w, st, nil
}

// openSettings opens the user's settings file (fashionlens/settings.json
// in the user's config folder), importing on first use the preferences of
// versions that kept them in Fyne's store, whose file it returns too. When
// the file cannot be read, the settings live in memory for this session
// and the file is left as it is.
func openSettings() (st *settings.Store, fyneFile string) {
	dir, err := os.UserConfigDir()
	if err != nil {
		log.Printf("settings: %v; nothing is remembered this session", err)
		return settings.NewMemory(), ""
	}
	path := filepath.Join(dir, "fashionlens", "settings.json")
	fyneFile = filepath.Join(dir, "fyne", appID, "preferences.json")
	_, statErr := os.Stat(path)
	st, err = settings.Open(path, log.Printf)
	if err != nil {
		log.Printf("settings: %v; nothing is remembered this session", err)
		return settings.NewMemory(), fyneFile
	}
	if errors.Is(statErr, fs.ErrNotExist) {
		if err := st.Import(fyneFile); err != nil {
			log.Printf("settings: %v", err)
		}
	}
	return st, fyneFile
}

func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("fashionlens version", "fashionlens version", stderr)
	if ok, code := parse(fs, args); !ok {
		return code
	}
	fmt.Fprintf(stdout, "fashionlens %s\n%s %s/%s\nGEMM: %s\nElement-wise loops: %s\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH, model.Backend(), model.LoopsPath())
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			switch d.Path {
			case "fyne.io/fyne/v2", "gorgonia.org/gorgonia", "gonum.org/v1/gonum", "gonum.org/v1/plot":
				fmt.Fprintf(stdout, "%s %s\n", d.Path, d.Version)
			}
		}
	}
	return exitOK
}

func runDataInfo(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("fashionlens data info", "fashionlens data info [--data DIR] [--json]", stderr)
	dir := fs.String("data", "", "folder holding the Fashion-MNIST IDX files; when given, the only folder searched")
	asJSON := fs.Bool("json", false, "print one JSON object instead of text")
	if ok, code := parse(fs, args); !ok {
		return code
	}
	d, err := dataset.Load(ctx, dataset.LoadOptions{Locations: dataset.Search(*dir)})
	if err != nil {
		fmt.Fprintf(stderr, "fashionlens data info: %v\n", err)
		return exitError
	}
	r := d.Report()
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(r)
	} else {
		err = r.WriteText(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "fashionlens data info: write the report: %v\n", err)
		return exitError
	}
	return exitOK
}

func runDataFetch(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("fashionlens data fetch", "fashionlens data fetch [--dir DIR] [--split train|test|all] [--url URL]", stderr)
	dir := fs.String("dir", "", "folder to download into (default: the user cache folder, searched by every command)")
	split := fs.String("split", "all", "which split to fetch: train, test or all")
	url := fs.String("url", dataset.DefaultBaseURL, "base URL of a mirror holding the <name>.gz files")
	if ok, code := parse(fs, args); !ok {
		return code
	}
	var splits []string
	switch *split {
	case "all":
		splits = dataset.SplitNames
	case dataset.Train, dataset.Test:
		splits = []string{*split}
	default:
		fmt.Fprintf(stderr, "fashionlens data fetch: --split %q: want train, test or all\n", *split)
		fs.Usage()
		return exitUsage
	}
	if *dir == "" {
		c, err := dataset.CacheDir()
		if err != nil {
			fmt.Fprintf(stderr, "fashionlens data fetch: %v; give a folder with --dir\n", err)
			return exitError
		}
		*dir = c
	}
	bar := newFetchPrinter(stderr)
	err := dataset.Fetch(ctx, *dir, splits, dataset.FetchOptions{BaseURL: *url, Progress: bar.update})
	bar.Clear()
	if err != nil {
		fmt.Fprintf(stderr, "fashionlens data fetch: %v\n", err)
		return exitError
	}
	fmt.Fprintf(stdout, "Fashion-MNIST %s split in %s: verified\n", strings.Join(splits, " and "), *dir)
	return exitOK
}

func runScreenshot(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("fashionlens screenshot", "fashionlens screenshot [--data DIR] [--size 1280x800] [--select N] [--no-shipped] [--tab NAME --out FILE.png | --out DIR]", stderr)
	dataDir := fs.String("data", "", "folder holding the Fashion-MNIST IDX files (default: the usual search)")
	tab := fs.String("tab", "", "with --out FILE.png: the tab to show ("+strings.Join(gui.TabNames, ", ")+"; default the first)")
	out := fs.String("out", "", "a folder, to write one PNG per tab (dataset.png, training.png, ...), or a FILE.png for one tab")
	size := fs.String("size", "", "window size in pixels, WIDTHxHEIGHT (default: the app's own)")
	wait := fs.Duration("settle", 700*time.Millisecond, "time to let the window draw after each tab is ready")
	sel := fs.Int("select", -1, "select this point (test image index) of the maps first, to show it in the inspectors")
	noShipped := fs.Bool("no-shipped", false, "compute the bundled models' features even though the binary ships them (to time the computation)")
	if ok, code := parse(fs, args); !ok {
		return code
	}
	if *out == "" {
		fmt.Fprintln(stderr, "fashionlens screenshot: --out is required")
		fs.Usage()
		return exitUsage
	}
	var width, height int
	if *size != "" {
		if n, err := fmt.Sscanf(*size, "%dx%d", &width, &height); n != 2 || err != nil || width < 200 || height < 150 || width > 8000 || height > 8000 {
			fmt.Fprintf(stderr, "fashionlens screenshot: --size must be WIDTHxHEIGHT in pixels, e.g. 1280x800, not %q\n", *size)
			return exitUsage
		}
	}
	// One file for one tab, or a folder for all of them.
	type shot struct{ tab, path string }
	var shots []shot
	if strings.EqualFold(filepath.Ext(*out), ".png") {
		name := gui.TabNames[0]
		if *tab != "" {
			i := slices.IndexFunc(gui.TabNames, func(n string) bool { return strings.EqualFold(n, *tab) })
			if i < 0 {
				fmt.Fprintf(stderr, "fashionlens screenshot: no tab %q (want one of %s)\n", *tab, strings.Join(gui.TabNames, ", "))
				return exitUsage
			}
			name = gui.TabNames[i]
		}
		shots = []shot{{name, *out}}
	} else {
		if *tab != "" {
			fmt.Fprintln(stderr, "fashionlens screenshot: --tab needs --out FILE.png; with a folder every tab is written")
			return exitUsage
		}
		if err := os.MkdirAll(*out, 0o755); err != nil {
			fmt.Fprintf(stderr, "fashionlens screenshot: %v\n", err)
			return exitError
		}
		for _, n := range gui.TabNames {
			shots = append(shots, shot{n, filepath.Join(*out, strings.ToLower(n)+".png")})
		}
	}
	// Every file can be written: found now, not after the window's work.
	for _, s := range shots {
		if err := checkOutputs(nil, map[string]string{"out": s.path}); err != nil {
			fmt.Fprintf(stderr, "fashionlens screenshot: %v\n", err)
			return exitUsage
		}
	}
	a, w, st, err := openWindow(*dataDir, *noShipped)
	if err != nil {
		fmt.Fprintf(stderr, "fashionlens screenshot: %v\n", err)
		return exitError
	}
	if width > 0 {
		// Fyne sizes are in device-independent units; at scale 1 they are
		// pixels.
		w.Resize(fyne.NewSize(float32(width), float32(height)))
	}
	w.SelectTab(shots[0].tab)
	code := exitOK
	fail := func(err error) {
		fmt.Fprintf(stderr, "fashionlens screenshot: %v\n", err)
		code = exitError
	}
	go func() {
		defer fyne.Do(a.Quit)
		select {
		case <-w.Ready():
		case <-ctx.Done():
			code = exitError
			return
		case <-time.After(2 * time.Minute):
			fail(errors.New("the window did not finish loading in 2 minutes"))
			return
		}
		loaded := time.Since(started)
		select {
		case <-w.MapsReady():
			fmt.Fprintf(stdout, "start-up: data set loaded after %.2f s; features and PCA map ready after %.2f s (since the process started)\n",
				loaded.Seconds(), time.Since(started).Seconds())
		case <-ctx.Done():
			code = exitError
			return
		case <-time.After(2 * time.Minute):
			fmt.Fprintln(stdout, "start-up: the maps were not ready after 2 minutes")
		}
		for i, s := range shots {
			fyne.DoAndWait(func() { w.SelectTab(s.tab) })
			if i == 0 && *sel >= 0 {
				for deadline := time.Now().Add(time.Minute); w.Busy() && time.Now().Before(deadline); {
					time.Sleep(50 * time.Millisecond)
				}
				var err error
				fyne.DoAndWait(func() { err = w.SelectPoint(*sel) })
				if err != nil {
					fail(err)
					return
				}
			}
			// Let the tab's background work (features, maps) finish.
			for deadline := time.Now().Add(time.Minute); w.Busy() && time.Now().Before(deadline); {
				time.Sleep(50 * time.Millisecond)
			}
			// The window may not be mapped or painted yet: try until it is.
			var img image.Image
			var err error
			for deadline := time.Now().Add(15 * time.Second); ; {
				time.Sleep(*wait)
				fyne.DoAndWait(func() { img, err = w.Capture() })
				if err == nil {
					err = gui.CheckNotBlank(img)
				}
				if err == nil || time.Now().After(deadline) {
					break
				}
			}
			if err != nil {
				fail(fmt.Errorf("%s tab: %w", s.tab, err))
				return
			}
			if err := writePNG(s.path, img); err != nil {
				fail(err)
				return
			}
			fmt.Fprintf(stdout, "wrote %s (%dx%d)\n", s.path, img.Bounds().Dx(), img.Bounds().Dy())
		}
		// The shots show a data set that could not be (wholly) loaded: say
		// so, and exit non-zero.
		var problem error
		fyne.DoAndWait(func() { problem = w.DataProblem() })
		if problem != nil {
			fail(fmt.Errorf("the window shows a data problem: %w", problem))
		}
	}()
	w.ShowAndRun()
	st.Flush()
	return code
}

// writePNG writes img as a PNG file, atomically.
func writePNG(path string, img image.Image) error {
	return atomicfile.Write(path, func(w io.Writer) error {
		if err := png.Encode(w, img); err != nil {
			return fmt.Errorf("write %s: encode PNG: %w", path, err)
		}
		return nil
	})
}
