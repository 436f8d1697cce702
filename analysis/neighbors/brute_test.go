package neighbors

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
)

// brute answers every query of an Index by sorting all distances, summed
// by analysis.SqDist as the index promises: the answers must be equal bit
// for bit.
type brute struct {
	x    *mat.Dense
	n, d int
}

type cand struct {
	d float64
	i int
}

// sorted returns the rows other than skip by squared distance from q,
// then by index.
func (b brute) sorted(q []float64, skip int) []cand {
	var all []cand
	for j := range b.n {
		if j != skip {
			all = append(all, cand{analysis.SqDist(q, b.x.RawRowView(j)), j})
		}
	}
	slices.SortFunc(all, func(a, c cand) int { return cmp.Or(cmp.Compare(a.d, c.d), cmp.Compare(a.i, c.i)) })
	return all
}

// nearest is Nearest (skip = i) or NearestTo (skip = −1) by brute force.
func (b brute) nearest(q []float64, skip, k int) ([]int, []float64) {
	all := b.sorted(q, skip)[:k]
	idx, dist := make([]int, k), make([]float64, k)
	for m, c := range all {
		idx[m], dist[m] = c.i, math.Sqrt(c.d)
	}
	return idx, dist
}

// within is Within or WithinTo by brute force.
func (b brute) within(q []float64, skip int, r float64) ([]int, []float64) {
	idx, dist := []int{}, []float64{}
	for _, c := range b.sorted(q, skip) {
		if math.Sqrt(c.d) <= r {
			idx, dist = append(idx, c.i), append(dist, math.Sqrt(c.d))
		}
	}
	return idx, dist
}

// data returns an n×d matrix of one of several kinds, all with duplicate
// rows: small integers (many ties), a mixture of Gaussians, points far
// from the origin with small differences, and tiny values.
func data(kind string, n, d int, seed uint64) *mat.Dense {
	rng := rand.New(rand.NewPCG(seed, uint64(n*1000+d)))
	x := mat.NewDense(n, d, nil)
	centres := make([][]float64, 10)
	for c := range centres {
		centres[c] = make([]float64, d)
		for t := range d {
			centres[c][t] = 4 * rng.NormFloat64()
		}
	}
	for i := range n {
		row := x.RawRowView(i)
		if i >= 3 && rng.IntN(8) == 0 {
			copy(row, x.RawRowView(rng.IntN(i))) // a duplicate
			continue
		}
		c := centres[rng.IntN(len(centres))]
		for t := range row {
			switch kind {
			case "lattice":
				row[t] = float64(rng.IntN(3))
			case "gaussians":
				// Variance falling along the coordinates, as in features.
				row[t] = c[t] + rng.NormFloat64()/float64(1+t%8)
			case "far":
				row[t] = 1e6 + c[t] + 1e-3*rng.NormFloat64()
			case "tiny":
				row[t] = 1e-9 * (c[t] + rng.NormFloat64())
			case "huge":
				// Squared distances overflow to +Inf, and so may the
				// mean: the answers must still be brute force's, the
				// infinite distances ordered by index.
				row[t] = []float64{-1e300, 0, 1, 1e300, 1.7e308}[rng.IntN(5)]
			}
		}
	}
	return x
}

var kinds = []string{"lattice", "gaussians", "far", "tiny", "huge"}

// sizes are the (n, d) of the comparisons: one point, fewer points than a
// leaf, several leaves, one and many dimensions, and more dimensions than
// the index rotates.
var sizes = [][2]int{{1, 3}, {2, 1}, {7, 2}, {40, 3}, {300, 1}, {300, 2}, {500, 7}, {600, 16}, {400, 64}, {120, 300}}

func TestQueriesAgainstBruteForce(t *testing.T) {
	ctx := context.Background()
	for _, kind := range kinds {
		for _, sz := range sizes {
			n, d := sz[0], sz[1]
			if (raceEnabled || testing.Short()) && n*d > 5000 {
				continue // the race detector makes brute force slow
			}
			t.Run(fmt.Sprintf("%s/n=%d/d=%d", kind, n, d), func(t *testing.T) {
				x := data(kind, n, d, 1)
				b := brute{x, n, d}
				ix, err := Build(ctx, x)
				if err != nil {
					t.Fatal(err)
				}
				rng := rand.New(rand.NewPCG(2, uint64(n)))
				ks := slices.DeleteFunc(slices.Compact([]int{1, min(2, n-1), min(10, n-1), min(33, n-1), n - 1}),
					func(k int) bool { return k < 1 || k > n-1 })
				// Radii: distances that occur (so that points lie exactly
				// on the sphere), zero (duplicates only) and a large one.
				radii := []float64{0}
				for range 3 {
					if r := math.Sqrt(analysis.SqDist(x.RawRowView(rng.IntN(n)), x.RawRowView(rng.IntN(n)))); !math.IsInf(r, 0) {
						radii = append(radii, r)
					}
				}
				radii = append(radii, math.MaxFloat64)
				for _, i := range slices.Compact([]int{0, n / 3, n - 1}) {
					q := x.RawRowView(i)
					for _, k := range ks {
						idx, dist, err := ix.Nearest(i, k)
						wi, wd := b.nearest(q, i, k)
						if err != nil || !slices.Equal(idx, wi) || !slices.Equal(dist, wd) {
							t.Fatalf("Nearest(%d, %d) = %v %v %v\nwant %v %v", i, k, idx, dist, err, wi, wd)
						}
					}
					for _, r := range radii {
						idx, dist, err := ix.Within(i, r)
						wi, wd := b.within(q, i, r)
						if err != nil || !slices.Equal(idx, wi) || !slices.Equal(dist, wd) {
							t.Fatalf("Within(%d, %v) = %v %v %v\nwant %v %v", i, r, idx, dist, err, wi, wd)
						}
					}
				}
				// Queries that are rows, and rows moved a little.
				for _, i := range []int{0, n - 1} {
					q := slices.Clone(x.RawRowView(i))
					for m := range 2 {
						for _, k := range slices.Compact([]int{1, min(10, n), n}) {
							idx, dist, err := ix.NearestTo(q, k)
							wi, wd := b.nearest(q, -1, k)
							if err != nil || !slices.Equal(idx, wi) || !slices.Equal(dist, wd) {
								t.Fatalf("NearestTo(row %d moved %d, %d) = %v %v %v\nwant %v %v", i, m, k, idx, dist, err, wi, wd)
							}
						}
						for _, r := range radii {
							idx, dist, err := ix.WithinTo(q, r)
							wi, wd := b.within(q, -1, r)
							if err != nil || !slices.Equal(idx, wi) || !slices.Equal(dist, wd) {
								t.Fatalf("WithinTo(row %d moved %d, %v) = %v %v %v\nwant %v %v", i, m, r, idx, dist, err, wi, wd)
							}
						}
						for t := range q {
							if v := q[t] + 0.5*math.Abs(q[t]+1)*rng.NormFloat64(); !math.IsInf(v, 0) {
								q[t] = v
							}
						}
					}
				}
				checkAll(t, ix, b, ks, radii)
			})
		}
	}
}

