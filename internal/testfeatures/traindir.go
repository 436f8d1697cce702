package testfeatures

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/fashionlens/fashionlens/resources"
)

// TrainDir makes a data folder, removed when the test ends, whose train
// split is the embedded test split: the train command and the window's
// training run without the real train split.
func TrainDir(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range map[string][]byte{
		"train-images-idx3-ubyte.gz": resources.TestImagesGz,
		"train-labels-idx1-ubyte.gz": resources.TestLabelsGz,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
