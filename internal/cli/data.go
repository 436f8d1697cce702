package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/fashionlens/fashionlens/model/dataset"
)

// dataInfoOptions are data info's settings, from its flags.
type dataInfoOptions struct {
	Data string // the only folder searched, or "" for the usual search
	JSON bool   // one JSON object instead of text
}

func runDataInfo(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := NewFlags("fashionlens data info", "fashionlens data info [--data DIR] [--json]", stderr)
	var o dataInfoOptions
	fs.StringVar(&o.Data, "data", "", "folder holding the Fashion-MNIST IDX files; when given, the only folder searched")
	fs.BoolVar(&o.JSON, "json", false, "print one JSON object instead of text")
	if ok, code := ParseFlags(fs, args); !ok {
		return code
	}
	return showDataInfo(ctx, o, stdout, stderr)
}

// showDataInfo reports where the data set comes from and what it holds.
func showDataInfo(ctx context.Context, o dataInfoOptions, stdout, stderr io.Writer) int {
	d, err := dataset.Load(ctx, dataset.LoadOptions{Locations: dataset.Search(o.Data)})
	if err != nil {
		fmt.Fprintf(stderr, "fashionlens data info: %v\n", err)
		return ExitError
	}
	r := d.Report()
	if o.JSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(r)
	} else {
		err = r.WriteText(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "fashionlens data info: write the report: %v\n", err)
		return ExitError
	}
	return ExitOK
}

// dataFetchOptions are data fetch's settings, from its flags.
type dataFetchOptions struct {
	Dir    string   // the folder to download into, "" for the user cache folder
	Splits []string // the splits to fetch
	URL    string   // the base URL of the mirror
}

func runDataFetch(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := NewFlags("fashionlens data fetch", "fashionlens data fetch [--dir DIR] [--split train|test|all] [--url URL]", stderr)
	var o dataFetchOptions
	fs.StringVar(&o.Dir, "dir", "", "folder to download into (default: the user cache folder, searched by every command)")
	split := fs.String("split", "all", "which split to fetch: train, test or all")
	fs.StringVar(&o.URL, "url", dataset.DefaultBaseURL, "base URL of a mirror holding the <name>.gz files")
	if ok, code := ParseFlags(fs, args); !ok {
		return code
	}
	switch *split {
	case "all":
		o.Splits = dataset.SplitNames
	case dataset.Train, dataset.Test:
		o.Splits = []string{*split}
	default:
		fmt.Fprintf(stderr, "fashionlens data fetch: --split %q: want train, test or all\n", *split)
		fs.Usage()
		return ExitUsage
	}
	return fetchData(ctx, o, stdout, stderr)
}

// fetchData downloads and verifies the splits, showing progress on
// stderr.
func fetchData(ctx context.Context, o dataFetchOptions, stdout, stderr io.Writer) int {
	if o.Dir == "" {
		c, err := dataset.CacheDir()
		if err != nil {
			fmt.Fprintf(stderr, "fashionlens data fetch: %v; give a folder with --dir\n", err)
			return ExitError
		}
		o.Dir = c
	}
	bar := newFetchPrinter(stderr)
	err := dataset.Fetch(ctx, o.Dir, o.Splits, dataset.FetchOptions{BaseURL: o.URL, Progress: bar.update})
	bar.Clear()
	if err != nil {
		fmt.Fprintf(stderr, "fashionlens data fetch: %v\n", err)
		return ExitError
	}
	fmt.Fprintf(stdout, "Fashion-MNIST %s split in %s: verified\n", strings.Join(o.Splits, " and "), o.Dir)
	return ExitOK
}
