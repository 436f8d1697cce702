package workspace

import (
	"context"
	"slices"
	"testing"
)

// predicted gives blobs' points predictions and probabilities: point i is
// predicted class (i/2)%k with confidence 0.5 + (i%5)/10.
func predicted(pts *Points) *Points {
	n, k := pts.Len(), len(pts.Classes)
	pts.Pred = make([]int, n)
	pts.Probs = make([]float32, n*k)
	for i := range n {
		p := (i / 2) % k
		pts.Pred[i] = p
		conf := 0.5 + float32(i%5)/10
		for c := range k {
			pts.Probs[i*k+c] = (1 - conf) / float32(k-1)
		}
		pts.Probs[i*k+p] = conf
	}
	return pts
}

// bruteMatch is Filter.Match written out point by point, the reference.
func bruteMatch(f Filter, pts *Points, clusters []int) []int {
	var out []int
	k := len(pts.Classes)
	for i := range pts.Len() {
		if f.True != nil && !slices.Contains(f.True, pts.Labels[i]) {
			continue
		}
		if f.Pred != nil && !slices.Contains(f.Pred, pts.Pred[i]) {
			continue
		}
		if f.Outcome == Correct && pts.Pred[i] != pts.Labels[i] || f.Outcome == Wrong && pts.Pred[i] == pts.Labels[i] {
			continue
		}
		if c := f.Confidence; c != nil {
			p := float64(pts.Probs[i*k+pts.Pred[i]])
			if p < c[0] || p > c[1] {
				continue
			}
		}
		if f.Clustering != "" && (clusters == nil || !slices.Contains(f.Clusters, clusters[i])) {
			continue
		}
		if f.Index != nil {
			in := false
			for _, r := range f.Index {
				in = in || (pts.ImageIndex(i) >= r.From && pts.ImageIndex(i) <= r.To)
			}
			if !in {
				continue
			}
		}
		out = append(out, i)
	}
	return out
}

func TestFilterMatch(t *testing.T) {
	pts := predicted(blobs(60, 4, 3, 1))
	clusters := make([]int, 60)
	for i := range clusters {
		clusters[i] = i%4 - 1 // −1 is noise
	}
	cl := &Clustered{Clusters: &Clusters{Labels: clusters, K: 3}}
	get := func(name string) *Clustered {
		if name == "kmeans" {
			return cl
		}
		return nil
	}
	conf := [2]float64{0.65, 0.85}
	for _, tc := range []struct {
		name string
		f    Filter
	}{
		{"true", Filter{True: []int{0, 2}}},
		{"pred", Filter{Pred: []int{1}}},
		{"correct", Filter{Outcome: Correct}},
		{"wrong", Filter{Outcome: Wrong}},
		{"confidence", Filter{Confidence: &conf}},
		{"cluster", Filter{Clustering: "kmeans", Clusters: []int{-1, 2}}},
		{"missing clustering", Filter{Clustering: "dbscan", Clusters: []int{0}}},
		{"index", Filter{Index: []IndexRange{{3, 7}, {50, 50}}}},
		{"all of them", Filter{True: []int{1, 2}, Outcome: Wrong, Confidence: &conf, Clustering: "kmeans", Clusters: []int{0, 1}, Index: []IndexRange{{0, 40}}}},
		{"none kept", Filter{True: []int{}}},
	} {
		keep, n := tc.f.Match(pts, get)
		want := bruteMatch(tc.f, pts, clusters)
		if tc.f.Clustering == "dbscan" {
			want = nil
		}
		var got []int
		for i, k := range keep {
			if k {
				got = append(got, i)
			}
		}
		if !slices.Equal(got, want) || n != len(want) {
			t.Errorf("%s: kept %v (%d), want %v", tc.name, got, n, want)
		}
		if tc.name == "true" && len(want) == 0 {
			t.Fatal("the reference keeps nothing: the test data are wrong")
		}
	}
	if keep, n := (Filter{}).Match(pts, get); keep != nil || n != 60 {
		t.Errorf("the empty filter: %v, %d", keep, n)
	}
}

func TestFilterWithoutPredictions(t *testing.T) {
	pts := blobs(20, 3, 2, 1) // no model: no predictions
	for _, f := range []Filter{{Pred: []int{0}}, {Outcome: Correct}, {Confidence: &[2]float64{0, 1}}} {
		if _, n := f.Match(pts, func(string) *Clustered { return nil }); n != 0 {
			t.Errorf("%+v kept %d points without predictions", f, n)
		}
	}
	pts.Index = make([]int, 20)
	for i := range pts.Index {
		pts.Index[i] = 100 + i
	}
	if _, n := (Filter{Index: []IndexRange{{105, 109}}}).Match(pts, nil); n != 5 {
		t.Errorf("image indices 105-109 of a sample: %d points, want 5", n)
	}
}

