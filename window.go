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
	"github.com/fashionlens/fashionlens/internal/cli"
	"github.com/fashionlens/fashionlens/internal/settings"
)

// runWindow is the default command: it opens the window, on the data
// set of --data if given, and returns when the window closes.
func runWindow(args []string, stderr io.Writer) int {
	fs := cli.NewFlags("fashionlens", "fashionlens [--data DIR]", stderr)
	dataDir := fs.String("data", "", "folder holding the Fashion-MNIST IDX files (default: search $FASHIONLENS_DATA, the cache, Debian's package)")
	if ok, code := cli.ParseFlags(fs, args); !ok {
		return code
	}
	_, w, st, err := openWindow(*dataDir, false)
	if err != nil {
		fmt.Fprintf(stderr, "fashionlens: %v\n", err)
		return cli.ExitError
	}
	w.ShowAndRun()
	st.Flush() // a failure was logged by the store
	return cli.ExitOK
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

// screenshotOptions are screenshot's settings, from its flags.
type screenshotOptions struct {
	Data      string        // the data folder, "" for the usual search
	Tab       string        // with Out a .png file: the tab to show, "" for the first
	Out       string        // a .png file, or a folder for one file per tab
	Size      string        // the window's size, WIDTHxHEIGHT, or "" for the app's own
	Settle    time.Duration // time to let the window draw after each tab is ready
	Select    int           // the test image to select first, −1 for none
	Features  bool          // with a folder, also the exploration features' pictures (gui.SceneNames)
	NoShipped bool          // compute the bundled models' features even though the binary ships them
}

func runScreenshot(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := cli.NewFlags("fashionlens screenshot", "fashionlens screenshot [--data DIR] [--size 1280x800] [--select N] [--no-shipped] [--tab NAME --out FILE.png | --out DIR [--features]]", stderr)
	var o screenshotOptions
	fs.StringVar(&o.Data, "data", "", "folder holding the Fashion-MNIST IDX files (default: the usual search)")
	fs.StringVar(&o.Tab, "tab", "", "with --out FILE.png: the tab to show ("+strings.Join(gui.TabNames, ", ")+"; default the first)")
	fs.StringVar(&o.Out, "out", "", "a folder, to write one PNG per tab (dataset.png, training.png, ...), or a FILE.png for one tab")
	fs.StringVar(&o.Size, "size", "", "window size in pixels, WIDTHxHEIGHT (default: the app's own)")
	fs.DurationVar(&o.Settle, "settle", 700*time.Millisecond, "time to let the window draw after each tab is ready")
	fs.IntVar(&o.Select, "select", -1, "select this point (test image index) of the maps first, to show it in the inspectors")
	fs.BoolVar(&o.Features, "features", false, "with --out DIR, also picture the exploration features: "+strings.Join(gui.SceneNames, ", ")+" (.png)")
	fs.BoolVar(&o.NoShipped, "no-shipped", false, "compute the bundled models' features even though the binary ships them (to time the computation)")
	if ok, code := cli.ParseFlags(fs, args); !ok {
		return code
	}
	if o.Out == "" {
		fmt.Fprintln(stderr, "fashionlens screenshot: --out is required")
		fs.Usage()
		return cli.ExitUsage
	}
	return screenshot(ctx, o, stdout, stderr)
}

// screenshot opens the window, writes a picture of each tab asked for,
// and quits; ctx cancelled stops it.
func screenshot(ctx context.Context, o screenshotOptions, stdout, stderr io.Writer) int {
	var width, height int
	if o.Size != "" {
		if n, err := fmt.Sscanf(o.Size, "%dx%d", &width, &height); n != 2 || err != nil || width < 200 || height < 150 || width > 8000 || height > 8000 {
			fmt.Fprintf(stderr, "fashionlens screenshot: --size must be WIDTHxHEIGHT in pixels, e.g. 1280x800, not %q\n", o.Size)
			return cli.ExitUsage
		}
	}
	// One file for one tab, or a folder for all of them.
	type shot struct{ tab, path string }
	var shots []shot
	if o.Features && strings.EqualFold(filepath.Ext(o.Out), ".png") {
		fmt.Fprintln(stderr, "fashionlens screenshot: --features needs --out DIR")
		return cli.ExitUsage
	}
	if strings.EqualFold(filepath.Ext(o.Out), ".png") {
		name := gui.TabNames[0]
		if o.Tab != "" {
			i := slices.IndexFunc(gui.TabNames, func(n string) bool { return strings.EqualFold(n, o.Tab) })
			if i < 0 {
				fmt.Fprintf(stderr, "fashionlens screenshot: no tab %q (want one of %s)\n", o.Tab, strings.Join(gui.TabNames, ", "))
				return cli.ExitUsage
			}
			name = gui.TabNames[i]
		}
		shots = []shot{{name, o.Out}}
	} else {
		if o.Tab != "" {
			fmt.Fprintln(stderr, "fashionlens screenshot: --tab needs --out FILE.png; with a folder every tab is written")
			return cli.ExitUsage
		}
		if err := os.MkdirAll(o.Out, 0o755); err != nil {
			fmt.Fprintf(stderr, "fashionlens screenshot: %v\n", err)
			return cli.ExitError
		}
		for _, n := range gui.TabNames {
			shots = append(shots, shot{n, filepath.Join(o.Out, strings.ToLower(n)+".png")})
		}
		if o.Features {
			for _, n := range gui.SceneNames {
				shots = append(shots, shot{"scene:" + n, filepath.Join(o.Out, n+".png")})
			}
		}
	}
	// Every file can be written: found now, not after the window's work.
	for _, s := range shots {
		if err := cli.CheckOutputs(nil, map[string]string{"out": s.path}); err != nil {
			fmt.Fprintf(stderr, "fashionlens screenshot: %v\n", err)
			return cli.ExitUsage
		}
	}
	a, w, st, err := openWindow(o.Data, o.NoShipped)
	if err != nil {
		fmt.Fprintf(stderr, "fashionlens screenshot: %v\n", err)
		return cli.ExitError
	}
	if width > 0 {
		// Fyne sizes are in device-independent units; at scale 1 they are
		// pixels.
		w.Resize(fyne.NewSize(float32(width), float32(height)))
	}
	w.SelectTab(shots[0].tab)
	code := cli.ExitOK
	fail := func(err error) {
		fmt.Fprintf(stderr, "fashionlens screenshot: %v\n", err)
		code = cli.ExitError
	}
	go func() {
		defer fyne.Do(a.Quit)
		select {
		case <-w.Ready():
		case <-ctx.Done():
			code = cli.ExitError
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
			code = cli.ExitError
			return
		case <-time.After(2 * time.Minute):
			fmt.Fprintln(stdout, "start-up: the maps were not ready after 2 minutes")
		}
		wait := func() {
			for deadline := time.Now().Add(time.Minute); w.Busy() && time.Now().Before(deadline); {
				time.Sleep(50 * time.Millisecond)
			}
		}
		for i, s := range shots {
			capture := w.Capture
			if scene, ok := strings.CutPrefix(s.tab, "scene:"); ok {
				wait()
				var sc *gui.Scene
				var err error
				fyne.DoAndWait(func() { sc, err = w.SetScene(scene) })
				if err != nil {
					fail(fmt.Errorf("%s picture: %w", scene, err))
					return
				}
				wait()
				fyne.DoAndWait(sc.Finish)
				capture = sc.Capture
			} else {
				fyne.DoAndWait(func() { w.SelectTab(s.tab) })
			}
			if i == 0 && o.Select >= 0 {
				for deadline := time.Now().Add(time.Minute); w.Busy() && time.Now().Before(deadline); {
					time.Sleep(50 * time.Millisecond)
				}
				var err error
				fyne.DoAndWait(func() { err = w.SelectPoint(o.Select) })
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
				time.Sleep(o.Settle)
				fyne.DoAndWait(func() { img, err = capture() })
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
