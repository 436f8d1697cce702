package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// NewFlags returns a flag set that reports errors to stderr instead of
// exiting, with a usage text for --help: synopsis, then the options.
func NewFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: %s\n\nOptions:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// ParseFlags parses args and says whether to go on; code is the exit code
// when not: ExitOK for --help, ExitUsage for a usage error, which it has
// reported. Arguments after the flags are refused, and so is a --data
// flag that names no folder.
func ParseFlags(fs *flag.FlagSet, args []string) (ok bool, code int) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return false, ExitOK
		}
		return false, ExitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return false, ExitUsage
	}
	// Every command's --data names a folder that must exist: a typo
	// would otherwise read as "no data set here".
	if f := fs.Lookup("data"); f != nil && f.Value.String() != "" {
		if err := checkDataDir(f.Value.String()); err != nil {
			fmt.Fprintf(fs.Output(), "%s: %v\n", fs.Name(), err)
			return false, ExitUsage
		}
	}
	return true, ExitOK
}

// modelDataFlags defines the flags of the commands that run a model on
// the data set: --model, --scheme and --data.
func modelDataFlags(fs *flag.FlagSet, model, scheme, data *string) {
	fs.StringVar(model, "model", "", "checkpoint file, or bundled for the model inside the binary")
	fs.StringVar(scheme, "scheme", "", "label scheme (bundled: which model; a file: must match)")
	fs.StringVar(data, "data", "", "folder holding the Fashion-MNIST IDX files (default: the usual search)")
}
