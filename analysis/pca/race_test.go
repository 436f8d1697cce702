//go:build race

package pca

// raceEnabled is true under the race detector, where computing the real
// features (testfeatures.Test) takes half a minute.
const raceEnabled = true
