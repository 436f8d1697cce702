//go:build !race

package model

// raceEnabled says whether the tests run under the race detector.
const raceEnabled = false
