package metrics

import (
	"math"
	"testing"
)

func TestScore(t *testing.T) {
	truth := []int{0, 0, 1, 1, 2, 2}
	pred := []int{5, 5, 7, 7, Noise, 7}
	// All points: the noise is a cluster of its own.
	s, m, err := Score(nil, truth, pred, 3, false)
	if err != nil {
		t.Fatal(err)
	}
	ari, _ := ARI(truth, pred)
	if s.Points != 6 || s.ARI != ari || len(m) != 3 || m[2].Cluster != Noise {
		t.Errorf("all points: %+v, mapping %d clusters", s, len(m))
	}
	// Without the noise: five points, and the mapping still of all.
	s, m, err = Score(nil, truth, pred, 3, true)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := ARI([]int{0, 0, 1, 1, 2}, []int{5, 5, 7, 7, 7})
	if s.Points != 5 || math.Abs(s.ARI-want) > 1e-12 || len(m) != 3 {
		t.Errorf("without noise: %+v (ARI want %v), mapping %d clusters", s, want, len(m))
	}
	// Only noise: nothing to score.
	s, _, err = Score(nil, []int{0, 1}, []int{Noise, Noise}, 2, true)
	if err != nil || *s != (Scores{}) {
		t.Errorf("only noise: %+v, %v", s, err)
	}
	if _, _, err := Score(nil, truth, pred[:2], 3, false); err == nil {
		t.Error("no error for lengths that differ")
	}
}
