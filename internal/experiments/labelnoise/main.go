// Command labelnoise measures how well `fashionlens suspects` finds
// wrong labels: it flips a share of a split's labels at random and scores
// a ranking against the flipped images (BENCHMARKS.md, "Suspicious
// labels"; internal/experiments/labelnoise.sh runs it).
//
//	labelnoise make --labels-from test --rate 0.03 --seed S --out labels.txt --flipped flipped.txt [--data DIR]
//	labelnoise score --ranking ranking.csv --flipped flipped.txt [--k 300]
//
// make reads the split's real labels (the 10 classes), chooses
// round(rate·n) images at random (math/rand/v2's PCG, seeded) and moves
// each to a class drawn uniformly from the nine others; it writes the
// new labels (one class id per line, as suspects --labels reads them)
// and the flipped images' indices (one per line, ascending).
//
// score reads a ranking CSV (rank,index,label,predicted,score, most
// suspicious first) and prints, one "name value" per line, the precision
// of the top 100, 300, 500 and k images (the share of them that were
// flipped), the recall of the top k (the share of the flipped images
// among them) and the AUROC of the score as a detector of flipped labels
// (ties count one half).
package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/fashionlens/fashionlens/model/dataset"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: labelnoise make|score [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "make":
		err = runMake(os.Args[2:])
	case "score":
		err = runScore(os.Args[2:], os.Stdout)
	default:
		err = fmt.Errorf("unknown command %q: want make or score", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "labelnoise:", err)
		os.Exit(1)
	}
}

func runMake(args []string) error {
	fs := flag.NewFlagSet("labelnoise make", flag.ExitOnError)
	from := fs.String("labels-from", dataset.Test, "split whose labels are flipped: test or train")
	rate := fs.Float64("rate", 0.03, "share of the labels flipped")
	seed := fs.Uint64("seed", 1, "seed of the random choices")
	data := fs.String("data", "", "folder holding the Fashion-MNIST IDX files (default: the usual search)")
	out := fs.String("out", "", "labels file to write")
	flippedOut := fs.String("flipped", "", "file of the flipped images' indices to write")
	fs.Parse(args)
	if *out == "" || *flippedOut == "" {
		return errors.New("make: --out and --flipped are required")
	}
	if !(*rate >= 0 && *rate <= 1) {
		return fmt.Errorf("make: --rate %v: want a share in [0, 1]", *rate)
	}
	d, err := dataset.Load(context.Background(), dataset.LoadOptions{Locations: dataset.Search(*data)})
	if err != nil {
		return err
	}
	split := d.Split(*from)
	if split == nil {
		return fmt.Errorf("make: no %s split: %s", *from, dataset.MissingTrainHelp)
	}
	labels := make([]int, split.Len())
	for i, l := range split.Labels {
		labels[i] = int(l)
	}
	flipped := flip(labels, dataset.NumClasses, *rate, *seed)
	if err := writeInts(*out, labels); err != nil {
		return err
	}
	return writeInts(*flippedOut, flipped)
}

// flip moves round(rate·n) labels, chosen at random, each to a class
// drawn uniformly from the classes−1 others, and returns their indices
// in ascending order. The same seed gives the same flips.
func flip(labels []int, classes int, rate float64, seed uint64) []int {
	rng := rand.New(rand.NewPCG(seed, 0x1abe1))
	m := int(math.Round(rate * float64(len(labels))))
	chosen := rng.Perm(len(labels))[:m]
	slices.Sort(chosen)
	for _, i := range chosen {
		labels[i] = (labels[i] + 1 + rng.IntN(classes-1)) % classes
	}
	return chosen
}

