package metrics

import (
	"errors"
	"math"
	"reflect"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
)

// The mapping example: ten points, three classes, clusters 3, 5 and noise.
//
//	point  0 1 2 3  4 5  6  7  8  9
//	truth  0 0 0 1  2 2  1  1  0  2
//	pred   3 3 3 3  3 3  5  5 -1 -1
//	x      0 1 2 10 3 6 20 21 30 31
//
// Cluster 3: classes 0,0,0,1,2,2 → composition [3 1 2], majority 0, purity
// 3/6. With minShare 0.2: class 0 (3/6) and class 2 (2/6) count, class 1
// (1/6) does not. Misclustered: points 3, 4, 5; the centroid is
// (0+1+2+10+3+6)/6 = 11/3, so the distances are 3: 19/3, 4: 2/3, 5: 7/3 →
// [3 5 4].
// Cluster 5: classes 1,1 → [0 2 0], majority 1, purity 1, nothing
// misclustered.
// Noise: classes 0,2 → [1 0 1], a tie, so majority 0 (the lower class);
// purity 1/2; classes 0 and 2 both make 1/2 (tie → lower first);
// misclustered: point 9. Noise comes last.
var (
	mapTruth = []int{0, 0, 0, 1, 2, 2, 1, 1, 0, 2}
	mapPred  = []int{3, 3, 3, 3, 3, 3, 5, 5, -1, -1}
	mapX     = mat.NewDense(10, 1, []float64{0, 1, 2, 10, 3, 6, 20, 21, 30, 31})
)

func TestMapping(t *testing.T) {
	got, err := Mapping(mapX, mapTruth, mapPred, 3, 0.2)
	if err != nil {
		t.Fatal(err)
	}
	want := []ClusterInfo{
		{Cluster: 3, Size: 6, Majority: 0, Composition: []int{3, 1, 2}, Purity: 0.5, Classes: []int{0, 2}, Misclustered: []int{3, 5, 4}},
		{Cluster: 5, Size: 2, Majority: 1, Composition: []int{0, 2, 0}, Purity: 1, Classes: []int{1}},
		{Cluster: -1, Size: 2, Majority: 0, Composition: []int{1, 0, 1}, Purity: 0.5, Classes: []int{0, 2}, Misclustered: []int{9}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}

	// Without x, misclustered points are in index order.
	got, err = Mapping(nil, mapTruth, mapPred, 3, 0.2)
	if err != nil {
		t.Fatal(err)
	}
	if m := got[0].Misclustered; !reflect.DeepEqual(m, []int{3, 4, 5}) {
		t.Errorf("no x: misclustered %v, want [3 4 5]", m)
	}

	// minShare 0 lists every class present, largest first; minShare 1 only
	// the majority (always listed).
	got, _ = Mapping(nil, mapTruth, mapPred, 3, 0)
	if c := got[0].Classes; !reflect.DeepEqual(c, []int{0, 2, 1}) {
		t.Errorf("minShare 0: %v, want [0 2 1]", c)
	}
	got, _ = Mapping(nil, mapTruth, mapPred, 3, 1)
	if c := got[0].Classes; !reflect.DeepEqual(c, []int{0}) {
		t.Errorf("minShare 1: %v, want [0]", c)
	}
	// More classes than present: the composition is as long as classes.
	got, _ = Mapping(nil, mapTruth, mapPred, 10, 0.2)
	if c := got[1].Composition; !reflect.DeepEqual(c, []int{0, 2, 0, 0, 0, 0, 0, 0, 0, 0}) {
		t.Errorf("10 classes: composition %v", c)
	}
}

func TestMappingBad(t *testing.T) {
	for name, f := range map[string]func() error{
		"class out of range": func() error { _, err := Mapping(nil, mapTruth, mapPred, 2, 0.2); return err },
		"negative class":     func() error { _, err := Mapping(nil, []int{-1}, []int{0}, 2, 0.2); return err },
		"classes 0":          func() error { _, err := Mapping(nil, []int{0}, []int{0}, 0, 0.2); return err },
		"classes huge":       func() error { _, err := Mapping(nil, []int{0}, []int{0}, MaxClasses+1, 0.2); return err },
		"minShare NaN":       func() error { _, err := Mapping(nil, mapTruth, mapPred, 3, math.NaN()); return err },
		"minShare > 1":       func() error { _, err := Mapping(nil, mapTruth, mapPred, 3, 1.5); return err },
		"minShare < 0":       func() error { _, err := Mapping(nil, mapTruth, mapPred, 3, -0.1); return err },
		"x rows":             func() error { _, err := Mapping(mat.NewDense(9, 1, nil), mapTruth, mapPred, 3, 0.2); return err },
		"x NaN": func() error {
			x := mat.DenseCopyOf(mapX)
			x.Set(4, 0, math.NaN())
			_, err := Mapping(x, mapTruth, mapPred, 3, 0.2)
			return err
		},
	} {
		if err := f(); !errors.Is(err, analysis.ErrInput) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestDescribe(t *testing.T) {
	names := []string{"Shirt", "Dress", "Coat"}
	for _, c := range []struct {
		info ClusterInfo
		want string
	}{
		{ClusterInfo{Cluster: 3, Size: 1204, Purity: 0.41, Classes: []int{0, 1, 2}}, "Cluster 3 (1,204 images, purity 41%) → Shirt, Dress, Coat"},
		{ClusterInfo{Cluster: -1, Size: 2, Purity: 0.5, Classes: []int{0, 2}}, "Noise (2 images, purity 50%) → Shirt, Coat"},
		{ClusterInfo{Cluster: 0, Size: 1, Purity: 1, Classes: []int{7}}, "Cluster 0 (1 image, purity 100%) → class 7"},
		{ClusterInfo{Cluster: 12, Size: 1234567, Purity: 0.996, Classes: []int{1}}, "Cluster 12 (1,234,567 images, purity 100%) → Dress"},
	} {
		if got := c.info.Describe(names); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 60000: "60,000", -1234: "-1,234"} {
		if got := analysis.Thousands(n); got != want {
			t.Errorf("analysis.Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
