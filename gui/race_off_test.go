//go:build !race

package gui

// raceEnabled says whether the tests run under the race detector.
const raceEnabled = false
