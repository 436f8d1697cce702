package suspect

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/internal/progress"
)

// blobs returns classes×per points in d dimensions, around well separated
// centres, with their true labels and a model's probabilities that give
// the true class 0.8 and share the rest.
func blobs(classes, per, d int, seed uint64) (*mat.Dense, []int, []float32) {
	rng := rand.New(rand.NewPCG(seed, 1))
	n := classes * per
	x := mat.NewDense(n, d, nil)
	labels := make([]int, n)
	probs := make([]float32, n*classes)
	for i := range n {
		c := i % classes
		labels[i] = c
		for j := range d {
			centre := 0.0
			if j == c%d {
				centre = 10
			}
			x.Set(i, j, centre+rng.NormFloat64())
		}
		for k := range classes {
			probs[i*classes+k] = 0.2 / float32(classes-1)
		}
		probs[i*classes+c] = 0.8
	}
	return x, labels, probs
}

func TestPlantedFlipRanksFirst(t *testing.T) {
	const classes, per = 3, 30
	x, labels, probs := blobs(classes, per, 4, 7)
	const flipped = 41
	labels[flipped] = (labels[flipped] + 1) % classes
	for _, tc := range []struct {
		name  string
		probs []float32
	}{{"with probabilities", probs}, {"neighbours only", nil}} {
		t.Run(tc.name, func(t *testing.T) {
			scores, err := Score(context.Background(), x, labels, classes, tc.probs, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for i, s := range scores {
				if !(s >= 0 && s <= 1) {
					t.Fatalf("score %d is %v, not in [0, 1]", i, s)
				}
			}
			r := Rank(scores)
			if r[0] != flipped {
				t.Errorf("rank starts %v (scores %v, %v), want the flipped point %d first", r[:3], scores[r[0]], scores[flipped], flipped)
			}
			if tc.probs != nil {
				// The model gives the given label 0.2/2 and no neighbour
				// shares it.
				if want := 1 - (0.1+0)/2; math.Abs(scores[flipped]-want) > 1e-6 {
					t.Errorf("flipped score %v, want %v", scores[flipped], want)
				}
			} else if scores[flipped] != 1 {
				t.Errorf("flipped score %v without probabilities, want 1", scores[flipped])
			}
		})
	}
}

func TestComponents(t *testing.T) {
	// Four points on a line: 0 0 | 1 1 by label, with k = 1.
	x := mat.NewDense(4, 1, []float64{0, 1, 10, 11})
	labels := []int{0, 1, 1, 1}
	probs := []float32{0.9, 0.1, 0.3, 0.7, 0, 1, 0.5, 0.5}
	p, err := Components(context.Background(), x, labels, 2, probs, Options{K: 1})
	if err != nil {
		t.Fatal(err)
	}
	if p.K != 1 || !slices.Equal(p.Agree, []float64{0, 0, 1, 1}) || !slices.Equal(p.Self, []float64{0.8999999761581421, 0.699999988079071, 1, 0.5}) {
		t.Errorf("parts %+v", p)
	}
	got := p.Scores()
	want := []float64{1 - 0.8999999761581421/2, 1 - 0.699999988079071/2, 0, 0.25}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Errorf("score %d = %v, want %v", i, got[i], want[i])
		}
	}
}

