package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/fashionlens/fashionlens/model"
	"github.com/fashionlens/fashionlens/model/dataset"
	"github.com/fashionlens/fashionlens/resources"
)

// cli runs the command line and returns its exit code, stdout and stderr.
func cli(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"frobnicate"},
		{"data"},
		{"data", "bogus"},
		{"data", "info", "--bogus"},
		{"data", "info", "extra-arg"},
		{"data", "fetch", "--split", "validation"},
		{"version", "--verbose"},
		{"--no-such-flag"},
	} {
		code, _, stderr := cli(t, args...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
		if !strings.Contains(stderr, "sage") {
			t.Errorf("%v: stderr does not show the usage: %q", args, stderr)
		}
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"help"}, {"data", "info", "--help"}, {"data", "fetch", "-h"}, {"version", "--help"}} {
		code, stdout, stderr := cli(t, args...)
		if code != exitOK || !strings.Contains(stdout+stderr, "Usage") {
			t.Errorf("%v: exit %d, output %q %q", args, code, stdout, stderr)
		}
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := cli(t, "version")
	if code != 0 || !strings.HasPrefix(out, "fashionlens "+version) || !strings.Contains(out, "go1.") {
		t.Fatalf("exit %d: %q", code, out)
	}
	// The GEMM path in use is named: no silent fallback.
	if !strings.Contains(out, "GEMM: "+model.Backend()) || !strings.Contains(model.Backend(), model.GEMMPath()) && model.GEMMPath() != "openblas" {
		t.Errorf("version does not name the GEMM path %s: %q", model.GEMMPath(), out)
	}
	if !strings.Contains(out, "Element-wise loops: "+model.LoopsPath()) {
		t.Errorf("version does not name the element-wise loops' path %s: %q", model.LoopsPath(), out)
	}
}

type infoJSON struct {
	Source string `json:"source"`
	Splits map[string]struct {
		Count    int   `json:"count"`
		PerClass []int `json:"per_class"`
	} `json:"splits"`
	Missing []string `json:"missing"`
	Help    string   `json:"help"`
}

func dataInfo(t *testing.T, args ...string) infoJSON {
	t.Helper()
	code, out, stderr := cli(t, append([]string{"data", "info", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r infoJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, out)
	}
	return r
}

func TestDataInfoNoSource(t *testing.T) {
	r := dataInfo(t, "--data", t.TempDir())
	if r.Source != "embedded" {
		t.Errorf("source %q", r.Source)
	}
	if _, ok := r.Splits["train"]; ok {
		t.Error("a train split was reported from an empty folder")
	}
	test := r.Splits["test"]
	if test.Count != 10000 || len(test.PerClass) != 10 {
		t.Fatalf("test split: %+v", test)
	}
	for c, n := range test.PerClass {
		if n != 1000 {
			t.Errorf("class %d: %d", c, n)
		}
	}
	if len(r.Missing) != 1 || r.Missing[0] != "train" || !strings.Contains(r.Help, "fashionlens data fetch") {
		t.Errorf("missing %v, help %q", r.Missing, r.Help)
	}
	code, out, _ := cli(t, "data", "info", "--data", t.TempDir())
	if code != 0 || !strings.Contains(out, "train split: not available") || !strings.Contains(out, "apt-get install dataset-fashion-mnist") {
		t.Errorf("text report (exit %d) does not say the train split is missing and how to get it:\n%s", code, out)
	}
}

func TestDataInfoSystemPackage(t *testing.T) {
	if _, err := os.Stat(dataset.SystemDir); err != nil {
		t.Skipf("Debian's dataset-fashion-mnist is not installed: %v", err)
	}
	t.Setenv(dataset.EnvVar, "")
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	r := dataInfo(t)
	if r.Source != "system" || len(r.Missing) != 0 {
		t.Fatalf("source %q, missing %v", r.Source, r.Missing)
	}
	for name, want := range map[string]int{"train": 60000, "test": 10000} {
		s := r.Splits[name]
		if s.Count != want {
			t.Errorf("%s: %d images, want %d", name, s.Count, want)
		}
		for c, n := range s.PerClass {
			if n != want/10 {
				t.Errorf("%s class %d: %d", name, c, n)
			}
		}
	}
}

func TestDataInfoMalformed(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "t10k-images-idx3-ubyte"), []byte("definitely not an IDX file"), 0o644)
	os.WriteFile(filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"), resources.TestLabelsGz, 0o644)
	code, out, stderr := cli(t, "data", "info", "--data", dir)
	if code != exitError || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	if !strings.Contains(stderr, filepath.Join(dir, "t10k-images-idx3-ubyte")) || !strings.Contains(stderr, "bad magic number") {
		t.Fatalf("stderr does not name the file and the fault: %q", stderr)
	}
}

