package dataset

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fashionlens/fashionlens/resources"
)

// testFiles are the test split's real gzip files, served by the fake
// upstream.
var testFiles = map[string][]byte{
	"/t10k-images-idx3-ubyte.gz": resources.TestImagesGz,
	"/t10k-labels-idx1-ubyte.gz": resources.TestLabelsGz,
}

// server serves testFiles through handle, which may damage them.
func server(t *testing.T, handle func(w http.ResponseWriter, r *http.Request, body []byte)) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := testFiles[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		handle(w, r, body)
	}))
	t.Cleanup(s.Close)
	return s
}

func serve(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}

// entries lists a folder's file names.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestFetchVerifiesAndSkips(t *testing.T) {
	var requests atomic.Int32
	s := server(t, func(w http.ResponseWriter, r *http.Request, body []byte) {
		requests.Add(1)
		serve(w, body)
	})
	dir := filepath.Join(t.TempDir(), "cache")
	// The temporary file of an earlier download that was killed.
	os.MkdirAll(dir, 0o755)
	writeFile(t, dir, ".t10k-images-idx3-ubyte.gz.part-12345", []byte("half a download"))
	var last FetchProgress
	var calls int
	opts := FetchOptions{BaseURL: s.URL, Progress: func(p FetchProgress) { last = p; calls++ }}
	if err := Fetch(context.Background(), dir, []string{Test}, opts); err != nil {
		t.Fatal(err)
	}
	if calls < 3 || !last.Finished || last.Index != 2 || last.Count != 2 || last.Done != int64(len(resources.TestLabelsGz)) {
		t.Fatalf("%d progress calls, last %+v", calls, last)
	}
	sp, err := ReadSplit(dir, Test)
	if err != nil {
		t.Fatal(err)
	}
	if sp.Len() != 10000 || !sp.Images.Verified || !sp.Label.Verified {
		t.Fatalf("downloaded split: %d images, verified %v %v", sp.Len(), sp.Images.Verified, sp.Label.Verified)
	}
	got := entries(t, dir)
	if len(got) != 2 {
		t.Fatalf("folder holds %v, want just the two files (no stale temporary file)", got)
	}
	// A second fetch finds both files verified and asks for nothing.
	requests.Store(0)
	var skipped int
	opts.Progress = func(p FetchProgress) {
		if p.Skipped {
			skipped++
		}
	}
	if err := Fetch(context.Background(), dir, []string{Test}, opts); err != nil {
		t.Fatal(err)
	}
	if requests.Load() != 0 || skipped != 2 {
		t.Fatalf("second fetch made %d requests, skipped %d files", requests.Load(), skipped)
	}
}

// TestFetchFailures checks that each broken download is an error and
// leaves no file at all behind: no partial file and no final one.
func TestFetchFailures(t *testing.T) {
	for _, tc := range []struct {
		name   string
		handle func(w http.ResponseWriter, r *http.Request, body []byte)
		reason string
		verify bool // the error matches ErrVerify
	}{
		{"404", func(w http.ResponseWriter, r *http.Request, body []byte) {
			http.NotFound(w, r)
		}, "404", false},
		{"truncated body", func(w http.ResponseWriter, r *http.Request, body []byte) {
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.Write(body[:len(body)/2])
		}, "truncated", true},
		{"truncated without length", func(w http.ResponseWriter, r *http.Request, body []byte) {
			w.Write(body[:len(body)/2])
		}, "truncated", true},
		{"corrupt bytes", func(w http.ResponseWriter, r *http.Request, body []byte) {
			b := bytes.Clone(body)
			for i := len(b) / 3; i < len(b)/3+64; i++ {
				b[i] ^= 0x5a
			}
			serve(w, b)
		}, "nothing was saved", true},
		{"other content", func(w http.ResponseWriter, r *http.Request, body []byte) {
			serve(w, gz(idx([]uint32{ImageMagic, 1, 28, 28}, pixels(1))))
		}, "SHA-256", true},
		{"endless zeros", func(w http.ResponseWriter, r *http.Request, body []byte) {
			zeros := make([]byte, 1<<16)
			for range 1 << 14 { // up to 1 GiB, far beyond the limit
				if _, err := w.Write(zeros); err != nil {
					return
				}
			}
		}, "more than", true},
		{"html error page", func(w http.ResponseWriter, r *http.Request, body []byte) {
			serve(w, []byte("<html><body>Access denied</body></html>"))
		}, "nothing was saved", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := server(t, tc.handle)
			dir := t.TempDir()
			err := Fetch(context.Background(), dir, []string{Test}, FetchOptions{BaseURL: s.URL})
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tc.reason) {
				t.Errorf("error %q does not say %q", err, tc.reason)
			}
			if errors.Is(err, ErrVerify) != tc.verify {
				t.Errorf("error %q: matches ErrVerify %v, want %v", err, !tc.verify, tc.verify)
			}
			if got := entries(t, dir); len(got) != 0 {
				t.Errorf("a failed download left %v", got)
			}
		})
	}
}

