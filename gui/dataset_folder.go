package gui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2/dialog"

	"github.com/fashionlens/fashionlens/model/dataset"
)

// showLoadError shows why the data set could not be loaded.
func (t *datasetTab) showLoadError(err error) {
	t.info.SetText("Could not load the data set:\n\n" + err.Error())
	if t.w.state.Dataset() == nil {
		t.summary.SetText("Could not load the data set: see the source report.\n" +
			"Choose a folder that holds Fashion-MNIST,\nor download the train split.")
		t.dlBtn.Show()
	} else {
		t.summary.SetText("Could not load the new data: see the source report.\n" +
			"The data set shown is the one loaded before.")
	}
	t.views.SelectIndex(1)
	t.relayout()
}

// chooseFolder lets the user pick a data folder.
func (t *datasetTab) chooseFolder() {
	t.w.askFolder("Choose the Fashion-MNIST data folder", func(dir string) {
		if dir != "" {
			t.useFolder(dir)
		}
	})
}

// useFolder checks, off the UI goroutine, that dir holds Fashion-MNIST.
// If it does, the folder is remembered and the data set loaded from it;
// otherwise an error dialog says what was expected and the current data
// stays. The returned channel is closed once the outcome is shown (or the
// load has started).
func (t *datasetTab) useFolder(dir string) <-chan struct{} {
	done := make(chan struct{})
	t.chooseBtn.Disable()
	t.w.goFunc(func() {
		err := checkDataFolder(dir)
		t.w.ui(func() {
			defer close(done)
			t.chooseBtn.Enable()
			if err != nil {
				dialog.ShowError(err, t.w)
				return
			}
			t.w.prefs.SetString(prefDataDir, dir)
			t.summary.SetText("Loading the data set from\n" + dir + "…")
			t.relayout()
			t.w.LoadData(dir)
		})
	})
	return done
}

// checkDataFolder returns nil if dir holds a readable split of
// Fashion-MNIST, and otherwise an error that names the folder and says
// which files are expected.
func checkDataFolder(dir string) error {
	var errs []error
	found := false
	for _, name := range dataset.SplitNames {
		_, err := dataset.ReadSplit(dir, name)
		switch {
		case err == nil:
			found = true
		case !errors.Is(err, dataset.ErrNotFound):
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("the folder %s holds Fashion-MNIST files that cannot be read: %w", dir, errors.Join(errs...))
	}
	if !found {
		return fmt.Errorf("the folder %s holds no Fashion-MNIST data. Expected the train split "+
			"(train-images-idx3-ubyte and train-labels-idx1-ubyte, each optionally .gz), "+
			"the test split (t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, each optionally .gz), "+
			"or both. The current data set is kept", dir)
	}
	return nil
}

// download fetches the train split into the cache, with a progress bar
// and a Cancel button, and reloads the data set when it is done.
func (t *datasetTab) download() { t.startDownload() }

// startDownload starts the download and returns a channel that is closed
// once its outcome is shown.
func (t *datasetTab) startDownload() <-chan struct{} {
	done := make(chan struct{})
	if t.cancelDL != nil {
		return done // never closed: the running download reports
	}
	dir, err := t.cacheDir()
	if err != nil {
		dialog.ShowError(fmt.Errorf("download the train split: %w", err), t.w)
		close(done)
		return done
	}
	ctx, cancel := context.WithCancel(t.w.ctx)
	t.cancelDL = cancel
	t.dlBtn.Disable()
	t.chooseBtn.Disable()
	t.dlText = "Connecting…"
	t.dlBar.SetValue(0)
	t.dlBox.Show()
	t.relayout()

	opts := t.fetchOpts
	var last time.Time
	opts.Progress = func(p dataset.FetchProgress) {
		// Called for every read: hand the UI a few updates a second.
		if now := time.Now(); p.Finished || now.Sub(last) >= 100*time.Millisecond {
			last = now
			t.w.ui(func() { t.showProgress(p) })
		}
	}
	t.w.goFunc(func() {
		err := dataset.Fetch(ctx, dir, []string{dataset.Train}, opts)
		cancelled := ctx.Err() != nil
		cancel()
		if t.w.ctx.Err() != nil {
			close(done)
			return // the window closed
		}
		t.w.ui(func() {
			defer close(done)
			t.cancelDL = nil
			t.dlBox.Hide()
			t.dlBtn.Enable()
			t.chooseBtn.Enable()
			switch {
			case err != nil && cancelled:
				t.summary.SetText("The download was cancelled;\nnothing was saved.")
			case err != nil:
				dialog.ShowError(fmt.Errorf("download the train split into %s: %w", dir, err), t.w)
			default:
				// The usual search finds the download in the cache; a
				// folder chosen before would hide it at the next start.
				t.w.prefs.SetString(prefDataDir, "")
				t.summary.SetText("Downloaded the train split;\nloading the data set…")
				t.w.LoadData("")
			}
			t.relayout()
		})
	})
	return done
}

func (t *datasetTab) showProgress(p dataset.FetchProgress) {
	switch {
	case p.Skipped:
		t.dlText = fmt.Sprintf("%s: already there (file %d of %d)", p.File, p.Index, p.Count)
		t.dlBar.Max, t.dlBar.Value = 1, 1
	case p.Total > 0:
		t.dlText = fmt.Sprintf("%s: %s of %s (file %d of %d)", p.File, megabytes(p.Done), megabytes(p.Total), p.Index, p.Count)
		t.dlBar.Max, t.dlBar.Value = float64(p.Total), float64(p.Done)
	default:
		t.dlText = fmt.Sprintf("%s: %s (file %d of %d)", p.File, megabytes(p.Done), p.Index, p.Count)
		t.dlBar.Max, t.dlBar.Value = 1, 0
	}
	t.dlBar.Refresh()
}

// relayout lays the source section out again after its text or its
// buttons changed: a label that grew a line, or a button shown, changes
// the height or width it needs, which its containers only notice when
// they are laid out.
func (t *datasetTab) relayout() {
	t.btnRow.Refresh()
	t.sourceBox.Refresh()
	t.left.Refresh()
}

func megabytes(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }
