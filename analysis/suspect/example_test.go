package suspect_test

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis/suspect"
)

func Example() {
	// Two groups of points in one dimension, labelled 0 and 1; point 2
	// sits among the 0s but is labelled 1.
	features := mat.NewDense(8, 1, []float64{0, 0.1, 0.2, 0.3, 5, 5.1, 5.2, 5.3})
	labels := []int{0, 0, 1, 0, 1, 1, 1, 1}
	// A model that never saw these labels: it calls point 2 a 0.
	probs := []float32{
		0.9, 0.1, 0.9, 0.1, 0.8, 0.2, 0.9, 0.1,
		0.1, 0.9, 0.2, 0.8, 0.1, 0.9, 0.1, 0.9,
	}
	opt := suspect.Options{K: 3}
	scores, err := suspect.Score(context.Background(), features, labels, 2, probs, opt)
	if err != nil {
		fmt.Println(err)
		return
	}
	rank := suspect.Rank(scores)
	fmt.Println("score:", suspect.Explain(opt.K, probs != nil))
	for _, i := range rank[:3] {
		fmt.Printf("point %d, label %d: %.2f\n", i, labels[i], scores[i])
	}
	// Output:
	// score: model probability of the given label and its 3 nearest neighbours' labels
	// point 2, label 1: 0.90
	// point 0, label 0: 0.22
	// point 1, label 0: 0.22
}
