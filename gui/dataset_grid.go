package gui

import (
	"fmt"
	"image"
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fashionlens/fashionlens/model/dataset"
)

// gridLen is the number of thumbnails the grid shows.
func (t *datasetTab) gridLen() int {
	switch {
	case t.split == nil:
		return 0
	case t.filter < 0:
		return t.split.Len()
	}
	return len(t.indices)
}

// imageIndex maps a grid item to the index of its image in the split.
func (t *datasetTab) imageIndex(id widget.GridWrapItemID) int {
	if t.filter < 0 {
		return id
	}
	return t.indices[id]
}

// newThumb makes a grid item: the image and a two-line caption.
func (t *datasetTab) newThumb() fyne.CanvasObject {
	img := canvas.NewImageFromImage(nil)
	img.ScaleMode = canvas.ImageScalePixels
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(thumbSize, thumbSize))
	width := canvas.NewRectangle(color.Transparent)
	width.SetMinSize(fyne.NewSize(thumbWidth, thumbSize))
	index := widget.NewLabel("")
	name := widget.NewLabel("")
	for _, l := range []*widget.Label{index, name} {
		l.SizeName = theme.SizeNameCaptionText
		l.Alignment = fyne.TextAlignCenter
		l.Truncation = fyne.TextTruncateEllipsis
	}
	return container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()),
		container.NewStack(width, container.NewCenter(img)), index, name)
}

// updateThumb shows image id in a grid item. The image aliases the
// split's pixels: nothing is converted or copied until it is painted.
func (t *datasetTab) updateThumb(id widget.GridWrapItemID, o fyne.CanvasObject) {
	if t.split == nil || id < 0 || id >= t.gridLen() {
		return
	}
	i := t.imageIndex(id)
	objs := o.(*fyne.Container).Objects
	img := objs[0].(*fyne.Container).Objects[1].(*fyne.Container).Objects[0].(*canvas.Image)
	img.Image = grayImage(t.split, i)
	img.Refresh()
	objs[1].(*widget.Label).SetText("#" + strconv.Itoa(i))
	objs[2].(*widget.Label).SetText(t.w.state.Scheme().Classes[t.w.state.Scheme().Class(t.split.Labels[i])])
}

// showLarge opens grid item id in a dialog, enlarged.
func (t *datasetTab) showLarge(id widget.GridWrapItemID) {
	if t.split == nil || id < 0 || id >= t.gridLen() {
		return
	}
	i := t.imageIndex(id)
	sc := t.w.state.Scheme()
	l := t.split.Labels[i]
	img := canvas.NewImageFromImage(grayImage(t.split, i))
	img.ScaleMode = canvas.ImageScalePixels
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(largeSize, largeSize))
	text := fmt.Sprintf("Image #%d of the %s split\nOriginal class: %d %s", i, t.split.Name, l, dataset.ClassNames[l])
	if sc != dataset.Fashion10 {
		c := sc.Class(l)
		text += fmt.Sprintf("\nIn %s: %d %s", sc.Name, c, sc.Classes[c])
	}
	info := widget.NewLabel(text)
	t.detail = dialog.NewCustom(fmt.Sprintf("Image #%d", i), "Close",
		container.NewVBox(container.NewCenter(img), info), t.w)
	t.detail.Show()
}

// grayImage returns image i of s without copying its pixels.
func grayImage(s *dataset.Split, i int) *image.Gray {
	return &image.Gray{Pix: s.Image(i), Stride: dataset.Cols, Rect: image.Rect(0, 0, dataset.Cols, dataset.Rows)}
}