func TestDataFetch(t *testing.T) {
	files := map[string][]byte{
		"/t10k-images-idx3-ubyte.gz": resources.TestImagesGz,
		"/t10k-labels-idx1-ubyte.gz": resources.TestLabelsGz,
	}
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if b, ok := files[r.URL.Path]; ok {
			w.Write(b)
			return
		}
		http.NotFound(w, r)
	}))
	defer s.Close()
	dir := t.TempDir()
	code, out, stderr := cli(t, "data", "fetch", "--dir", dir, "--split", "test", "--url", s.URL)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "verified") || !strings.Contains(stderr, "[2/2] t10k-labels-idx1-ubyte.gz") {
		t.Errorf("stdout %q\nstderr %q", out, stderr)
	}
	if strings.Contains(stderr, "\r") {
		t.Errorf("progress drew a terminal bar into a pipe: %q", stderr)
	}
	r := dataInfo(t, "--data", dir)
	if r.Source != "folder" || r.Splits["test"].Count != 10000 {
		t.Errorf("fetched split: %+v", r)
	}

	code, _, stderr = cli(t, "data", "fetch", "--dir", t.TempDir(), "--split", "train", "--url", s.URL)
	if code != exitError || !strings.Contains(stderr, "404") {
		t.Errorf("a 404: exit %d, stderr %q", code, stderr)
	}
}

func TestProgressPrinter(t *testing.T) {
	var b bytes.Buffer
	p := newFetchPrinter(&b) // a buffer: not a terminal
	for done := int64(0); done <= 1000; done += 100 {
		p.update(dataset.FetchProgress{File: "f.gz", Index: 1, Count: 4, Done: done, Total: 1000})
	}
	p.update(dataset.FetchProgress{File: "f.gz", Index: 1, Count: 4, Done: 1000, Total: 1000, Finished: true})
	p.Clear()
	want := "[1/4] f.gz: 25% (0.3 kB of 1.0 kB)\n[1/4] f.gz: 50% (0.5 kB of 1.0 kB)\n[1/4] f.gz: 75% (0.8 kB of 1.0 kB)\n[1/4] f.gz: 1.0 kB, verified\n"
	if b.String() != want {
		t.Errorf("plain progress:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	p = &fetchPrinter{statusLine: &statusLine{w: &b, terminal: true, interval: time.Second}}
	p.update(dataset.FetchProgress{File: "f.gz", Index: 2, Count: 4, Done: 500, Total: 1000})
	p.update(dataset.FetchProgress{File: "f.gz", Index: 2, Count: 4, Done: 1000, Total: 1000, Finished: true})
	if got := b.String(); !strings.HasPrefix(got, "\r[2/4] f.gz [===============               ]  50%") || !strings.HasSuffix(got, "\r\033[K[2/4] f.gz: 1.0 kB, verified\n") {
		t.Errorf("terminal progress: %q", got)
	}
}

// The status line draws work under way on a terminal only, at most every
// interval, and prints whole lines everywhere, clearing a drawn one.
func TestStatusLine(t *testing.T) {
	var b bytes.Buffer
	p := &statusLine{w: &b, terminal: true, interval: time.Hour}
	p.Show("one")
	p.Show("two") // within the interval: not drawn
	p.Println("done")
	p.Clear() // nothing drawn: nothing to clear
	if got, want := b.String(), "\rone\033[K\r\033[Kdone\n"; got != want {
		t.Errorf("terminal: %q, want %q", got, want)
	}
	b.Reset()
	p = newStatusLine(&b, 0) // a buffer: not a terminal
	p.Show("under way")
	p.Println("done")
	if got := b.String(); got != "done\n" {
		t.Errorf("not a terminal: %q", got)
	}
}

// TestNoDisplay checks that opening the window with no X display is a
// clear error, not GLFW's panic.
func TestNoDisplay(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("X11 only")
	}
	for _, display := range []string{"", ":4242"} {
		t.Setenv("DISPLAY", display)
		for _, args := range [][]string{{"--data", t.TempDir()}, {"screenshot", "--out", filepath.Join(t.TempDir(), "x.png")}} {
			code, _, stderr := cli(t, args...)
			if code != exitError || !strings.Contains(stderr, "cannot open a window") || !strings.Contains(stderr, "xvfb-run") {
				t.Errorf("DISPLAY=%q %v: exit %d, stderr %q", display, args, code, stderr)
			}
		}
	}
}

// The version the binary reports is FyneApp.toml's, which fyne package
// puts in the package.
func TestVersionMatchesFyneApp(t *testing.T) {
	b, err := os.ReadFile("FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"`).FindSubmatch(b)
	if m == nil {
		t.Fatal("FyneApp.toml has no Version")
	}
	if want := string(m[1]) + "-dev"; version != want {
		t.Errorf("main.version is %q, want %q (FyneApp.toml's Version)", version, want)
	}
}

// A screenshot file that cannot be written is found before the window
// opens (no display is needed to see it), not after all of its work.
func TestScreenshotBadOut(t *testing.T) {
	t.Setenv("DISPLAY", "")
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{filepath.Join(dir, "nodir", "x.png"), dir + "/", filepath.Join(file, "x.png")} {
		code, _, stderr := cli(t, "screenshot", "--out", out)
		if out == dir+"/" {
			// A folder: every tab is written into it; the display is missing.
			if code != exitError || !strings.Contains(stderr, "cannot open a window") {
				t.Errorf("--out %s: exit %d, %q", out, code, stderr)
			}
			continue
		}
		if code != exitUsage || !strings.Contains(stderr, "--out") || strings.Contains(stderr, "cannot open a window") {
			t.Errorf("--out %s: exit %d, %q", out, code, stderr)
		}
	}
}
