//go:build !race

package cluster

// raceEnabled tells tests that the race detector runs, making the model's
// features too slow to compute (about 16 s instead of 1 s).
const raceEnabled = false
