//go:build windows

package console

import (
	"os"
	"testing"
)

func TestMissing(t *testing.T) {
	if !missing(nil) {
		t.Error("a nil file is not reported missing")
	}
	if missing(os.Stdout) {
		t.Error("the test's own standard output is reported missing")
	}
	f, err := os.Open(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	if missing(f) {
		t.Error("an open file is reported missing")
	}
	f.Close()
	if !missing(f) {
		t.Error("a closed file is not reported missing")
	}
}
