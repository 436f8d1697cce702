//go:build race

package neighbors

const raceEnabled = true
