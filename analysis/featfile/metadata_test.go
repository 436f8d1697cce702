package featfile

import (
	"bytes"
	"errors"
	"math"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/internal/testfeatures"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// projector is the start of what `fashionlens features --metadata` writes.
const projector = "label\tpredicted\tindex\n" +
	"Ankle boot\tAnkle boot\t0\n" +
	"Pullover\tPullover\t1\n" +
	"Trouser\tTrouser\t2\n" +
	"Shirt\tT-shirt/top\t4\n"

func TestReadMetadata(t *testing.T) {
	classes := dataset.ClassNames[:]
	digits := func(n int) []string {
		var s []string
		for i := range n {
			s = append(s, strconv.Itoa(i))
		}
		return s
	}
	for _, c := range []struct {
		name   string
		in     string
		column int
		want   Labels
	}{
		// Class names: their standard indices (Ankle boot 9, Pullover 2,
		// Trouser 1, Shirt 6, T-shirt/top 0) and all ten names.
		{"projector labels", projector, 0, Labels{[]int{9, 2, 1, 6}, classes}},
		{"projector predicted", projector, 1, Labels{[]int{9, 2, 1, 0}, classes}},
		// Integers: themselves, names "0" to the largest.
		{"projector index", projector, 2, Labels{[]int{0, 1, 2, 4}, digits(5)}},
		// One column: no header.
		{"one column of names", "Bag\nBag\nSandal\n", 0, Labels{[]int{8, 8, 5}, classes}},
		{"one column of integers", "3\n0\n3\n\n", 0, Labels{[]int{3, 0, 3}, digits(4)}},
		// Other names: numbered as they first appear.
		{"other names", "b\na\nb\nc\n", 0, Labels{[]int{0, 1, 0, 2}, []string{"b", "a", "c"}}},
		{"names and integers", "3\nx\n3\n", 0, Labels{[]int{0, 1, 0}, []string{"3", "x"}}},
		{"a class name and another", "Bag\nbag\n", 0, Labels{[]int{0, 1}, []string{"Bag", "bag"}}},
		{"noise as −1", "c\tk\n0\t-1\n1\t2\n2\t-1\n", 1, Labels{[]int{0, 1, 0}, []string{"-1", "2"}}},
		{"too large for a number", "0\n65536\n", 0, Labels{[]int{0, 1}, []string{"0", "65536"}}},
		// White space, CRLF, a byte order mark.
		{"spaces and CRLF", "\uFEFFname\tcount\r\n Coat \t1\r\nDress\t 2\r\n\r\n", 0, Labels{[]int{4, 3}, classes}},
		{"spaced integers", "a\tb\n x\t 07 \ny\t+2\n", 1, Labels{[]int{7, 2}, digits(8)}},
	} {
		got, err := ReadMetadata(strings.NewReader(c.in), c.name, c.column, dataset.ClassNames[:])
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !reflect.DeepEqual(*got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, *got, c.want)
		}
	}
}

func TestReadMetadataBad(t *testing.T) {
	checkBad(t, func(in string) error {
		_, err := ReadMetadata(strings.NewReader(in), "f.txt", 1, dataset.ClassNames[:])
		return err
	}, map[string]badCase{
		"empty":          {"", "no points"},
		"header only":    {"a\tb\n", "no points"},
		"one column":     {"a\nb\n", "line 1: 1 columns, no column 1"},
		"ragged":         {"a\tb\nx\ty\nx\n", "line 3: 1 fields, but the lines before have 2"},
		"ragged long":    {"a\tb\nx\ty\tz\n", "line 2: 3 fields"},
		"empty label":    {"a\tb\nx\ty\nx\t \n", "line 3, column 2: empty label"},
		"blank inside":   {"a\tb\nx\ty\n\nx\ty\n", "line 3: blank line"},
		"blank at start": {"\na\tb\nx\ty\n", "line 1: blank line"},
	})
	if _, err := ReadMetadata(strings.NewReader("1\n"), "f", -1, dataset.ClassNames[:]); !errors.Is(err, analysis.ErrInput) || errors.Is(err, ErrFormat) {
		t.Errorf("column −1: %v", err)
	}
}

