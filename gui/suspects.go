package gui

import (
	"context"
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/analysis/suspect"
	"github.com/fashionlens/fashionlens/internal/labelmarks"
	"github.com/fashionlens/fashionlens/internal/progress"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// The Show choices of the suspicious labels window.
var suspectViews = []struct {
	name string
	keep func(labelmarks.Mark) bool
}{
	{"All images", func(labelmarks.Mark) bool { return true }},
	{"Not marked yet", func(m labelmarks.Mark) bool { return m == labelmarks.Unmarked }},
	{"Marked: label wrong", func(m labelmarks.Mark) bool { return m == labelmarks.Wrong }},
	{"Marked: ambiguous", func(m labelmarks.Mark) bool { return m == labelmarks.Ambiguous }},
	{"Marked: fine", func(m labelmarks.Mark) bool { return m == labelmarks.Fine }},
}

// suspectsWindow ranks the points' given labels by how likely they are
// wrong (analysis/suspect), most suspicious first, in a gallery beside
// the main window: a click inspects an image there, and the user marks
// it "label wrong", "ambiguous" or "fine". The marks are kept per data
// set split in the results folder (suspects_marks.go).
type suspectsWindow struct {
	w      *Window
	win    fyne.Window
	header *widget.Label
	show   *widget.Select
	grid   *widget.GridWrap
	choice *widget.Label // the image chosen
	count  *widget.Label // the marks
	markBt []*widget.Button

	d      *Derived  // the points ranked; nil while ranking
	scores []float64 // per point
	order  []int     // points, most suspicious first
	shown  []int     // order, as the Show choice keeps it
	cur    int       // the point chosen, −1 for none
	cancel context.CancelFunc

	marks     *labelmarks.Marks
	marksPath string // "" when marks cannot be kept
}

// showSuspects opens the suspicious labels window, or brings it forward.
func (w *Window) showSuspects() {
	if s := w.suspects; s != nil {
		s.win.RequestFocus()
		return
	}
	s := &suspectsWindow{w: w, cur: -1,
		header: widget.NewLabel(""), choice: widget.NewLabel("Click an image to inspect it in the main window and mark it."),
		count: widget.NewLabel("")}
	s.header.Wrapping = fyne.TextWrapWord
	s.choice.Truncation = fyne.TextTruncateEllipsis
	names := make([]string, len(suspectViews))
	for i, v := range suspectViews {
		names[i] = v.name
	}
	s.show = widget.NewSelect(names, func(string) { s.filter() })
	s.grid = widget.NewGridWrap(func() int { return len(s.shown) }, newSuspectCell,
		func(id widget.GridWrapItemID, o fyne.CanvasObject) {
			if id < len(s.shown) && s.d != nil {
				o.(*suspectCell).set(s, s.shown[id])
			}
		})
	s.grid.OnSelected = func(id widget.GridWrapItemID) {
		if id < len(s.shown) {
			s.choose(s.shown[id])
		}
		// The gallery would keep the keys for itself: the window's own
		// handler (key) takes the marks and the arrows.
		if c := s.win.Canvas(); c.Focused() != nil {
			c.Unfocus()
		}
	}
	for _, m := range []labelmarks.Mark{labelmarks.Wrong, labelmarks.Ambiguous, labelmarks.Fine, labelmarks.Unmarked} {
		label := markButtonLabel(m)
		s.markBt = append(s.markBt, widget.NewButton(label, func() { s.mark(m) }))
	}
	exportBt := widget.NewButtonWithIcon("Export marks (CSV)…", theme.DocumentSaveIcon(), s.exportMarks)
	buttons := container.NewHBox()
	for _, b := range s.markBt {
		buttons.Add(b)
	}
	buttons.Add(widget.NewSeparator())
	buttons.Add(exportBt)
	bar := container.NewBorder(nil, nil, nil, buttons, s.choice)
	top := container.NewVBox(s.header, container.NewHBox(widget.NewLabel("Show"), minWidth(s.show, 200), s.count))
	s.win = w.app.NewWindow("Suspicious labels — Fashion Lens")
	s.win.SetContent(container.NewBorder(top, bar, nil, nil, s.grid))
	s.win.Resize(fyne.NewSize(980, 680))
	s.win.Canvas().SetOnTypedKey(s.key)
	s.win.SetOnClosed(func() {
		if s.cancel != nil {
			s.cancel()
		}
		w.suspects = nil
	})
	w.suspects = s
	s.show.SetSelectedIndex(0)
	s.pointsChanged()
	s.win.Show()
}

// markButtonLabel is the text of the button that gives mark m, with its
// key.
func markButtonLabel(m labelmarks.Mark) string {
	switch m {
	case labelmarks.Wrong:
		return "Label wrong (W)"
	case labelmarks.Ambiguous:
		return "Ambiguous (A)"
	case labelmarks.Fine:
		return "Fine (F)"
	}
	return "Unmark (U)"
}

// key marks the chosen image from the keyboard.
func (s *suspectsWindow) key(e *fyne.KeyEvent) {
	switch e.Name {
	case fyne.KeyW:
		s.mark(labelmarks.Wrong)
	case fyne.KeyA:
		s.mark(labelmarks.Ambiguous)
	case fyne.KeyF:
		s.mark(labelmarks.Fine)
	case fyne.KeyU:
		s.mark(labelmarks.Unmarked)
	case fyne.KeyRight, fyne.KeyDown:
		s.step(1)
	case fyne.KeyLeft, fyne.KeyUp:
		s.step(-1)
	}
}

// step chooses the image by images after the chosen one in the gallery
// (before it for by < 0); the first image if none is chosen.
func (s *suspectsWindow) step(by int) {
	if len(s.shown) == 0 {
		return
	}
	k := slices.Index(s.shown, s.cur)
	if k < 0 {
		k = 0
	} else {
		k = min(max(k+by, 0), len(s.shown)-1)
	}
	s.grid.Select(k)
	s.grid.ScrollTo(k)
}

// pointsChanged ranks the window's points anew: the main window's points
// have changed (another model, another sample).
func (s *suspectsWindow) pointsChanged() {
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
	s.d, s.scores, s.order, s.shown, s.cur = nil, nil, nil, nil, -1
	s.grid.UnselectAll()
	s.grid.Refresh()
	d := s.w.derived
	switch {
	case d == nil || d.Err != nil || d.Len() == 0:
		s.header.SetText("There are no points to rank yet: the features are still being computed, or failed.")
		s.enable()
		return
	case d.Labels == nil:
		s.header.SetText("These points have no given labels (imported features without metadata): there is nothing to rank.")
		s.enable()
		return
	case d.Len() < 2:
		s.header.SetText("Ranking needs at least two points.")
		s.enable()
		return
	}
	probs := suspectProbs(d)
	s.header.SetText(fmt.Sprintf("Ranking the labels of %s…", d.Source))
	s.loadMarks(d)
	ctx, cancel := context.WithCancel(s.w.ctx)
	s.cancel = cancel
	s.w.goJob(func() {
		report := progress.Throttle(ctx, func(r progress.Report) {
			s.w.ui(func() {
				if s.w.derived == d && s.d == nil && ctx.Err() == nil {
					s.header.SetText(fmt.Sprintf("Ranking the labels of %s: %s (%d of %d)…", d.Source, r.Note, r.Done, r.Total))
				}
			})
		})
		scores, err := suspect.Score(ctx, d.Features, d.Labels, len(d.Classes), probs, suspect.Options{Report: report})
		s.w.ui(func() {
			if ctx.Err() != nil || s.w.derived != d {
				return
			}
			if err != nil {
				s.header.SetText("Could not rank the labels: " + err.Error())
				return
			}
			s.d, s.scores, s.order = d, scores, suspect.Rank(scores)
			s.header.SetText(suspectsAbout(d, probs != nil))
			s.filter()
		})
	})
}

// suspectProbs returns the model's probabilities to score d's labels
// with, or nil where they would be optimistic: only a model's
// probabilities of images it never trained on are honest, and the app's
// models train on the train split, so only the test split's count.
func suspectProbs(d *Derived) []float32 {
	if d.Model == nil || d.Split == nil || d.Split.Name != dataset.Test {
		return nil
	}
	return d.Probs
}

// suspectsAbout is the header over the ranking of d.
func suspectsAbout(d *Derived, withProbs bool) string {
	why := ""
	if !withProbs && d.Model != nil {
		why = " The model trained on these images' labels, so its probabilities of them are optimistic: only the neighbours' labels count."
	}
	return fmt.Sprintf("The labels of %s, the most suspicious first: the score (0 to 1) is one minus the mean of the %s.%s "+
		"Click an image to inspect it in the main window, then mark it with the buttons or the keys W, A, F and U.",
		d.Source, suspect.Explain(0, withProbs), why)
}

// filter shows the ranked points that the Show choice keeps.
func (s *suspectsWindow) filter() {
	if s.d == nil {
		return
	}
	keep := suspectViews[max(0, s.show.SelectedIndex())].keep
	s.shown = s.shown[:0]
	for _, i := range s.order {
		if keep(s.markOf(i)) {
			s.shown = append(s.shown, i)
		}
	}
	s.grid.UnselectAll()
	s.grid.Refresh()
	s.grid.ScrollToTop()
	s.enable()
}

// choose makes point i the chosen image and inspects it in the main
// window.
func (s *suspectsWindow) choose(i int) {
	d := s.d
	if d == nil || i < 0 || i >= d.Len() {
		return
	}
	s.cur = i
	s.w.inspect(i)
	pred := ""
	if d.Pred != nil {
		classes, probs := d.TopClasses(i, 1)
		pred = fmt.Sprintf(", the model says %s (%.0f%%)", d.Classes[classes[0]], 100*probs[0])
	}
	s.choice.SetText(fmt.Sprintf("#%d: given %s%s; score %.3f; %s.", d.ImageIndex(i), d.labelName(i), pred, s.scores[i], markText(s.markOf(i))))
	s.enable()
}

// markText describes mark m.
func markText(m labelmarks.Mark) string {
	if m == labelmarks.Unmarked {
		return "not marked"
	}
	return "marked " + m.String()
}

// enable enables the mark buttons while an image with a known image is
// chosen and marks can be kept.
func (s *suspectsWindow) enable() {
	ok := s.d != nil && s.cur >= 0 && s.marks != nil && s.d.ImageIndex(s.cur) >= 0
	for _, b := range s.markBt {
		if ok {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	s.showCount()
}

// markOf returns point i's mark.
func (s *suspectsWindow) markOf(i int) labelmarks.Mark {
	if s.marks == nil || s.d == nil {
		return labelmarks.Unmarked
	}
	j := s.d.ImageIndex(i)
	if j < 0 {
		return labelmarks.Unmarked
	}
	return s.marks.Get(j)
}

// showCount writes how many images are marked.
func (s *suspectsWindow) showCount() {
	switch {
	case s.marks == nil:
		s.count.SetText("")
	case s.marksPath == "":
		s.count.SetText(fmt.Sprintf("%s marked (not kept: there is no results folder)", analysis.Thousands(s.marks.Len())))
	default:
		s.count.SetText(fmt.Sprintf("%s marked · %s of %s shown", analysis.Thousands(s.marks.Len()), analysis.Thousands(len(s.shown)), analysis.Thousands(len(s.order))))
	}
}

// errorDialog shows err in the window.
func (s *suspectsWindow) errorDialog(err error) { dialog.ShowError(err, s.win) }
