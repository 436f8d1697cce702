package workspace

import (
	"context"
	"strings"
	"testing"
)

// TestCaptions checks what figures say of each method's results: the
// axis titles (PCA's name their share of the variance, a projection
// without its own the title and a number) and the captions.
func TestCaptions(t *testing.T) {
	pts := blobs(300, 8, 3, 1)
	ctx := context.Background()
	pca, err := Project(ctx, "pca", pts, Defaults(mustProjection(t, "pca").Params), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a := pca.Axes; !strings.HasPrefix(a[0], "PC 1 (") || !strings.HasSuffix(a[0], "% of variance)") ||
		!strings.HasPrefix(a[1], "PC 2 (") || !strings.HasSuffix(a[1], "%)") {
		t.Errorf("PCA's axes %q", a)
	}
	if c := pca.Caption(); c != "PCA" {
		t.Errorf("PCA's caption %q, want PCA (components is the command line's)", c)
	}
	RegisterProjection(fakeProjection(nil))
	defer Unregister("fake")
	fake, err := Project(ctx, "fake", pts, Values{"scale": 2}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if fake.Axes != [2]string{"Fake map 1", "Fake map 2"} {
		t.Errorf("a projection without axes of its own: %q", fake.Axes)
	}
	if c := fake.Caption(); c != "Fake map (scale 2)" {
		t.Errorf("fake caption %q", c)
	}
	// Values as the window holds them, without running: t-SNE and UMAP.
	for name, want := range map[string]string{
		"tsne": "t-SNE (perplexity 30, iterations 1000)",
		"umap": "UMAP (neighbours 15, min. distance 0.1, epochs auto, seed 1)",
	} {
		p := mustProjection(t, name)
		r := &Projected{Layout: p.describe(&Layout{}), Method: p, Values: Defaults(p.Params)}
		if c := r.Caption(); c != want {
			t.Errorf("%s caption %q, want %q", name, c, want)
		}
		if want := [2]string{p.Title + " 1", p.Title + " 2"}; r.Axes != want {
			t.Errorf("%s axes %q, want %q", name, r.Axes, want)
		}
	}
	v := Defaults(mustClustering(t, "kmeans").Params)
	v["k"] = 3
	km, err := Cluster(ctx, "kmeans", pts, v, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c := km.CaptionOn(pca); c != "K-means (k = 3, 10 restarts, seed 1) on the PCA map" {
		t.Errorf("K-means caption %q", c)
	}
	if c := FigureCaption("bundled seed (fashion10)", "", PointsCaption(10000), pca.Caption()); c != "bundled seed (fashion10) · 10,000 points · PCA" {
		t.Errorf("FigureCaption = %q", c)
	}
	if c := PointsCaption(1); c != "1 point" {
		t.Errorf("PointsCaption(1) = %q", c)
	}
}

func mustProjection(t *testing.T, name string) Projection {
	t.Helper()
	p, ok := ProjectionNamed(name)
	if !ok {
		t.Fatalf("no projection %s", name)
	}
	return p
}

func mustClustering(t *testing.T, name string) Clustering {
	t.Helper()
	c, ok := ClusteringNamed(name)
	if !ok {
		t.Fatalf("no clustering %s", name)
	}
	return c
}
