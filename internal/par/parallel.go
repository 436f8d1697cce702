package par

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// WorkersFor returns the number of goroutines Parallel runs for n values in
// blocks of block: GOMAXPROCS, or fewer when there are fewer blocks.
func WorkersFor(n, block int) int {
	if n <= 0 {
		return 0
	}
	return min(runtime.GOMAXPROCS(0), (n+max(block, 1)-1)/max(block, 1))
}

// Parallel calls fn(w, b, lo, hi) for the blocks [lo, hi) = [b·block,
// min(n, (b+1)·block)) of [0, n), on WorkersFor(n, block) goroutines that
// take blocks in order; w, in [0, WorkersFor), names the goroutine, for
// state of its own (a buffer, a partial sum). It stops handing out blocks
// once ctx is done and then returns ctx.Err(). What fn computes must
// depend only on its block, never on w, for results independent of the
// number of cores. It is the worker pool of the analyses, which stop when their context
// ends; For and Blocks are the training engine's, whose steps run to
// their end.
func Parallel(ctx context.Context, n, block int, fn func(w, b, lo, hi int)) error {
	block = max(block, 1)
	nb := (n + block - 1) / block
	workers := WorkersFor(n, block)
	if workers <= 1 {
		for b := 0; b < nb; b++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			fn(0, b, b*block, min(n, (b+1)*block))
		}
		return ctx.Err()
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				b := int(next.Add(1) - 1)
				if b >= nb {
					return
				}
				fn(w, b, b*block, min(n, (b+1)*block))
			}
		})
	}
	wg.Wait()
	return ctx.Err()
}
