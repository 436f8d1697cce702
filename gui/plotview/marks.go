package plotview

import "slices"

// SetMarked marks the points idx (the app's selection; nil or empty for
// none): they are drawn after all other points, at the normal size in
// their category's colour inside a dark ring, so that a selection of
// thousands stays readable. Marked points of hidden categories are not
// drawn, and marked points that are also dimmed are drawn grey in their
// ring with the dimmed ones. Indices out of range are ignored, repeats
// count once; the view keeps a copy. It redraws only if the marked points
// change, and does not call OnSelectArea. SetData with another number of
// points clears them.
func (v *View) SetMarked(idx []int) {
	v.mu.Lock()
	var m []int
	if v.d != nil && len(idx) > 0 {
		n := len(v.d.x)
		m = make([]int, 0, len(idx))
		for _, i := range idx {
			if i >= 0 && i < n {
				m = append(m, i)
			}
		}
		slices.Sort(m)
		m = slices.Compact(m)
		if len(m) == 0 {
			m = nil
		}
	}
	changed := !slices.Equal(m, v.marked)
	if changed {
		v.marked = m
		v.markedVer++
	}
	v.mu.Unlock()
	if changed {
		v.update()
	}
}

// Marked returns the marked points, ascending; nil if none.
func (v *View) Marked() []int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return slices.Clone(v.marked)
}

// SetDimmed greys out the points i with mask[i] true (a filter leaves them
// out, or "show only the selection"): they are drawn first, under all
// others, in light grey (plot.DimColor), and box, lasso and Selectable
// leave them out. A tap still hits them: a plain tap inspects a dimmed
// point (OnSelect), but a Shift or Alt/Control tap passes over it. A nil
// mask, one without a true entry, or one whose length is not the number
// of points clears the dimming. The view keeps a copy. It redraws only if
// the dimmed points change; SetData with another number of points clears
// them.
func (v *View) SetDimmed(mask []bool) {
	v.mu.Lock()
	var m []bool
	if v.d != nil && len(mask) == len(v.d.x) && slices.Contains(mask, true) {
		m = slices.Clone(mask)
	}
	changed := !slices.Equal(m, v.dimmed)
	if changed {
		v.dimmed = m
		v.dimmedVer++
	}
	v.mu.Unlock()
	if changed {
		v.update()
	}
}

// Dimmed returns a copy of the dimming mask, one entry per point; nil if
// no point is dimmed.
func (v *View) Dimmed() []bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return slices.Clone(v.dimmed)
}

// dimmedLocked says whether point i is dimmed. v.mu is held.
func (v *View) dimmedLocked(i int) bool {
	return v.dimmed != nil && i >= 0 && i < len(v.dimmed) && v.dimmed[i]
}
