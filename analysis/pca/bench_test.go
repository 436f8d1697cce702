package pca

import (
	"context"
	"testing"

	"github.com/fashionlens/fashionlens/internal/testfeatures"
)

// BenchmarkPCA fits two components to the 10,000×64 features of the
// Fashion-MNIST test images.
func BenchmarkPCA(b *testing.B) {
	set, err := testfeatures.Test()
	if err != nil {
		b.Skip(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Fit(context.Background(), set.X, 2); err != nil {
			b.Fatal(err)
		}
	}
}
