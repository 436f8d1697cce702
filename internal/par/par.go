// Package par is the project's worker pool: it runs loops over index
// ranges on all cores. For and Blocks split a loop once over the cores
// for the training engine (a step runs to its end); Parallel hands out
// blocks to workers and stops when its context ends, for the analyses.
package par

import (
	"runtime"
	"sync"
)

// Workers is the number of goroutines For uses: GOMAXPROCS at start-up.
var Workers = runtime.GOMAXPROCS(0)

// For calls fn over [0, n) split into contiguous ranges, one per worker,
// and waits for all of them. Ranges shorter than grain are not split
// further, so small loops run on the calling goroutine.
func For(n, grain int, fn func(lo, hi int)) {
	if n <= 0 {
		return
	}
	if grain < 1 {
		grain = 1
	}
	parts := Workers
	if m := (n + grain - 1) / grain; m < parts {
		parts = m
	}
	if parts <= 1 {
		fn(0, n)
		return
	}
	var wg sync.WaitGroup
	for p := 1; p < parts; p++ {
		lo, hi := n*p/parts, n*(p+1)/parts
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(lo, hi)
		}()
	}
	fn(0, n/parts)
	wg.Wait()
}

// Blocks calls fn for each of the fixed blocks [b*size, min((b+1)*size, n))
// on all cores, passing the block number. Unlike For, the split does not
// depend on the number of cores, so per-block results (partial sums,
// random streams) are the same on every machine.
func Blocks(n, size int, fn func(block, lo, hi int)) {
	if n <= 0 {
		return
	}
	nb := (n + size - 1) / size
	For(nb, 1, func(b0, b1 int) {
		for b := b0; b < b1; b++ {
			hi := (b + 1) * size
			if hi > n {
				hi = n
			}
			fn(b, b*size, hi)
		}
	})
}
