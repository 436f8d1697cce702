package gui

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/fashionlens/fashionlens/analysis/suspect"
	"github.com/fashionlens/fashionlens/internal/labelmarks"
)

// openSuspects opens w's suspicious labels window and waits for its
// ranking.
func openSuspects(t *testing.T, w *Window) *suspectsWindow {
	t.Helper()
	onUI(w, w.showSuspects)
	waitIdle(t, w)
	var s *suspectsWindow
	onUI(w, func() { s = w.suspects })
	if s == nil || s.d == nil {
		t.Fatalf("the suspicious labels window did not rank: %q", s.header.Text)
	}
	return s
}

// The window ranks the test images as analysis/suspect does, with the
// model's probabilities (the model never trained on them); a mark given
// there is kept in the results folder, shown again after a restart, and
// exported as CSV.
func TestSuspiciousLabelsMarksSurviveRestart(t *testing.T) {
	cache := t.TempDir()
	a := test.NewApp()
	t.Cleanup(a.Quit)
	w := mustWindow(t, a, Options{DataDir: t.TempDir(), CacheDir: cache})
	waitReady(t, w)
	waitIdle(t, w)
	s := openSuspects(t, w)
	d := w.derived
	want, err := suspect.Score(context.Background(), d.Features, d.Labels, len(d.Classes), d.Probs, suspect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	order := suspect.Rank(want)
	if !slices.Equal(s.order, order) || len(s.shown) != d.Len() {
		t.Fatalf("the window's ranking differs from suspect.Rank's (first %v, want %v)", s.order[:5], order[:5])
	}
	if !strings.Contains(s.header.Text, "model probability of the given label") {
		t.Errorf("header: %q", s.header.Text)
	}
	// Choose the second image, mark it "label wrong" with its button: the
	// next one is chosen.
	first, second := order[0], order[1]
	onUI(w, func() {
		s.grid.Select(1)
		if w.Selected() != second {
			t.Errorf("choosing image %d inspected %d", second, w.Selected())
		}
		test.Tap(s.markBt[0])
	})
	onUI(w, func() {
		if s.cur != order[2] {
			t.Errorf("after a mark the chosen image is %d, want the next, %d", s.cur, order[2])
		}
		s.selectPoint(first)
		s.key(&fyneKeyW)
		s.show.SetSelectedIndex(2) // Marked: label wrong
	})
	onUI(w, func() {
		if !slices.Equal(s.shown, []int{first, second}) {
			t.Errorf("marked 'label wrong': %v, want %v", s.shown, []int{first, second})
		}
		if !strings.HasPrefix(s.count.Text, "2 marked") {
			t.Errorf("count: %q", s.count.Text)
		}
	})
	// Export.
	out := filepath.Join(t.TempDir(), "marks.csv")
	fakeSave(w, out)
	onUI(w, s.exportMarks)
	waitIdle(t, w)
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || recs[0][0] != "index" || recs[0][1] != "mark" {
		t.Fatalf("marks CSV: %q", recs)
	}
	for _, r := range recs[1:] {
		i, _ := strconv.Atoi(r[0])
		if (i != first && i != second) || r[1] != labelmarks.Wrong.Name() || r[2] != d.labelName(i) || r[3] != d.Classes[d.Pred[i]] {
			t.Errorf("marks CSV row %q", r)
		}
	}
	onUI(w, func() { s.win.Close() })
	w.Close()

	// A restart: the marks are there.
	w2 := mustWindow(t, a, Options{DataDir: t.TempDir(), CacheDir: cache})
	t.Cleanup(w2.Close)
	waitReady(t, w2)
	waitIdle(t, w2)
	s2 := openSuspects(t, w2)
	onUI(w2, func() {
		for i, want := range map[int]labelmarks.Mark{first: labelmarks.Wrong, second: labelmarks.Wrong, order[2]: labelmarks.Unmarked} {
			if got := s2.markOf(i); got != want {
				t.Errorf("after a restart image %d is %v, want %v", i, got, want)
			}
		}
	})
}

// fyneKeyW is the W key, which marks "label wrong".
var fyneKeyW = fyne.KeyEvent{Name: fyne.KeyW}

// A damaged marks file is reported, and marking starts afresh and
// replaces it.
func TestSuspiciousLabelsDamagedMarks(t *testing.T) {
	cache := t.TempDir()
	a := test.NewApp()
	t.Cleanup(a.Quit)
	w := mustWindow(t, a, Options{DataDir: t.TempDir(), CacheDir: cache})
	t.Cleanup(w.Close)
	waitReady(t, w)
	waitIdle(t, w)
	path := filepath.Join(cache, labelmarks.FileName(marksKey(w.derived)))
	if err := os.WriteFile(path, []byte(`{"version": 1, "marks": [{"index": -4, "mark": "wrong"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	s := openSuspects(t, w)
	var shown string
	onUI(w, func() {
		if top := s.win.Canvas().Overlays().Top(); top != nil {
			shown = strings.Join(texts(top), " ")
		}
	})
	if !strings.Contains(shown, "cannot be read") {
		t.Errorf("no error about the damaged file: %q", shown)
	}
	onUI(w, func() {
		s.grid.Select(0)
		s.mark(labelmarks.Ambiguous)
	})
	m, err := labelmarks.Load(path)
	if err != nil || m.Get(w.derived.ImageIndex(s.order[0])) != labelmarks.Ambiguous || m.Len() != 1 {
		t.Errorf("after a mark the file holds %v, %v", m, err)
	}
	onUI(w, func() { s.win.Close() })
}
