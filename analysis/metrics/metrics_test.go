package metrics

import (
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/fashionlens/fashionlens/analysis"
)

// near reports whether got is within a relative 1e-12 of want.
func near(got, want float64) bool {
	return math.Abs(got-want) <= 1e-12*math.Max(1, math.Abs(want))
}

func TestNewContingency(t *testing.T) {
	// truth [0 0 1 1], pred [0 0 1 2]: label 0 is both in cluster 0,
	// label 1 is split between clusters 1 and 2.
	c, err := NewContingency([]int{0, 0, 1, 1}, []int{0, 0, 1, 2})
	if err != nil {
		t.Fatal(err)
	}
	want := &Contingency{Rows: []int{0, 1}, Cols: []int{0, 1, 2}, Counts: [][]int{{2, 0, 0}, {0, 1, 1}}}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got %+v, want %+v", c, want)
	}
	// Any ints, noise (−1) included; rows and columns sorted.
	c, err = NewContingency([]int{7, 3, 7, 3, 7}, []int{-1, 4, 4, -1, -1})
	if err != nil {
		t.Fatal(err)
	}
	want = &Contingency{Rows: []int{3, 7}, Cols: []int{-1, 4}, Counts: [][]int{{1, 1}, {2, 1}}}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got %+v, want %+v", c, want)
	}
}

func TestBadLabels(t *testing.T) {
	for name, f := range map[string]func(a, b []int) error{
		"NewContingency": func(a, b []int) error { _, err := NewContingency(a, b); return err },
		"ARI":            func(a, b []int) error { _, err := ARI(a, b); return err },
		"NMI":            func(a, b []int) error { _, err := NMI(a, b); return err },
		"Purity":         func(a, b []int) error { _, err := Purity(a, b); return err },
		"Mapping":        func(a, b []int) error { _, err := Mapping(nil, a, b, 3, 0.1); return err },
	} {
		if err := f(nil, nil); !errors.Is(err, analysis.ErrInput) {
			t.Errorf("%s(empty): %v", name, err)
		}
		if err := f([]int{0, 1}, []int{0}); !errors.Is(err, analysis.ErrInput) {
			t.Errorf("%s(different lengths): %v", name, err)
		}
	}
}

func TestContingencyTooLarge(t *testing.T) {
	// 5000 distinct labels × 5000 distinct clusters = 25M cells.
	n := 5000
	a := make([]int, n)
	for i := range a {
		a[i] = i
	}
	if _, err := NewContingency(a, a); !errors.Is(err, analysis.ErrInput) {
		t.Errorf("dense table of %d×%d cells: %v", n, n, err)
	}
	// The scores do not build the dense table.
	if v, err := ARI(a, a); err != nil || v != 1 {
		t.Errorf("ARI = %v, %v", v, err)
	}
}

// sklearnCases hold labellings and the values scikit-learn 1.2.1 gives for
// them, printed with repr() by
//
//	from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
//	adjusted_rand_score(truth, pred), normalized_mutual_info_score(truth, pred)
//
// (/usr/bin/python3, numpy 1.24.2). The last pair was drawn with
// numpy.random.RandomState(7): randint(0, 4, 40) and randint(-1, 5, 40).
var sklearnCases = []struct {
	truth, pred []int
	ari, nmi    float64
}{
	// Hand-checked: pair counts (ordered pairs, as scikit-learn) tp = Σc² − n
	// = 6 − 4 = 2, fn = Σ(row sums)² − Σc² = 8 − 6 = 2, fp = Σ(col sums)² −
	// Σc² = 6 − 6 = 0, tn = n² − fp − fn − Σc² = 16 − 0 − 2 − 6 = 8;
	// ARI = 2(tp·tn − fn·fp) / ((tp+fn)(fn+tn) + (tp+fp)(fp+tn))
	//     = 2·16 / (4·10 + 2·8) = 32/56 = 4/7.
	// NMI: pred determines truth, so MI = H(truth) = ln 2; H(pred) = 1.5 ln 2;
	// NMI = ln 2 / ((ln 2 + 1.5 ln 2)/2) = 0.8.
	{[]int{0, 0, 1, 1}, []int{0, 0, 1, 2}, 0.5714285714285714, 0.7999999999999999},
	// Renamed clusters: a perfect match.
	{[]int{0, 0, 1, 1}, []int{1, 1, 0, 0}, 1.0, 1.0},
	// Worse than chance: tp = 0, fn = fp = 4, tn = 8; ARI = 2(0 − 16)/(4·12 + 4·12) = −0.5.
	{[]int{0, 0, 1, 1}, []int{0, 1, 0, 1}, -0.5, 0.0},
	// One class split into singletons: ARI 0; NMI 0 (MI = 0).
	{[]int{0, 0, 0, 0}, []int{0, 1, 2, 3}, 0.0, 0.0},
	// Both single-cluster: scikit-learn's special case, 1 and 1.
	{[]int{0, 0, 0, 0}, []int{5, 5, 5, 5}, 1.0, 1.0},
	{[]int{3}, []int{7}, 1.0, 1.0},
	// Both all singletons: a perfect match.
	{[]int{0, 1, 2, 3}, []int{0, 1, 2, 3}, 1.0, 1.0},
	{[]int{0, 1, 2, 3}, []int{9, 9, 9, 9}, 0.0, 0.0},
	// Symmetric to the first case.
	{[]int{0, 0, 1, 2}, []int{0, 0, 1, 1}, 0.5714285714285714, 0.7999999999999999},
	{[]int{0, 0, 0, 1, 1, 1, 2, 2, 2, 2}, []int{-1, 1, 1, 1, 2, 2, -1, 0, 0, 0}, 0.3644067796610169, 0.618572786653966},
	{[]int{2, 2, 2, 5, 5, 5, 5, 9, 9, 9, 9, 9}, []int{0, 0, 1, 1, 1, 1, 3, 3, 3, 3, -1, -1}, 0.3183475091130012, 0.5837994940654956},
	{
		[]int{3, 0, 1, 2, 3, 3, 3, 3, 0, 1, 2, 3, 0, 1, 2, 2, 2, 0, 3, 2, 0, 0, 3, 3, 0, 0, 3, 3, 2, 2, 3, 0, 0, 3, 1, 0, 0, 3, 1, 0},
		[]int{2, 4, -1, 1, -1, 0, 3, 0, 2, 2, -1, 2, -1, 0, -1, -1, 4, 3, 3, 3, 1, 0, 2, -1, 4, 3, -1, 4, 3, 2, 0, 2, 2, 2, 0, 2, 2, 3, 2, 0},
		-0.028821597956950017, 0.11791971468404858,
	},
}