func TestParseIndexRanges(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []IndexRange
		bad  bool
	}{
		{"", nil, false},
		{"12", []IndexRange{{12, 12}}, false},
		{"100-199", []IndexRange{{100, 199}}, false},
		{"5, 40-45;7", []IndexRange{{5, 5}, {40, 45}, {7, 7}}, false},
		{"9-3", nil, true},
		{"-3", nil, true},
		{"abc", nil, true},
		{"1-2-3", nil, true},
		{"99999999999999999999", nil, true},
	} {
		got, err := ParseIndexRanges(tc.in)
		if (err != nil) != tc.bad || !slices.Equal(got, tc.want) {
			t.Errorf("ParseIndexRanges(%q) = %v, %v", tc.in, got, err)
		}
		if err == nil {
			back, err := ParseIndexRanges(FormatIndexRanges(got))
			if err != nil || !slices.Equal(back, got) {
				t.Errorf("%q does not survive formatting: %v, %v", tc.in, back, err)
			}
		}
	}
}

func FuzzParseIndexRanges(f *testing.F) {
	for _, s := range []string{"", "1", "3-9, 12", "x", "-", "1--2", "4,,5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rs, err := ParseIndexRanges(s)
		if err != nil {
			return
		}
		for _, r := range rs {
			if r.From < 0 || r.To < r.From {
				t.Fatalf("%q gave the range %v", s, r)
			}
		}
	})
}

func TestSelectionModes(t *testing.T) {
	w := New(context.Background(), Options{})
	w.SetPoints(blobs(10, 2, 2, 1))
	var changes int
	w.Observe(func(c Change) {
		if c.Kind == SelectionChanged {
			changes++
		}
	})
	w.Select([]int{5, 1, 5, 12, -1, 3})
	if got := w.Selection(); !slices.Equal(got, []int{1, 3, 5}) {
		t.Fatalf("Select: %v", got)
	}
	w.SelectWith([]int{2, 3}, Add)
	if got := w.Selection(); !slices.Equal(got, []int{1, 2, 3, 5}) {
		t.Fatalf("Add: %v", got)
	}
	w.SelectWith([]int{1, 5, 9}, Remove)
	if got := w.Selection(); !slices.Equal(got, []int{2, 3}) || !w.Selected(3) || w.Selected(1) {
		t.Fatalf("Remove: %v", got)
	}
	w.SelectWith([]int{9, 9}, Replace)
	w.SelectWith([]int{9}, Add) // no change, no message
	if got := w.Selection(); !slices.Equal(got, []int{9}) || changes != 4 {
		t.Fatalf("Replace: %v after %d changes, want 4", got, changes)
	}
}

func TestDimmed(t *testing.T) {
	w := New(context.Background(), Options{})
	w.SetPoints(predicted(blobs(10, 2, 2, 1)))
	filters := 0
	w.Observe(func(c Change) {
		if c.Kind == FilterChanged {
			filters++
		}
	})
	if w.Dimmed() != nil {
		t.Fatal("greyed points without a filter")
	}
	w.ShowSelectionOnly(true) // nothing selected: no effect
	if w.SelectionOnly() || filters != 0 {
		t.Fatal("only the empty selection shown")
	}
	w.SetFilter(Filter{True: []int{1}})
	dim := w.Dimmed()
	for i, d := range dim {
		if d != (i%2 == 0) {
			t.Fatalf("true class 1 kept: greyed %v", dim)
		}
	}
	w.Select([]int{1, 2, 3})
	w.ShowSelectionOnly(true)
	dim = w.Dimmed()
	want := []bool{true, false, true, false, true, true, true, true, true, true}
	if !slices.Equal(dim, want) {
		t.Fatalf("filter and selection only: %v, want %v", dim, want)
	}
	w.SelectMatching()
	if got := w.Selection(); !slices.Equal(got, []int{1, 3, 5, 7, 9}) {
		t.Fatalf("SelectMatching: %v", got)
	}
	w.Select(nil) // an empty selection ends "selection only"
	if w.SelectionOnly() {
		t.Fatal("selection only with nothing selected")
	}
	f := Filter{Clustering: "kmeans", Clusters: []int{0}, Outcome: Wrong}
	w.SetFilter(f)
	w.SetFilter(f) // the same: no message
	if filters != 4 {
		t.Errorf("%d filter changes, want 4", filters)
	}
	w.SetPoints(predicted(blobs(10, 2, 2, 2)))
	if got := w.Filter(); got.Clustering != "" || got.Clusters != nil || got.Outcome != Wrong {
		t.Errorf("after new points the filter is %+v: want its clusters dropped, the rest kept", got)
	}
}
