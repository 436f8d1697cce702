package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/fashionlens/fashionlens/internal/workspace/workspacetest"
)

// blobFiles writes three seeded Gaussian blobs of 40 points in 5-D as a
// projector vectors file and a metadata file naming each blob.
func blobFiles(t *testing.T) (vectors, metadata string) {
	t.Helper()
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(3, 4))
	var v, m bytes.Buffer
	m.WriteString("label\tindex\n")
	names := []string{"left", "middle", "right"}
	for i := 0; i < 120; i++ {
		c := i % 3
		for j := 0; j < 5; j++ {
			if j > 0 {
				v.WriteByte('\t')
			}
			centre := 0.0
			if j == 0 {
				centre = 20 * float64(c)
			}
			fmt.Fprintf(&v, "%g", centre+r.NormFloat64())
		}
		v.WriteByte('\n')
		fmt.Fprintf(&m, "%s\t%d\n", names[c], i)
	}
	vectors, metadata = filepath.Join(dir, "vectors.tsv"), filepath.Join(dir, "metadata.tsv")
	if err := os.WriteFile(vectors, v.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(metadata, m.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return vectors, metadata
}

func TestAnalyzeCommand(t *testing.T) {
	vectors, metadata := blobFiles(t)
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := cli(t, "analyze", "--features", vectors, "--metadata", metadata, "--kmeans", "3",
		"--dbscan-eps", "auto", "--tsne-perplexity", "10", "--tsne-iterations", "300", "--out", out)
	if code != ExitOK {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	for _, want := range []string{"read 120 points of 5 values", "K-means", "DBSCAN", "t-SNE", "figures written"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("progress does not say %q:\n%s", want, stderr)
		}
	}
	var sum struct {
		N, Dim int
		PCA    struct {
			ExplainedVarianceRatio []float64 `json:"explained_variance_ratio"`
			Seconds                float64
		}
		KMeans struct {
			K                int
			Inertia          float64
			ARI, NMI, Purity float64
			Mapping          []struct {
				Majority    string
				Description string
			}
		}
		DBSCAN struct {
			Eps           float64
			Clusters      int
			NoiseFraction float64 `json:"noise_fraction"`
			ARI           float64
		}
		TSNE struct {
			KL, Trustworthiness float64
			Iterations          int
		}
	}
	b, err := os.ReadFile(filepath.Join(out, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	if sum.N != 120 || sum.Dim != 5 || len(sum.PCA.ExplainedVarianceRatio) != 2 || sum.PCA.ExplainedVarianceRatio[0] < 0.9 {
		t.Errorf("summary %s", b)
	}
	// The blobs are far apart: both clusterings find them exactly.
	if sum.KMeans.K != 3 || sum.KMeans.ARI != 1 || sum.KMeans.Purity != 1 || len(sum.KMeans.Mapping) != 3 {
		t.Errorf("kmeans %+v", sum.KMeans)
	}
	if sum.DBSCAN.Clusters != 3 || sum.DBSCAN.Eps <= 0 || sum.DBSCAN.ARI < 0.9 {
		t.Errorf("dbscan %+v", sum.DBSCAN)
	}
	if sum.TSNE.Iterations != 300 || sum.TSNE.Trustworthiness < 0.9 || sum.TSNE.KL <= 0 {
		t.Errorf("tsne %+v", sum.TSNE)
	}
	rows := readLines(t, filepath.Join(out, "assignments.csv"))
	if len(rows) != 121 || rows[0] != "point,image_index,true_class,predicted_class,kmeans_cluster,dbscan_cluster" || !strings.HasPrefix(rows[1], "0,,left,,") {
		t.Errorf("assignments start %q (%d rows)", rows[:2], len(rows))
	}
	for _, f := range []string{"pca.csv", "tsne.csv"} {
		if rows := readLines(t, filepath.Join(out, f)); len(rows) != 121 || rows[0] != "index,x,y" {
			t.Errorf("%s: %d rows, header %q", f, len(rows), rows[0])
		}
	}
	for _, f := range []string{"pca", "tsne", "kmeans", "dbscan", "kdistance"} {
		b, err := os.ReadFile(filepath.Join(out, f+".png"))
		if err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
			t.Errorf("%s.png: %v", f, err)
		}
	}
}

func TestAnalyzeOnlyWhatWasAsked(t *testing.T) {
	vectors, _ := blobFiles(t)
	out := t.TempDir()
	code, _, stderr := cli(t, "analyze", "--features", vectors, "--kmeans", "2", "--format", "svg", "--out", out)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, _ := os.ReadFile(filepath.Join(out, "summary.json"))
	s := string(b)
	if !strings.Contains(s, `"kmeans"`) || strings.Contains(s, `"dbscan"`) || strings.Contains(s, `"tsne"`) || strings.Contains(s, `"ari"`) {
		t.Errorf("summary without labels, DBSCAN or t-SNE:\n%s", s)
	}
	if b, err := os.ReadFile(filepath.Join(out, "kmeans.svg")); err != nil || !bytes.Contains(b[:min(len(b), 200)], []byte("<svg")) {
		t.Errorf("kmeans.svg: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "tsne.svg")); err == nil {
		t.Error("a t-SNE figure without t-SNE")
	}
}

func TestAnalyzeErrors(t *testing.T) {
	vectors, _ := blobFiles(t)
	for _, args := range [][]string{
		{"analyze", "--out", t.TempDir()},
		{"analyze", "--features", vectors},
		{"analyze", "--features", vectors, "--out", t.TempDir(), "--dbscan-eps", "-1"},
		{"analyze", "--features", vectors, "--out", t.TempDir(), "--format", "gif"},
		{"analyze", "--features", vectors, "--out", t.TempDir(), "--pca", "1"},
		// Refused, not silently replaced by a default or a bound.
		{"analyze", "--features", vectors, "--out", t.TempDir(), "--pca", "1000"},
		{"analyze", "--features", vectors, "--out", t.TempDir(), "--tsne-perplexity", "nan"},
		{"analyze", "--features", vectors, "--out", t.TempDir(), "--tsne-perplexity", "+Inf"},
		{"analyze", "--features", vectors, "--out", t.TempDir(), "--tsne-perplexity", "5", "--tsne-iterations", "0"},
		{"analyze", "--features", vectors, "--out", t.TempDir(), "--kmeans", "3", "--kmeans-restarts", "0"},
		{"analyze", "--features", vectors, "--out", t.TempDir(), "--dbscan-eps", "auto", "--dbscan-min", "0"},
	} {
		code, _, stderr := cli(t, args...)
		if code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, ExitUsage)
		}
		// The message (its first line, before the usage) names the last
		// flag given, the one out of range.
		if flag := args[len(args)-2]; len(args) > 4 && !strings.Contains(strings.SplitN(stderr, "\n", 2)[0], flag) {
			t.Errorf("%v: %q does not name %s", args, stderr, flag)
		}
	}
	bad := filepath.Join(t.TempDir(), "bad.tsv")
	os.WriteFile(bad, []byte("1\t2\n3\tx\n"), 0o644)
	short := filepath.Join(t.TempDir(), "short.tsv")
	os.WriteFile(short, []byte("label\tindex\nleft\t0\n"), 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--features", bad}, bad},
		{[]string{"--features", filepath.Join(t.TempDir(), "none.tsv")}, "none.tsv"},
		{[]string{"--features", vectors, "--metadata", short}, "1 labels for 120 points"},
		{[]string{"--features", vectors, "--kmeans", "500"}, "K-means"},
		{[]string{"--features", vectors, "--tsne-perplexity", "500"}, "t-SNE"},
	} {
		code, _, stderr := cli(t, append(append([]string{"analyze"}, c.args...), "--out", t.TempDir())...)
		if code != ExitError || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, %q", c.args, code, stderr)
		}
	}
}

