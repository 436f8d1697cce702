package neighbors

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fashionlens/fashionlens/internal/testfeatures"
)

// TestDumpBenchData writes the benchmarks' input, the features of the
// 10,000 test images, and the index's answer, into the folder named by
// the environment variable NEIGHBORS_DUMP, as NumPy files for
// analysis/reference/neighbors_sklearn.py: features.npy (float64,
// 10,000×64), knn10-idx.npy (int32) and knn10-dist.npy (float64,
// 10,000×10: each point's 10 nearest other points and their distances).
// Without the variable it is skipped.
func TestDumpBenchData(t *testing.T) {
	dir := os.Getenv("NEIGHBORS_DUMP")
	if dir == "" {
		t.Skip("NEIGHBORS_DUMP not set")
	}
	set, err := testfeatures.Test()
	if err != nil {
		t.Fatal(err)
	}
	x := set.X
	n, d := x.Dims()
	ix, err := New(x)
	if err != nil {
		t.Fatal(err)
	}
	const k = 10
	g, err := ix.AllNearest(context.Background(), k)
	if err != nil {
		t.Fatal(err)
	}
	var feat, idx, dist []byte
	for i := range n {
		for _, v := range x.RawRowView(i) {
			feat = binary.LittleEndian.AppendUint64(feat, math.Float64bits(v))
		}
	}
	for c := range g.Idx {
		idx = binary.LittleEndian.AppendUint32(idx, uint32(g.Idx[c]))
		dist = binary.LittleEndian.AppendUint64(dist, math.Float64bits(math.Sqrt(g.SqDist[c])))
	}
	for name, f := range map[string]struct {
		descr string
		cols  int
		data  []byte
	}{
		"features.npy":   {"<f8", d, feat},
		"knn10-idx.npy":  {"<i4", k, idx},
		"knn10-dist.npy": {"<f8", k, dist},
	} {
		if err := os.WriteFile(filepath.Join(dir, name), npy(f.descr, n, f.cols, f.data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// npy returns the NumPy file (format version 1.0) of a C-ordered rows×cols
// array of type descr whose little-endian values are data.
func npy(descr string, rows, cols int, data []byte) []byte {
	header := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': (%d, %d), }", descr, rows, cols)
	// Magic, version, header length, header padded with spaces and ended
	// by a newline so that the data start at a multiple of 64.
	pad := 64 - (10+len(header)+1)%64
	header += strings.Repeat(" ", pad%64) + "\n"
	out := append([]byte("\x93NUMPY\x01\x00"), byte(len(header)), byte(len(header)>>8))
	return append(append(out, header...), data...)
}
