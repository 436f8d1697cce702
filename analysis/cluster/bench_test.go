package cluster

import (
	"context"
	"testing"

	"github.com/fashionlens/fashionlens/internal/testfeatures"
)

// benchEps is the DBSCAN eps of the benchmarks: the knee of the sorted
// 5-distances of the test features (Knee(KDistance(x, 5)) ≈ 12.37). With
// MinPts 5 it gives 7 clusters (three of about 900 to 5,400 points, four of
// 3 to 5) and 7.6% noise, as scikit-learn does.
const benchEps = 12.37

func benchFeatures(b *testing.B) *testfeatures.Set {
	b.Helper()
	set, err := testfeatures.Test()
	if err != nil {
		b.Fatal(err)
	}
	return set
}

// BenchmarkKMeans clusters the 10,000×64 test features into 10 clusters,
// 10 restarts.
func BenchmarkKMeans(b *testing.B) {
	x := benchFeatures(b).X
	for b.Loop() {
		if _, err := KMeans(context.Background(), x, KMeansOptions{K: 10, Restarts: 10}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDBSCAN clusters the 10,000×64 test features with eps benchEps
// and MinPts 5.
func BenchmarkDBSCAN(b *testing.B) {
	x := benchFeatures(b).X
	for b.Loop() {
		if _, err := DBSCAN(context.Background(), x, DBSCANOptions{Eps: benchEps, MinPts: 5}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkKDistance computes the sorted 5-distances of the test features.
func BenchmarkKDistance(b *testing.B) {
	x := benchFeatures(b).X
	for b.Loop() {
		if _, err := KDistance(context.Background(), x, 5); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSilhouette scores the true classes of the test features on a
// sample of 1,000 points.
func BenchmarkSilhouette(b *testing.B) {
	set := benchFeatures(b)
	for b.Loop() {
		if _, err := Silhouette(context.Background(), set.X, set.Labels, 1000, 1); err != nil {
			b.Fatal(err)
		}
	}
}