// A second run into the same folder leaves only its own files (and the
// user's): summary.json describes exactly what is there.
func TestAnalyzeRemovesEarlierRunsFiles(t *testing.T) {
	vectors, _ := blobFiles(t)
	out := t.TempDir()
	os.WriteFile(filepath.Join(out, "notes.txt"), []byte("mine"), 0o644)
	if code, _, stderr := cli(t, "analyze", "--features", vectors, "--kmeans", "2", "--tsne-perplexity", "5",
		"--tsne-iterations", "250", "--out", out); code != ExitOK {
		t.Fatalf("first run: exit %d: %s", code, stderr)
	}
	if code, _, stderr := cli(t, "analyze", "--features", vectors, "--format", "svg", "--out", out); code != ExitOK {
		t.Fatalf("second run: exit %d: %s", code, stderr)
	}
	got := strings.Join(dirNames(t, out), " ")
	if want := "assignments.csv notes.txt pca.csv pca.svg summary.json"; got != want {
		t.Errorf("the folder holds %s, want %s", got, want)
	}
}

// dirNames lists a folder's file names, sorted.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// The labels' column is found by its name, as the window's import finds
// it, wherever it is; --labels-column overrides; without a named column
// the error says to give one.
func TestAnalyzeFindsTheLabelColumn(t *testing.T) {
	vectors, _ := blobFiles(t)
	dir := t.TempDir()
	write := func(name, header string, row func(i int) string) string {
		var b strings.Builder
		b.WriteString(header + "\n")
		for i := range 120 {
			b.WriteString(row(i) + "\n")
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	names := []string{"left", "middle", "right"}
	second := write("second.tsv", "index\tlabel", func(i int) string { return fmt.Sprintf("%d\t%s", i, names[i%3]) })
	unnamed := write("unnamed.tsv", "a\tb", func(i int) string { return fmt.Sprintf("%d\t%s", i, names[i%3]) })
	labelsOf := func(args ...string) (int, string, []string) {
		out := t.TempDir()
		code, _, stderr := cli(t, append([]string{"analyze", "--features", vectors, "--pca", "0", "--out", out}, args...)...)
		b, _ := os.ReadFile(filepath.Join(out, "summary.json"))
		var s struct{ Labels []string }
		json.Unmarshal(b, &s)
		return code, stderr, s.Labels
	}
	if code, stderr, got := labelsOf("--metadata", second); code != ExitOK || !reflect.DeepEqual(got, names) {
		t.Errorf("label in the second column: exit %d, labels %q: %s", code, got, stderr)
	}
	if code, stderr, got := labelsOf("--metadata", second, "--labels-column", "0"); code != ExitOK || len(got) != 120 {
		t.Errorf("--labels-column 0 (the indices): exit %d, %d labels: %s", code, len(got), stderr)
	}
	if code, stderr, _ := labelsOf("--metadata", unnamed); code != ExitError || !strings.Contains(stderr, "--labels-column") {
		t.Errorf("no named column: exit %d, %q", code, stderr)
	}
	if code, stderr, got := labelsOf("--metadata", unnamed, "--labels-column", "1"); code != ExitOK || !reflect.DeepEqual(got, names) {
		t.Errorf("--labels-column 1: exit %d, labels %q: %s", code, got, stderr)
	}
	if code, _, _ := labelsOf("--metadata", unnamed, "--labels-column", "-2"); code != ExitUsage {
		t.Errorf("--labels-column -2: exit %d, want %d", code, ExitUsage)
	}
}

// A projection and a clustering method registered by a test get their
// flags, files, summary sections and assignments column with no other
// change to the command.
func TestAnalyzeRegisteredMethods(t *testing.T) {
	workspacetest.Register(t)
	vectors, metadata := blobFiles(t)
	_, _, help := cli(t, "analyze", "--help")
	for _, flag := range []string{"-fakemap\n", "-fakemap-scale", "-fakeclust-parts", "the number of fake clusters"} {
		if !strings.Contains(help, flag) {
			t.Errorf("the help does not offer %q:\n%s", flag, help)
		}
	}
	out := t.TempDir()
	code, _, stderr := cli(t, "analyze", "--features", vectors, "--metadata", metadata, "--fakemap", "--fakemap-scale", "2",
		"--fakeclust-parts", "3", "--out", out)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, f := range []string{"fakemap.csv", "fakemap.png", "fakeclust.png"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("no %s: %v", f, err)
		}
	}
	if rows := readLines(t, filepath.Join(out, "fakemap.csv")); len(rows) != 121 || rows[3] != "2,4,-4" {
		t.Errorf("fakemap.csv: %q…", rows[:4])
	}
	var sum map[string]json.RawMessage
	b, _ := os.ReadFile(filepath.Join(out, "summary.json"))
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	var fake struct {
		Scale   float64
		Seconds *float64
		Trust   float64 `json:"trustworthiness"`
	}
	var fc struct {
		Parts int
		ARI   *float64
	}
	if json.Unmarshal(sum["fakemap"], &fake) != nil || fake.Scale != 2 || fake.Seconds == nil || fake.Trust <= 0 {
		t.Errorf("fakemap section %s", sum["fakemap"])
	}
	// Point i is in cluster i mod 3, as the blobs are: a perfect score.
	if json.Unmarshal(sum["fakeclust"], &fc) != nil || fc.Parts != 3 || fc.ARI == nil || *fc.ARI != 1 {
		t.Errorf("fakeclust section %s", sum["fakeclust"])
	}
	rows := readLines(t, filepath.Join(out, "assignments.csv"))
	if rows[0] != "point,image_index,true_class,predicted_class,kmeans_cluster,dbscan_cluster,fakeclust_cluster" || !strings.HasSuffix(rows[2], ",,,1") {
		t.Errorf("assignments: %q", rows[:3])
	}
	// Bad values are usage errors that name the flag.
	if code, _, stderr := cli(t, "analyze", "--features", vectors, "--fakemap-scale", "9", "--out", t.TempDir()); code != ExitUsage ||
		!strings.Contains(stderr, "--fakemap-scale") {
		t.Errorf("scale 9: exit %d, %s", code, stderr)
	}
}
