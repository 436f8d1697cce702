package par

import (
	"context"
	"sync/atomic"
	"testing"
)

// Every index is visited once, in blocks of the given size, by workers
// numbered below WorkersFor; a cancelled context stops the work with its
// error.
func TestParallel(t *testing.T) {
	for _, c := range []struct{ n, block int }{{0, 4}, {1, 4}, {10, 3}, {100, 1}, {7, 0}} {
		seen := make([]atomic.Int32, c.n)
		w := WorkersFor(c.n, c.block)
		err := Parallel(context.Background(), c.n, c.block, func(wk, b, lo, hi int) {
			if wk < 0 || wk >= max(w, 1) || lo != b*max(c.block, 1) || hi > c.n || hi-lo > max(c.block, 1) {
				t.Errorf("n %d block %d: worker %d block %d [%d, %d)", c.n, c.block, wk, b, lo, hi)
			}
			for i := lo; i < hi; i++ {
				seen[i].Add(1)
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		for i := range seen {
			if v := seen[i].Load(); v != 1 {
				t.Fatalf("n %d block %d: index %d visited %d times", c.n, c.block, i, v)
			}
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var calls atomic.Int32
	if err := Parallel(ctx, 1000, 1, func(_, _, _, _ int) { calls.Add(1) }); err != context.Canceled || calls.Load() != 0 {
		t.Errorf("cancelled: %v after %d calls", err, calls.Load())
	}
}
