package plotview

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"fyne.io/fyne/v2"
)

// TestDumpLassoBenchData writes the input and the answer of BenchmarkLasso
// and BenchmarkLassoIndexed into the folder named by the environment
// variable PLOTVIEW_DUMP, as text for
// gui/plotview/reference/lasso_matplotlib.py: points.csv (index,x,y: the
// screen positions of the selectable points, in the order the screen
// index holds them), lasso.csv (x,y: the lasso's vertices, the last
// joining the first) and inside.txt (the indices PointsInPolygon returns,
// one a line, ascending). The positions are float32, printed as the
// shortest decimal that reads back as the same float64, so a reader in
// float64 gets exactly the values the even-odd test compares. Without the
// variable it is skipped.
func TestDumpLassoBenchData(t *testing.T) {
	dir := os.Getenv("PLOTVIEW_DUMP")
	if dir == "" {
		t.Skip("PLOTVIEW_DUMP not set")
	}
	// The view and lasso of benchViewOf(b, 10000) and benchLasso.
	v := New()
	v.Go = func(func()) {}
	v.SetData(blobs(10000, 10, 0, 2, 42))
	v.mu.Lock()
	v.size, v.scale = fyne.NewSize(1000, 800), 1
	_, err := v.geometry()
	v.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	poly := blob(fyne.NewPos(520, 390), 330, 200, 9)
	inside := v.PointsInPolygon(poly)
	if len(inside) < 2000 {
		t.Fatalf("only %d points in the lasso", len(inside))
	}

	num := func(x float32) string { return strconv.FormatFloat(float64(x), 'g', -1, 64) }
	write := func(name string, lines func(w *bufio.Writer)) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		w := bufio.NewWriter(f)
		lines(w)
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}

	v.mu.Lock()
	ix := v.screenIndex()
	var pts [][3]string
	for k, i := range ix.items {
		if v.dimmed == nil || !v.dimmed[i] {
			pts = append(pts, [3]string{strconv.Itoa(int(i)), num(ix.px[k]), num(ix.py[k])})
		}
	}
	v.mu.Unlock()
	if len(pts) == 0 {
		t.Fatal("no selectable points")
	}
	write("points.csv", func(w *bufio.Writer) {
		fmt.Fprintln(w, "index,x,y")
		for _, p := range pts {
			fmt.Fprintf(w, "%s,%s,%s\n", p[0], p[1], p[2])
		}
	})
	write("lasso.csv", func(w *bufio.Writer) {
		fmt.Fprintln(w, "x,y")
		for _, q := range poly {
			fmt.Fprintf(w, "%s,%s\n", num(q.X), num(q.Y))
		}
	})
	if !slices.IsSorted(inside) {
		t.Fatal("PointsInPolygon's answer is not ascending")
	}
	write("inside.txt", func(w *bufio.Writer) {
		for _, i := range inside {
			fmt.Fprintln(w, i)
		}
	})
	t.Logf("%d selectable points, %d lasso vertices, %d inside", len(pts), len(poly), len(inside))
}
