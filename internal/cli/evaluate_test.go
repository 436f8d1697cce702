package cli

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fashionlens/fashionlens/model"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// A 10-class model scored as the 5 groups: its confusion matrix is the
// 10-class one summed over the groups (argmax rule).
func TestEvaluateMerged(t *testing.T) {
	code, stdout, stderr := cli(t, "evaluate", "--model", "bundled", "--data", t.TempDir(), "--json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var ten, five struct {
		Accuracy  float64 `json:"accuracy"`
		Confusion [][]int `json:"confusion"`
	}
	if err := json.Unmarshal([]byte(stdout), &ten); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = cli(t, "evaluate", "--model", "bundled", "--data", t.TempDir(), "--merge", "groups5", "--json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if err := json.Unmarshal([]byte(stdout), &five); err != nil {
		t.Fatal(err)
	}
	want := make([][]int, 5)
	for i := range want {
		want[i] = make([]int, 5)
	}
	for tl, row := range ten.Confusion {
		for pl, v := range row {
			want[dataset.Groups5.Class(uint8(tl))][dataset.Groups5.Class(uint8(pl))] += v
		}
	}
	for i := range want {
		for j := range want[i] {
			if five.Confusion[i][j] != want[i][j] {
				t.Fatalf("merged confusion %v, want %v", five.Confusion, want)
			}
		}
	}
	if !(five.Accuracy >= ten.Accuracy) {
		t.Errorf("merged accuracy %v below the 10-class %v", five.Accuracy, ten.Accuracy)
	}
	code, stdout, _ = cli(t, "evaluate", "--model", "bundled", "--data", t.TempDir(), "--merge", "groups5", "--merge-rule", "sum")
	if code != ExitOK || !strings.Contains(stdout, "predictions merged into groups5 by sum") {
		t.Errorf("sum rule: exit %d\n%s", code, stdout)
	}
	// The groups cannot be split back into the 10 classes.
	code, _, stderr = cli(t, "evaluate", "--model", "bundled", "--scheme", "groups5", "--data", t.TempDir(), "--merge", "fashion10")
	if code != ExitError || !strings.Contains(stderr, "falls into both") {
		t.Errorf("groups5 into fashion10: exit %d, %q", code, stderr)
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
		if code != ExitOK {
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
		// The same images and weights; only the CPU-specific kernel paths
		// may round a borderline image the other way.
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
	if code != ExitOK || !strings.Contains(stdout, "Accuracy:") || !strings.Contains(stdout, "Ankle boot") {
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
		if code != ExitError || !strings.Contains(stderr, path) {
			t.Errorf("%s: exit %d, %q", path, code, stderr)
		}
	}
}
