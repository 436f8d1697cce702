package cli

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// svgTexts returns the texts of the SVG file path.
func svgTexts(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, m := range regexp.MustCompile(`(?s)<text[^>]*>(.*?)</text>`).FindAllStringSubmatch(string(b), -1) {
		texts = append(texts, html.UnescapeString(m[1]))
	}
	return texts
}

// TestAnalyzeFigureTexts checks that analyze's maps have axis titles and a
// caption saying what they show: the feature file, the points, the method
// and its parameters.
func TestAnalyzeFigureTexts(t *testing.T) {
	vectors, _ := blobFiles(t)
	out := t.TempDir()
	code, _, stderr := cli(t, "analyze", "--features", vectors, "--kmeans", "3", "--tsne-perplexity", "10",
		"--tsne-iterations", "250", "--format", "svg", "--out", out)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	pcaAxis := regexp.MustCompile(`^PC 1 \(\d+\.\d% of variance\)$`)
	for fig, want := range map[string][]string{
		"pca":    {"PC 2 (", "vectors.tsv · 120 points · PCA"},
		"tsne":   {"t-SNE 1", "t-SNE 2", "vectors.tsv · 120 points · t-SNE (perplexity 10, iterations 250)"},
		"kmeans": {"t-SNE 1", "t-SNE 2", "vectors.tsv · 120 points · K-means (k = 3, 10 restarts, seed 1) on the t-SNE map"},
	} {
		texts := svgTexts(t, filepath.Join(out, fig+".svg"))
		for _, w := range want {
			if !slices.ContainsFunc(texts, func(s string) bool { return s == w || strings.HasSuffix(w, "(") && strings.HasPrefix(s, w) }) {
				t.Errorf("%s.svg has no text %q: %q", fig, w, texts)
			}
		}
		if fig == "pca" && !slices.ContainsFunc(texts, pcaAxis.MatchString) {
			t.Errorf("pca.svg has no x-axis title PC 1 (…%% of variance): %q", texts)
		}
	}
}
