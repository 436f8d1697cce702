package gui

import (
	"fmt"
	"image"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fashionlens/fashionlens/internal/labelmarks"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// suspectCellWidth is the width of a suspectCell, room for its caption.
const suspectCellWidth = 118

// suspectCell is an image of the ranking: the image, its rank's score,
// its given label and the model's class, and its mark.
type suspectCell struct {
	widget.BaseWidget
	img     *canvas.Image
	caption *widget.Label
	mark    *canvas.Text
}

func newSuspectCell() fyne.CanvasObject {
	// The mark's text is never empty, so that the template's height (every
	// cell's) has room for it.
	c := &suspectCell{img: canvas.NewImageFromImage(nil), caption: widget.NewLabel(""), mark: canvas.NewText(" ", theme.Color(theme.ColorNameForeground))}
	c.img.ScaleMode = canvas.ImageScalePixels
	c.img.FillMode = canvas.ImageFillContain
	c.img.SetMinSize(fyne.NewSize(thumbSide, thumbSide))
	c.caption.SizeName = theme.SizeNameCaptionText
	c.caption.Alignment = fyne.TextAlignCenter
	c.mark.TextSize = theme.CaptionTextSize()
	c.mark.Alignment = fyne.TextAlignCenter
	c.mark.TextStyle.Bold = true
	c.ExtendBaseWidget(c)
	return c
}

// set shows point i of s.
func (c *suspectCell) set(s *suspectsWindow, i int) {
	d := s.d
	if px := d.Image(i); px != nil {
		c.img.Image = &image.Gray{Pix: px, Stride: dataset.Cols, Rect: image.Rect(0, 0, dataset.Cols, dataset.Rows)}
	} else {
		c.img.Image = image.NewUniform(color.Gray{Y: 0x40})
	}
	c.img.Refresh()
	model := "no model"
	if d.Pred != nil {
		model = "model: " + shortName(d.Classes[d.Pred[i]], 12)
	}
	c.caption.SetText(fmt.Sprintf("#%d · %.2f\ngiven: %s\n%s", d.ImageIndex(i), s.scores[i], shortName(d.labelName(i), 12), model))
	m := s.markOf(i)
	c.mark.Text = " "
	if m != labelmarks.Unmarked {
		c.mark.Text = m.String()
	}
	c.mark.Color = markColour(m)
	c.mark.Refresh()
}

// markColour is the colour of mark m's badge.
func markColour(m labelmarks.Mark) color.Color {
	switch m {
	case labelmarks.Wrong:
		return theme.Color(theme.ColorNameError)
	case labelmarks.Ambiguous:
		return theme.Color(theme.ColorNameWarning)
	case labelmarks.Fine:
		return theme.Color(theme.ColorNameSuccess)
	}
	return theme.Color(theme.ColorNameForeground)
}

// CreateRenderer implements fyne.Widget.
func (c *suspectCell) CreateRenderer() fyne.WidgetRenderer {
	width := canvas.NewRectangle(color.Transparent)
	width.SetMinSize(fyne.NewSize(suspectCellWidth, 0))
	return widget.NewSimpleRenderer(container.NewVBox(width, container.NewCenter(c.img), c.caption, c.mark))
}
