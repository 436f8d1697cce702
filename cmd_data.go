package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/fashionlens/fashionlens/model"
	"github.com/fashionlens/fashionlens/model/dataset"
)

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
