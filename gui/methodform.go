package gui

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/fashionlens/fashionlens/internal/settings"
	"github.com/fashionlens/fashionlens/internal/workspace"
)

// methodForm is the row of controls of a method's parameters, built from
// its registry entry: a label and an entry for each number, a check for
// each switch. Its values are remembered under prefix.method.param.
type methodForm struct {
	w       *Window
	prefix  string // "embeddings" or "clusters"
	method  string
	params  []workspace.Param
	entries map[string]*widget.Entry
	checks  map[string]*widget.Check
	// items are the form's objects, in order: the tabs insert their own
	// (DBSCAN's eps slider) before building the row.
	items []fyne.CanvasObject
}

// entryWidths are the widths of the built-in parameters' entries, as
// wide as their values; others get defaultEntryWidth.
var entryWidths = map[string]float32{
	"tsne.perplexity": 60, "tsne.iterations": 70, "kmeans.k": 50, "kmeans.restarts": 50, "dbscan.eps": 70,
}

const defaultEntryWidth = 50

// legacyPrefNames are the preference names of parameters whose key in
// the registry differs from the name earlier versions remembered.
var legacyPrefNames = map[string]string{"dbscan.min_points": "minpts", "dbscan.remove_noise": "removenoise"}

// paramPrefKey returns the preference key of method's parameter p under
// prefix.
func paramPrefKey(prefix, method string, p workspace.Param) string {
	name := p.Name
	if old, ok := legacyPrefNames[method+"."+p.Name]; ok {
		name = old
	}
	return prefix + "." + method + "." + name
}

// newMethodForm builds the controls of method's window parameters, each
// showing its remembered value or its default.
func newMethodForm(w *Window, prefix, method string, params []workspace.Param) *methodForm {
	f := &methodForm{w: w, prefix: prefix, method: method, entries: map[string]*widget.Entry{}, checks: map[string]*widget.Check{}}
	for _, p := range params {
		if p.CLIOnly {
			continue
		}
		f.params = append(f.params, p)
		v := f.remembered(p)
		if p.Kind == workspace.Bool {
			c := widget.NewCheck(p.Label, nil)
			c.SetChecked(v != 0)
			f.checks[p.Name] = c
			f.items = append(f.items, c)
			continue
		}
		e := widget.NewEntry()
		e.SetText(p.Format(v))
		f.entries[p.Name] = e
		width, ok := entryWidths[method+"."+p.Name]
		if !ok {
			width = defaultEntryWidth
		}
		f.items = append(f.items, widget.NewLabel(p.Label), minWidth(e, width))
	}
	return f
}

// remembered returns p's remembered value, or its default.
func (f *methodForm) remembered(p workspace.Param) float64 {
	key := paramPrefKey(f.prefix, f.method, p)
	switch p.Kind {
	case workspace.Bool:
		if f.w.prefs.Bool(key) {
			return 1
		}
		return 0
	case workspace.Float:
		return f.w.prefs.FloatWithFallback(key, p.Default)
	}
	return float64(f.w.prefs.IntWithFallback(key, int(p.Default)))
}

// row returns the form's controls in one row, after lead and before
// tail.
func (f *methodForm) row(lead []fyne.CanvasObject, tail ...fyne.CanvasObject) *fyne.Container {
	objs := append(append(append([]fyne.CanvasObject(nil), lead...), f.items...), tail...)
	return container.NewHBox(objs...)
}

// insert puts o in the row just before (after = false) or after the
// entry of parameter name; at the end if there is no such entry.
func (f *methodForm) insert(name string, after bool, o fyne.CanvasObject) {
	e := f.entries[name]
	for i, it := range f.items {
		if c, ok := it.(*fyne.Container); ok && slices.Contains(c.Objects, fyne.CanvasObject(e)) {
			if after {
				i++
			}
			f.items = append(f.items[:i], append([]fyne.CanvasObject{o}, f.items[i:]...)...)
			return
		}
	}
	f.items = append(f.items, o)
}

// values reads the parameters from the controls; parameters without a
// control (CLIOnly) take their defaults. The error names the parameter
// and says what to enter.
func (f *methodForm) values(all []workspace.Param) (workspace.Values, error) {
	v := workspace.Defaults(all)
	for _, p := range f.params {
		if c, ok := f.checks[p.Name]; ok {
			v[p.Name] = 0
			if c.Checked {
				v[p.Name] = 1
			}
			continue
		}
		x, err := p.Parse(f.entries[p.Name].Text)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.title(), err)
		}
		v[p.Name] = x
	}
	return v, nil
}

// title is the method's title for messages.
func (f *methodForm) title() string {
	if p, ok := workspace.ProjectionNamed(f.method); ok {
		return p.Title
	}
	if c, ok := workspace.ClusteringNamed(f.method); ok {
		return c.Title
	}
	return f.method
}

// remember records v as the user's choice of every parameter.
func (f *methodForm) remember(v workspace.Values) {
	for _, p := range f.params {
		key := paramPrefKey(f.prefix, f.method, p)
		switch p.Kind {
		case workspace.Bool:
			f.w.prefs.SetBool(key, v.Bool(p.Name))
		case workspace.Float:
			f.w.prefs.SetFloat(key, v[p.Name])
		default:
			f.w.prefs.SetInt(key, v.Int(p.Name))
		}
	}
}

// set shows value x for parameter name.
func (f *methodForm) set(name string, x float64) {
	if e, ok := f.entries[name]; ok {
		for _, p := range f.params {
			if p.Name == name {
				e.SetText(p.Format(x))
			}
		}
	}
	if c, ok := f.checks[name]; ok {
		c.SetChecked(x != 0)
	}
}

// paramPrefChecks returns the checks of the remembered values of every
// registered method's window parameters, for validatePrefs.
func paramPrefChecks() map[string]prefCheck {
	checks := map[string]prefCheck{}
	add := func(prefix, method string, params []workspace.Param) {
		for _, p := range params {
			if p.CLIOnly {
				continue
			}
			checks[paramPrefKey(prefix, method, p)] = paramCheck(p)
		}
	}
	for _, p := range workspace.Projections() {
		add("embeddings", p.Name, p.Params)
	}
	for _, c := range workspace.Clusterings() {
		add("clusters", c.Name, c.Params)
	}
	return checks
}

// paramCheck checks a remembered value of p.
func paramCheck(p workspace.Param) prefCheck {
	return func(v any) error {
		var x float64
		switch {
		case p.Kind == workspace.Bool:
			return isBool(v)
		case p.Kind == workspace.Float:
			switch n := v.(type) {
			case float64:
				x = n
			case int:
				x = float64(n)
			default:
				return fmt.Errorf("want a number, found %T", v)
			}
		default:
			n, ok := settings.WholeNumber(v)
			if !ok {
				return fmt.Errorf("want a whole number, found %v", v)
			}
			x = float64(n)
		}
		return p.Valid(x)
	}
}
