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
//
// The headless commands and the registry that dispatches to them are in
// internal/cli; this package adds the two that open a window (see
// window.go) and handles the stop signals.
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/fashionlens/fashionlens/internal/cli"
	"github.com/fashionlens/fashionlens/internal/console"
)

// version is the release: FyneApp.toml's Version with "-dev" (a test keeps
// them together); set another with -ldflags "-X main.version=...". The
// version command prints it (through cli.Version), and so does the
// window's About.
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

// init hands the version to the command line and registers the commands
// that open a window: the window itself, the default command (no
// sub-command, or flags first), and screenshot.
func init() {
	cli.Version = version
	cli.Register(cli.Command{Usage: "[--data DIR]", Summary: "open the Fashion Lens window",
		Run: func(_ context.Context, args []string, _, stderr io.Writer) int { return runWindow(args, stderr) }})
	cli.Register(cli.Command{Name: "screenshot", Usage: "--out FILE.png",
		Summary: "open the window, save a picture of it, and quit", Run: runScreenshot})
}

func main() {
	console.Attach() // the Windows build is a GUI program: print to the console it was started from
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals...)
	code := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
