package umap

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/internal/testfeatures"
)

// TestDumpUMAPBenchData writes the benchmark's inputs into the folder
// named by the environment variable UMAP_DUMP, as NumPy files for
// analysis/reference/umap_learn.py: test.npy, the Dense(64) features of
// the 10,000 test images, and, with Debian's data set, train.npy, those
// of the 60,000 train images (float64, n×64), computed by
// internal/testfeatures' fixed model. Without the variable it is skipped.
func TestDumpUMAPBenchData(t *testing.T) {
	dir := os.Getenv("UMAP_DUMP")
	if dir == "" {
		t.Skip("UMAP_DUMP not set")
	}
	test, err := testfeatures.Test()
	if err != nil {
		t.Fatal(err)
	}
	writeNpy(t, filepath.Join(dir, "test.npy"), test.X)
	train, err := testfeatures.Train()
	if err != nil {
		t.Logf("no train split: %v", err)
		return
	}
	writeNpy(t, filepath.Join(dir, "train.npy"), train.X)
}

// TestUMAPBenchRun embeds the features in the NumPy file named by the
// environment variable UMAP_RUN with the default options and seed 1,
// writes the layout beside it as NAME.go-layout.npy and prints the
// seconds Embed took (the file's reading not included) as
// "seconds S". Without the variable it is skipped.
func TestUMAPBenchRun(t *testing.T) {
	path := os.Getenv("UMAP_RUN")
	if path == "" {
		t.Skip("UMAP_RUN not set")
	}
	x := readNpy(t, path)
	start := time.Now()
	r, err := Embed(context.Background(), x, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("seconds %.6f\n", time.Since(start).Seconds())
	writeNpy(t, strings.TrimSuffix(path, ".npy")+".go-layout.npy", r.Y)
}

// writeNpy writes x as a NumPy file (format 1.0, little-endian float64,
// C order).
func writeNpy(t *testing.T, path string, x *mat.Dense) {
	t.Helper()
	n, d := x.Dims()
	header := fmt.Sprintf("{'descr': '<f8', 'fortran_order': False, 'shape': (%d, %d), }", n, d)
	// Magic, version, header length, header padded with spaces and ended
	// by a newline so that the data start at a multiple of 64.
	header += strings.Repeat(" ", (64-(10+len(header)+1)%64)%64) + "\n"
	out := append([]byte("\x93NUMPY\x01\x00"), byte(len(header)), byte(len(header)>>8))
	out = append(out, header...)
	for i := range n {
		for _, v := range x.RawRowView(i) {
			out = binary.LittleEndian.AppendUint64(out, math.Float64bits(v))
		}
	}
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
}

// readNpy reads a file that writeNpy wrote.
func readNpy(t *testing.T, path string) *mat.Dense {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 10 || string(b[:8]) != "\x93NUMPY\x01\x00" {
		t.Fatalf("%s: not a NumPy 1.0 file", path)
	}
	hl := int(b[8]) | int(b[9])<<8
	header := string(b[10 : 10+hl])
	var n, d int
	i := strings.Index(header, "'shape': (")
	if !strings.Contains(header, "'<f8'") || !strings.Contains(header, "False") || i < 0 {
		t.Fatalf("%s: want a C-ordered float64 matrix, header %q", path, header)
	}
	if _, err := fmt.Sscanf(header[i:], "'shape': (%d, %d)", &n, &d); err != nil {
		t.Fatalf("%s: shape: %v", path, err)
	}
	data := b[10+hl:]
	if len(data) != 8*n*d {
		t.Fatalf("%s: %d bytes of data for %d×%d", path, len(data), n, d)
	}
	v := make([]float64, n*d)
	for c := range v {
		v[c] = math.Float64frombits(binary.LittleEndian.Uint64(data[8*c:]))
	}
	return mat.NewDense(n, d, v)
}
