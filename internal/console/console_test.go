package console

import (
	"os"
	"testing"
)

// A test's standard output and error are usable handles (a pipe or a
// file), which Attach must keep as they are, on every system.
func TestAttachKeepsWorkingOutput(t *testing.T) {
	out, errOut := os.Stdout, os.Stderr
	Attach()
	if os.Stdout != out || os.Stderr != errOut {
		t.Fatalf("Attach replaced working output: stdout %v → %v, stderr %v → %v", out, os.Stdout, errOut, os.Stderr)
	}
}

func ExampleAttach() {
	Attach() // first thing in main, before anything is printed
}
