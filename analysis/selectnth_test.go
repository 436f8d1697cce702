package analysis

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// SelectNth leaves the nth key in place, no greater key before it and no
// smaller one after, moving only the indices; many ties included.
func TestSelectNth(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 300; trial++ {
		n := 1 + rng.IntN(40)
		val := make([]float64, n) // by element
		idx := make([]int32, n)
		for i := range val {
			val[i] = float64(rng.IntN(8))
			idx[i] = int32(i)
		}
		lo := rng.IntN(n)
		hi := lo + 1 + rng.IntN(n-lo)
		nth := lo + rng.IntN(hi-lo)
		key := func(p int) float64 { return val[idx[p]] }
		SelectNth(idx, lo, hi, nth, key)
		sorted := slices.Clone(val[:0])
		for _, i := range idx[lo:hi] {
			sorted = append(sorted, val[i])
		}
		slices.Sort(sorted)
		if key(nth) != sorted[nth-lo] {
			t.Fatalf("nth %d of [%d, %d): %v, want %v", nth, lo, hi, key(nth), sorted[nth-lo])
		}
		for p := lo; p < hi; p++ {
			if (p < nth && key(p) > key(nth)) || (p > nth && key(p) < key(nth)) {
				t.Fatalf("not partitioned at %d", nth)
			}
		}
		for p := range idx {
			if (p < lo || p >= hi) && idx[p] != int32(p) {
				t.Fatalf("position %d outside [%d, %d) moved", p, lo, hi)
			}
		}
		seen := map[int32]bool{}
		for _, i := range idx {
			seen[i] = true
		}
		if len(seen) != n {
			t.Fatal("indices lost")
		}
	}
}
