package main

import (
	"bufio"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fashionlens/fashionlens/model"
	"github.com/fashionlens/fashionlens/model/checkpoint"
	"github.com/fashionlens/fashionlens/model/dataset"
	"github.com/fashionlens/fashionlens/resources"
)

func TestModelCommandUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"train", "--preset", "huge"},
		{"train", "--scheme", "colours"},
		{"train", "--epochs", "many"},
		{"evaluate"},
		{"evaluate", "--model", "bundled", "--scheme", "colours"},
		{"features", "--model", "bundled"},
		{"features", "--model", "bundled", "--out", "v.tsv", "--split", "validation"},
		{"features", "--out", "v.tsv"},
	} {
		code, _, stderr := cli(t, args...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d (stderr %q)", args, code, exitUsage, stderr)
		}
	}
}

// trainDir makes a data folder whose "train" split is the embedded test
// split, so the train command runs without the real train split.
func trainDir(t *testing.T) string {
	dir := t.TempDir()
	for name, data := range map[string][]byte{
		"train-images-idx3-ubyte.gz": resources.TestImagesGz,
		"train-labels-idx1-ubyte.gz": resources.TestLabelsGz,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestTrainCommand(t *testing.T) {
	dir := trainDir(t)
	out := filepath.Join(t.TempDir(), "small.ckpt")
	logPath := filepath.Join(t.TempDir(), "log.jsonl")
	code, stdout, stderr := cli(t, "train", "--data", dir, "--preset", "small", "--subset", "640", "--epochs", "2",
		"--seed", "4", "--out", out, "--log-json", logPath)
	if code != exitOK {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	for _, want := range []string{"epoch 1/2", "epoch 2/2", "img/s", "Test accuracy", "Saved " + out} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output does not say %q:\n%s", want, stdout)
		}
	}
	c, err := checkpoint.Load(out)
	if err != nil {
		t.Fatal(err)
	}
	if c.Preset != "small" || c.Scheme != "fashion10" || len(c.History) != 2 || c.Settings["seed"] != "4" || c.Metrics["test_accuracy"] <= 0.1 {
		t.Errorf("checkpoint %+v", c)
	}
	f, err := os.Open(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var events, ends int
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var e map[string]any
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("log line %q: %v", sc.Text(), err)
		}
		events++
		for _, k := range []string{"epoch", "batch", "images_per_second", "loss", "accuracy"} {
			if _, ok := e[k]; !ok {
				t.Fatalf("log line without %q: %s", k, sc.Text())
			}
		}
		if e["epoch_end"] == true {
			ends++
			if _, ok := e["val_loss"]; !ok {
				t.Errorf("epoch-end line without val_loss: %s", sc.Text())
			}
			if _, ok := e["val_accuracy"]; !ok {
				t.Errorf("epoch-end line without val_accuracy: %s", sc.Text())
			}
		}
	}
	// 512 training images: 4 batches of 128 per epoch, plus the epoch ends.
	if events != 2*4+2 || ends != 2 {
		t.Errorf("%d events, %d epoch ends", events, ends)
	}
}

func TestTrainWithoutTrainSplit(t *testing.T) {
	code, _, stderr := cli(t, "train", "--data", t.TempDir())
	if code != exitError || !strings.Contains(stderr, "fashionlens data fetch") {
		t.Errorf("exit %d: %q", code, stderr)
	}
}

// This build has no GPU: --device gpu says so, and how to get one, before
// it looks for data or trains.
func TestTrainDevice(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := cli(t, "train", "--device", "gpu", "--data", dir, "--out", dir+"/x.ckpt")
	if code != exitError || !strings.Contains(stderr, "no GPU support") || !strings.Contains(stderr, "-tags cuda") ||
		!strings.Contains(stderr, "README.md") || stdout != "" {
		t.Errorf("--device gpu: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if code, _, stderr := cli(t, "train", "--device", "tpu"); code != exitUsage || !strings.Contains(stderr, "want cpu or gpu") {
		t.Errorf("--device tpu: exit %d, %q", code, stderr)
	}
}

func TestEvaluateBundled(t *testing.T) {
	for _, scheme := range dataset.Schemes {
		_, c, err := model.Bundled(scheme)
		if err != nil {
			t.Fatal(err)
		}
		// An empty --data folder: the embedded test split.
		code, stdout, stderr := cli(t, "evaluate", "--model", "bundled", "--scheme", scheme.Name, "--data", t.TempDir(), "--json")
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var ev struct {
			Accuracy        float64   `json:"accuracy"`
			PerClass        []float64 `json:"per_class"`
			Confusion       [][]int   `json:"confusion"`
			ImagesPerSecond float64   `json:"images_per_second"`
		}
		if err := json.Unmarshal([]byte(stdout), &ev); err != nil {
			t.Fatalf("%v: %s", err, stdout)
		}
		// The same images and weights; only OpenBLAS's CPU-specific
		// kernels may round a borderline image the other way.
		if math.Abs(ev.Accuracy-c.Metrics["test_accuracy"]) > 0.0005 {
			t.Errorf("%s: evaluate says %v, the checkpoint recorded %v", scheme.Name, ev.Accuracy, c.Metrics["test_accuracy"])
		}
		n := scheme.NumClasses()
		if len(ev.PerClass) != n || len(ev.Confusion) != n || ev.ImagesPerSecond <= 0 {
			t.Errorf("%s: %+v", scheme.Name, ev)
		}
		total := 0
		for _, row := range ev.Confusion {
			for _, v := range row {
				total += v
			}
		}
		if total != 10000 {
			t.Errorf("%s: the confusion matrix counts %d images", scheme.Name, total)
		}
	}
	code, stdout, _ := cli(t, "evaluate", "--model", "bundled", "--data", t.TempDir())
	if code != exitOK || !strings.Contains(stdout, "Accuracy:") || !strings.Contains(stdout, "Ankle boot") {
		t.Errorf("text form, exit %d:\n%s", code, stdout)
	}
}

func TestEvaluateBadModelFile(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.ckpt")
	if err := os.WriteFile(bad, []byte("FLENSCKP garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{bad, filepath.Join(t.TempDir(), "missing.ckpt")} {
		code, _, stderr := cli(t, "evaluate", "--model", path)
		if code != exitError || !strings.Contains(stderr, path) {
			t.Errorf("%s: exit %d, %q", path, code, stderr)
		}
	}
}

func TestFeaturesCommand(t *testing.T) {
	dir := t.TempDir()
	vec, meta := filepath.Join(dir, "vectors.tsv"), filepath.Join(dir, "metadata.tsv")
	code, _, stderr := cli(t, "features", "--model", "bundled", "--data", t.TempDir(), "--out", vec, "--metadata", meta)
	if code != exitOK {
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
