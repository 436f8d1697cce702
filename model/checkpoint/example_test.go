package checkpoint_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/fashionlens/fashionlens/model/checkpoint"
)

// Example saves a tiny model and loads it back.
func Example() {
	dir, err := os.MkdirTemp("", "checkpoint-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "model.ckpt")

	c := &checkpoint.Checkpoint{
		Preset:  "seed",
		Scheme:  "groups5",
		Classes: 5,
		Params: []checkpoint.Tensor{
			{Name: "fc.w", Shape: []int{5, 2}, Data: []float32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}},
			{Name: "fc.b", Shape: []int{5}, Data: []float32{0, 0.5, -0.5, 1, -1}},
		},
		History: []checkpoint.Epoch{
			{Epoch: 1, Loss: 0.9, Accuracy: 0.70, ValLoss: 0.8, ValAccuracy: 0.74},
			{Epoch: 2, Loss: 0.6, Accuracy: 0.80, ValLoss: 0.7, ValAccuracy: 0.78},
		},
		BestEpoch: 2,
		Metrics:   map[string]float64{"test_accuracy": 0.775},
		Settings:  map[string]string{"seed": "1", "lr": "0.01"},
		Created:   time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC),
	}
	if err := checkpoint.Save(path, c); err != nil {
		log.Fatal(err)
	}

	got, err := checkpoint.Load(path)
	if err != nil {
		log.Fatal(err)
	}
	bias, _ := got.Param("fc.b")
	fmt.Println(got.Preset, got.Scheme, got.Classes, "classes")
	fmt.Println(bias.Name, bias.Shape, bias.Data)
	fmt.Println("best epoch", got.BestEpoch, "of", len(got.History))
	fmt.Println("test accuracy", got.Metrics["test_accuracy"])
	fmt.Println("created", got.Created.Format(time.RFC3339))
	fmt.Println("same weights:", got.Fingerprint() == c.Fingerprint())

	// Output:
	// seed groups5 5 classes
	// fc.b [5] [0 0.5 -0.5 1 -1]
	// best epoch 2 of 2
	// test accuracy 0.775
	// created 2026-05-01T12:00:00Z
	// same weights: true
}
