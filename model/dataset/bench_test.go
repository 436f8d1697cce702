package dataset

import (
	"bytes"
	"os"
	"testing"

	"github.com/fashionlens/fashionlens/resources"
)

// BenchmarkReadEmbeddedTest decodes the embedded test split's images
// (gzip, 10,000 images) from memory, as every start of the app does.
func BenchmarkReadEmbeddedTest(b *testing.B) {
	b.SetBytes(int64(len(resources.TestImagesGz)))
	for b.Loop() {
		if _, err := ReadImages(bytes.NewReader(resources.TestImagesGz), "embedded"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadSystemTrain reads the 60,000-image train split from
// Debian's package, from disk each time.
func BenchmarkReadSystemTrain(b *testing.B) {
	if _, err := os.Stat(SystemDir); err != nil {
		b.Skipf("Debian's dataset-fashion-mnist is not installed: %v", err)
	}
	for b.Loop() {
		s, err := ReadSplit(SystemDir, Train)
		if err != nil {
			b.Fatal(err)
		}
		if s.Len() != 60000 {
			b.Fatalf("%d images", s.Len())
		}
	}
}

// BenchmarkFloatBatch converts a batch of 128 images to float32.
func BenchmarkFloatBatch(b *testing.B) {
	s, err := Embedded()
	if err != nil {
		b.Fatal(err)
	}
	idx := make([]int, 128)
	for i := range idx {
		idx[i] = (i * 7919) % s.Len()
	}
	dst := make([]float32, len(idx)*ImageSize)
	b.SetBytes(int64(len(idx) * ImageSize))
	for b.Loop() {
		dst = s.FloatBatchTo(dst, idx)
	}
}
