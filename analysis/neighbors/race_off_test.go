//go:build !race

package neighbors

const raceEnabled = false
