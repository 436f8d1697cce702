package cli

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/fashionlens/fashionlens/model/dataset"
)

func TestSuspectsUsageErrors(t *testing.T) {
	out := filepath.Join(t.TempDir(), "ranking.csv")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--model", "bundled"}, "--out is required"},
		{[]string{"--out", out}, "--model is required"},
		{[]string{"--model", "bundled", "--out", out, "--split", "validation"}, "--split must be test or train"},
		{[]string{"--model", "bundled", "--out", out, "--k", "0"}, "--k must be at least 1"},
		{[]string{"--model", "bundled", "--out", out, "--k", "-3"}, "--k must be at least 1"},
		{[]string{"--model", "bundled", "--out", out, "--k", "ten"}, "invalid value"},
		{[]string{"--model", "bundled", "--out", out, "--signal", "vibes"}, "--signal must be"},
		{[]string{"--model", "bundled", "--out", out, "--split", "train", "--signal", "both"}, "the model trained on those labels"},
		{[]string{"--model", "bundled", "--out", out, "--split", "train", "--signal", "model"}, "use neighbours"},
		{[]string{"--model", "bundled", "--out", out, "--scheme", "fashion11"}, "fashion11"},
		{[]string{"--model", "bundled", "--out", out, "extra"}, "unexpected argument"},
		{[]string{"--model", "bundled", "--out", filepath.Join(t.TempDir(), "no", "such", "dir", "r.csv")}, "does not exist"},
		{[]string{"--model", "bundled", "--out", out, "--labels", out}, "same file as --labels"},
		{[]string{"--model", "bundled", "--out", out, "--data", t.TempDir(), "--k", "10000"}, "at most 9999 neighbours"},
	} {
		code, _, stderr := cli(t, append([]string{"suspects"}, tc.args...)...)
		if code != ExitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("%q: exit %d, %q; want %d and %q", tc.args, code, stderr, ExitUsage, tc.want)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a refused command wrote %s", out)
	}
}

func TestSuspectsBadLabelsFile(t *testing.T) {
	dir := t.TempDir()
	good := strings.Repeat("1\n", 10000)
	for _, tc := range []struct {
		name, content, want string
	}{
		{"short.txt", strings.Repeat("1\n", 9999), "holds 9,999 labels, but the split has 10,000 images"},
		{"long.txt", good + "2\n", "line 10001: more labels than the 10,000 images"},
		{"word.txt", "1\n2\nshirt\n" + good, `line 3: "shirt" is not a class id`},
		{"range.txt", "1\n10\n" + good, "line 2: class 10 is out of range: the scheme's classes are 0…9"},
		{"negative.txt", "-1\n" + good, "line 1: class -1 is out of range"},
		{"gap.txt", "1\n\n" + good, "line 2: blank line before more labels"},
		{"float.txt", "1.0\n" + good, `line 1: "1.0" is not a class id`},
	} {
		path := filepath.Join(dir, tc.name)
		if err := os.WriteFile(path, []byte(tc.content), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := cli(t, "suspects", "--model", "bundled", "--data", t.TempDir(), "--labels", path, "--out", filepath.Join(dir, "r.csv"))
		if code != ExitError || !strings.Contains(stderr, path) || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: exit %d, %q; want %d and %q", tc.name, code, stderr, ExitError, tc.want)
		}
	}
	missing := filepath.Join(dir, "missing.txt")
	code, _, stderr := cli(t, "suspects", "--model", "bundled", "--data", t.TempDir(), "--labels", missing, "--out", filepath.Join(dir, "r.csv"))
	if code != ExitError || !strings.Contains(stderr, missing) {
		t.Errorf("missing labels file: exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "r.csv")); !os.IsNotExist(err) {
		t.Error("a failed command wrote its ranking")
	}
}

// TestSuspectsPlanted runs the command on the embedded test split with
// 20 labels, two per class, moved to a very different class: they lead
// the ranking, among the test split's own doubtful labels.
func TestSuspectsPlanted(t *testing.T) {
	split, err := dataset.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	labels := make([]int, split.Len())
	for i, l := range split.Labels {
		labels[i] = int(l)
	}
	// T-shirt ↔ sandal, trouser ↔ shirt, pullover ↔ sneaker, dress ↔ bag,
	// coat ↔ ankle boot.
	planted := map[int]bool{}
	per := make([]int, 10)
	for i, l := range split.Labels {
		if i%11 == 0 && per[l] < 2 {
			per[l]++
			labels[i] = (int(l) + 5) % 10
			planted[i] = true
		}
	}
	dir := t.TempDir()
	var b strings.Builder
	for _, l := range labels {
		fmt.Fprintf(&b, "%d\n", l)
	}
	b.WriteString("\n") // a trailing blank line is fine
	lf, out := filepath.Join(dir, "labels.txt"), filepath.Join(dir, "ranking.csv")
	if err := os.WriteFile(lf, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := cli(t, "suspects", "--model", "bundled", "--scheme", "fashion10", "--data", t.TempDir(), "--labels", lf, "--out", out)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Ranked the 10,000 images of the test split (the labels of " + lf, "Score: model probability of the given label and its 10 nearest neighbours' labels.", "Wrote " + out} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output does not say %q:\n%s", want, stdout)
		}
	}
	rows := readRanking(t, out)
	if len(rows) != 10000 {
		t.Fatalf("%d rows", len(rows))
	}
	var ranks []int
	seen := make([]bool, 10000)
	for r, row := range rows {
		if row.rank != r+1 || row.index < 0 || row.index >= 10000 || seen[row.index] {
			t.Fatalf("row %d: %+v", r, row)
		}
		seen[row.index] = true
		if row.label != labels[row.index] || row.predicted < 0 || row.predicted > 9 {
			t.Fatalf("row %d: label %d, predicted %d; the file says %d", r, row.label, row.predicted, labels[row.index])
		}
		if r > 0 && row.score > rows[r-1].score {
			t.Fatalf("row %d: score %v above the previous %v", r, row.score, rows[r-1].score)
		}
		if planted[row.index] {
			ranks = append(ranks, row.rank)
		}
	}
	// The bundled model (at the time of writing) puts them at ranks 1–21
	// but for three, at 41, 50 and 148: the split has doubtful labels of
	// its own.
	if len(ranks) != 20 || ranks[16] > 50 || ranks[19] > 300 {
		t.Errorf("the planted labels rank %v: want 17 in the top 50 and all in the top 300", ranks)
	}
}

// TestSuspectsSignals checks what each --signal writes to stdout, on
// the embedded test split.
func TestSuspectsSignals(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the model three times")
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		signal, want string
	}{
		{"neighbours", "Score: its 5 nearest neighbours' labels only."},
		{"model", "Score: model probability of the given label only."},
		{"both", "Score: model probability of the given label and its 5 nearest neighbours' labels."},
	} {
		out := filepath.Join(dir, tc.signal+".csv")
		code, stdout, stderr := cli(t, "suspects", "--model", "bundled", "--data", t.TempDir(), "--k", "5", "--signal", tc.signal, "--out", out)
		if code != ExitOK || !strings.Contains(stdout, tc.want) {
			t.Errorf("--signal %s: exit %d, %s%s", tc.signal, code, stdout, stderr)
			continue
		}
		if rows := readRanking(t, out); len(rows) != 10000 {
			t.Errorf("--signal %s: %d rows", tc.signal, len(rows))
		}
	}
}

