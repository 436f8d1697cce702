// Copied by analysis/reference/neighbors_same.sh into analysis/neighbors of the
// code before analysis/neighbors became the one index (commit $OLD) and of
// this tree: writes what the analysis computes with nearest neighbours
// into DUMP_DIR, to compare bit for bit. Not compiled in this tree.

package neighbors

import (
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/fashionlens/fashionlens/internal/testfeatures"
)

func TestNeighboursDump(t *testing.T) {
	dir := os.Getenv("DUMP_DIR")
	if dir == "" {
		t.Skip()
	}
	set, _ := testfeatures.Test()
	ix, _ := New(set.X)
	var bi, bd []byte
	for i := range ix.Len() {
		idx, dist, err := ix.Nearest(i, 10)
		if err != nil {
			t.Fatal(err)
		}
		for c := range idx {
			bi = binary.LittleEndian.AppendUint32(bi, uint32(idx[c]))
			bd = binary.LittleEndian.AppendUint64(bd, math.Float64bits(dist[c]))
		}
	}
	q := make([]float64, 64)
	for c := range q {
		q[c] = float64(c%7) - 3
	}
	idx, dist, _ := ix.NearestTo(q, 50)
	for c := range idx {
		bi = binary.LittleEndian.AppendUint32(bi, uint32(idx[c]))
		bd = binary.LittleEndian.AppendUint64(bd, math.Float64bits(dist[c]))
	}
	os.WriteFile(filepath.Join(dir, "nearest-idx"), bi, 0o644)
	os.WriteFile(filepath.Join(dir, "nearest-d"), bd, 0o644)
}
