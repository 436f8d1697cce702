package tsne

import (
	"context"
	"testing"

	"github.com/fashionlens/fashionlens/internal/testfeatures"
)

// BenchmarkTSNE embeds the first 2,000 and all 10,000 test-image features
// and the 60,000 train-image features (skipped without the data set) with
// the default options, and reports the final KL divergence.
func BenchmarkTSNE(b *testing.B) {
	for _, c := range []struct {
		name  string
		n     int
		train bool
	}{{"n=2000", 2000, false}, {"n=10000", 10000, false}, {"n=60000", 60000, true}} {
		b.Run(c.name, func(b *testing.B) {
			set, err := testfeatures.Test()
			if c.train {
				set, err = testfeatures.Train()
			}
			if err != nil {
				b.Skip(err)
			}
			x := set.Rows(c.n).X
			var kl float64
			for b.Loop() {
				r, err := Embed(context.Background(), x, Options{})
				if err != nil {
					b.Fatal(err)
				}
				kl = r.KL
			}
			b.ReportMetric(kl, "KL")
		})
	}
}
