// Copied by analysis/reference/neighbors_bench.sh, with this tree's
// analysis/neighbors, into a copy of the old code: the measurement that
// chose the index's structure. A vantage-point tree (the old t-SNE tree's
// choice of vantage points) over the index's rotated rows, searched with
// the index's exact decisions and heap, against the index's k-d tree;
// BenchmarkVPSearch first checks that both give the same answers, bit for
// bit. Not compiled in this tree.

package neighbors

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/fashionlens/fashionlens/analysis"
)

type vpNode struct {
	mu              float64
	lo, mid, hi     int32
	inside, outside int32
}

type vpIndex struct {
	n, d  int
	x, y  []float64
	perm  []int32
	nodes []vpNode
	slack float64
}

func newVP(ix *Index, seed uint64) *vpIndex {
	n, d := ix.n, ix.d
	t := &vpIndex{n: n, d: d, slack: ix.slack(0)}
	idx := make([]int32, n)
	for i := range idx {
		idx[i] = int32(i)
	}
	dist := make([]float64, n)
	t.build(ix.y, idx, dist, rand.New(rand.NewPCG(seed, 1)), 0, n)
	t.x, t.y, t.perm = make([]float64, n*d), make([]float64, n*d), make([]int32, n)
	for p, i := range idx {
		copy(t.x[p*d:(p+1)*d], ix.x[int(i)*d:])
		copy(t.y[p*d:(p+1)*d], ix.y[int(i)*d:])
		t.perm[p] = ix.perm[i]
	}
	return t
}

func (t *vpIndex) build(y []float64, idx []int32, dist []float64, rng *rand.Rand, lo, hi int) int32 {
	id := int32(len(t.nodes))
	t.nodes = append(t.nodes, vpNode{lo: int32(lo), mid: int32(lo), hi: int32(hi), inside: -1, outside: -1})
	if hi-lo <= 16 {
		return id
	}
	v := t.vantage(y, idx, rng, lo, hi)
	idx[lo], idx[v] = idx[v], idx[lo]
	d := t.d
	vp := y[int(idx[lo])*d : int(idx[lo]+1)*d]
	for p := lo + 1; p < hi; p++ {
		dist[idx[p]] = analysis.SqDist(vp, y[int(idx[p])*d:int(idx[p]+1)*d])
	}
	mid := (lo + 1 + hi) / 2
	analysis.SelectNth(idx, lo+1, hi, mid, func(p int) float64 { return dist[idx[p]] })
	mu := math.Sqrt(dist[idx[mid]])
	in := t.build(y, idx, dist, rng, lo+1, mid)
	out := t.build(y, idx, dist, rng, mid, hi)
	t.nodes[id] = vpNode{mu: mu, lo: int32(lo), mid: int32(mid), hi: int32(hi), inside: in, outside: out}
	return id
}

// vantage is the old t-SNE tree's choice: of 5 random candidates, the one
// whose distances to 24 random points spread the most.
func (t *vpIndex) vantage(y []float64, idx []int32, rng *rand.Rand, lo, hi int) int {
	const candidates, sample = 5, 24
	m := hi - lo
	if m < 4*sample {
		return lo + rng.IntN(m)
	}
	d := t.d
	best, bestSpread := lo, -1.0
	var ds [sample]float64
	for range candidates {
		v := lo + rng.IntN(m)
		a := y[int(idx[v])*d : int(idx[v]+1)*d]
		mean := 0.0
		for s := range ds {
			p := lo + rng.IntN(m)
			ds[s] = math.Sqrt(analysis.SqDist(a, y[int(idx[p])*d:int(idx[p]+1)*d]))
			mean += ds[s]
		}
		mean /= sample
		spread := 0.0
		for _, x := range ds {
			spread += (x - mean) * (x - mean)
		}
		if spread > bestSpread {
			best, bestSpread = v, spread
		}
	}
	return best
}

type vpSearch struct {
	search
	t *vpIndex
}

func (s *vpSearch) walk(id int32) {
	t, d := s.t, s.t.d
	nd := &t.nodes[id]
	if nd.inside < 0 && nd.outside < 0 {
		for p := int(nd.lo); p < int(nd.hi); p++ {
			if p == s.skip || analysis.SqDistBelow(s.yq, t.y[p*d:(p+1)*d], s.limit) > s.limit {
				continue
			}
			s.offer(analysis.SqDist(s.xq, t.x[p*d:(p+1)*d]), t.perm[p])
		}
		return
	}
	p := int(nd.lo)
	dq2 := analysis.SqDist(s.yq, t.y[p*d:(p+1)*d])
	if p != s.skip && !(dq2 > s.limit) {
		s.offer(analysis.SqDist(s.xq, t.x[p*d:(p+1)*d]), t.perm[p])
	}
	dq := math.Sqrt(dq2)
	first, second := nd.inside, nd.outside
	if dq >= nd.mu {
		first, second = second, first
	}
	for _, c := range []int32{first, second} {
		tau := math.Sqrt(s.limit) // rotated radius, slack included
		if c >= 0 && (c == nd.inside && dq-tau < nd.mu || c == nd.outside && nd.mu-dq < tau) {
			s.walk(c)
		}
	}
}

func (t *vpIndex) all(ctx context.Context, k int) *Graph {
	n, d := t.n, t.d
	g := &Graph{K: k, Idx: make([]int32, n*k), SqDist: make([]float64, n*k)}
	ss := make([]*vpSearch, analysis.Workers(n, block))
	analysis.Parallel(ctx, n, block, func(w, _, lo, hi int) {
		if ss[w] == nil {
			ss[w] = &vpSearch{search: search{k: k, hd: make([]float64, k), hi: make([]int32, k)}, t: t}
		}
		s := ss[w]
		for p := lo; p < hi; p++ {
			s.xq, s.yq, s.skip, s.slack = t.x[p*d:(p+1)*d], t.y[p*d:(p+1)*d], p, t.slack
			s.count, s.limit = 0, math.Inf(1)
			s.walk(0)
			i := int(t.perm[p])
			s.drain(g.Idx[i*k:(i+1)*k], g.SqDist[i*k:(i+1)*k])
		}
	})
	return g
}

func BenchmarkVPSearch(b *testing.B) {
	ix, err := New(benchFeatures(b))
	if err != nil {
		b.Fatal(err)
	}
	vp := newVP(ix, 1)
	for _, k := range []int{10, 91} {
		// The same answers, bit for bit.
		want, _ := ix.AllNearest(context.Background(), k)
		got := vp.all(context.Background(), k)
		for c := range want.Idx {
			if want.Idx[c] != got.Idx[c] || want.SqDist[c] != got.SqDist[c] {
				b.Fatalf("k = %d: the trees differ at %d", k, c)
			}
		}
		b.Run(fmt.Sprintf("kd/k=%d", k), func(b *testing.B) {
			for b.Loop() {
				ix.AllNearest(context.Background(), k)
			}
		})
		b.Run(fmt.Sprintf("vp/k=%d", k), func(b *testing.B) {
			for b.Loop() {
				vp.all(context.Background(), k)
			}
		})
	}
	b.Run("vp/build", func(b *testing.B) {
		for b.Loop() {
			newVP(ix, 1)
		}
	})
}
