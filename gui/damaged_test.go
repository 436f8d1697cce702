package gui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	fynetest "fyne.io/fyne/v2/test"

	"github.com/fashionlens/fashionlens/model/dataset"
	"github.com/fashionlens/fashionlens/resources"
)

// A damaged train file leaves the test split available (issue 13, item
// 11): the folder's own test split when it is good, the embedded one when
// it is damaged too; the status line names the damaged file, and the
// window reports the problem (DataProblem, which screenshot exits 1 on).
func TestDamagedTrainFileKeepsTheTestSplit(t *testing.T) {
	for _, damagedTest := range []bool{false, true} {
		a := fynetest.NewApp()
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "train-images-idx3-ubyte"), []byte("not IDX"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "train-labels-idx1-ubyte"), []byte("not IDX"), 0o644); err != nil {
			t.Fatal(err)
		}
		test := map[string][]byte{resources.TestImagesName: resources.TestImagesGz, resources.TestLabelsName: resources.TestLabelsGz}
		if damagedTest {
			test = map[string][]byte{"t10k-images-idx3-ubyte": {0, 0, 8}, "t10k-labels-idx1-ubyte": {0, 0, 8}}
		}
		for name, b := range test {
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		w := mustWindow(t, a, Options{DataDir: dir})
		waitReady(t, w)
		waitIdle(t, w)
		var status, report, summary string
		var problem error
		onUI(w, func() {
			status, report, summary = w.status.Text, w.dataTab.reportText(), w.dataTab.summary.Text
			problem = w.DataProblem()
		})
		d := w.state.Dataset()
		if d == nil || d.Test == nil {
			t.Fatalf("damaged test %v: no test split (%q)", damagedTest, status)
		}
		if want := dataset.OriginEmbedded; damagedTest != (d.Test.Origin == want) {
			t.Errorf("damaged test %v: test split from %s", damagedTest, d.Test.Origin)
		}
		if d.Train != nil {
			t.Errorf("a damaged train split was loaded")
		}
		if !strings.Contains(status, "train split unusable: train-images-idx3-ubyte is damaged") {
			t.Errorf("status line %q does not name the damaged file", status)
		}
		if !strings.Contains(report, "train split: could not be read: ") || !strings.Contains(summary, "train-images-idx3-ubyte is damaged") {
			t.Errorf("the Dataset tab does not say so: %q / %q", summary, report)
		}
		if damagedTest && !strings.Contains(status, "test 10000 images (embedded)") {
			t.Errorf("status line %q does not say the test split is the embedded one", status)
		}
		if problem == nil || !strings.Contains(problem.Error(), filepath.Join(dir, "train-images-idx3-ubyte")) {
			t.Errorf("DataProblem() = %v", problem)
		}
		if w.derived == nil || w.derived.Err != nil || w.derived.Len() != d.Test.Len() {
			t.Errorf("the maps of the test split are missing: %+v", w.derived)
		}
		w.Close()
		a.Quit()
	}
}

// A data set that cannot be loaded at all still lets screenshot finish:
// MapsReady is closed with the error shown.
func TestLoadErrorClosesMapsReady(t *testing.T) {
	a := fynetest.NewApp()
	defer a.Quit()
	w := mustWindow(t, a, Options{Load: func(ctx context.Context) (*dataset.Dataset, error) {
		return nil, errors.New("no data here")
	}})
	defer w.Close()
	waitReady(t, w)
	select {
	case <-w.MapsReady():
	case <-time.After(10 * time.Second):
		t.Fatal("MapsReady stays open after a failed load")
	}
	var problem error
	onUI(w, func() { problem = w.DataProblem() })
	if problem == nil || !strings.Contains(problem.Error(), "no data here") {
		t.Errorf("DataProblem() = %v", problem)
	}
}

// The same through a remembered data folder (the data.dir setting), as at
// the next start.
func TestRememberedDamagedFolder(t *testing.T) {
	a := fynetest.NewApp()
	defer a.Quit()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "train-images-idx3-ubyte.gz"), []byte("\x1f\x8b\x08\x00truncated"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "train-labels-idx1-ubyte.gz"), resources.TestLabelsGz, 0o644); err != nil {
		t.Fatal(err)
	}
	a.Preferences().SetString(prefDataDir, dir)
	w := mustWindow(t, a, Options{})
	defer w.Close()
	waitReady(t, w)
	waitIdle(t, w)
	var status string
	var problem error
	onUI(w, func() { status, problem = w.status.Text, w.DataProblem() })
	if d := w.state.Dataset(); d == nil || d.Test == nil || d.Test.Origin != dataset.OriginEmbedded {
		t.Fatalf("no embedded test split: %q", status)
	}
	if problem == nil || !strings.Contains(status, "train-images-idx3-ubyte.gz is damaged") {
		t.Errorf("status %q, problem %v", status, problem)
	}
}
