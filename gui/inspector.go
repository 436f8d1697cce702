package gui

import (
	"fmt"
	"image"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fashionlens/fashionlens/analysis/plot"
	"github.com/fashionlens/fashionlens/internal/workspace"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// inspectorNeighbours is how many nearest neighbours the inspector shows.
const inspectorNeighbours = 8

// inspector shows the selected point: its image enlarged, its label, the
// model's prediction with the top three classes, its clusters and its
// nearest neighbours in feature space. Both the Embeddings and the
// Clusters tab have one; they show the same point.
type inspector struct {
	w          *Window
	img        *canvas.Image
	title      *widget.Label
	info       *widget.Label
	neighbours []*thumb
	box        fyne.CanvasObject
	shown      int // the point shown, or −1
}

// inspectorImageSize is the side of the enlarged image (28×28 × 6).
const inspectorImageSize = 168

func newInspector(w *Window) *inspector {
	in := &inspector{w: w, shown: -1,
		img:   canvas.NewImageFromImage(image.NewGray(image.Rect(0, 0, dataset.Cols, dataset.Rows))),
		title: widget.NewLabelWithStyle("No point selected", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		info:  widget.NewLabel("Click a point of a map, or an image of the gallery, to see it here.")}
	in.img.ScaleMode = canvas.ImageScalePixels
	in.img.FillMode = canvas.ImageFillContain
	in.img.SetMinSize(fyne.NewSize(inspectorImageSize, inspectorImageSize))
	in.info.Wrapping = fyne.TextWrapWord
	grid := container.NewGridWithColumns(4)
	for range inspectorNeighbours {
		t := newThumb(func(i int) { w.selectPoint(i) })
		in.neighbours = append(in.neighbours, t)
		grid.Add(t)
	}
	in.box = container.NewVScroll(container.NewVBox(
		in.title,
		container.NewCenter(in.img),
		in.info,
		widget.NewLabelWithStyle("Nearest in feature space", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		grid,
	))
	in.show(-1)
	return in
}

// content returns the inspector's panel, at least width wide.
func (in *inspector) content(width float32) fyne.CanvasObject {
	return minWidth(in.box, width)
}

// show fills the inspector with point i, or empties it for −1.
func (in *inspector) show(i int) {
	in.shown = i
	d := in.w.derived
	if d == nil || d.Err != nil || i < 0 || i >= d.Len() {
		in.title.SetText("No point selected")
		in.img.Image = image.NewGray(image.Rect(0, 0, dataset.Cols, dataset.Rows))
		in.img.Refresh()
		in.info.SetText("Click a point of a map, or an image of the gallery, to see it here.")
		for _, t := range in.neighbours {
			t.set(-1, nil, "")
		}
		return
	}
	in.title.SetText(in.pointTitle(d, i))
	if px := d.Image(i); px != nil {
		in.img.Image = &image.Gray{Pix: px, Stride: dataset.Cols, Rect: image.Rect(0, 0, dataset.Cols, dataset.Rows)}
	} else {
		in.img.Image = image.NewUniform(color.Gray{Y: 0x40})
	}
	in.img.Refresh()
	in.info.SetText(in.describe(d, i))
	var near []int
	if d.Neighbours != nil {
		near, _, _ = d.Neighbours.Nearest(i, inspectorNeighbours)
	}
	for j, t := range in.neighbours {
		if j >= len(near) {
			t.set(-1, nil, "")
			continue
		}
		k := near[j]
		t.set(k, d.Image(k), d.labelName(k))
	}
}

// pointTitle names point i: its index, and its image's index and split.
func (in *inspector) pointTitle(d *Derived, i int) string {
	if j := d.ImageIndex(i); j >= 0 {
		if d.Index == nil {
			return fmt.Sprintf("Image #%d of the %s split", j, d.Split.Name)
		}
		return fmt.Sprintf("Point %d: image #%d of the %s split", i, j, d.Split.Name)
	}
	return fmt.Sprintf("Point %d (no image)", i)
}

// describe is the inspector's text about point i.
func (in *inspector) describe(d *Derived, i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "True class: %s\n", d.labelName(i))
	if d.Pred != nil {
		mark := "correct"
		if d.Labels != nil && d.Pred[i] != d.Labels[i] {
			mark = "wrong"
		}
		classes, probs := d.TopClasses(i, 3)
		fmt.Fprintf(&b, "Predicted: %s, %.1f%% (%s)\nTop 3:", d.Classes[d.Pred[i]], 100*probs[0], mark)
		for j, c := range classes {
			fmt.Fprintf(&b, " %s %.1f%%", d.Classes[c], 100*probs[j])
			if j < len(classes)-1 {
				b.WriteString(",")
			}
		}
		b.WriteString("\n")
	} else {
		b.WriteString("Predicted: no model (imported features)\n")
	}
	for _, m := range workspace.Clusterings() {
		r := in.w.clustering(m.Name)
		switch {
		case r == nil:
			fmt.Fprintf(&b, "%s: not run yet\n", m.Title)
		case r.Labels[i] < 0:
			fmt.Fprintf(&b, "%s: noise\n", m.Title)
		default:
			c := r.Labels[i]
			fmt.Fprintf(&b, "%s: cluster %d%s\n", m.Title, c, majorityOf(r.Mapping, c, d.Classes))
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// labelName returns the name of point i's true class, or "unknown".
func (d *Derived) labelName(i int) string {
	if d.Labels == nil {
		return "unknown"
	}
	return d.Classes[d.Labels[i]]
}

// thumb is a small tappable image of a point, with its label below.
type thumb struct {
	widget.BaseWidget
	point int
	img   *canvas.Image
	label *widget.Label
	tap   func(int)
}

// thumbSide is the side of a thumbnail image.
const thumbSide = 56

func newThumb(tap func(int)) *thumb {
	t := &thumb{point: -1, tap: tap, img: canvas.NewImageFromImage(nil), label: widget.NewLabel("")}
	t.img.ScaleMode = canvas.ImageScalePixels
	t.img.FillMode = canvas.ImageFillContain
	t.img.SetMinSize(fyne.NewSize(thumbSide, thumbSide))
	t.label.SizeName = theme.SizeNameCaptionText
	t.label.Alignment = fyne.TextAlignCenter
	t.label.Truncation = fyne.TextTruncateEllipsis
	t.ExtendBaseWidget(t)
	return t
}

// set shows point i's pixels (nil for none) and label; i = −1 empties it.
func (t *thumb) set(i int, px []uint8, label string) {
	t.point = i
	switch {
	case i < 0:
		t.img.Image = nil
	case px == nil:
		t.img.Image = image.NewUniform(color.Gray{Y: 0x40})
	default:
		t.img.Image = &image.Gray{Pix: px, Stride: dataset.Cols, Rect: image.Rect(0, 0, dataset.Cols, dataset.Rows)}
	}
	t.img.Refresh()
	t.label.SetText(label)
}

// Tapped selects the thumbnail's point.
func (t *thumb) Tapped(*fyne.PointEvent) {
	if t.point >= 0 && t.tap != nil {
		t.tap(t.point)
	}
}

// CreateRenderer implements fyne.Widget.
func (t *thumb) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewVBox(container.NewCenter(t.img), t.label))
}

// pointThumbnail returns point i's image for a map's tooltip, and its
// label and prediction.
func (d *Derived) pointThumbnail(i int) (image.Image, string) {
	text := d.labelName(i)
	if d.Pred != nil && d.Labels != nil && d.Pred[i] != d.Labels[i] {
		text += " → predicted " + d.Classes[d.Pred[i]]
	}
	if px := d.Image(i); px != nil {
		return &image.Gray{Pix: px, Stride: dataset.Cols, Rect: image.Rect(0, 0, dataset.Cols, dataset.Rows)}, text
	}
	return nil, text
}

// categoryColors returns the colours of a clustering with k clusters
// (plot.ClusterColors): a cluster that alone is mostly class m is drawn
// in m's colour, the others in colours no class has. Without a mapping
// (no true classes) it returns nil, the palette by cluster.
func categoryColors(k int, mapping []clusterRow) []color.NRGBA {
	if len(mapping) == 0 {
		return nil
	}
	majority := make([]int, k)
	for c := range majority {
		majority[c] = -1
	}
	for _, r := range mapping {
		if r.Cluster >= 0 && r.Cluster < k {
			majority[r.Cluster] = r.Majority
		}
	}
	return plot.ClusterColors(majority)
}

// categoryNames returns the legend names of a clustering with k clusters,
// each with its majority class when the mapping is known.
func categoryNames(k int, mapping []clusterRow, classes []string) []string {
	names := plot.ClusterNames(k)
	for _, r := range mapping {
		if r.Cluster >= 0 && r.Cluster < k && classes != nil {
			names[r.Cluster] += ": " + classes[r.Majority]
		}
	}
	return names
}