func TestWriteMetadata(t *testing.T) {
	for _, in := range []string{projector, "b\na\nb\n", "5\n0\n"} {
		for col := range 3 {
			l, err := ReadMetadata(strings.NewReader(in), "in", col, dataset.ClassNames[:])
			if err != nil {
				continue
			}
			var b bytes.Buffer
			if err := WriteMetadata(&b, l); err != nil {
				t.Fatalf("%q column %d: %v", in, col, err)
			}
			back, err := ReadMetadata(&b, "back", 0, dataset.ClassNames[:])
			if err != nil || !reflect.DeepEqual(l, back) {
				t.Errorf("%q column %d: round trip %v, %v; want %v", in, col, back, err, l)
			}
		}
	}
	var b bytes.Buffer
	WriteMetadata(&b, &Labels{Values: []int{1, 0, 1}, Names: []string{"Bag", "Ankle boot"}})
	if b.String() != "Ankle boot\nBag\nAnkle boot\n" {
		t.Errorf("wrote %q", b.String())
	}
	for name, l := range map[string]*Labels{
		"nil":           nil,
		"no values":     {Names: []string{"a"}},
		"no name":       {Values: []int{0, 2}, Names: []string{"a", "b"}},
		"negative":      {Values: []int{-1}, Names: []string{"a"}},
		"empty name":    {Values: []int{0}, Names: []string{""}},
		"tab in name":   {Values: []int{0}, Names: []string{"a\tb"}},
		"newline":       {Values: []int{0}, Names: []string{"a\nb"}},
		"leading space": {Values: []int{0}, Names: []string{" a"}},
	} {
		if err := WriteMetadata(new(bytes.Buffer), l); !errors.Is(err, analysis.ErrInput) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestRealFiles reads the files `fashionlens features` writes for the test
// split, when a previous run has left them in /tmp/feat.
func TestRealFiles(t *testing.T) {
	const vec, meta = "/tmp/feat/test-vectors.tsv", "/tmp/feat/test-metadata.tsv"
	for _, p := range []string{vec, meta} {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("%s: %v", p, err)
		}
	}
	x, err := ReadFile(vec, 64)
	if err != nil {
		t.Fatal(err)
	}
	if r, c := x.Dims(); r != 10000 || c != 64 {
		t.Fatalf("%s: %d×%d, want 10000×64", vec, r, c)
	}
	f, err := os.Open(meta)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, err := ReadMetadata(f, meta, 0, dataset.ClassNames[:])
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Values) != 10000 || !reflect.DeepEqual(l.Names, dataset.ClassNames[:]) {
		t.Fatalf("%s: %d labels, names %v", meta, len(l.Values), l.Names)
	}
	set, err := testfeatures.Test()
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range l.Values {
		if v != set.Labels[i] {
			t.Fatalf("%s: label %d is %d, the test split's is %d", meta, i, v, set.Labels[i])
		}
	}
	// The vectors are the bundled model's features, printed as float32 (up
	// to a different summation order: they differ by about 1e-6).
	for i := range 100 {
		for j := range 64 {
			if d := math.Abs(x.At(i, j) - set.X.At(i, j)); d > 1e-4 {
				t.Fatalf("%s: row %d, column %d is %v, the feature is %v", vec, i, j, x.At(i, j), set.X.At(i, j))
			}
		}
	}
}

// Class names come from the caller: without them a column of Fashion-MNIST
// names is numbered in order of appearance; with other names, by those.
func TestReadMetadataClasses(t *testing.T) {
	in := "Coat\nBag\nCoat\n"
	for _, c := range []struct {
		classes []string
		values  []int
		names   []string
	}{
		{nil, []int{0, 1, 0}, []string{"Coat", "Bag"}},
		{dataset.ClassNames[:], []int{4, 8, 4}, dataset.ClassNames[:]},
		{[]string{"Bag", "Coat"}, []int{1, 0, 1}, []string{"Bag", "Coat"}},
		{[]string{"Bag"}, []int{0, 1, 0}, []string{"Coat", "Bag"}}, // not all known
	} {
		l, err := ReadMetadata(strings.NewReader(in), "m.tsv", 0, c.classes)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(l.Values, c.values) || !reflect.DeepEqual(l.Names, c.names) {
			t.Errorf("classes %q: got %v %q, want %v %q", c.classes, l.Values, l.Names, c.values, c.names)
		}
	}
}

func TestReadMetadataHeader(t *testing.T) {
	for _, c := range []struct {
		in           string
		label, index int
		train        bool
	}{
		{"Coat\nBag\n", 0, -1, false},                   // one column, no header
		{"label\tpredicted\ttest_index\n", 0, 2, false}, // as fashionlens features writes it
		{"\uFEFFindex\t Class \r\n", 1, 0, false},
		{"a\ttrain_index\tTRUE\tlabel\n", 2, 1, true}, // the first label-like name
		{"a\tb\n", -1, -1, false},
		{"", 0, -1, false},
	} {
		h, err := ReadMetadataHeader(strings.NewReader(c.in))
		if err != nil || h.Label != c.label || h.Index != c.index || h.Train != c.train {
			t.Errorf("%q: %+v, %v; want label %d, index %d, train %v", c.in, h, err, c.label, c.index, c.train)
		}
	}
}
