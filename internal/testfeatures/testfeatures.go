// Package testfeatures gives tests and benchmarks realistic inputs for the
// analysis algorithms: the encoded Dense(64) features that the bundled
// fashion10 model computes for Fashion-MNIST images, with their labels.
// Only test files import it.
package testfeatures

import (
	"context"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/model"
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

func compute(split *dataset.Split) (*Set, error) {
	net, _, err := model.Bundled(dataset.Fashion10)
	if err != nil {
		return nil, err
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
