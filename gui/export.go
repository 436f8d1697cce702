package gui

import (
	"bufio"
	"fmt"
	"image"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis/featfile"
	"github.com/fashionlens/fashionlens/analysis/plot"
	"github.com/fashionlens/fashionlens/gui/plotview"
	"github.com/fashionlens/fashionlens/internal/atomicfile"
	"github.com/fashionlens/fashionlens/internal/workspace"
)

// newPlotView returns a map widget whose background work counts as the
// window's (Busy) and whose updates go through w.ui; a tap selects the
// point in both tabs, and hovering shows its image.
func newPlotView(w *Window) *plotview.View {
	v := plotview.New()
	v.Go = w.goJob
	v.Do = w.ui
	v.OnSelect = w.selectPoint
	v.OnSelectArea = w.selectArea
	v.Tooltip = func(i int) (img image.Image, text string) {
		if d := w.derived; d != nil && d.Err == nil && i < d.Len() {
			return d.pointThumbnail(i)
		}
		return nil, ""
	}
	return v
}

// legendColumn returns v's legend in a scrolling column of fixed width.
func legendColumn(v *plotview.View) fyne.CanvasObject {
	return minWidth(container.NewVScroll(v.Legend()), 170)
}

// lower returns a colouring's name for use inside a sentence: its first
// letter in lower case, unless it starts a name (K-means, DBSCAN).
func lower(s string) string {
	if len(s) < 2 || s[1] == '-' || strings.ToUpper(s[:2]) == s[:2] {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// caption returns the caption of a figure of d's points drawn as how
// says: the model (or "imported features"), the points and how, as
// "bundled seed (fashion10) · 10,000 test images · PCA".
func (d *Derived) caption(how string) string {
	return workspace.FigureCaption(d.Name(), strings.TrimPrefix(d.Source, "the "), how)
}

// figureFormats are the extensions plots are exported to.
var figureFormats = []string{".png", ".svg", ".pdf"}

// exportPlot asks where to save the figure v shows, with its legend, axis
// titles and caption (plotview's ExportFigure), and writes it as PNG
// (1600×1200 pixels), SVG or PDF (8×6 inches) by the extension.
func (w *Window) exportPlot(v *plotview.View, name string) {
	fig, err := v.ExportFigure()
	if err != nil {
		dialog.ShowError(fmt.Errorf("there is no plot to export: %w", err), w)
		return
	}
	w.exportFigure(fig, name)
}

// exportFigure asks where to save fig and writes it there.
func (w *Window) exportFigure(fig plot.Figure, name string) {
	w.saveDialog("Export the plot", "Figure (PNG, SVG, PDF)", name, figureFormats, func(path string) {
		if path == "" {
			return // cancelled
		}
		w.goJob(func() {
			err := plot.Export(fig, path)
			w.ui(func() { w.reportExport(path, err) })
		})
	})
}

// reportExport tells the user where a file went, or why it did not.
func (w *Window) reportExport(path string, err error) {
	if err != nil {
		dialog.ShowError(err, w)
		return
	}
	dialog.ShowInformation("Export", "Wrote "+path, w)
}

// exportProjector writes d's features of the points rows (nil for all)
// to path as Embedding Projector vectors, and a metadata file beside it
// (label, predicted class and the image's index), whose path it returns.
// Both are written atomically.
func exportProjector(path string, d *Derived, rows []int) (string, error) {
	if rows == nil {
		rows = make([]int, d.Len())
		for i := range rows {
			rows[i] = i
		}
	}
	meta := strings.TrimSuffix(path, filepath.Ext(path))
	if s, ok := strings.CutSuffix(meta, "vectors"); ok {
		meta = s + "metadata.tsv"
	} else {
		meta += "-metadata.tsv"
	}
	if err := atomicfile.Write(path, func(wr io.Writer) error {
		bw := bufio.NewWriter(wr)
		x := d.Features
		if len(rows) != d.Len() {
			_, dim := d.Features.Dims()
			sub := mat.NewDense(len(rows), dim, nil)
			for r, i := range rows {
				sub.SetRow(r, d.Features.RawRowView(i))
			}
			x = sub
		}
		if err := featfile.WriteTSV(bw, x); err != nil {
			return err
		}
		return bw.Flush()
	}); err != nil {
		return "", fmt.Errorf("export the embeddings: %w", err)
	}
	err := atomicfile.Write(meta, func(wr io.Writer) error {
		bw := bufio.NewWriter(wr)
		cols := []string{"label"}
		if d.Pred != nil {
			cols = append(cols, "predicted")
		}
		if d.Split != nil {
			cols = append(cols, d.Split.Name+"_index")
		}
		fmt.Fprintln(bw, strings.Join(cols, "\t"))
		for _, i := range rows {
			row := []string{d.labelName(i)}
			if d.Pred != nil {
				row = append(row, d.Classes[d.Pred[i]])
			}
			if d.Split != nil {
				row = append(row, strconv.Itoa(d.ImageIndex(i)))
			}
			fmt.Fprintln(bw, strings.Join(row, "\t"))
		}
		return bw.Flush()
	})
	if err != nil {
		return "", fmt.Errorf("export the embeddings' metadata: %w", err)
	}
	return meta, nil
}

// tapImage is an image that calls tap when clicked.
type tapImage struct {
	widget.BaseWidget
	img *canvas.Image
	tap func()
}

func newTapImage(img *canvas.Image, tap func()) *tapImage {
	t := &tapImage{img: img, tap: tap}
	t.ExtendBaseWidget(t)
	return t
}

// Tapped calls the image's tap function.
func (t *tapImage) Tapped(*fyne.PointEvent) {
	if t.tap != nil {
		t.tap()
	}
}

// CreateRenderer implements fyne.Widget.
func (t *tapImage) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(t.img) }

// showFigure opens fig in a dialog, drawn large, with an Export button.
func (w *Window) showFigure(title string, fig plot.Figure, name string) {
	if fig == nil {
		return
	}
	s := float64(w.Canvas().Scale())
	if s <= 0 {
		s = 1
	}
	img, err := plot.Raster(fig, int(900*s), int(420*s), s)
	if err != nil {
		dialog.ShowError(err, w)
		return
	}
	c := canvas.NewImageFromImage(img)
	c.FillMode = canvas.ImageFillContain
	c.SetMinSize(fyne.NewSize(900, 420))
	var d dialog.Dialog
	export := widget.NewButton("Export…", func() {
		d.Hide()
		w.exportFigure(fig, name)
	})
	d = dialog.NewCustom(title, "Close", container.NewBorder(nil, container.NewHBox(export), nil, nil, c), w)
	d.Show()
}