func TestARI(t *testing.T) {
	for _, c := range sklearnCases {
		got, err := ARI(c.truth, c.pred)
		if err != nil || !near(got, c.ari) {
			t.Errorf("ARI(%v, %v) = %v, %v; want %v", c.truth, c.pred, got, err, c.ari)
		}
		// Symmetric.
		if got2, _ := ARI(c.pred, c.truth); !near(got2, c.ari) {
			t.Errorf("ARI(%v, %v) = %v; want %v", c.pred, c.truth, got2, c.ari)
		}
	}
}

func TestARILarge(t *testing.T) {
	// n = 200,000: classes i%2 against clusters i < n/2 and i ≥ n/2, every
	// cell n/4. Ordered pair counts: Σc² = n²/4, tp = n²/4 − n,
	// fn = fp = n²/2 − n²/4 = n²/4, tn = n² − 3n²/4 = n²/4; products near
	// n⁴/16 = 10²⁰ overflow int64. num = tp·tn − fn·fp = −n³/4,
	// den = 2(n²/2 − n)(n²/2), ARI = 2·num/den = −1/(n − 2).
	// scikit-learn 1.2.1 gives −5.000050000500005e-06 too.
	n := 200_000
	a, b := make([]int, n), make([]int, n)
	for i := range a {
		a[i] = i % 2
		if i >= n/2 {
			b[i] = 1
		}
	}
	got, err := ARI(a, b)
	if want := -1 / float64(n-2); err != nil || !near(got, want) {
		t.Errorf("ARI = %v, %v; want %v", got, err, want)
	}
}

func TestNMI(t *testing.T) {
	for _, c := range sklearnCases {
		got, err := NMI(c.truth, c.pred)
		if err != nil || !near(got, c.nmi) {
			t.Errorf("NMI(%v, %v) = %v, %v; want %v", c.truth, c.pred, got, err, c.nmi)
		}
		if got2, _ := NMI(c.pred, c.truth); !near(got2, c.nmi) {
			t.Errorf("NMI(%v, %v) = %v; want %v", c.pred, c.truth, got2, c.nmi)
		}
	}
}

func TestPurity(t *testing.T) {
	for _, c := range []struct {
		truth, pred []int
		want        float64
	}{
		// Cluster 0 holds classes {0, 0, 1} (majority 2), cluster 1 {1} (1): 3/4.
		{[]int{0, 0, 1, 1}, []int{0, 0, 0, 1}, 0.75},
		// Noise {0, 2} → 1, cluster 0 {2, 2, 2} → 3, cluster 1 {0, 0, 1} → 2,
		// cluster 2 {1, 1} → 2: 8/10.
		{[]int{0, 0, 0, 1, 1, 1, 2, 2, 2, 2}, []int{-1, 1, 1, 1, 2, 2, -1, 0, 0, 0}, 0.8},
		// One cluster: the share of the largest class, 3/5.
		{[]int{4, 4, 4, 1, 2}, []int{0, 0, 0, 0, 0}, 0.6},
		// Singletons are pure.
		{[]int{4, 4, 4, 1, 2}, []int{0, 1, 2, 3, 4}, 1},
	} {
		got, err := Purity(c.truth, c.pred)
		if err != nil || got != c.want {
			t.Errorf("Purity(%v, %v) = %v, %v; want %v", c.truth, c.pred, got, err, c.want)
		}
	}
}
