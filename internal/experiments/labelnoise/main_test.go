package main

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestFlip(t *testing.T) {
	orig := make([]int, 1000)
	for i := range orig {
		orig[i] = i % 10
	}
	a := slices.Clone(orig)
	fa := flip(a, 10, 0.03, 5)
	if len(fa) != 30 || !slices.IsSorted(fa) {
		t.Fatalf("flipped %v", fa)
	}
	changed := 0
	for i := range a {
		if a[i] != orig[i] {
			changed++
			if a[i] < 0 || a[i] > 9 || !slices.Contains(fa, i) {
				t.Errorf("label %d: %d → %d", i, orig[i], a[i])
			}
		}
	}
	if changed != 30 {
		t.Errorf("%d labels changed, want 30: each flip goes to another class", changed)
	}
	b := slices.Clone(orig)
	if fb := flip(b, 10, 0.03, 5); !slices.Equal(fa, fb) || !slices.Equal(a, b) {
		t.Error("the same seed gave other flips")
	}
	c := slices.Clone(orig)
	if fc := flip(c, 10, 0.03, 6); slices.Equal(fa, fc) {
		t.Error("another seed gave the same flips")
	}
}

func TestScores(t *testing.T) {
	// Ranked: 3 (bad), 1, 4 (bad), 0 and 2 tied, 2 bad.
	idx := []int{3, 1, 4, 0, 2}
	scores := []float64{0.9, 0.8, 0.7, 0.1, 0.1}
	bad := []bool{false, false, true, true, true}
	if p := precision(idx, bad, 2); p != 0.5 {
		t.Errorf("precision@2 = %v", p)
	}
	if p := precision(idx, bad, 10); p != 0.6 {
		t.Errorf("precision@10 = %v", p)
	}
	if r := recall(idx, bad, 3, 3); math.Abs(r-2.0/3) > 1e-12 {
		t.Errorf("recall@3 = %v", r)
	}
	// Pairs (bad, good): 3>1 ✓, 3>0 ✓, 4>1 ✗, 4>0 ✓, 2>1 ✗, 2=0 ½.
	if a := auroc(idx, scores, bad); math.Abs(a-3.5/6) > 1e-12 {
		t.Errorf("auroc = %v, want %v", a, 3.5/6)
	}
}

func TestRunScoreBadFiles(t *testing.T) {
	var b strings.Builder
	if err := runScore([]string{"--ranking", "/nonexistent.csv", "--flipped", "/nonexistent.txt"}, &b); err == nil {
		t.Error("no error for missing files")
	}
}
