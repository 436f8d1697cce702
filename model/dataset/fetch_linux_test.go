package dataset

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"syscall"
	"testing"
)

// TestFetchDiskFull downloads into a 64 kB tmpfs, where the 4.4 MB images
// file cannot fit. It needs the right to mount, and skips without it.
func TestFetchDiskFull(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=64k"); err != nil {
		t.Skipf("cannot mount a small tmpfs: %v", err)
	}
	defer syscall.Unmount(dir, 0)
	s := server(t, func(w http.ResponseWriter, r *http.Request, body []byte) { serve(w, body) })
	err := Fetch(context.Background(), dir, []string{Test}, FetchOptions{BaseURL: s.URL})
	if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), "save to "+dir) {
		t.Fatalf("got %v, want a no-space error naming the folder", err)
	}
	if errors.Is(err, ErrVerify) {
		t.Errorf("a full disk is not a verification failure: %v", err)
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("a failed download left %v", got)
	}
}
