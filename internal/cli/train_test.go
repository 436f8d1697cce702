package cli

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fashionlens/fashionlens/internal/testfeatures"
	"github.com/fashionlens/fashionlens/model"
	"github.com/fashionlens/fashionlens/model/checkpoint"
)

func TestModelCommandUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"train", "--preset", "huge"},
		{"train", "--scheme", "colours"},
		{"train", "--epochs", "many"},
		{"train", "--recipe", "magic"},
		{"train", "--schedule", "wavy"},
		{"train", "--select", "test-accuracy"},
		{"train", "--shift", "-1"},
		{"train", "--smoothing", "1.5"},
		{"train", "--clean-epochs", "30", "--epochs", "3"},
		{"evaluate", "--model", "bundled", "--merge", "colours"},
		{"evaluate", "--model", "bundled", "--merge", "groups5", "--merge-rule", "vote"},
		{"evaluate"},
		{"evaluate", "--model", "bundled", "--scheme", "colours"},
		{"features", "--model", "bundled"},
		{"features", "--model", "bundled", "--out", "v.tsv", "--split", "validation"},
		{"features", "--out", "v.tsv"},
		{"train", "--batch", "0"},
		{"train", "--batch", "-3"},
		{"train", "--batch", "5000"},
		{"train", "--subset", "-1"},
		{"train", "--subset", "20000", "--data", testfeatures.TrainDir(t)},
		{"train", "--data", filepath.Join(t.TempDir(), "no-such-folder")},
		{"data", "info", "--data", filepath.Join(t.TempDir(), "no-such-folder")},
		{"features", "--model", "bundled", "--out", "v.tsv", "--data", "train.go"}, // a file, not a folder,
	} {
		code, _, stderr := cli(t, args...)
		if code != ExitUsage {
			t.Errorf("%v: exit %d, want %d (stderr %q)", args, code, ExitUsage, stderr)
		}
	}
}

func TestTrainCommand(t *testing.T) {
	dir := testfeatures.TrainDir(t)
	out := filepath.Join(t.TempDir(), "small.ckpt")
	logPath := filepath.Join(t.TempDir(), "log.jsonl")
	code, stdout, stderr := cli(t, "train", "--data", dir, "--preset", "small", "--recipe", "study", "--subset", "640", "--epochs", "2",
		"--seed", "4", "--out", out, "--log-json", logPath)
	if code != ExitOK {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	for _, want := range []string{"Recipe study (epochs=2): 2 epochs, constant learning rate 0.001", "epoch 1/2", "epoch 2/2", "img/s",
		"Test accuracy", "Time: ", "training steps", "Saved " + out} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output does not say %q:\n%s", want, stdout)
		}
	}
	c, err := checkpoint.Load(out)
	if err != nil {
		t.Fatal(err)
	}
	if c.Preset != "small" || c.Scheme != "fashion10" || len(c.History) != 2 || c.Settings["seed"] != "4" || c.Metrics["test_accuracy"] <= 0.1 ||
		c.Settings["recipe"] != "study" || c.Settings["epochs"] != "2" || c.History[1].LR != 0.001 {
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

// Each recipe flag given replaces the recipe's setting, and only those;
// --no-test leaves the test split unmeasured.
func TestTrainRecipeFlags(t *testing.T) {
	dir := testfeatures.TrainDir(t)
	out := filepath.Join(t.TempDir(), "best.ckpt")
	code, stdout, stderr := cli(t, "train", "--data", dir, "--preset", "small", "--subset", "300", "--epochs", "2",
		"--shift", "0", "--smoothing", "0", "--lr", "0.002", "--val", "0.2", "--no-test", "--out", out)
	if code != ExitOK {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "Test split not measured") || strings.Contains(stdout, "Test accuracy") {
		t.Errorf("--no-test measured the test split:\n%s", stdout)
	}
	c, err := checkpoint.Load(out)
	if err != nil {
		t.Fatal(err)
	}
	best := model.DefaultRecipe()
	want := best.Settings()
	for k, v := range map[string]string{"epochs": "2", "shift": "0", "smoothing": "0", "lr": "0.002", "val_share": "0.2"} {
		want[k] = v
	}
	// The clean phase shrinks to fit the shorter budget.
	if best.CleanEpochs >= 2 {
		want["clean_epochs"] = "1"
	}
	for k, v := range want {
		if c.Settings[k] != v {
			t.Errorf("setting %s = %q, want %q", k, c.Settings[k], v)
		}
	}
	if _, ok := c.Metrics["test_accuracy"]; ok {
		t.Error("--no-test stored a test accuracy")
	}
	if c.Metrics["val_accuracy"] <= 0 || c.Settings["val_images"] != "60" {
		t.Errorf("validation: metrics %v, settings %v", c.Metrics, c.Settings)
	}
	// The learning rate follows the one-cycle schedule: it ends far below
	// its peak (4 steps here, so not at its very end).
	if lr := c.History[1].LR; !(lr > 0 && lr < 0.002/10) {
		t.Errorf("last epoch's learning rate %g", lr)
	}
}

func TestTrainWithoutTrainSplit(t *testing.T) {
	code, _, stderr := cli(t, "train", "--data", t.TempDir())
	if code != ExitError || !strings.Contains(stderr, "fashionlens data fetch") {
		t.Errorf("exit %d: %q", code, stderr)
	}
}

// This build has no GPU: --device gpu says so, and how to get one, before
// it looks for data or trains.
func TestTrainDevice(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := cli(t, "train", "--device", "gpu", "--data", dir, "--out", dir+"/x.ckpt")
	if code != ExitError || !strings.Contains(stderr, "no GPU support") || !strings.Contains(stderr, "-tags cuda") ||
		!strings.Contains(stderr, "README.md") || stdout != "" {
		t.Errorf("--device gpu: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if code, _, stderr := cli(t, "train", "--device", "tpu"); code != ExitUsage || !strings.Contains(stderr, "want cpu or gpu") {
		t.Errorf("--device tpu: exit %d, %q", code, stderr)
	}
}
