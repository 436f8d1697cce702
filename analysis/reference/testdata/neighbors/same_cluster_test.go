// Copied by analysis/reference/neighbors_same.sh into analysis/cluster of the
// code before analysis/neighbors became the one index (commit $OLD) and of
// this tree: writes what the analysis computes with nearest neighbours
// into DUMP_DIR, to compare bit for bit. Not compiled in this tree.

package cluster

import (
	"context"
	"encoding/binary"
	"fmt"
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
	for _, k := range []int{1, 2, 5, 11} {
		kd, err := KDistance(context.Background(), set.X, k)
		if err != nil {
			t.Fatal(err)
		}
		var b []byte
		for _, v := range kd {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("kdist-%d", k)), b, 0o644)
	}
	for _, eps := range []float64{3, 6, 9, 12.37, 16, 20} {
		for _, mp := range []int{2, 5, 20} {
			r, err := DBSCAN(context.Background(), set.X, DBSCANOptions{Eps: eps, MinPts: mp})
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dir, fmt.Sprintf("dbscan-%v-%d", eps, mp)), []byte(fmt.Sprint(r.Labels, r.Core, r.Clusters)), 0o644)
		}
	}
}
