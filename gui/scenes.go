package gui

import (
	"errors"
	"fmt"
	"image"
	"slices"

	"fyne.io/fyne/v2"

	"github.com/fashionlens/fashionlens/internal/workspace"
)

// SceneNames are the pictures of the exploration features that the
// screenshot command takes beside the tabs' (README.md shows them).
var SceneNames = []string{"selection", "filter", "suspects", "umap", "images"}

// lassoScene is the selection scene's lasso, in fractions of the map's
// width and height: around the tops and shirts of the PCA map.
var lassoScene = [][2]float32{{0.66, 0.22}, {0.74, 0.2}, {0.83, 0.24}, {0.87, 0.38}, {0.85, 0.55}, {0.78, 0.62}, {0.7, 0.6}, {0.66, 0.45}, {0.64, 0.32}}

// A Scene is a picture being set up: Finish, once the window is no
// longer Busy, does what waits for the background work, and Capture,
// once that is drawn, takes the picture. Both run on the UI goroutine.
type Scene struct {
	Finish  func()
	Capture func() (image.Image, error)
}

// SetScene sets the window up to show scene name (one of SceneNames), as
// a user would with the mouse. Call it on the UI goroutine once the maps
// are ready.
func (w *Window) SetScene(name string) (*Scene, error) {
	if d := w.derived; d == nil || d.Err != nil || d.Len() == 0 {
		return nil, errors.New("the maps are not ready")
	}
	main := &Scene{Finish: func() {}, Capture: w.Capture}
	if name != "suspects" && w.suspects != nil {
		w.suspects.win.Close() // it would cover the main window
	}
	switch name {
	case "selection":
		// A lasso over the map, the rest greyed, one image inspected.
		w.SelectTab(TabNames[2])
		v := w.embTab.view
		w.embTab.filter.tool.SetSelected("Lasso")
		size := v.Size()
		poly := make([]fyne.Position, len(lassoScene))
		for i, p := range lassoScene {
			poly[i] = fyne.NewPos(p[0]*size.Width, p[1]*size.Height)
		}
		sel := v.PointsInPolygon(poly)
		if len(sel) == 0 {
			return nil, errors.New("the selection scene's lasso holds no point")
		}
		w.ws.Select(sel)
		w.ws.ShowSelectionOnly(true)
		w.inspect(sel[len(sel)/2])
		return main, nil
	case "filter":
		// The shirts the model gets wrong, on the K-means map.
		w.SelectTab(TabNames[3])
		shirt := slices.Index(w.derived.Classes, "Shirt")
		if shirt < 0 {
			return nil, fmt.Errorf("the filter scene needs the class Shirt, not among %v", w.derived.Classes)
		}
		w.ws.Select(nil)
		w.ws.SetFilter(workspace.Filter{True: []int{shirt}, Outcome: workspace.Wrong})
		return main, nil
	case "umap":
		// The UMAP map of the test images, computed as a click on its
		// Map choice computes it.
		w.ws.Select(nil)
		w.ws.SetFilter(workspace.Filter{})
		w.SelectTab(TabNames[2])
		p, ok := workspace.ProjectionNamed("umap")
		if !ok {
			return nil, errors.New("UMAP is not among the projections")
		}
		w.embTab.which.SetSelected(p.Title)
		return main, nil
	case "images":
		// The images on the PCA map, zoomed in on the tops and shirts.
		w.ws.Select(nil)
		w.ws.SetFilter(workspace.Filter{})
		w.SelectTab(TabNames[2])
		w.embTab.which.SetSelected(projectionTitles()[0])
		w.embTab.filter.images.SetChecked(true)
		v := w.embTab.view
		v.ResetView()
		size := v.Size()
		v.Zoom(1.8, fyne.NewPos(0.72*size.Width, 0.42*size.Height))
		return main, nil
	case "suspects":
		w.SelectTab(TabNames[2])
		w.showSuspects()
		s := w.suspects
		s.win.Resize(fyne.NewSize(1060, 720))
		return &Scene{
			Finish: func() {
				if len(s.shown) > 1 {
					s.grid.Select(1) // the second most suspicious, inspected in the main window
				}
			},
			Capture: func() (image.Image, error) { return capture(s.win) },
		}, nil
	}
	return nil, fmt.Errorf("no scene %q (want one of %v)", name, SceneNames)
}
