package testfeatures

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

func TestTest(t *testing.T) {
	s, err := Test()
	if err != nil {
		t.Fatal(err)
	}
	r, c := s.X.Dims()
	if r != 10000 || c != 64 || len(s.Labels) != 10000 || s.Labels[0] != 9 {
		t.Fatalf("%dx%d, %d labels, first %d", r, c, len(s.Labels), s.Labels[0])
	}
	if sub := s.Rows(100); sub.X.RawMatrix().Rows != 100 || len(sub.Labels) != 100 {
		t.Fatal("Rows(100)")
	}
}

// The fixture never changes: the reference answers of the analysis tests
// and the inputs of BENCHMARKS.md's analysis figures depend on it.
func TestFixtureIsFrozen(t *testing.T) {
	sum := sha256.Sum256(checkpointData)
	if got := hex.EncodeToString(sum[:]); got != "8bda2fff3ab5178485a2724147d071bfe7110c5cc0de546c87527773f3fd1cd9" {
		t.Errorf("%s has SHA-256 %s: it was replaced; restore it (git log -- internal/testfeatures/testdata)", Checkpoint, got)
	}
}