func writeInts(path string, v []int) error {
	var b strings.Builder
	for _, x := range v {
		b.WriteString(strconv.Itoa(x))
		b.WriteByte('\n')
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func runScore(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("labelnoise score", flag.ExitOnError)
	ranking := fs.String("ranking", "", "ranking CSV written by fashionlens suspects")
	flippedPath := fs.String("flipped", "", "flipped images' indices, from make")
	k := fs.Int("k", 300, "the top k whose precision and recall are printed")
	fs.Parse(args)
	if *ranking == "" || *flippedPath == "" {
		return errors.New("score: --ranking and --flipped are required")
	}
	idx, scores, err := readRanking(*ranking)
	if err != nil {
		return err
	}
	flipped, err := readFlipped(*flippedPath, len(idx))
	if err != nil {
		return err
	}
	bad := make([]bool, len(idx))
	for _, i := range flipped {
		bad[i] = true
	}
	for _, top := range []int{100, 300, 500} {
		fmt.Fprintf(stdout, "precision@%d %.4f\n", top, precision(idx, bad, top))
	}
	fmt.Fprintf(stdout, "precision@k %.4f\n", precision(idx, bad, *k))
	fmt.Fprintf(stdout, "recall@k %.4f\n", recall(idx, bad, len(flipped), *k))
	fmt.Fprintf(stdout, "auroc %.4f\n", auroc(idx, scores, bad))
	fmt.Fprintf(stdout, "flipped %d\nimages %d\nk %d\n", len(flipped), len(idx), *k)
	return nil
}

// readRanking reads a ranking CSV's indices and scores, in rank order.
func readRanking(path string) (idx []int, scores []float64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(recs) < 2 || !slices.Equal(recs[0], []string{"rank", "index", "label", "predicted", "score"}) {
		return nil, nil, fmt.Errorf("read %s: not a suspects ranking (header %q)", path, recs[:min(1, len(recs))])
	}
	n := len(recs) - 1
	seen := make([]bool, n)
	for r, rec := range recs[1:] {
		i, err := strconv.Atoi(rec[1])
		if err != nil || i < 0 || i >= n || seen[i] {
			return nil, nil, fmt.Errorf("read %s: row %d: bad or repeated index %q", path, r+2, rec[1])
		}
		seen[i] = true
		s, err := strconv.ParseFloat(rec[4], 64)
		if err != nil || math.IsNaN(s) {
			return nil, nil, fmt.Errorf("read %s: row %d: bad score %q", path, r+2, rec[4])
		}
		idx = append(idx, i)
		scores = append(scores, s)
	}
	return idx, scores, nil
}

// readFlipped reads one index in 0…n−1 per line.
func readFlipped(path string, n int) ([]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []int
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		s := strings.TrimSpace(sc.Text())
		if s == "" {
			continue
		}
		i, err := strconv.Atoi(s)
		if err != nil || i < 0 || i >= n {
			return nil, fmt.Errorf("read %s: line %d: %q is not an image index 0…%d", path, line, s, n-1)
		}
		out = append(out, i)
	}
	return out, sc.Err()
}

// precision is the share of flipped images among the first k of idx.
func precision(idx []int, bad []bool, k int) float64 {
	k = min(k, len(idx))
	if k <= 0 {
		return 0
	}
	hit := 0
	for _, i := range idx[:k] {
		if bad[i] {
			hit++
		}
	}
	return float64(hit) / float64(k)
}

// recall is the share of the m flipped images among the first k of idx.
func recall(idx []int, bad []bool, m, k int) float64 {
	if m == 0 {
		return 0
	}
	return precision(idx, bad, k) * float64(min(k, len(idx))) / float64(m)
}

// auroc is the probability that a flipped image scores above an
// unflipped one, ties counting one half (the Mann–Whitney U statistic
// over the product of the two counts). idx and scores are in rank
// order, scores not increasing.
func auroc(idx []int, scores []float64, bad []bool) float64 {
	var pos, neg float64
	for _, i := range idx {
		if bad[i] {
			pos++
		} else {
			neg++
		}
	}
	if pos == 0 || neg == 0 {
		return math.NaN()
	}
	// Walk from the lowest score up, group by equal scores: each flipped
	// image wins over the unflipped ones below its group and half of
	// those in it.
	var u, negBelow float64
	for hi := len(idx); hi > 0; {
		lo := hi - 1
		for lo > 0 && scores[lo-1] == scores[hi-1] {
			lo--
		}
		var p, q float64
		for _, i := range idx[lo:hi] {
			if bad[i] {
				p++
			} else {
				q++
			}
		}
		u += p * (negBelow + q/2)
		negBelow += q
		hi = lo
	}
	return u / (pos * neg)
}