func TestSuspectsNoTrainSplit(t *testing.T) {
	code, _, stderr := cli(t, "suspects", "--model", "bundled", "--split", "train", "--data", t.TempDir(), "--out", filepath.Join(t.TempDir(), "r.csv"))
	if code != ExitError || !strings.Contains(stderr, "train split is missing") {
		t.Errorf("exit %d, %q", code, stderr)
	}
}

type rankingRow struct {
	rank, index, label, predicted int
	score                         float64
}

func readRanking(t *testing.T, path string) []rankingRow {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) == 0 || !slices.Equal(recs[0], []string{"rank", "index", "label", "predicted", "score"}) {
		t.Fatalf("header %q", recs[:min(1, len(recs))])
	}
	rows := make([]rankingRow, len(recs)-1)
	for i, rec := range recs[1:] {
		var ints [4]int
		for j := range ints {
			if ints[j], err = strconv.Atoi(rec[j]); err != nil {
				t.Fatalf("row %d: %v", i+1, err)
			}
		}
		s, err := strconv.ParseFloat(rec[4], 64)
		if err != nil || s < 0 || s > 1 {
			t.Fatalf("row %d: score %q (%v)", i+1, rec[4], err)
		}
		rows[i] = rankingRow{ints[0], ints[1], ints[2], ints[3], s}
	}
	return rows
}

func TestParseLabelIDs(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want []int
		err  string
	}{
		{"0\n1\n2\n", 3, []int{0, 1, 2}, ""},
		{"0\n1\n2", 3, []int{0, 1, 2}, ""},
		{"0\r\n 1 \r\n2\r\n\r\n\n", 3, []int{0, 1, 2}, ""},
		{"+1\n02\n0\n", 3, []int{1, 2, 0}, ""},
		{"", 0, []int{}, ""},
		{"", 2, nil, "f.txt holds 0 labels, but the split has 2 images"},
		{"\n\n", 1, nil, "f.txt holds 0 labels"},
		{"\n1\n", 1, nil, "f.txt line 1: blank line before more labels"},
		{"1\n2\n", 1, nil, "f.txt line 2: more labels than the 1 images"},
		{"1 2\n", 1, nil, `f.txt line 1: "1 2" is not a class id (an integer 0…2)`},
		{"3\n", 1, nil, "f.txt line 1: class 3 is out of range"},
		{"99999999999999999999999\n", 1, nil, "is not a class id"},
		{strings.Repeat("1", maxLabelLine+1), 1, nil, "f.txt line 1: longer than 4096 bytes"},
	} {
		got, err := parseLabelIDs(strings.NewReader(tc.in), "f.txt", tc.n, 3)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%.30q: error %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("%.30q: %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

func FuzzReadLabels(f *testing.F) {
	for _, s := range []string{"0\n1\n2\n", "0\r\n1\r\n2\r\n\n", "1\n\n2\n", "x\n", "9\n", "-0\n+2\n1\n", " 1\t\n2\n0"} {
		f.Add([]byte(s), 3)
	}
	f.Fuzz(func(t *testing.T, b []byte, n int) {
		n = min(max(n, 0), 1000)
		got, err := parseLabelIDs(strings.NewReader(string(b)), "fuzz.txt", n, 3)
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.txt") {
				t.Errorf("error %q does not name the file", err)
			}
			return
		}
		if len(got) != n {
			t.Fatalf("%d labels, want %d", len(got), n)
		}
		for _, l := range got {
			if l < 0 || l >= 3 {
				t.Fatalf("label %d out of range", l)
			}
		}
	})
}
