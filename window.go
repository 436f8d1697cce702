package main

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/fashionlens/fashionlens/gui"
	"github.com/fashionlens/fashionlens/internal/atomicfile"
	"github.com/fashionlens/fashionlens/internal/settings"
)

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
