// Copied by analysis/reference/neighbors_same.sh into analysis/tsne of the
// code before analysis/neighbors became the one index (commit $OLD) and of
// this tree: writes what the analysis computes with nearest neighbours
// into DUMP_DIR, to compare bit for bit. Not compiled in this tree.

package tsne

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/fashionlens/fashionlens/analysis/pca"
	"github.com/fashionlens/fashionlens/internal/testfeatures"
)

func TestNeighboursDump(t *testing.T) {
	dir := os.Getenv("DUMP_DIR")
	if dir == "" {
		t.Skip()
	}
	set, _ := testfeatures.Test()
	for _, n := range []int{2000, 10000} {
		x := set.Rows(n).X
		_, d := x.Dims()
		rot, err := pca.Fit(context.Background(), x, d)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range []int{10, 91} {
			nb, err := knn(context.Background(), contiguous(rot.Projected), n, d, k, 0)
			if err != nil {
				t.Fatal(err)
			}
			var bi, bd []byte
			for c := range nb.idx {
				bi = binary.LittleEndian.AppendUint32(bi, uint32(nb.idx[c]))
				bd = binary.LittleEndian.AppendUint64(bd, math.Float64bits(nb.dist2[c]))
			}
			os.WriteFile(filepath.Join(dir, fmt.Sprintf("tsne-idx-%d-%d", n, k)), bi, 0o644)
			os.WriteFile(filepath.Join(dir, fmt.Sprintf("tsne-d2-%d-%d", n, k)), bd, 0o644)
		}
	}
	if os.Getenv("DUMP_EMBED") != "" {
		for _, n := range []int{2000, 10000} {
			r, err := Embed(context.Background(), set.Rows(n).X, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var b []byte
			for _, v := range r.Y.RawMatrix().Data {
				b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
			}
			os.WriteFile(filepath.Join(dir, fmt.Sprintf("embed-%d", n)), b, 0o644)
			os.WriteFile(filepath.Join(dir, fmt.Sprintf("embed-kl-%d", n)), []byte(fmt.Sprint(r.KL)), 0o644)
		}
	}
}
