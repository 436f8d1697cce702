package gui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// importFixture writes n 3-dimensional vectors (not collinear) and, if
// meta is not empty, a metadata file beside them; it returns the vectors'
// path.
func importFixture(t testing.TB, n int, meta string) string {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%d\t%d\t%d\n", i, (i*i)%7, (i*3)%5)
	}
	vec := filepath.Join(dir, "vectors.tsv")
	if err := os.WriteFile(vec, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if meta != "" {
		if err := os.WriteFile(filepath.Join(dir, "metadata.tsv"), []byte(meta), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return vec
}

// testData is the embedded test split as a data set without a train
// split.
func testData(t testing.TB) *dataset.Dataset {
	t.Helper()
	s, err := dataset.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return &dataset.Dataset{Test: s}
}

func TestImportMetadata(t *testing.T) {
	data := testData(t)
	for _, tc := range []struct {
		name, meta string
		classes    []string
		scheme     *dataset.Scheme
		labels     []int
		index      []int // nil: no images
		err        string
	}{
		{name: "no metadata", meta: ""},
		{name: "labels only, no header", meta: "Bag\nShirt\nBag\nCoat\n",
			classes: dataset.ClassNames[:], scheme: dataset.Fashion10, labels: []int{8, 6, 8, 4}},
		{name: "projector columns", meta: "label\tpredicted\ttest_index\nAnkle boot\tBag\t0\nT-shirt/top\tShirt\t1\nT-shirt/top\tShirt\t2\nDress\tDress\t3\n",
			classes: dataset.ClassNames[:], scheme: dataset.Fashion10, labels: []int{9, 0, 0, 3}, index: []int{0, 1, 2, 3}},
		{name: "groups5 names", meta: strings.Join([]string{dataset.Groups5.Classes[2], dataset.Groups5.Classes[0], dataset.Groups5.Classes[2], dataset.Groups5.Classes[4]}, "\n") + "\n",
			classes: dataset.Groups5.Classes, scheme: dataset.Groups5, labels: []int{2, 0, 2, 4}},
		{name: "other names, one column: no header", meta: "red\nblue\nred\ngreen\n",
			classes: []string{"red", "blue", "green"}, labels: []int{0, 1, 0, 2}},
		{name: "index only: the images' labels", meta: "index\tnote\n5\tx\n6\tx\n7\tx\n8\tx\n",
			classes: dataset.ClassNames[:], scheme: dataset.Fashion10, index: []int{5, 6, 7, 8}},
		{name: "index out of range", meta: "label\tindex\nBag\t0\nBag\t1\nBag\t2\nBag\t10000\n", err: "image index \"10000\""},
		{name: "index not a number", meta: "label\tindex\nBag\t0\nBag\tone\nBag\t2\nBag\t3\n", err: "image index"},
		{name: "train index without a train split", meta: "label\ttrain_index\nBag\t0\nBag\t1\nBag\t2\nBag\t3\n", err: "train split"},
		{name: "too few lines", meta: "Bag\nBag\n", err: "has 2 points but the vectors 4"},
		{name: "ragged", meta: "label\tindex\nBag\t0\nBag\n", err: "fields"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vec := importFixture(t, 4, tc.meta)
			meta := metadataPath(vec)
			if (meta != "") != (tc.meta != "") {
				t.Fatalf("metadataPath(%s) = %q", vec, meta)
			}
			d, err := importDerived(context.Background(), vec, meta, data)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || !errors.Is(err, analysis.ErrInput) {
					t.Fatalf("error %v, want an input error with %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d.Len() != 4 || len(d.Layouts) == 0 || d.Neighbours == nil || d.Model != nil || d.Pred != nil {
				t.Fatalf("imported %+v", d)
			}
			if fmt.Sprint(d.Classes) != fmt.Sprint(tc.classes) || d.Scheme != tc.scheme {
				t.Errorf("classes %q (scheme %v), want %q", d.Classes, d.Scheme, tc.classes)
			}
			if tc.labels != nil && fmt.Sprint(d.Labels) != fmt.Sprint(tc.labels) {
				t.Errorf("labels %v, want %v", d.Labels, tc.labels)
			}
			for i := range 4 {
				want := -1
				if tc.index != nil {
					want = tc.index[i]
				}
				if d.ImageIndex(i) != want || (want >= 0) != (d.Image(i) != nil) {
					t.Errorf("point %d: image %d, want %d", i, d.ImageIndex(i), want)
				}
				if tc.index != nil && tc.labels == nil && d.Labels[i] != int(data.Test.Labels[want]) {
					t.Errorf("point %d has label %d, its image %d", i, d.Labels[i], data.Test.Labels[want])
				}
			}
		})
	}
}

func TestImportBadVectors(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"ragged.tsv":   "1\t2\n3\n4\t5\n",
		"text.tsv":     "a\tb\nc\td\ne\tf\n",
		"two.tsv":      "1\t2\n3\t4\n",
		"constant.tsv": "1\t1\n1\t1\n1\t1\n",
	} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(content), 0o644)
		if _, err := importDerived(context.Background(), p, "", nil); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: error %v, want one naming the file", name, err)
		}
	}
	if _, err := importDerived(context.Background(), filepath.Join(dir, "missing.tsv"), "", nil); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	// Image indices without a data set.
	vec := importFixture(t, 4, "index\n0\n1\n2\n3\n")
	if _, err := importDerived(context.Background(), vec, metadataPath(vec), nil); err == nil {
		t.Error("image indices without a data set: no error")
	}
}