func TestDefaultK(t *testing.T) {
	x, labels, _ := blobs(2, 3, 2, 1)
	p, err := Components(context.Background(), x, labels, 2, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.K != 5 {
		t.Errorf("default k for 6 points is %d, want 5", p.K)
	}
	x, labels, _ = blobs(2, 30, 2, 1)
	if p, err = Components(context.Background(), x, labels, 2, nil, Options{}); err != nil || p.K != DefaultK {
		t.Errorf("default k for 60 points is %d (%v), want %d", p.K, err, DefaultK)
	}
}

func TestBadInput(t *testing.T) {
	x, labels, probs := blobs(3, 4, 2, 1) // 12 points
	nan := slices.Clone(probs)
	nan[5] = float32(math.NaN())
	big := slices.Clone(probs)
	big[0] = 1.5
	neg := slices.Clone(probs)
	neg[3] = -0.1
	inf := slices.Clone(probs)
	inf[3] = float32(math.Inf(1))
	outOfRange := slices.Clone(labels)
	outOfRange[2] = 3
	negative := slices.Clone(labels)
	negative[2] = -1
	xnan := mat.DenseCopyOf(x)
	xnan.Set(1, 1, math.NaN())
	for _, tc := range []struct {
		name    string
		x       *mat.Dense
		labels  []int
		classes int
		probs   []float32
		k       int
		want    string
	}{
		{"nil features", nil, labels, 3, nil, 0, "no data"},
		{"NaN feature", xnan, labels, 3, nil, 0, "row 1, column 1"},
		{"too few labels", x, labels[:11], 3, nil, 0, "11 labels for 12 points"},
		{"too many labels", x, append(slices.Clone(labels), 0), 3, nil, 0, "13 labels"},
		{"label above range", x, outOfRange, 3, nil, 0, "label 3 of point 2"},
		{"negative label", x, negative, 3, nil, 0, "label -1 of point 2"},
		{"no classes", x, labels, 0, nil, 0, "0 classes"},
		{"probabilities short", x, labels, 3, probs[:35], 0, "35 probabilities"},
		{"probabilities of other classes", x, labels, 4, probs, 0, "36 probabilities for 12 points of 4 classes"},
		{"NaN probability", x, labels, 3, nan, 0, "point 1, class 2"},
		{"infinite probability", x, labels, 3, inf, 0, "point 1, class 0"},
		{"probability above 1", x, labels, 3, big, 0, "point 0, class 0"},
		{"negative probability", x, labels, 3, neg, 0, "point 1, class 0"},
		{"k = n", x, labels, 3, nil, 12, "k = 12"},
		{"k > n", x, labels, 3, nil, 100, "k = 100"},
		{"negative k", x, labels, 3, nil, -1, "k = -1"},
		{"one point", mat.NewDense(1, 2, nil), []int{0}, 3, nil, 0, "at least 2 points"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Score(context.Background(), tc.x, tc.labels, tc.classes, tc.probs, Options{K: tc.k})
			if !errors.Is(err, analysis.ErrInput) {
				t.Fatalf("error %v (scores %v), want one wrapping analysis.ErrInput", err, s)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not say %q", err, tc.want)
			}
		})
	}
}

func TestCancelled(t *testing.T) {
	x, labels, probs := blobs(3, 100, 4, 1)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Score(ctx, x, labels, 3, probs, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want one wrapping context.Canceled", err)
	}
	// Cancelled while the neighbours are found.
	ctx, cancel = context.WithCancel(context.Background())
	report := func(r progress.Report) {
		if r.Done == 1 {
			cancel()
		}
	}
	if _, err := Score(ctx, x, labels, 3, probs, Options{Report: report}); !errors.Is(err, context.Canceled) {
		t.Errorf("error %v after cancelling during the search, want one wrapping context.Canceled", err)
	}
}

func TestProgress(t *testing.T) {
	x, labels, _ := blobs(3, 10, 2, 1)
	var got []progress.Report
	if _, err := Score(context.Background(), x, labels, 3, nil, Options{Report: func(r progress.Report) { got = append(got, r) }}); err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || !got[len(got)-1].Final() {
		t.Fatalf("reports %+v: the last is not final", got)
	}
	for i := 1; i < len(got); i++ {
		if got[i].Done < got[i-1].Done {
			t.Errorf("reports go back: %+v", got)
		}
	}
}

func TestDeterministic(t *testing.T) {
	x, labels, probs := blobs(4, 200, 3, 3)
	rng := rand.New(rand.NewPCG(9, 9))
	for range 40 {
		i := rng.IntN(len(labels))
		labels[i] = rng.IntN(4)
	}
	a, err := Score(context.Background(), x, labels, 4, probs, Options{K: 7})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Score(context.Background(), x, labels, 4, probs, Options{K: 7})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a, b) || !slices.Equal(Rank(a), Rank(b)) {
		t.Error("two runs differ")
	}
}

func TestRank(t *testing.T) {
	for _, tc := range []struct {
		scores []float64
		want   []int
	}{
		{nil, []int{}},
		{[]float64{0.5}, []int{0}},
		{[]float64{0.1, 0.9, 0.5}, []int{1, 2, 0}},
		{[]float64{0.5, 0.5, 1, 0.5, 1}, []int{2, 4, 0, 1, 3}},
		{[]float64{math.NaN(), 0, math.NaN(), 1}, []int{3, 1, 0, 2}},
	} {
		if got := Rank(tc.scores); !slices.Equal(got, tc.want) {
			t.Errorf("Rank(%v) = %v, want %v", tc.scores, got, tc.want)
		}
	}
}

func TestExplain(t *testing.T) {
	for _, tc := range []struct {
		k     int
		probs bool
		want  string
	}{
		{0, true, "model probability of the given label and its 10 nearest neighbours' labels"},
		{10, false, "its 10 nearest neighbours' labels only"},
		{25, false, "its 25 nearest neighbours' labels only"},
		{1, true, "model probability of the given label and its nearest neighbour's label"},
	} {
		if got := Explain(tc.k, tc.probs); got != tc.want {
			t.Errorf("Explain(%d, %v) = %q, want %q", tc.k, tc.probs, got, tc.want)
		}
	}
}
