//go:build !race

package tiled

// raceEnabled says whether the tests run under the race detector.
const raceEnabled = false
