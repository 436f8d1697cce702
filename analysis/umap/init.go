package umap

import (
	"context"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis/pca"
)

// Constants of umap-learn's init="pca" (noisy_scale_coords) and of its
// simplicial_set_embedding, which rescales any start to [0, 10].
const (
	initMax   = 10
	initNoise = 1e-4
)

// Random streams, one per purpose, all keyed by the seed.
const (
	streamInit = iota + 1
	streamEpoch
)

// initialLayout returns umap-learn's init="pca" start, x, y of each point:
// the first two principal components scaled so that the largest
// coordinate is 10, plus Gaussian noise of standard deviation 1e-4 from
// the seed, then each axis rescaled to [0, 10].
func initialLayout(ctx context.Context, x *mat.Dense, seed uint64) ([]float64, error) {
	r, err := pca.Fit(ctx, x, 2)
	if err != nil {
		return nil, err
	}
	n, _ := x.Dims()
	y := make([]float64, 2*n)
	big := 0.0
	for i := range n {
		y[2*i], y[2*i+1] = r.Projected.At(i, 0), r.Projected.At(i, 1)
		big = max(big, math.Abs(y[2*i]), math.Abs(y[2*i+1]))
	}
	rng := rand.New(rand.NewPCG(seed, streamInit))
	for c := range y {
		y[c] = y[c]*(initMax/big) + initNoise*rng.NormFloat64()
	}
	for axis := range 2 {
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := range n {
			lo, hi = min(lo, y[2*i+axis]), max(hi, y[2*i+axis])
		}
		for i := range n {
			y[2*i+axis] = initMax * (y[2*i+axis] - lo) / (hi - lo)
		}
	}
	return y, nil
}

// stream is a splitmix64 random stream: fast, and cheap to key by the
// seed, the epoch and the block, so that each block of each epoch draws
// its own numbers whatever goroutine runs it.
type stream struct{ s uint64 }

func newStream(seed uint64, keys ...uint64) stream {
	s := mix(seed)
	for _, k := range keys {
		s = mix(s ^ mix(k+0x9e3779b97f4a7c15))
	}
	return stream{s}
}

func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a number in [0, n), n < 2³², by Lemire's multiply-shift
// (its bias, below n/2³², is immaterial here).
func (r *stream) intn(n int) int {
	r.s += 0x9e3779b97f4a7c15
	return int((mix(r.s) >> 32) * uint64(n) >> 32)
}