// checkAll compares AllNearest, KthDistances and Pairs with brute force.
func checkAll(t *testing.T, ix *Index, b brute, ks []int, radii []float64) {
	t.Helper()
	ctx := context.Background()
	n := b.n
	sorted := make([][]cand, n)
	for i := range sorted {
		sorted[i] = b.sorted(b.x.RawRowView(i), i)
	}
	for _, k := range ks {
		g, err := ix.AllNearest(ctx, k)
		if err != nil || g.K != k || len(g.Idx) != n*k || len(g.SqDist) != n*k {
			t.Fatalf("AllNearest(%d): %v", k, err)
		}
		kth, err := ix.KthDistances(ctx, k)
		if err != nil {
			t.Fatalf("KthDistances(%d): %v", k, err)
		}
		for i := range n {
			for c, w := range sorted[i][:k] {
				if int(g.Idx[i*k+c]) != w.i || g.SqDist[i*k+c] != w.d {
					t.Fatalf("AllNearest(%d), point %d, neighbour %d: %d at %v, want %d at %v", k, i, c, g.Idx[i*k+c], g.SqDist[i*k+c], w.i, w.d)
				}
			}
			if want := math.Sqrt(sorted[i][k-1].d); kth[i] != want {
				t.Fatalf("KthDistances(%d)[%d] = %v, want %v", k, i, kth[i], want)
			}
		}
	}
	for _, r := range radii {
		lists, err := ix.Pairs(ctx, r, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got [][2]int
		for _, l := range lists {
			for c := 0; c < len(l); c += 2 {
				got = append(got, [2]int{int(min(l[c], l[c+1])), int(max(l[c], l[c+1]))})
			}
		}
		slices.SortFunc(got, func(a, b [2]int) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) })
		var want [][2]int
		for i := range n {
			for _, c := range sorted[i] {
				if c.i > i && math.Sqrt(c.d) <= r {
					want = append(want, [2]int{i, c.i})
				}
			}
		}
		slices.SortFunc(want, func(a, b [2]int) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) })
		if !slices.Equal(got, want) {
			t.Fatalf("Pairs(%v): %d pairs, want %d", r, len(got), len(want))
		}
	}
}

// FuzzIndex builds an index of a few points with small integer or
// arbitrary coordinates and compares every kind of query with brute
// force.
func FuzzIndex(f *testing.F) {
	f.Add([]byte{0, 0, 1, 0, 2, 0, 3, 0}, uint8(2), uint8(3), uint8(5))
	f.Add([]byte{1, 1, 1, 1, 1, 1, 1, 1, 1}, uint8(3), uint8(1), uint8(0))
	f.Add([]byte{9, 200, 7, 3, 3, 3, 250, 1, 0, 0, 128, 64}, uint8(1), uint8(2), uint8(40))
	f.Fuzz(func(t *testing.T, raw []byte, dim, k, r uint8) {
		d := 1 + int(dim)%5
		n := len(raw) / d
		if n < 2 || n > 400 {
			return
		}
		x := mat.NewDense(n, d, nil)
		for i, v := range raw[:n*d] {
			// Few distinct values, so ties and duplicates are common.
			x.RawMatrix().Data[i] = float64(v%16) - 5
		}
		ix, err := New(x)
		if err != nil {
			t.Fatal(err)
		}
		kk := 1 + int(k)%(n-1)
		checkAll(t, ix, brute{x, n, d}, []int{kk}, []float64{float64(r) / 8})
		idx, dist, err := ix.NearestTo(x.RawRowView(n/2), kk)
		wi, wd := brute{x, n, d}.nearest(x.RawRowView(n/2), -1, kk)
		if err != nil || !slices.Equal(idx, wi) || !slices.Equal(dist, wd) {
			t.Fatalf("NearestTo = %v %v %v, want %v %v", idx, dist, err, wi, wd)
		}
	})
}
