package tsne

import (
	"context"
	"math"
	"math/rand/v2"

	"github.com/fashionlens/fashionlens/analysis"
)

// vpLeaf is the most points a vantage-point tree leaf holds.
const vpLeaf = 16

// vpTree is a vantage-point tree (Yianilos 1993) over the rows of a
// matrix, for exact k-nearest-neighbour queries with the Euclidean
// distance. Points are copied in tree order so that leaves are contiguous
// in memory.
type vpTree struct {
	d     int
	pts   []float64 // n×d, in tree order
	idx   []int32   // original row of each point in tree order
	nodes []vpNode
}

// vpNode covers the points [lo, hi) in tree order. An inner node's
// vantage point is at lo; the points [lo+1, mid) are at most mu from it,
// those in [mid, hi) at least mu; in and out are the children (−1 if
// empty). A leaf has in = out = −1 and mid = lo.
type vpNode struct {
	mu              float64
	lo, mid, hi     int32
	inside, outside int32
}

// newVPTree builds the tree over the n×d row-major data (stride d),
// choosing vantage points at random with the seed.
func newVPTree(data []float64, n, d int, seed uint64) *vpTree {
	t := &vpTree{d: d, idx: make([]int32, n)}
	for i := range t.idx {
		t.idx[i] = int32(i)
	}
	rng := rand.New(rand.NewPCG(seed, 0x7470_7472_6565)) // "vptree"
	dist := make([]float64, n)
	t.build(data, dist, rng, 0, n)
	t.pts = make([]float64, n*d)
	for p, i := range t.idx {
		copy(t.pts[p*d:(p+1)*d], data[int(i)*d:int(i+1)*d])
	}
	return t
}

func (t *vpTree) build(data, dist []float64, rng *rand.Rand, lo, hi int) int32 {
	id := int32(len(t.nodes))
	t.nodes = append(t.nodes, vpNode{lo: int32(lo), mid: int32(lo), hi: int32(hi), inside: -1, outside: -1})
	if hi-lo <= vpLeaf {
		return id
	}
	v := t.vantage(data, rng, lo, hi)
	t.idx[lo], t.idx[v] = t.idx[v], t.idx[lo]
	d := t.d
	vp := data[int(t.idx[lo])*d : int(t.idx[lo]+1)*d]
	// dist is by point: each point of [lo+1, hi) is in no other range.
	for p := lo + 1; p < hi; p++ {
		i := t.idx[p]
		dist[i] = analysis.SqDist(vp, data[int(i)*d:int(i+1)*d])
	}
	mid := (lo + 1 + hi) / 2
	analysis.SelectNth(t.idx, lo+1, hi, mid, func(p int) float64 { return dist[t.idx[p]] })
	mu := math.Sqrt(dist[t.idx[mid]])
	in := t.build(data, dist, rng, lo+1, mid)
	out := t.build(data, dist, rng, mid, hi)
	t.nodes[id] = vpNode{mu: mu, lo: int32(lo), mid: int32(mid), hi: int32(hi), inside: in, outside: out}
	return id
}

