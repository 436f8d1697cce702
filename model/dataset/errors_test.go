package dataset

import (
	"path/filepath"
	"strings"
	"testing"
)

// A file that cannot be opened is named once in the error, not as
// "open X: open X: ...".
func TestReadFileErrorNamesPathOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "train-images-idx3-ubyte")
	_, err := readFile(path, ReadImages)
	if err == nil {
		t.Fatal("no error for a missing file")
	}
	if n := strings.Count(err.Error(), path); n != 1 {
		t.Errorf("%q names the path %d times", err, n)
	}
}
