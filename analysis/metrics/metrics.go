// Package metrics scores clusterings and embeddings: the contingency table
// of true labels against cluster ids, the adjusted Rand index (ARI),
// normalised mutual information (NMI) and purity of a clustering, the
// trustworthiness of an embedding, and the cluster-to-class mapping (the
// original study's "guessing the labels" table, Mapping).
//
// ARI, NMI and Trustworthiness follow scikit-learn 1.2.1
// (adjusted_rand_score, normalized_mutual_info_score with its default
// arithmetic normalisation, and manifold.trustworthiness), special cases
// included; the tests hold values computed with it.
//
// Labels and cluster ids are plain ints. Any value is allowed, so DBSCAN's
// noise (−1) is a cluster like any other here: a score then says how well
// the noise points as one group agree with the classes.
package metrics

import (
	"math"
	"math/big"
	"slices"

	"github.com/fashionlens/fashionlens/analysis"
)

// MaxContingencyCells bounds the size of the dense table NewContingency
// builds (distinct true labels × distinct cluster ids), so that two
// labellings with a distinct value per point cannot ask for gigabytes.
// ARI, NMI and Purity do not build the dense table and have no such bound.
const MaxContingencyCells = 1 << 24

// Contingency is the table of true labels against cluster ids.
type Contingency struct {
	// Rows are the distinct true labels, ascending.
	Rows []int
	// Cols are the distinct cluster ids, ascending.
	Cols []int
	// Counts[i][j] is the number of points with true label Rows[i] in
	// cluster Cols[j].
	Counts [][]int
}

// NewContingency counts the points of each (true label, cluster id) pair.
// truth and pred must have the same, non-zero length; their values may be
// any ints. It returns an error wrapping analysis.ErrInput if the lengths
// differ or are zero, or if the table would have more than
// MaxContingencyCells cells.
func NewContingency(truth, pred []int) (*Contingency, error) {
	s, err := newSparse(truth, pred)
	if err != nil {
		return nil, err
	}
	nr, nc := len(s.rows), len(s.cols)
	if nr*nc > MaxContingencyCells {
		return nil, analysis.Errorf("contingency table of %d labels × %d clusters is larger than the limit of %d cells", nr, nc, MaxContingencyCells)
	}
	cells := make([]int, nr*nc)
	for _, c := range s.cells {
		cells[c.row*nc+c.col] = c.n
	}
	counts := make([][]int, nr)
	for i := range counts {
		counts[i] = cells[i*nc : (i+1)*nc : (i+1)*nc]
	}
	return &Contingency{Rows: s.rows, Cols: s.cols, Counts: counts}, nil
}

// cell is one non-zero entry of a contingency table.
type cell struct{ row, col, n int }

// sparse is a contingency table as its non-zero cells, in row-major order
// (the order scipy.sparse.find gives for scikit-learn's table), with the
// row and column sums.
type sparse struct {
	n              int
	rows, cols     []int // distinct labels and cluster ids, ascending
	rowSum, colSum []int
	cells          []cell
}

func newSparse(truth, pred []int) (*sparse, error) {
	if len(truth) != len(pred) {
		return nil, analysis.Errorf("%d true labels but %d cluster ids", len(truth), len(pred))
	}
	if len(truth) == 0 {
		return nil, analysis.Errorf("no points: the label slices are empty")
	}
	rows, rowOf := codes(truth)
	cols, colOf := codes(pred)
	nc := len(cols)
	keys := make([]int, len(truth))
	for i := range truth {
		keys[i] = rowOf[i]*nc + colOf[i]
	}
	slices.Sort(keys)
	s := &sparse{
		n:      len(truth),
		rows:   rows,
		cols:   cols,
		rowSum: make([]int, len(rows)),
		colSum: make([]int, nc),
	}
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j] == keys[i] {
			j++
		}
		c := cell{row: keys[i] / nc, col: keys[i] % nc, n: j - i}
		s.cells = append(s.cells, c)
		s.rowSum[c.row] += c.n
		s.colSum[c.col] += c.n
		i = j
	}
	return s, nil
}

// codes returns the distinct values of v, ascending, and each element's
// position among them.
func codes(v []int) (distinct, code []int) {
	distinct = slices.Clone(v)
	slices.Sort(distinct)
	distinct = slices.Clip(slices.Compact(distinct))
	code = make([]int, len(v))
	for i, x := range v {
		code[i], _ = slices.BinarySearch(distinct, x)
	}
	return distinct, code
}

