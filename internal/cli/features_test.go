package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fashionlens/fashionlens/model"
)

func TestFeaturesCommand(t *testing.T) {
	dir := t.TempDir()
	vec, meta := filepath.Join(dir, "vectors.tsv"), filepath.Join(dir, "metadata.tsv")
	code, _, stderr := cli(t, "features", "--model", "bundled", "--data", t.TempDir(), "--out", vec, "--metadata", meta)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := readLines(t, vec)
	if len(lines) != 10000 {
		t.Fatalf("%d vector rows", len(lines))
	}
	if f := strings.Split(lines[0], "\t"); len(f) != model.FeatureDim {
		t.Errorf("%d values in a row", len(f))
	}
	ml := readLines(t, meta)
	if len(ml) != 10001 || ml[0] != "label\tpredicted\ttest_index" || !strings.HasPrefix(ml[1], "Ankle boot\t") || !strings.HasSuffix(ml[1], "\t0") {
		t.Errorf("metadata starts %q, %d lines", ml[:2], len(ml))
	}
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}
