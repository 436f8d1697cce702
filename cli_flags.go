package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

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
