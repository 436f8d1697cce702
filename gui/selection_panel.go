package gui

import (
	"fmt"
	"image/color"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fashionlens/fashionlens/analysis"
)

// selectionPanel shows the selection that the Embeddings and Clusters
// tabs share: how many points, their classes, a gallery of their images
// (clicking one inspects it), and what can be done with them. Each tab
// has one; they show the same selection.
type selectionPanel struct {
	w       *Window
	title   *widget.Label
	about   *widget.Label
	gallery *widget.GridWrap
	items   []int // the selected points, in the gallery's order
	export  *widget.Button
	only    *widget.Check
	clear   *widget.Button
	box     fyne.CanvasObject
	setting bool // the program sets the check
	// split holds the inspector above the panel: the panel takes little
	// room while the selection is empty.
	split *container.Split
	empty bool
}

// selectionHint is the panel's text while nothing is selected.
const selectionHint = "To select points, choose Drag: Box or Lasso above the map and drag over them; Shift adds, Alt or Ctrl removes. Ctrl+A selects every point in colour, Escape clears."

func newSelectionPanel(w *Window) *selectionPanel {
	p := &selectionPanel{w: w, empty: true,
		title: widget.NewLabelWithStyle("No selection", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		about: widget.NewLabel(selectionHint)}
	p.about.Wrapping = fyne.TextWrapWord
	p.gallery = widget.NewGridWrap(func() int { return len(p.items) },
		func() fyne.CanvasObject { return newThumb(w.inspect) },
		func(id widget.GridWrapItemID, o fyne.CanvasObject) {
			if d := w.derived; d != nil && id < len(p.items) {
				i := p.items[id]
				o.(*thumb).set(i, d.Image(i), d.labelName(i))
			}
		})
	p.export = widget.NewButtonWithIcon("Export", theme.DocumentSaveIcon(), p.showExportMenu)
	p.only = widget.NewCheck("Grey the rest", func(on bool) {
		if !p.setting {
			w.ws.ShowSelectionOnly(on)
		}
	})
	p.clear = widget.NewButton("Clear", func() { w.ws.Select(nil) })
	// The text scrolls in a few lines of its own, so that a long one
	// does not make the window taller.
	room := canvas.NewRectangle(color.Transparent)
	room.SetMinSize(fyne.NewSize(0, 64))
	text := container.NewStack(room, container.NewVScroll(p.about))
	p.box = container.NewBorder(container.NewVBox(p.title, text), container.NewVBox(p.only, container.NewHBox(p.export, p.clear)), nil, nil, p.gallery)
	p.update()
	return p
}

// showExportMenu offers the selection's exports under the Export button.
func (p *selectionPanel) showExportMenu() {
	menu := fyne.NewMenu("",
		fyne.NewMenuItem("Points as CSV…", p.w.exportSelectionCSV),
		fyne.NewMenuItem("Images as a montage (PNG, SVG, PDF)…", p.w.exportSelectionMontage),
		fyne.NewMenuItem("Embeddings for a projector (TSV)…", p.w.exportSelectionTSV),
	)
	c := fyne.CurrentApp().Driver().CanvasForObject(p.export)
	if c == nil {
		return
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(p.export)
	widget.ShowPopUpMenuAtPosition(menu, c, pos.Add(fyne.NewPos(0, p.export.Size().Height)))
}

// update shows the workspace's selection.
func (p *selectionPanel) update() {
	sel := p.w.ws.Selection()
	d := p.w.derived
	if d == nil || d.Err != nil || d.Len() == 0 {
		sel = nil
	}
	if !slices.Equal(sel, p.items) {
		p.items = sel
		p.gallery.Refresh()
		p.gallery.ScrollToTop()
	}
	p.setting = true
	p.only.SetChecked(p.w.ws.SelectionOnly())
	p.setting = false
	p.resize(len(sel) == 0)
	if len(sel) == 0 {
		p.title.SetText("No selection")
		p.about.SetText(selectionHint)
		p.export.Disable()
		p.only.Disable()
		p.clear.Disable()
		return
	}
	p.export.Enable()
	p.only.Enable()
	p.clear.Enable()
	p.title.SetText(fmt.Sprintf("Selection: %s of %s points", analysis.Thousands(len(sel)), analysis.Thousands(d.Len())))
	p.about.SetText(composition(d, sel))
}

// composition describes the true classes of the points idx: the largest
// shares first, the small ones summed.
func composition(d *Derived, idx []int) string {
	if d.Labels == nil {
		return "True classes unknown (imported features without labels). Click an image to inspect it."
	}
	counts := make([]int, len(d.Classes))
	wrong := 0
	for _, i := range idx {
		counts[d.Labels[i]]++
		if d.Pred != nil && d.Pred[i] != d.Labels[i] {
			wrong++
		}
	}
	order := make([]int, len(counts))
	for c := range order {
		order[c] = c
	}
	slices.SortStableFunc(order, func(a, b int) int { return counts[b] - counts[a] })
	var parts []string
	rest := 0
	for k, c := range order {
		switch {
		case counts[c] == 0:
		case k < 4:
			parts = append(parts, fmt.Sprintf("%s %s", d.Classes[c], percent(counts[c], len(idx))))
		default:
			rest += counts[c]
		}
	}
	if rest > 0 {
		parts = append(parts, fmt.Sprintf("others %s", percent(rest, len(idx))))
	}
	s := "True classes: " + strings.Join(parts, ", ") + "."
	if d.Pred != nil {
		s += fmt.Sprintf(" The model is wrong on %s of them.", analysis.Thousands(wrong))
	}
	return s + " Click an image to inspect it."
}

// percent writes a share of n in total as a whole percentage, "<1%" for
// a share too small to round up.
func percent(n, total int) string {
	p := 100 * float64(n) / float64(total)
	if p > 0 && p < 0.5 {
		return "<1%"
	}
	return fmt.Sprintf("%.0f%%", p)
}

// sideColumn is a tab's right-hand column, width wide: the inspector
// above the selection panel.
func sideColumn(in *inspector, p *selectionPanel, width float32) fyne.CanvasObject {
	p.split = container.NewVSplit(in.box, p.box)
	p.split.Offset = emptyOffset
	return minWidth(p.split, width)
}

// The side column's split: mostly the inspector while nothing is
// selected, half and half with a selection.
const (
	emptyOffset    = 0.72
	selectedOffset = 0.35
)

// resize gives the panel more room when the selection is no longer
// empty, and less when it is again (the user's own divider stays until
// then).
func (p *selectionPanel) resize(empty bool) {
	if p.split == nil || empty == p.empty {
		return
	}
	p.empty = empty
	if empty {
		p.split.SetOffset(emptyOffset)
	} else {
		p.split.SetOffset(selectedOffset)
	}
}
