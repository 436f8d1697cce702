package gui

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/fashionlens/fashionlens/internal/atomicfile"
	"github.com/fashionlens/fashionlens/internal/labelmarks"
)

// marksKey identifies the data set split of d's images, whose marks are
// kept together: the split's name and its files' contents (the same
// images and labels from the bundled copy or from a folder share their
// marks). Empty when d's points have no images.
func marksKey(d *Derived) string {
	if d.Split == nil {
		return ""
	}
	return d.Split.Name + "\n" + d.Split.Images.SHA256 + "\n" + d.Split.Label.SHA256
}

// loadMarks reads the marks of d's split from the results folder. A
// damaged file is reported and set aside: marking starts afresh, and the
// next save replaces it.
func (s *suspectsWindow) loadMarks(d *Derived) {
	key := marksKey(d)
	s.marks, s.marksPath = nil, ""
	if key == "" {
		return
	}
	s.marks = labelmarks.New(key)
	if s.w.cache.dir == "" {
		return
	}
	s.marksPath = filepath.Join(s.w.cache.dir, labelmarks.FileName(key))
	m, err := labelmarks.Load(s.marksPath)
	if err != nil {
		fyne.LogError("read the label marks", err)
		s.errorDialog(fmt.Errorf("the saved marks cannot be read, so marking starts afresh (the next mark replaces the file): %w", err))
		return
	}
	switch m.Dataset() {
	case key:
		s.marks = m
	case "": // a file that does not say (none yet, or edited by hand): its name does
		for _, j := range m.Indices() {
			_ = s.marks.Set(j, m.Get(j)) // marks Load accepted are valid
		}
	default:
		s.errorDialog(fmt.Errorf("the marks in %s are of another data set, so marking starts afresh (the next mark replaces the file)", s.marksPath))
	}
}

// mark gives the chosen image mark m (Unmarked removes its mark), saves
// the marks, and moves on to the next image of the ranking.
func (s *suspectsWindow) mark(m labelmarks.Mark) {
	if s.d == nil || s.cur < 0 || s.marks == nil {
		return
	}
	j := s.d.ImageIndex(s.cur)
	if j < 0 {
		return
	}
	old := s.marks.Get(j)
	if err := s.marks.Set(j, m); err != nil {
		s.errorDialog(err)
		return
	}
	if s.marksPath != "" {
		err := os.MkdirAll(filepath.Dir(s.marksPath), 0o755)
		if err == nil {
			err = s.marks.Save(s.marksPath)
		}
		if err != nil {
			_ = s.marks.Set(j, old) // what is shown is what is kept; old was set before
			s.errorDialog(fmt.Errorf("the mark was not saved: %w", err))
			return
		}
	}
	// The next image of the gallery, as it was before the mark: a Show
	// choice may drop the marked one.
	next := -1
	for k, i := range s.shown {
		if i == s.cur && k+1 < len(s.shown) {
			next = s.shown[k+1]
		}
	}
	keep := suspectViews[max(0, s.show.SelectedIndex())].keep
	if !keep(m) {
		s.filter()
	} else {
		s.grid.Refresh()
	}
	if next >= 0 {
		s.selectPoint(next)
	} else {
		s.choose(s.cur)
	}
}

// selectPoint selects point i in the gallery (and so chooses it).
func (s *suspectsWindow) selectPoint(i int) {
	if id := slices.Index(s.shown, i); id >= 0 {
		s.grid.Select(id)
		s.grid.ScrollTo(id)
		return
	}
	s.choose(i)
}

// exportMarks writes the marks as CSV: image index, mark, given label and
// the model's class.
func (s *suspectsWindow) exportMarks() {
	d, marks := s.d, s.marks
	if d == nil || marks == nil || marks.Len() == 0 {
		dialog.ShowInformation("Export", "Mark some images first.", s.win)
		return
	}
	// The marks are of images; the points show them (a train sample holds
	// some of the split's images).
	point := map[int]int{}
	for i := range d.Len() {
		if j := d.ImageIndex(i); j >= 0 {
			point[j] = i
		}
	}
	label := func(j int) (given, predicted string) {
		i, ok := point[j]
		if !ok {
			return "", ""
		}
		given = d.labelName(i)
		if d.Pred != nil {
			predicted = d.Classes[d.Pred[i]]
		}
		return given, predicted
	}
	// The CSV is made now, from the marks as they are.
	var csv bytes.Buffer
	if err := marks.WriteCSV(&csv, label); err != nil {
		s.errorDialog(err)
		return
	}
	s.w.saveDialog("Export the label marks", "Comma-separated values", "fashionlens-label-marks.csv", []string{".csv"}, func(path string) {
		if path == "" {
			return
		}
		s.w.goJob(func() {
			err := atomicfile.Write(path, func(w io.Writer) error {
				_, err := w.Write(csv.Bytes())
				return err
			})
			if err != nil {
				err = fmt.Errorf("export the label marks: %w", err)
			}
			s.w.ui(func() { s.w.reportExport(path, err) })
		})
	})
}
