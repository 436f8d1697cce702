package neighbors

import (
	"math"

	"github.com/fashionlens/fashionlens/analysis"
)

// search is the state of k-nearest-neighbour queries: a max-heap of the k
// best rows so far, the worst at the top. One goroutine uses it at a
// time; it is reused from query to query.
type search struct {
	ix     *Index
	k      int
	count  int
	hd     []float64 // squared distances (exact, on the original rows)
	hi     []int32   // and rows
	xq, yq []float64 // the query, original and rotated
	skip   int       // tree position left out, or −1
	slack  float64
	// limit is the squared rotated distance beyond which no point can
	// enter the heap: +Inf until it is full, then (τ + slack)² for τ the
	// distance of its top.
	limit float64
}

func (ix *Index) newSearch(k int) *search {
	return &search{ix: ix, k: k, hd: make([]float64, k), hi: make([]int32, k)}
}

// worse reports whether (d1, i1) ranks after (d2, i2): farther, or as far
// and a greater row.
func worse(d1 float64, i1 int32, d2 float64, i2 int32) bool {
	return d1 > d2 || (d1 == d2 && i1 > i2)
}

// nearest fills the heap with the k points nearest to the query (xq, and
// yq rotated), tree position skip left out.
func (s *search) nearest(xq, yq []float64, skip int, slack float64) {
	s.xq, s.yq, s.skip, s.slack = xq, yq, skip, slack
	s.count, s.limit = 0, math.Inf(1)
	s.walk(0)
}

func (s *search) walk(id int32) {
	ix := s.ix
	nd := &ix.nodes[id]
	if nd.dim < 0 {
		d := ix.d
		for p := int(nd.lo); p < int(nd.hi); p++ {
			// A rotated distance above the limit rules the point out;
			// one at the limit is decided on the original rows. (Written
			// so that an infinite or NaN distance, from values whose
			// squares overflow, is decided there too.)
			if p == s.skip || analysis.SqDistBelow(s.yq, ix.y[p*d:(p+1)*d], s.limit) > s.limit {
				continue
			}
			s.offer(analysis.SqDist(s.xq, ix.x[p*d:(p+1)*d]), ix.perm[p])
		}
		return
	}
	a, b := nd.left, nd.right
	da, db := ix.boxSqDist(a, s.yq), ix.boxSqDist(b, s.yq)
	if db < da {
		a, b, da, db = b, a, db, da
	}
	if !(da > s.limit) {
		s.walk(a)
	}
	if !(db > s.limit) {
		s.walk(b)
	}
}

// offer puts row i at squared distance d2 into the heap if it ranks
// before the top.
func (s *search) offer(d2 float64, i int32) {
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
			s.tighten()
		}
		return
	}
	if !worse(s.hd[0], s.hi[0], d2, i) {
		return
	}
	s.siftDown(d2, i, s.k)
	s.tighten()
}

// tighten sets the limit from the top of the full heap.
func (s *search) tighten() {
	r := math.Sqrt(s.hd[0]) + s.slack
	s.limit = r * r
}

// siftDown puts (d2, i) at the root of the heap's first n entries and
// restores the heap order.
func (s *search) siftDown(d2 float64, i int32, n int) {
	c := 0
	for {
		l := 2*c + 1
		if l >= n {
			break
		}
		if r := l + 1; r < n && worse(s.hd[r], s.hi[r], s.hd[l], s.hi[l]) {
			l = r
		}
		if !worse(s.hd[l], s.hi[l], d2, i) {
			break
		}
		s.hd[c], s.hi[c] = s.hd[l], s.hi[l]
		c = l
	}
	s.hd[c], s.hi[c] = d2, i
}

// drain empties the heap into idx and d2 (of length count), nearest
// first.
func (s *search) drain(idx []int32, d2 []float64) {
	for c := s.count - 1; c >= 0; c-- {
		d2[c], idx[c] = s.hd[0], s.hi[0]
		s.count--
		if s.count > 0 {
			s.siftDown(s.hd[s.count], s.hi[s.count], s.count)
		}
	}
}

// result empties the heap into the answer of Nearest and NearestTo.
func (s *search) result() ([]int, []float64, error) {
	n := s.count
	idx32, d2 := make([]int32, n), make([]float64, n)
	s.drain(idx32, d2)
	idx, dist := make([]int, n), make([]float64, n)
	for c := range n {
		idx[c], dist[c] = int(idx32[c]), math.Sqrt(d2[c])
	}
	return idx, dist, nil
}

// radius calls found(p) for each tree position p ≥ from, other than skip,
// whose original row is within distance r (inclusive: √SqDist ≤ r) of the
// query (xq, and yq rotated).
func (ix *Index) radius(xq, yq []float64, r, slack float64, from, skip int, found func(p int)) {
	lo, hi := max(r-slack, 0), r+slack
	w := radiusWalk{ix: ix, xq: xq, yq: yq, r: r, lo2: lo * lo, hi2: hi * hi, from: from, skip: skip, found: found}
	if !(ix.boxSqDist(0, yq) > w.hi2) {
		w.walk(0)
	}
}

// radiusWalk is the state of a radius query.
type radiusWalk struct {
	ix       *Index
	xq, yq   []float64
	r        float64
	lo2, hi2 float64 // squared rotated distances below which a point is in, above which it is out
	from     int
	skip     int
	found    func(p int)
}

func (w *radiusWalk) walk(id int32) {
	ix := w.ix
	nd := &ix.nodes[id]
	if nd.dim < 0 {
		d := ix.d
		for p := max(int(nd.lo), w.from); p < int(nd.hi); p++ {
			if p == w.skip {
				continue
			}
			s := analysis.SqDistBelow(w.yq, ix.y[p*d:(p+1)*d], w.hi2)
			if s > w.hi2 {
				continue
			}
			if s < w.lo2 || math.Sqrt(analysis.SqDist(w.xq, ix.x[p*d:(p+1)*d])) <= w.r {
				w.found(p)
			}
		}
		return
	}
	if int(ix.nodes[nd.left].hi) > w.from && !(ix.boxSqDist(nd.left, w.yq) > w.hi2) {
		w.walk(nd.left)
	}
	if !(ix.boxSqDist(nd.right, w.yq) > w.hi2) {
		w.walk(nd.right)
	}
}
