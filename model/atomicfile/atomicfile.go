// Package atomicfile writes files so that a reader sees either the old
// file or the complete new one, never a part: the content goes to a
// temporary file in the same folder, is flushed to disk, and is renamed
// onto the target only when everything succeeded.
package atomicfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// tempPattern is the os.CreateTemp pattern of path's temporary files.
func tempPattern(path string) string { return "." + filepath.Base(path) + ".part-*" }

// Write creates or replaces path with what write writes. If write returns
// an error, or creating, flushing or renaming the file fails, the
// temporary file is removed, any earlier file at path is left as it was,
// and the error is returned: write's own error unchanged, the others
// wrapped with the path. A new file is readable by all (mode 0644), as a
// file made with os.Create under the usual umask; a replaced file keeps
// its mode.
func Write(path string, write func(w io.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), tempPattern(path))
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	mode := os.FileMode(0o644)
	if st, serr := os.Stat(path); serr == nil && st.Mode().IsRegular() {
		mode = st.Mode().Perm()
	}
	if err = tmp.Chmod(mode); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = write(tmp); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: flush: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("write %s: close: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	syncDir(filepath.Dir(path))
	return nil
}

// RemoveStale removes the temporary files that Write calls for path left
// behind when their process was killed. It must not run while another
// process writes path.
func RemoveStale(path string) {
	stale, _ := filepath.Glob(filepath.Join(filepath.Dir(path), tempPattern(path)))
	for _, p := range stale {
		os.Remove(p)
	}
}

// syncDir flushes a folder's entries so a rename survives a crash. Not
// every system supports it; failure is not an error.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