// vantage picks the vantage point for the points [lo, hi): of a few
// random candidates, the one whose distances to a random sample of the
// points spread the most (Yianilos 1993), which makes the split prune
// better.
func (t *vpTree) vantage(data []float64, rng *rand.Rand, lo, hi int) int {
	const candidates, sample = 5, 24
	m := hi - lo
	if m < 4*sample {
		return lo + rng.IntN(m)
	}
	d := t.d
	best, bestSpread := lo, -1.0
	var ds [sample]float64
	for c := 0; c < candidates; c++ {
		v := lo + rng.IntN(m)
		a := data[int(t.idx[v])*d : int(t.idx[v]+1)*d]
		mean := 0.0
		for s := range ds {
			p := lo + rng.IntN(m)
			ds[s] = math.Sqrt(analysis.SqDist(a, data[int(t.idx[p])*d:int(t.idx[p]+1)*d]))
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

// neighbours are the k nearest neighbours of every point: for point i,
// idx[i*k:(i+1)*k] are their rows and dist2[i*k:(i+1)*k] their squared
// Euclidean distances, nearest first (ties by row).
type neighbours struct {
	k     int
	idx   []int32
	dist2 []float64
}

// knnSearch holds one worker's state: a max-heap of the k best so far.
type knnSearch struct {
	t     *vpTree
	q     []float64
	self  int32
	k     int
	hd    []float64 // heap of squared distances (max at 0)
	hi    []int32   // and rows
	tau2  float64   // squared distance of the k-th best, +Inf until full
	tau   float64
	count int
}

// worse reports whether (d1, i1) ranks after (d2, i2): farther, or as far
// and a greater row.
func worse(d1 float64, i1 int32, d2 float64, i2 int32) bool {
	return d1 > d2 || (d1 == d2 && i1 > i2)
}

func (s *knnSearch) offer(d2 float64, i int32) {
	if s.count < s.k {
		// Sift up.
		c := s.count
		s.count++
		for c > 0 {
			p := (c - 1) / 2
			if !worse(d2, i, s.hd[p], s.hi[p]) {
				break
			}
			s.hd[c], s.hi[c] = s.hd[p], s.hi[p]
			c = p
		}
		s.hd[c], s.hi[c] = d2, i
		if s.count == s.k {
			s.tau2 = s.hd[0]
			s.tau = math.Sqrt(s.tau2)
		}
		return
	}
	if !worse(s.hd[0], s.hi[0], d2, i) {
		return
	}
	// Replace the root and sift down.
	c := 0
	for {
		l := 2*c + 1
		if l >= s.k {
			break
		}
		if r := l + 1; r < s.k && worse(s.hd[r], s.hi[r], s.hd[l], s.hi[l]) {
			l = r
		}
		if !worse(s.hd[l], s.hi[l], d2, i) {
			break
		}
		s.hd[c], s.hi[c] = s.hd[l], s.hi[l]
		c = l
	}
	s.hd[c], s.hi[c] = d2, i
	s.tau2 = s.hd[0]
	s.tau = math.Sqrt(s.tau2)
}

// dist2 returns the squared distance from the query to the point at tree
// position p, or a value above bound once the partial sum exceeds it.
func (s *knnSearch) dist2(p int, bound float64) float64 {
	d := s.t.d
	return analysis.PartialSqDist(s.q[:d], s.t.pts[p*d:(p+1)*d], bound)
}

func (s *knnSearch) search(id int32) {
	nd := &s.t.nodes[id]
	if nd.inside < 0 && nd.outside < 0 {
		for p := int(nd.lo); p < int(nd.hi); p++ {
			i := s.t.idx[p]
			if i == s.self {
				continue
			}
			if d2 := s.dist2(p, s.tau2); d2 <= s.tau2 {
				s.offer(d2, i)
			}
		}
		return
	}
	v := s.t.idx[nd.lo]
	dq2 := s.dist2(int(nd.lo), math.Inf(1))
	if v != s.self && dq2 <= s.tau2 {
		s.offer(dq2, v)
	}
	dq := math.Sqrt(dq2)
	if dq < nd.mu {
		if nd.inside >= 0 && dq-s.tau <= nd.mu {
			s.search(nd.inside)
		}
		if nd.outside >= 0 && nd.mu-dq <= s.tau {
			s.search(nd.outside)
		}
	} else {
		if nd.outside >= 0 && nd.mu-dq <= s.tau {
			s.search(nd.outside)
		}
		if nd.inside >= 0 && dq-s.tau <= nd.mu {
			s.search(nd.inside)
		}
	}
}

// knn finds the k nearest neighbours of each of the n rows of data (n×d,
// row-major) among the others, exactly, in parallel over the points. It
// checks ctx between blocks of points.
func knn(ctx context.Context, data []float64, n, d, k int, seed uint64) (*neighbours, error) {
	t := newVPTree(data, n, d, seed)
	nb := &neighbours{k: k, idx: make([]int32, n*k), dist2: make([]float64, n*k)}
	const chunk = 64
	searches := make([]*knnSearch, analysis.Workers(n, chunk)) // one a worker
	err := analysis.Parallel(ctx, n, chunk, func(w, _, lo, hi int) {
		s := searches[w]
		if s == nil {
			s = &knnSearch{t: t, k: k, hd: make([]float64, k), hi: make([]int32, k)}
			searches[w] = s
		}
		for p := lo; p < hi; p++ {
			// Queries in tree order: neighbours in space follow
			// similar paths.
			s.q = t.pts[p*d : (p+1)*d]
			s.self = t.idx[p]
			s.count, s.tau2, s.tau = 0, math.Inf(1), math.Inf(1)
			s.search(0)
			// Pop the heap, farthest first.
			out := int(s.self) * k
			for c := k - 1; c >= 0; c-- {
				nb.dist2[out+c], nb.idx[out+c] = s.hd[0], s.hi[0]
				s.pop()
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return nb, nil
}

func (s *knnSearch) pop() {
	s.count--
	last := s.count
	d2, i := s.hd[last], s.hi[last]
	c := 0
	for {
		l := 2*c + 1
		if l >= last {
			break
		}
		if r := l + 1; r < last && worse(s.hd[r], s.hi[r], s.hd[l], s.hi[l]) {
			l = r
		}
		if !worse(s.hd[l], s.hi[l], d2, i) {
			break
		}
		s.hd[c], s.hi[c] = s.hd[l], s.hi[l]
		c = l
	}
	if last > 0 {
		s.hd[c], s.hi[c] = d2, i
	}
}
