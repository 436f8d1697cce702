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
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
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
