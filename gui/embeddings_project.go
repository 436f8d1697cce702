package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/fashionlens/fashionlens/internal/workspace"
)

// computable returns the projections computed on request (not
// Immediate), in registry order.
func computable() []workspace.Projection {
	var ps []workspace.Projection
	for _, p := range workspace.Projections() {
		if !p.Immediate {
			ps = append(ps, p)
		}
	}
	return ps
}

// projectionControls builds the controls of the projections computed on
// request from their registry entries: with one (t-SNE), "t-SNE:" and its
// parameters; with several, a choice of projection and the chosen one's
// parameters; then Compute and Cancel.
func (t *embeddingsTab) projectionControls() []fyne.CanvasObject {
	ps := computable()
	if len(ps) == 0 {
		t.compute = widget.NewButton("Compute", nil)
		t.compute.Hide()
		return nil
	}
	var titles []string
	var panels []fyne.CanvasObject
	for _, p := range ps {
		f := newMethodForm(t.w, "embeddings", p.Name, p.Params)
		t.forms[p.Name] = f
		if len(ps) == 1 && len(f.items) > 0 {
			// "t-SNE: perplexity", as one label.
			if row, ok := f.items[0].(*widget.Label); ok {
				row.SetText(p.Title + ": " + row.Text)
			}
		}
		t.panels[p.Name] = f.row(nil)
		panels = append(panels, t.panels[p.Name])
		titles = append(titles, p.Title)
	}
	t.compute = widget.NewButton("Compute "+ps[0].Title, t.runCompute)
	t.compute.Importance = widget.HighImportance
	t.compute.Disable()
	objs := []fyne.CanvasObject{container.NewStack(panels...), t.compute, t.cancel}
	if len(ps) > 1 {
		t.pick = widget.NewSelect(titles, func(string) { t.pickChanged() })
		t.pick.SetSelected(titles[0])
		objs = append([]fyne.CanvasObject{t.pick}, objs...)
	}
	t.pickChanged()
	return objs
}

// picked returns the projection whose controls are shown.
func (t *embeddingsTab) picked() workspace.Projection {
	ps := computable()
	if t.pick != nil {
		if p, ok := projectionTitled(t.pick.Selected); ok {
			return p
		}
	}
	return ps[0]
}

// pickChanged shows the chosen projection's parameters.
func (t *embeddingsTab) pickChanged() {
	p := t.picked()
	for name, panel := range t.panels {
		panel.Hidden = name != p.Name
		panel.Refresh()
	}
	t.compute.SetText("Compute " + p.Title)
}

// mapChosen shows the map chosen in the Map control; one not computed
// yet is computed with its controls' settings.
func (t *embeddingsTab) mapChosen() {
	p, ok := projectionTitled(t.which.Selected)
	if ok && !t.choosing && !p.Immediate && t.w.layoutNamed(p.Name) == nil && t.running == "" && t.d != nil && t.d.Err == nil {
		if t.pick != nil {
			t.pick.SetSelected(p.Title)
		}
		t.runCompute()
		return
	}
	t.render()
}

// runCompute computes the chosen projection in the background with its
// controls' settings; the workspace's change stream shows it as it
// converges (working) and when it is done (projected). Cancel stops it.
func (t *embeddingsTab) runCompute() {
	d := t.d
	if d == nil || d.Err != nil {
		return
	}
	p := t.picked()
	v, err := t.forms[p.Name].values(p.Params)
	if err != nil {
		dialog.ShowError(err, t.w)
		return
	}
	t.forms[p.Name].remember(v)
	t.running = p.Name
	t.compute.Disable()
	t.cancel.Show()
	t.progress.SetValue(0)
	t.progress.Show()
	t.w.ws.Start(p.Name, v)
}

// working shows the progress of projection name, and its layout so far.
func (t *embeddingsTab) working(name string, p workspace.Progress) {
	if name != t.running {
		return
	}
	t.progress.SetValue(p.Fraction())
	if p.Frame != nil {
		t.frame = p.Frame
		t.render()
	}
}

// projected shows a new layout of projection name: the one computed
// (chosen as if by the user, so shown next time too), or one read back
// from the results cache.
func (t *embeddingsTab) projected(name string) {
	p, _ := workspace.ProjectionNamed(name)
	if p.Immediate {
		return
	}
	t.which.Enable()
	if name == t.running {
		t.endJob()
		t.which.SetSelected(p.Title)
	} else if t.w.prefs.String(prefMap) == p.Title {
		t.choose(func() { t.which.SetSelected(p.Title) })
	}
	t.render()
}

// jobEnded ends the job of projection name, which failed or was
// cancelled.
func (t *embeddingsTab) jobEnded(name string) {
	if name == t.running {
		t.endJob()
		t.render()
	}
}

// endJob hides the progress and Cancel, and enables Compute.
func (t *embeddingsTab) endJob() {
	t.running, t.frame = "", nil
	t.cancel.Hide()
	t.progress.Hide()
	if t.d != nil && t.d.Err == nil {
		t.compute.Enable()
	}
}

// restoreKept shows the maps of d's points kept in the results cache from
// an earlier session, for the settings in the controls.
func (t *embeddingsTab) restoreKept(d *Derived) {
	pts := d.Points
	for _, p := range computable() {
		if !p.Keep {
			continue
		}
		v, err := t.forms[p.Name].values(p.Params)
		if err != nil {
			continue
		}
		name := p.Name
		t.w.goJob(func() {
			r := workspace.Kept(name, pts, v, cacheStore{t.w.cache})
			if r == nil {
				return
			}
			t.w.ui(func() {
				if t.w.ws.Points() == pts && t.w.layoutNamed(name) == nil {
					t.w.ws.PutProjection(r)
				}
			})
		})
	}
}
