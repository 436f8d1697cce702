package featfile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"reflect"
	"testing"

	"github.com/fashionlens/fashionlens/analysis"
)

// The assignments file reads back with encoding/csv, names with commas,
// quotes and line breaks included, and unknown values empty.
func TestWriteAssignments(t *testing.T) {
	names := []string{"Coat", `say "hi", ok`, "two\r\nlines"}
	var b bytes.Buffer
	err := WriteAssignments(&b, Assignments{
		N:           3,
		ImageIndex:  func(i int) int { return []int{7, -1, 9}[i] },
		TrueClass:   func(i int) string { return names[i] },
		Clusterings: []Clustering{{Name: "kmeans", Labels: []int{0, 1, 1}}, {Name: "dbscan"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"point", "image_index", "true_class", "predicted_class", "kmeans_cluster", "dbscan_cluster"},
		{"0", "7", "Coat", "", "0", ""},
		{"1", "", `say "hi", ok`, "", "1", ""},
		{"2", "9", "two\nlines", "", "1", ""}, // encoding/csv reads \r\n inside quotes as \n
	}
	if !reflect.DeepEqual(recs, want) {
		t.Errorf("read back\n%q\nwant\n%q", recs, want)
	}
	err = WriteAssignments(&b, Assignments{N: 3, Clusterings: []Clustering{{Name: "x", Labels: []int{1}}}})
	if !errors.Is(err, analysis.ErrInput) {
		t.Errorf("labels of the wrong length: %v", err)
	}
}

// A selection's rows, in their order, with the confidence column.
func TestWriteAssignmentsRows(t *testing.T) {
	var b bytes.Buffer
	err := WriteAssignments(&b, Assignments{
		N:           4,
		Predicted:   func(i int) string { return []string{"A", "B", "C", "D"}[i] },
		Confidence:  func(i int) float64 { return float64(i) / 8 },
		Clusterings: []Clustering{{Name: "kmeans", Labels: []int{3, 2, 1, 0}}},
		Rows:        []int{2, 0},
	})
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"point", "image_index", "true_class", "predicted_class", "confidence", "kmeans_cluster"},
		{"2", "", "", "C", "0.2500", "1"},
		{"0", "", "", "A", "0.0000", "3"},
	}
	if !reflect.DeepEqual(recs, want) {
		t.Errorf("read back\n%q\nwant\n%q", recs, want)
	}
	if err := WriteAssignments(&b, Assignments{N: 4, Rows: []int{4}}); !errors.Is(err, analysis.ErrInput) {
		t.Errorf("a row out of range: %v", err)
	}
}
