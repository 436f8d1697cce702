package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func names(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var n []string
	for _, e := range es {
		n = append(n, e.Name())
	}
	return n
}

func TestWriteReplaces(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f.txt")
	os.WriteFile(p, []byte("old"), 0o644)
	if err := Write(p, func(w io.Writer) error { _, err := io.WriteString(w, "new content"); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "new content" {
		t.Fatalf("content %q", b)
	}
	if n := names(t, dir); len(n) != 1 {
		t.Fatalf("folder holds %v", n)
	}
}

func TestWriteFailureKeepsOld(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f.txt")
	os.WriteFile(p, []byte("old"), 0o644)
	boom := errors.New("disk full halfway")
	err := Write(p, func(w io.Writer) error {
		io.WriteString(w, "half of the new")
		return boom
	})
	if err != boom {
		t.Fatalf("got %v, want write's own error", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Fatalf("the old file changed to %q", b)
	}
	if n := names(t, dir); len(n) != 1 {
		t.Fatalf("a failed write left %v", n)
	}
}

func TestWriteBadFolder(t *testing.T) {
	p := filepath.Join(t.TempDir(), "no", "such", "folder", "f.txt")
	err := Write(p, func(io.Writer) error { return nil })
	if err == nil || !strings.Contains(err.Error(), p) || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("got %v", err)
	}
}

func TestRemoveStale(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f.txt")
	os.WriteFile(filepath.Join(dir, ".f.txt.part-123"), []byte("killed"), 0o644)
	os.WriteFile(filepath.Join(dir, ".g.txt.part-123"), []byte("another file's"), 0o644)
	os.WriteFile(p, []byte("kept"), 0o644)
	RemoveStale(p)
	n := names(t, dir)
	if len(n) != 2 || n[0] != ".g.txt.part-123" || n[1] != "f.txt" {
		t.Fatalf("folder holds %v", n)
	}
}

func TestWriteMode(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "new.txt")
	if err := Write(path, func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err }); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o644 {
		t.Fatalf("new file: %v, %v; want mode 0644", st.Mode(), err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, func(w io.Writer) error { _, err := io.WriteString(w, "y"); return err }); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("replaced file: %v, %v; want its mode 0600 kept", st.Mode(), err)
	}
}

// A failed write names the path once, and not its temporary file.
func TestWriteErrorNamesPathOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nodir", "f.ckpt")
	err := Write(path, func(w io.Writer) error { return nil })
	if err == nil {
		t.Fatal("no error writing into a missing folder")
	}
	if n := strings.Count(err.Error(), path); n != 1 || strings.Contains(err.Error(), ".part-") {
		t.Errorf("%q: the path %d times, or the temporary file", err, n)
	}
}

// Write removes the temporary files of its path that a killed process
// left (older than this process), and no others: not a newer one, which
// a live writer may own, nor another path's.
func TestWriteRemovesStaleParts(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.ckpt")
	old := filepath.Join(dir, ".m.ckpt.part-111")
	fresh := filepath.Join(dir, ".m.ckpt.part-222")
	other := filepath.Join(dir, ".n.ckpt.part-333")
	for _, p := range []string{old, fresh, other} {
		os.WriteFile(p, []byte("part"), 0o644)
	}
	long := processStart.Add(-time.Hour)
	os.Chtimes(old, long, long)
	os.Chtimes(other, long, long)
	if err := Write(path, func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err }); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(old); !errors.Is(err, os.ErrNotExist) {
		t.Error("the stale temporary file is still there")
	}
	for _, p := range []string{fresh, other, path} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s: %v", filepath.Base(p), err)
		}
	}
}
