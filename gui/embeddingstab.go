package gui

import (
	"context"
	"fmt"
	"image"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis/plot"
	"github.com/fashionlens/fashionlens/analysis/tsne"
)

// Map render size in pixels; the image is scaled to fit the tab.
const mapWidth, mapHeight = 1100, 700

// Colourings of the Embeddings map.
const (
	colourTrue    = "True label"
	colourPred    = "Predicted label"
	colourCorrect = "Correct or wrong"
)

// embeddingsTab shows the encoded features as a map: PCA at once, t-SNE
// on request, animated while it converges.
type embeddingsTab struct {
	w        *Window
	d        *Derived
	tsneY    *mat.Dense // the last t-SNE layout of d, nil if none
	header   *widget.Label
	colour   *widget.Select
	which    *widget.RadioGroup
	img      *canvas.Image
	tsneBtn  *widget.Button
	cancel   *widget.Button
	progress *widget.ProgressBar
	stop     context.CancelFunc
	box      fyne.CanvasObject
	choosing bool // the map is being selected by the program, not the user
}

// showMap selects a map without recording it as the user's choice.
func (t *embeddingsTab) showMap(v string) {
	t.choosing = true
	defer func() { t.choosing = false }()
	t.which.SetSelected(v)
}

func newEmbeddingsTab(w *Window) *embeddingsTab {
	t := &embeddingsTab{w: w, header: widget.NewLabel("Computing the features of the test images…"),
		img: canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, 1, 1))), progress: widget.NewProgressBar()}
	t.header.Wrapping = fyne.TextWrapWord
	t.img.FillMode = canvas.ImageFillContain
	t.img.ScaleMode = canvas.ImageScaleSmooth
	t.colour = widget.NewSelect([]string{colourTrue, colourPred, colourCorrect}, func(string) { t.render(nil) })
	t.colour.SetSelected(colourTrue)
	t.which = widget.NewRadioGroup([]string{"PCA", "t-SNE"}, func(v string) {
		if v != "" && !t.choosing {
			w.app.Preferences().SetString(prefMap, v) // the user's choice
		}
		t.render(nil)
	})
	t.which.Horizontal = true
	t.showMap("PCA")
	t.which.Disable()
	t.tsneBtn = widget.NewButton("Compute t-SNE", t.runTSNE)
	t.tsneBtn.Disable()
	t.cancel = widget.NewButton("Cancel", func() {
		if t.stop != nil {
			t.stop()
		}
	})
	t.cancel.Hide()
	t.progress.Hide()
	bar := container.NewHBox(widget.NewLabel("Colour by"), t.colour, widget.NewLabel("Map"), t.which, t.tsneBtn, t.cancel)
	t.box = container.NewBorder(container.NewVBox(t.header, bar, t.progress), nil, nil, nil, t.img)
	w.onDerived(t.setDerived)
	return t
}

func (t *embeddingsTab) content() fyne.CanvasObject { return t.box }

func (t *embeddingsTab) setDerived(d *Derived) {
	if t.stop != nil {
		t.stop()
	}
	t.d, t.tsneY = d, nil
	t.showMap("PCA")
	t.which.Disable()
	if d.Err != nil {
		t.header.SetText(d.Err.Error())
		return
	}
	t.header.SetText(fmt.Sprintf("The 64 encoded features of the %d test images under %s, projected by PCA "+
		"(the two axes explain %.1f%% and %.1f%% of the variance). t-SNE keeps neighbourhoods better; it takes a few seconds.",
		d.Split.Len(), d.Model.Name, 100*d.PCA.ExplainedVarianceRatio[0], 100*d.PCA.ExplainedVarianceRatio[1]))
	t.tsneBtn.Enable()
	t.render(nil)
	// A t-SNE map of these features from an earlier session.
	n := d.Split.Len()
	t.w.goJob(func() {
		vals, err := t.w.cache.loadFloats("tsne", tsneKey(d), n, 2)
		if err != nil {
			return
		}
		t.w.ui(func() {
			if t.d != d || t.tsneY != nil {
				return
			}
			t.tsneY = mat.NewDense(n, 2, vals)
			t.which.Enable()
			if t.w.app.Preferences().String(prefMap) == "t-SNE" {
				t.showMap("t-SNE")
			}
		})
	})
}

// prefMap remembers which map the Embeddings tab showed last.
const prefMap = "embeddings.map"

// The t-SNE settings of the Embeddings tab.
const (
	tsnePerplexity = 30
	tsneIterations = 1000
	tsneSeed       = 1
)

// tsneKey identifies the t-SNE map of d's features in the cache.
func tsneKey(d *Derived) string {
	return cacheKey(derivedVersion, "tsne", d.Fingerprint, d.Split.Images.SHA256,
		fmt.Sprintf("perplexity=%d iterations=%d seed=%d", tsnePerplexity, tsneIterations, tsneSeed))
}

