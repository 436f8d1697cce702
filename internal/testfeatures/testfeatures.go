// Package testfeatures gives tests and benchmarks realistic inputs for the
// analysis algorithms: the encoded Dense(64) features that a fixed trained
// fashion10 model computes for Fashion-MNIST images, with their labels.
// Only test files import it.
//
// The model is the fixture testdata/seed-fashion10-v0.2.ckpt (the model
// bundled with Fashion Lens 0.2), not the model bundled now, so that the
// reference answers the tests hold (from scikit-learn, say) and the
// figures of BENCHMARKS.md stay valid when the bundled model is retrained.
// `fashionlens features --model internal/testfeatures/testdata/seed-fashion10-v0.2.ckpt`
// writes the same features for the reference scripts.
package testfeatures

import (
	"bytes"
	"context"
	_ "embed" // the fixture model
	"fmt"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/model"
	"github.com/fashionlens/fashionlens/model/checkpoint"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// Set is a feature matrix (one row per image, 64 columns) and the images'
// labels (0–9).
type Set struct {
	X      *mat.Dense
	Labels []int
}

// Rows returns the first n rows of the set (all if n ≥ its size); the
// matrix shares the set's memory.
func (s *Set) Rows(n int) *Set {
	r, _ := s.X.Dims()
	if n >= r {
		return s
	}
	return &Set{X: s.X.Slice(0, n, 0, model.FeatureDim).(*mat.Dense), Labels: s.Labels[:n]}
}

var (
	testOnce sync.Once
	testSet  *Set
	testErr  error
)

// Test returns the features of the 10,000 embedded test images. It is
// computed once per process (about a second).
func Test() (*Set, error) {
	testOnce.Do(func() {
		split, err := dataset.Embedded()
		if err != nil {
			testErr = err
			return
		}
		testSet, testErr = compute(split)
	})
	return testSet, testErr
}

// Train returns the features of the 60,000 train images of the Debian
// package dataset-fashion-mnist, or an error if it is not installed.
func Train() (*Set, error) {
	split, err := dataset.ReadSplit(dataset.SystemDir, dataset.Train)
	if err != nil {
		return nil, err
	}
	return compute(split)
}

// Checkpoint is the model's file, relative to this package's folder.
const Checkpoint = "testdata/seed-fashion10-v0.2.ckpt"

//go:embed testdata/seed-fashion10-v0.2.ckpt
var checkpointData []byte

func compute(split *dataset.Split) (*Set, error) {
	c, err := checkpoint.Read(bytes.NewReader(checkpointData))
	if err != nil {
		return nil, fmt.Errorf("testfeatures: %s: %w", Checkpoint, err)
	}
	net, err := model.FromCheckpoint(c)
	if err != nil {
		return nil, fmt.Errorf("testfeatures: %s: %w", Checkpoint, err)
	}
	p, err := net.Predict(context.Background(), split, nil, true, nil)
	if err != nil {
		return nil, err
	}
	n := split.Len()
	data := make([]float64, len(p.Features))
	for i, v := range p.Features {
		data[i] = float64(v)
	}
	labels := make([]int, n)
	for i, l := range split.Labels {
		labels[i] = int(l)
	}
	return &Set{X: mat.NewDense(n, model.FeatureDim, data), Labels: labels}, nil
}