// ARI returns the adjusted Rand index of the clustering pred against the
// true labels truth, as sklearn.metrics.adjusted_rand_score: 1 for
// identical partitions (up to renaming, and also when both put every
// point in one cluster, or every point in its own), about 0 for random
// ones, down to −0.5 for especially discordant ones. The pair counts are
// exact (big integers), so the result does not lose precision for large n.
// It returns an error wrapping analysis.ErrInput if the lengths differ or
// are zero.
func ARI(truth, pred []int) (float64, error) {
	s, err := newSparse(truth, pred)
	if err != nil {
		return 0, err
	}
	// scikit-learn's pair confusion matrix, which counts ordered pairs.
	var sumSq, sumRow, sumCol int64
	for _, c := range s.cells {
		sumSq += int64(c.n) * int64(c.n)
	}
	for _, r := range s.rowSum {
		sumRow += int64(r) * int64(r)
	}
	for _, c := range s.colSum {
		sumCol += int64(c) * int64(c)
	}
	n := int64(s.n)
	tp := sumSq - n
	fp := sumCol - sumSq
	fn := sumRow - sumSq
	// tn = n² − fp − fn − sumSq, in big integers as n² may overflow.
	bn := big.NewInt(n)
	tn := new(big.Int).Mul(bn, bn)
	tn.Sub(tn, big.NewInt(fp))
	tn.Sub(tn, big.NewInt(fn))
	tn.Sub(tn, big.NewInt(sumSq))
	if fn == 0 && fp == 0 {
		return 1, nil
	}
	bTP, bFP, bFN := big.NewInt(tp), big.NewInt(fp), big.NewInt(fn)
	// num = tp·tn − fn·fp; den = (tp+fn)(fn+tn) + (tp+fp)(fp+tn).
	num := new(big.Int).Mul(bTP, tn)
	num.Sub(num, new(big.Int).Mul(bFN, bFP))
	a := new(big.Int).Add(bTP, bFN)
	a.Mul(a, new(big.Int).Add(bFN, tn))
	b := new(big.Int).Add(bTP, bFP)
	b.Mul(b, new(big.Int).Add(bFP, tn))
	den := a.Add(a, b)
	// Python computes 2.0 * num / den: num and den each rounded to a float.
	return 2 * toFloat(num) / toFloat(den), nil
}

// toFloat rounds x to the nearest float64, ties to even, as Python's
// int-to-float conversion does.
func toFloat(x *big.Int) float64 {
	f, _ := new(big.Float).SetInt(x).Float64()
	return f
}

// NMI returns the normalised mutual information of the clustering pred
// and the true labels truth, with the natural logarithm and the
// arithmetic mean of the two entropies as normaliser (scikit-learn's
// default average_method="arithmetic"). As in scikit-learn 1.2.1, it is 1
// when both labellings have a single cluster, and 0 when the mutual
// information is 0 (in particular when exactly one of them has a single
// cluster). It returns an error wrapping analysis.ErrInput if the lengths
// differ or are zero.
func NMI(truth, pred []int) (float64, error) {
	s, err := newSparse(truth, pred)
	if err != nil {
		return 0, err
	}
	if len(s.rows) == 1 && len(s.cols) == 1 {
		return 1, nil
	}
	mi := s.mutualInfo()
	if mi == 0 {
		return 0, nil
	}
	hTrue, hPred := entropy(s.rowSum), entropy(s.colSum)
	return mi / ((hTrue + hPred) / 2), nil
}

// mutualInfo is sklearn.metrics.mutual_info_score on the table, term for
// term: terms smaller than the machine epsilon count as 0, and the sum is
// clipped at 0.
func (s *sparse) mutualInfo() float64 {
	if len(s.rows) == 1 || len(s.cols) == 1 {
		return 0
	}
	total := float64(s.n)
	logTotal := math.Log(total)
	// log(pi.sum()) + log(pj.sum()), both sums being n.
	logSums := 2 * logTotal
	const eps = 0x1p-52
	mi := 0.0
	for _, c := range s.cells {
		nz := float64(c.n)
		p := nz / total
		outer := float64(int64(s.rowSum[c.row]) * int64(s.colSum[c.col]))
		logOuter := -math.Log(outer) + logSums
		t := p*(math.Log(nz)-logTotal) + p*logOuter
		if math.Abs(t) < eps {
			t = 0
		}
		mi += t
	}
	return max(mi, 0)
}

// entropy is the natural-log entropy of a labelling given its cluster
// sizes (all > 0), as scikit-learn's entropy.
func entropy(sizes []int) float64 {
	if len(sizes) == 1 {
		return 0
	}
	sum := 0.0
	for _, s := range sizes {
		sum += float64(s)
	}
	logSum := math.Log(sum)
	h := 0.0
	for _, s := range sizes {
		p := float64(s)
		h -= (p / sum) * (math.Log(p) - logSum)
	}
	return h
}

// Purity returns the share of points that belong to their cluster's most
// common true label: the sum over clusters of the majority count, divided
// by the number of points. It is 1 when every cluster holds one class
// only (as when every point is its own cluster). It returns an error
// wrapping analysis.ErrInput if the lengths differ or are zero.
func Purity(truth, pred []int) (float64, error) {
	s, err := newSparse(truth, pred)
	if err != nil {
		return 0, err
	}
	best := make([]int, len(s.cols))
	for _, c := range s.cells {
		best[c.col] = max(best[c.col], c.n)
	}
	sum := 0
	for _, b := range best {
		sum += b
	}
	return float64(sum) / float64(s.n), nil
}
