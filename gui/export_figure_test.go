package gui

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestExportedMapTexts exports both maps as SVG through the window's
// export and checks that they say what they show: the legend whole, the
// axis titles of the PCA map, and a caption naming the model, the points
// and the method. FASHIONLENS_FIGURE_DIR, if set, keeps the files there
// to look at.
func TestExportedMapTexts(t *testing.T) {
	_, w := exploreWindow(t)
	dir := os.Getenv("FASHIONLENS_FIGURE_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	d := w.derived
	for name, c := range map[string]struct {
		export  func()
		legend  []string
		caption string
	}{
		"embeddings": {w.embTab.export, d.Classes, d.Name() + " · " + strings.TrimPrefix(d.Source, "the ") + " · PCA"},
		"clusters":   {w.cluTab.exportPlot, nil, d.Name() + " · " + strings.TrimPrefix(d.Source, "the ") + " · "},
	} {
		path := filepath.Join(dir, name+".svg")
		fakeSave(w, path)
		onUI(w, c.export)
		waitIdle(t, w)
		closeDialogs(w)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var texts []string
		for _, m := range regexp.MustCompile(`(?s)<text[^>]*>(.*?)</text>`).FindAllStringSubmatch(string(b), -1) {
			texts = append(texts, html.UnescapeString(m[1]))
		}
		has := func(pred func(string) bool) bool { return slices.ContainsFunc(texts, pred) }
		if !has(func(s string) bool { return strings.HasPrefix(s, "PC 1 (") && strings.HasSuffix(s, "% of variance)") }) ||
			!has(func(s string) bool { return strings.HasPrefix(s, "PC 2 (") }) {
			t.Errorf("%s: no PCA axis titles in %q", name, texts)
		}
		if !has(func(s string) bool { return strings.HasPrefix(s, c.caption) }) {
			t.Errorf("%s: no caption starting %q in %q", name, c.caption, texts)
		}
		if name == "clusters" && !has(func(s string) bool { return strings.HasSuffix(s, " on the PCA map") && strings.HasPrefix(s, c.caption) }) {
			t.Errorf("%s: no caption ending on the PCA map in %q", name, texts)
		}
		if name == "embeddings" {
			for _, class := range c.legend {
				if !has(func(s string) bool { return strings.HasPrefix(s, class+" (") }) {
					t.Errorf("%s: no legend entry of %q in %q", name, class, texts)
				}
			}
		}
	}
}