func TestFetchStall(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	s := server(t, func(w http.ResponseWriter, r *http.Request, body []byte) {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body[:1000])
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	dir := t.TempDir()
	start := time.Now()
	err := Fetch(context.Background(), dir, []string{Test}, FetchOptions{BaseURL: s.URL, StallTimeout: 300 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "stalled") {
		t.Fatalf("got %v, want a stall error", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("a stalled download took %v to give up", d)
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("a stalled download left %v", got)
	}
}

func TestFetchCancel(t *testing.T) {
	s := server(t, func(w http.ResponseWriter, r *http.Request, body []byte) {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		for i := 0; i < len(body); i += 4096 {
			if _, err := w.Write(body[i:min(i+4096, len(body))]); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			time.Sleep(time.Millisecond)
		}
	})
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	err := Fetch(ctx, dir, []string{Test}, FetchOptions{BaseURL: s.URL, Progress: func(p FetchProgress) {
		if p.Done > 50_000 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) && !strings.Contains(err.Error(), "canceled") {
		t.Fatalf("got %v, want a cancellation", err)
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("a cancelled download left %v", got)
	}
}

// TestFetchKeepsGoodFile checks that a failed download does not touch a
// verified file already in place.
func TestFetchFailureKeepsExisting(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "t10k-images-idx3-ubyte.gz", resources.TestImagesGz)
	writeFile(t, dir, "t10k-labels-idx1-ubyte.gz", []byte("stale garbage"))
	s := server(t, func(w http.ResponseWriter, r *http.Request, body []byte) { http.NotFound(w, r) })
	if err := Fetch(context.Background(), dir, []string{Test}, FetchOptions{BaseURL: s.URL}); err == nil {
		t.Fatal("no error")
	}
	b, err := os.ReadFile(filepath.Join(dir, "t10k-images-idx3-ubyte.gz"))
	if err != nil || !bytes.Equal(b, resources.TestImagesGz) {
		t.Fatalf("verified file changed: %v", err)
	}
	if got := entries(t, dir); len(got) != 2 {
		t.Fatalf("folder holds %v", got)
	}
}

func TestFetchUnwritableFolder(t *testing.T) {
	s := server(t, func(w http.ResponseWriter, r *http.Request, body []byte) { serve(w, body) })
	f := filepath.Join(t.TempDir(), "a-file")
	writeFile(t, filepath.Dir(f), "a-file", []byte("x"))
	err := Fetch(context.Background(), filepath.Join(f, "sub"), []string{Test}, FetchOptions{BaseURL: s.URL})
	if err == nil || !strings.Contains(err.Error(), "create download folder") {
		t.Fatalf("got %v", err)
	}
}

func TestLoadDownloadsTrain(t *testing.T) {
	// The fake upstream serves the test files under the train names; the
	// checksum must reject them.
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		serve(w, resources.TestImagesGz)
	}))
	defer s.Close()
	dir := t.TempDir()
	_, err := Load(context.Background(), LoadOptions{
		Locations:  []Location{{OriginFolder, t.TempDir()}},
		DownloadTo: dir,
		Fetch:      FetchOptions{BaseURL: s.URL},
	})
	if !errors.Is(err, ErrVerify) {
		t.Fatalf("got %v, want a verification error", err)
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("left %v", got)
	}
}

// TestLoadDownloadsRealTrain serves Debian's real train files from a fake
// upstream, where the package is installed, and checks that Load fetches,
// verifies and reads them.
func TestLoadDownloadsRealTrain(t *testing.T) {
	if _, err := os.Stat(SystemDir); err != nil {
		t.Skipf("Debian's dataset-fashion-mnist is not installed: %v", err)
	}
	s := httptest.NewServer(http.FileServer(http.Dir(SystemDir)))
	defer s.Close()
	dir := t.TempDir()
	d, err := Load(context.Background(), LoadOptions{
		Locations:  []Location{{OriginFolder, t.TempDir()}},
		DownloadTo: dir,
		Fetch:      FetchOptions{BaseURL: s.URL},
	})
	if err != nil {
		t.Fatal(err)
	}
	if d.Train == nil || d.Train.Len() != 60000 || d.Train.Origin != OriginDownload || d.Source() != OriginDownload {
		t.Fatalf("train split: %+v", d.Train)
	}
	if d.Test.Origin != OriginEmbedded {
		t.Fatalf("test split from %s", d.Test.Origin)
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += n
	return n, err
}

// A gzip bomb is not inflated: hashing stops one byte past the file's
// known size, long before the compressed stream ends.
func TestContentSumStopsAtKnownSize(t *testing.T) {
	bomb := gz(make([]byte, 256<<20)) // 256 MiB of zeros
	r := &countingReader{r: bytes.NewReader(bomb)}
	if _, err := contentSum(r, "t10k-labels-idx1-ubyte.gz"); err != nil {
		t.Fatal(err)
	}
	if r.n > len(bomb)/2 {
		t.Errorf("read %d of the bomb's %d compressed bytes", r.n, len(bomb))
	}
}
