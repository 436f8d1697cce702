package cli

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/fashionlens/fashionlens/model"
)

// runVersion is the version command: it takes no options.
func runVersion(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := NewFlags("fashionlens version", "fashionlens version", stderr)
	if ok, code := ParseFlags(fs, args); !ok {
		return code
	}
	printVersion(stdout)
	return ExitOK
}

// printVersion prints the release (Version), Go's version and platform,
// the kernels' paths and the versions of the main dependencies.
func printVersion(stdout io.Writer) {
	fmt.Fprintf(stdout, "fashionlens %s\n%s %s/%s\nGEMM: %s\nElement-wise loops: %s\n", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH, model.Backend(), model.LoopsPath())
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			switch d.Path {
			case "fyne.io/fyne/v2", "gorgonia.org/gorgonia", "gonum.org/v1/gonum", "gonum.org/v1/plot":
				fmt.Fprintf(stdout, "%s %s\n", d.Path, d.Version)
			}
		}
	}
}