// categories returns each point's category and the names for the current
// colouring.
func (t *embeddingsTab) categories() ([]int, []string) {
	d := t.d
	switch t.colour.Selected {
	case colourPred:
		return d.Pred, d.Scheme.Classes
	case colourCorrect:
		c := make([]int, len(d.Pred))
		for i, p := range d.Pred {
			if p != d.Labels[i] {
				c[i] = 1
			}
		}
		return c, []string{"correct", "wrong"}
	}
	return d.Labels, d.Scheme.Classes
}

// render draws the map: layout if not nil (a t-SNE frame), else the
// selected map. It renders off the UI goroutine.
func (t *embeddingsTab) render(layout *mat.Dense) {
	d := t.d
	if d == nil || d.Err != nil {
		return
	}
	title := "PCA"
	if layout == nil {
		layout = d.PCA.Projected
		if t.which.Selected == "t-SNE" && t.tsneY != nil {
			layout, title = t.tsneY, "t-SNE"
		}
	} else {
		title = "t-SNE (converging)"
	}
	cats, names := t.categories()
	t.w.goJob(func() {
		p, err := plot.ScatterDense(layout, cats, plot.ScatterOptions{Title: title + " of the encoded features", Names: names})
		var img image.Image
		if err == nil {
			img, err = plot.Raster(p, mapWidth, mapHeight, 1)
		}
		t.w.ui(func() {
			if t.d != d {
				return
			}
			if err != nil {
				t.header.SetText("Could not draw the map: " + err.Error())
				return
			}
			t.img.Image = img
			t.img.Refresh()
		})
	})
}

// export asks for a file and writes the map shown, as PNG, SVG or PDF by
// the file's extension.
func (t *embeddingsTab) export() {
	if t.d == nil || t.d.Err != nil {
		dialog.ShowInformation("Export", "There is no map to export yet.", t.w)
		return
	}
	name := "fashionlens-pca.png"
	if t.which.Selected == "t-SNE" && t.tsneY != nil {
		name = "fashionlens-tsne.png"
	}
	t.w.askSavePath("Export the map", "Figure (PNG, SVG, PDF)", name, []string{".png", ".svg", ".pdf"}, func(path string) {
		if path == "" {
			return
		}
		d, layout, title := t.d, t.d.PCA.Projected, "PCA"
		if t.which.Selected == "t-SNE" && t.tsneY != nil {
			layout, title = t.tsneY, "t-SNE"
		}
		cats, names := t.categories()
		t.w.goJob(func() {
			err := exportMap(path, layout, cats, names, fmt.Sprintf("%s of the encoded features (%s, %s)", title, d.Model.Name, t.colour.Selected))
			t.w.ui(func() {
				if err != nil {
					dialog.ShowError(err, t.w)
					return
				}
				dialog.ShowInformation("Export", "Wrote "+path, t.w)
			})
		})
	})
}

// exportMap writes a scatter map to path, in the format of its extension.
func exportMap(path string, layout *mat.Dense, cats []int, names []string, title string) error {
	p, err := plot.ScatterDense(layout, cats, plot.ScatterOptions{Title: title, Names: names})
	if err != nil {
		return err
	}
	return plot.Save(p, path, 750, 600)
}

// runTSNE computes the t-SNE map in the background, showing it as it
// converges; Cancel stops it.
func (t *embeddingsTab) runTSNE() {
	d := t.d
	if d == nil || d.Err != nil {
		return
	}
	ctx, cancel := context.WithCancel(t.w.ctx)
	t.stop = cancel
	t.tsneBtn.Disable()
	t.cancel.Show()
	t.progress.SetValue(0)
	t.progress.Show()
	var last time.Time
	t.w.goJob(func() {
		r, err := tsne.Embed(ctx, d.Features, tsne.Options{Perplexity: tsnePerplexity, Iterations: tsneIterations, Seed: tsneSeed,
			ProgressEvery: 25, Progress: func(p tsne.Progress) {
				frame := time.Since(last) > 400*time.Millisecond
				if frame {
					last = time.Now()
				}
				t.w.ui(func() {
					if t.d != d {
						return
					}
					t.progress.SetValue(float64(p.Iteration) / float64(p.Iterations))
					if frame {
						t.render(p.Layout)
					}
				})
			}})
		if err == nil {
			n, _ := r.Y.Dims()
			if err := t.w.cache.storeFloats("tsne", tsneKey(d), n, 2, r.Y.RawMatrix().Data, false); err != nil {
				fyne.LogError("keep the t-SNE map in the cache", err)
			}
		}
		t.w.ui(func() {
			cancel()
			t.cancel.Hide()
			t.progress.Hide()
			if t.d != d {
				return
			}
			t.tsneBtn.Enable()
			if err != nil {
				if ctx.Err() == nil {
					dialog.ShowError(fmt.Errorf("t-SNE: %w", err), t.w)
				}
				t.render(nil)
				return
			}
			t.tsneY = r.Y
			t.which.Enable()
			t.which.SetSelected("t-SNE") // as if the user chose it: shown next time too
			t.render(nil)
		})
	})
}
