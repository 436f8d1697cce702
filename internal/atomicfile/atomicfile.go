// Package atomicfile writes files so that a reader sees either the old
// file or the complete new one, never a part: the content goes to a
// temporary file in the same folder, is flushed to disk, and is renamed
// onto the target only when everything succeeded.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"
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
//
// Write refuses a path that is not a regular file (see Check): renaming
// onto a device, a folder or a symbolic link would replace it. It first
// removes the temporary files of path that a killed process left: those
// untouched since before this process started.
func Write(path string, write func(w io.Writer) error) (err error) {
	if err := checkTarget(path); err != nil {
		return err
	}
	removeStale(path, processStart)
	tmp, err := os.CreateTemp(filepath.Dir(path), tempPattern(path))
	if err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
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
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
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
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	syncDir(filepath.Dir(path))
	return nil
}

// Check says, before any work, whether Write could create or replace
// path: path, if it exists, is a regular file, not a folder, a device, a
// pipe or a symbolic link (Write would replace the link, not the file it
// points to), and its folder exists and takes a new file (a probe file is
// created there and removed).
func Check(path string) error {
	if err := checkTarget(path); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("cannot write %s: the folder %s does not exist", path, dir)
	case err != nil:
		return fmt.Errorf("cannot write %s: %w", path, unwrapPath(err))
	case !st.IsDir():
		return fmt.Errorf("cannot write %s: %s is not a folder", path, dir)
	}
	probe, err := os.CreateTemp(dir, tempPattern(path))
	if err != nil {
		// The probe's own name says nothing to the user.
		return fmt.Errorf("cannot write %s: cannot create a file in %s: %w", path, dir, unwrapPath(err))
	}
	probe.Close()
	os.Remove(probe.Name())
	return nil
}

// checkTarget refuses an existing path that is not a regular file.
func checkTarget(path string) error {
	st, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR):
		return nil // nothing there (or its folder is none): Check says more
	case err != nil:
		return fmt.Errorf("cannot write %s: %w", path, unwrapPath(err))
	case st.IsDir():
		return fmt.Errorf("cannot write %s: it is a folder", path)
	case st.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("cannot write %s: it is a symbolic link; give the path of the file it points to", path)
	case !st.Mode().IsRegular():
		return fmt.Errorf("cannot write %s: it is not a regular file but %s", path, kind(st.Mode()))
	}
	return nil
}

// kind names a non-regular file's type for people.
func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeNamedPipe != 0:
		return "a pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "a special file"
}

// unwrapPath returns the cause of a *fs.PathError or *os.LinkError, whose
// text repeats a path (or names a temporary file) that the caller's
// message names already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// RemoveStale removes the temporary files that Write calls for path left
// behind when their process was killed. It must not run while another
// process writes path.
func RemoveStale(path string) { removeStale(path, time.Time{}) }

// processStart is when this process started (its packages were
// initialised).
var processStart = time.Now()

// removeStale removes path's temporary files (Write's name pattern only)
// last modified before, or all if before is zero. Write calls it with
// the process's start: a file untouched since before this process began
// is a killed writer's, not a live one's.
func removeStale(path string, before time.Time) {
	stale, _ := filepath.Glob(filepath.Join(filepath.Dir(path), tempPattern(path)))
	for _, p := range stale {
		st, err := os.Lstat(p)
		if err != nil || !st.Mode().IsRegular() || (!before.IsZero() && !st.ModTime().Before(before)) {
			continue
		}
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