func TestMetadataPath(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"run-vectors.tsv", "run-metadata.tsv", "feat.tsv", "feat-metadata.tsv", "alone.tsv", "x_metadata.tsv", "x.tsv"} {
		os.WriteFile(filepath.Join(dir, f), nil, 0o644)
	}
	for vec, want := range map[string]string{
		"run-vectors.tsv": "run-metadata.tsv",
		"feat.tsv":        "feat-metadata.tsv",
		"x.tsv":           "x_metadata.tsv",
		"alone.tsv":       "",
	} {
		got := metadataPath(filepath.Join(dir, vec))
		if want != "" {
			want = filepath.Join(dir, want)
		}
		if got != want {
			t.Errorf("metadataPath(%s) = %q, want %q", vec, got, want)
		}
	}
}

// FuzzImportMetadata feeds arbitrary metadata files to the import: an
// error or a consistent result, never a panic.
func FuzzImportMetadata(f *testing.F) {
	for _, s := range []string{
		"label\tpredicted\ttest_index\nBag\tBag\t0\nCoat\tShirt\t1\nBag\tBag\t2\nDress\tDress\t3\n",
		"Bag\nShirt\nBag\nCoat\n",
		"index\n1\n2\n3\n9999\n",
		"train_index\tlabel\n0\ta\n1\tb\n2\tc\n3\td\n",
		"\uFEFFlabel\r\nx\r\ny\r\nx\r\ny\r\n",
		"",
		"label\tindex\n\t\n",
	} {
		f.Add([]byte(s))
	}
	data := testData(f)
	vec := importFixture(f, 4, "")
	meta := filepath.Join(filepath.Dir(vec), "metadata.tsv")
	f.Fuzz(func(t *testing.T, b []byte) {
		if err := os.WriteFile(meta, b, 0o644); err != nil {
			t.Fatal(err)
		}
		d, err := importDerived(context.Background(), vec, meta, data)
		if err != nil {
			return
		}
		if d.Labels != nil {
			if len(d.Labels) != 4 {
				t.Fatalf("%d labels", len(d.Labels))
			}
			for _, l := range d.Labels {
				if l < 0 || l >= len(d.Classes) {
					t.Fatalf("label %d of %d classes", l, len(d.Classes))
				}
			}
		}
		for i := range 4 {
			if j := d.ImageIndex(i); j >= 0 && d.Image(i) == nil {
				t.Fatalf("point %d: image %d without pixels", i, j)
			}
		}
	})
}
