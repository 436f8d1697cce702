//go:build unix

package atomicfile

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Check refuses, before any work, every path that Write could not create
// or should not replace, naming the path and the reason once.
func TestCheck(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f.txt")
	os.WriteFile(file, []byte("x"), 0o644)
	link := filepath.Join(dir, "link")
	if err := os.Symlink(file, link); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, want string }{
		{filepath.Join(dir, "nodir", "x.ckpt"), "does not exist"},
		{dir, "is a folder"},
		{link, "symbolic link"},
		{fifo, "not a regular file"},
		{filepath.Join(file, "x.ckpt"), "is not a folder"},
		{"/proc/fashionlens-check.ckpt", "cannot create a file in /proc"},
	} {
		err := Check(c.path)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.path) {
			t.Errorf("Check(%s) = %v, want an error saying %q", c.path, err, c.want)
			continue
		}
		if strings.Count(err.Error(), c.path) != 1 {
			t.Errorf("Check(%s): %q names the path more than once", c.path, err)
		}
	}
	for _, ok := range []string{file, filepath.Join(dir, "new.ckpt")} {
		if err := Check(ok); err != nil {
			t.Errorf("Check(%s) = %v", ok, err)
		}
	}
	// The probe is gone.
	if n := names(t, dir); len(n) != 3 {
		t.Errorf("folder holds %v", n)
	}
}

// Write refuses to replace a pipe or a symbolic link, which stay as they
// were.
func TestWriteRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f.txt")
	os.WriteFile(file, []byte("target"), 0o644)
	link := filepath.Join(dir, "link")
	os.Symlink(file, link)
	fifo := filepath.Join(dir, "fifo")
	syscall.Mkfifo(fifo, 0o644)
	for _, p := range []string{link, fifo} {
		if err := Write(p, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err == nil {
			t.Errorf("Write(%s) replaced it", p)
		}
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced")
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Error("the pipe was replaced")
	}
	if b, _ := os.ReadFile(file); string(b) != "target" {
		t.Errorf("the link's target holds %q", b)
	}
}
