package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAnalyzeUMAP runs analyze --umap with each of UMAP's flags and the
// shared --seed, and checks umap.csv, umap.png and summary.json's umap
// section (its parameters, seconds and trustworthiness); the same seed
// gives the same map.
func TestAnalyzeUMAP(t *testing.T) {
	vectors, metadata := blobFiles(t)
	run := func(out string, args ...string) {
		t.Helper()
		args = append([]string{"analyze", "--features", vectors, "--metadata", metadata, "--out", out}, args...)
		code, stdout, stderr := cli(t, args...)
		if code != ExitOK {
			t.Fatalf("exit %d: %s %s", code, stdout, stderr)
		}
		if !strings.Contains(stderr, "UMAP: trustworthiness") {
			t.Errorf("progress does not name UMAP's trustworthiness:\n%s", stderr)
		}
	}
	out := filepath.Join(t.TempDir(), "out")
	run(out, "--umap", "--umap-neighbors", "10", "--umap-min-dist", "0.2", "--umap-epochs", "80", "--seed", "3")
	var sum struct {
		UMAP *struct {
			Neighbors       int
			MinDist         float64 `json:"min_dist"`
			Epochs          int
			Seed            uint64
			A, B            float64
			Seconds         float64
			Trustworthiness float64
		}
		TSNE json.RawMessage
	}
	b, err := os.ReadFile(filepath.Join(out, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	u := sum.UMAP
	if u == nil {
		t.Fatalf("no umap section:\n%s", b)
	}
	if u.Neighbors != 10 || u.MinDist != 0.2 || u.Epochs != 80 || u.Seed != 3 || u.A <= 0 || u.B <= 0 {
		t.Errorf("umap section %+v", *u)
	}
	if u.Seconds <= 0 || u.Trustworthiness < 0.9 || u.Trustworthiness > 1 {
		t.Errorf("seconds %v, trustworthiness %v", u.Seconds, u.Trustworthiness)
	}
	if sum.TSNE != nil {
		t.Errorf("t-SNE ran without being asked")
	}
	first := readLines(t, filepath.Join(out, "umap.csv"))
	if len(first) != 121 || first[0] != "index,x,y" || !strings.HasPrefix(first[1], "0,") {
		t.Errorf("umap.csv: %d rows, starting %q", len(first), first[:min(2, len(first))])
	}
	if b, err := os.ReadFile(filepath.Join(out, "umap.png")); err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
		t.Errorf("umap.png: %v", err)
	}

	// The same flags again: the same map. --umap alone: the defaults.
	again := filepath.Join(t.TempDir(), "again")
	run(again, "--umap", "--umap-neighbors", "10", "--umap-min-dist", "0.2", "--umap-epochs", "80", "--seed", "3")
	if second := readLines(t, filepath.Join(again, "umap.csv")); strings.Join(second, "\n") != strings.Join(first, "\n") {
		t.Errorf("the same seed gave another map")
	}
	def := filepath.Join(t.TempDir(), "default")
	run(def, "--umap")
	b, _ = os.ReadFile(filepath.Join(def, "summary.json"))
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	if u := sum.UMAP; u == nil || u.Neighbors != 15 || u.MinDist != 0.1 || u.Epochs != 500 || u.Seed != 1 {
		t.Errorf("default umap section %s", b)
	}
}

// TestAnalyzeUMAPBadFlags checks that UMAP's values are checked with
// their flags' names before anything runs.
func TestAnalyzeUMAPBadFlags(t *testing.T) {
	vectors, _ := blobFiles(t)
	for _, c := range []struct{ args []string }{
		{[]string{"--umap", "--umap-neighbors", "1"}},
		{[]string{"--umap", "--umap-min-dist", "2"}},
		{[]string{"--umap", "--umap-epochs", "-5"}},
		{[]string{"--umap", "--umap-neighbors", "many"}},
	} {
		args := append([]string{"analyze", "--features", vectors, "--out", t.TempDir()}, c.args...)
		code, _, stderr := cli(t, args...)
		if code == ExitOK || !strings.Contains(stderr, c.args[1]) {
			t.Errorf("%v: exit %d, %s", c.args, code, stderr)
		}
	}
	// More neighbours than points: refused by the method.
	code, _, stderr := cli(t, "analyze", "--features", vectors, "--out", t.TempDir(), "--umap", "--umap-neighbors", "150")
	if code == ExitOK || !strings.Contains(stderr, "neighbours") {
		t.Errorf("150 neighbours of 120 points: exit %d, %s", code, stderr)
	}
}
