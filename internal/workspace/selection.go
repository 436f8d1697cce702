package workspace

import "slices"

// SelectMode says how a set of points changes the selection.
type SelectMode int

// The ways to change the selection.
const (
	// Replace makes the points the selection.
	Replace SelectMode = iota
	// Add adds them to it.
	Add
	// Remove takes them out of it.
	Remove
)

// Select makes idx (point indices) the selection. Indices out of range
// are dropped; the selection is kept sorted, without repeats.
func (w *Workspace) Select(idx []int) { w.SelectWith(idx, Replace) }

// SelectWith changes the selection by idx as mode says: a box drawn with
// Shift held adds its points, with Alt removes them.
func (w *Workspace) SelectWith(idx []int, mode SelectMode) {
	w.mu.Lock()
	n := w.pts.Len()
	set := make([]int, 0, len(idx))
	for _, i := range idx {
		if i >= 0 && i < n {
			set = append(set, i)
		}
	}
	slices.Sort(set)
	set = slices.Compact(set)
	var next []int
	switch mode {
	case Add:
		next = mergeSorted(w.selection, set)
	case Remove:
		next = make([]int, 0, len(w.selection))
		for _, i := range w.selection {
			if _, found := slices.BinarySearch(set, i); !found {
				next = append(next, i)
			}
		}
	default:
		next = set
	}
	changed := !slices.Equal(next, w.selection)
	w.selection = next
	onlyEnded := len(next) == 0 && w.selOnly
	if onlyEnded {
		w.selOnly = false // nothing would be left in colour
	}
	w.mu.Unlock()
	if changed {
		w.publish(Change{Kind: SelectionChanged})
	}
	if onlyEnded {
		w.publish(Change{Kind: FilterChanged})
	}
}

// mergeSorted returns the sorted union of sorted sets a and b.
func mergeSorted(a, b []int) []int {
	out := make([]int, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || (i < len(a) && a[i] < b[j]):
			out = append(out, a[i])
			i++
		case i == len(a) || b[j] < a[i]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i, j = i+1, j+1
		}
	}
	return out
}

// Selection returns the selected points, in increasing order.
func (w *Workspace) Selection() []int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.selection)
}

// Selected reports whether point i is selected.
func (w *Workspace) Selected(i int) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, found := slices.BinarySearch(w.selection, i)
	return found
}

// SetFilter makes f the filter: the points it leaves out are shown
// greyed (Dimmed), and SelectMatching selects those it keeps.
func (w *Workspace) SetFilter(f Filter) {
	f = f.clone()
	w.mu.Lock()
	changed := !w.filter.Equal(f)
	w.filter = f
	w.mu.Unlock()
	if changed {
		w.publish(Change{Kind: FilterChanged})
	}
}

// Filter returns the filter.
func (w *Workspace) Filter() Filter {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.filter.clone()
}

// Matching returns which points the filter keeps (nil if it keeps them
// all) and how many.
func (w *Workspace) Matching() ([]bool, int) {
	w.mu.Lock()
	f, pts := w.filter, w.pts
	w.mu.Unlock()
	if pts == nil {
		return nil, 0
	}
	return f.Match(pts, w.Clustering)
}

// SelectMatching makes the points the filter keeps the selection.
func (w *Workspace) SelectMatching() {
	keep, n := w.Matching()
	if keep == nil {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		w.Select(idx)
		return
	}
	idx := make([]int, 0, n)
	for i, k := range keep {
		if k {
			idx = append(idx, i)
		}
	}
	w.Select(idx)
}

// ShowSelectionOnly says whether the points outside the selection are
// greyed (they stay on the map, as the filter's are). It has no effect
// while the selection is empty.
func (w *Workspace) ShowSelectionOnly(only bool) {
	w.mu.Lock()
	only = only && len(w.selection) > 0
	changed := w.selOnly != only
	w.selOnly = only
	w.mu.Unlock()
	if changed {
		w.publish(Change{Kind: FilterChanged})
	}
}

// SelectionOnly reports whether only the selection is shown in colour.
func (w *Workspace) SelectionOnly() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.selOnly
}

// Dimmed returns which points the maps grey: those the filter leaves out
// and, while only the selection is shown, those not selected; nil if
// none is.
func (w *Workspace) Dimmed() []bool {
	w.mu.Lock()
	f, pts, sel, only := w.filter, w.pts, w.selection, w.selOnly
	w.mu.Unlock()
	if pts == nil {
		return nil
	}
	keep, _ := f.Match(pts, w.Clustering)
	if keep == nil && !only {
		return nil
	}
	n := pts.Len()
	dim := make([]bool, n)
	if keep != nil {
		for i, k := range keep {
			dim[i] = !k
		}
	}
	if only {
		in := make([]bool, n)
		for _, i := range sel {
			in[i] = true
		}
		for i := range dim {
			dim[i] = dim[i] || !in[i]
		}
	}
	return dim
}
