package cli

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fashionlens/fashionlens/model/dataset"
	"github.com/fashionlens/fashionlens/resources"
)

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
	if code != ExitError || out != "" {
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
	if code != ExitError || !strings.Contains(stderr, "404") {
		t.Errorf("a 404: exit %d, stderr %q", code, stderr)
	}
}
