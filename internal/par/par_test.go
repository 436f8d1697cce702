package par

import (
	"sync/atomic"
	"testing"
)

func TestForCoversEachIndexOnce(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 7, 100, 1001} {
		for _, grain := range []int{0, 1, 5, 1000} {
			seen := make([]int32, n)
			For(n, grain, func(lo, hi int) {
				for i := lo; i < hi; i++ {
					atomic.AddInt32(&seen[i], 1)
				}
			})
			for i, s := range seen {
				if s != 1 {
					t.Fatalf("n=%d grain=%d: index %d visited %d times", n, grain, i, s)
				}
			}
		}
	}
}

func TestBlocksAreFixed(t *testing.T) {
	const n, size = 103, 10
	seen := make([]int32, n)
	var blocks int32
	Blocks(n, size, func(b, lo, hi int) {
		atomic.AddInt32(&blocks, 1)
		if lo != b*size || (hi != lo+size && hi != n) {
			t.Errorf("block %d is [%d,%d)", b, lo, hi)
		}
		for i := lo; i < hi; i++ {
			atomic.AddInt32(&seen[i], 1)
		}
	})
	if blocks != 11 {
		t.Errorf("%d blocks, want 11", blocks)
	}
	for i, s := range seen {
		if s != 1 {
			t.Fatalf("index %d visited %d times", i, s)
		}
	}
}
