package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/fashionlens/fashionlens/internal/atomicfile"
)

// CheckOutputs checks, before any work starts, that each output path (flag
// name → path; empty paths are skipped) can be written (atomicfile.Check)
// and is none of the inputs nor another output, comparing resolved paths.
// Its errors name the flag.
func CheckOutputs(inputs, outputs map[string]string) error {
	seen := map[string]string{} // resolved path → flag
	for flag, p := range inputs {
		if p != "" {
			seen[resolve(p)] = flag
		}
	}
	for _, flag := range sortedKeys(outputs) {
		p := outputs[flag]
		if p == "" {
			continue
		}
		if err := atomicfile.Check(p); err != nil {
			return fmt.Errorf("--%s: %w", flag, err)
		}
		r := resolve(p)
		if other, ok := seen[r]; ok {
			return fmt.Errorf("--%s %s is the same file as --%s: it would be overwritten", flag, p, other)
		}
		seen[r] = flag
	}
	return nil
}

// checkDataDir says why dir cannot be a --data folder: it does not exist,
// or is not a folder.
func checkDataDir(dir string) error {
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("--data %s: no such folder", dir)
	case err != nil:
		return fmt.Errorf("--data: %w", err) // "stat DIR: why" names the folder
	case !st.IsDir():
		return fmt.Errorf("--data %s: not a folder", dir)
	}
	return nil
}

// resolve returns p as an absolute path with the symbolic links of its
// folder (and of p itself, if it exists) resolved.
func resolve(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(dir, filepath.Base(abs))
	}
	return abs
}

// sortedKeys returns m's keys in order, so that errors do not depend on
// map order.
func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
