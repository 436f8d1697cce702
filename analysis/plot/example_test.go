package plot_test

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/analysis/plot"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// Draw an embedding coloured by class, with one point highlighted and a
// class hidden, and save it as a 1000×800-pixel PNG.
func ExampleScatter() {
	x := []float64{0, 1, 2, 10, 11, 12, 5}
	y := []float64{0, 1, 0, 10, 11, 10, 20}
	class := []int{0, 0, 0, 1, 1, 1, plot.Noise}
	p, err := plot.Scatter(x, y, class, plot.ScatterOptions{
		Title:     "t-SNE of the test features",
		XLabel:    "t-SNE 1",
		YLabel:    "t-SNE 2",
		Names:     []string{"Shirt", "Coat"},
		Highlight: []int{4},
		Hidden:    []int{0},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	dir, _ := os.MkdirTemp("", "plot")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "tsne.png")
	if err := plot.Save(p, path, 750, 600); err != nil {
		fmt.Println(err)
		return
	}
	data, _ := os.ReadFile(path)
	fmt.Printf("%q\n", data[1:4])

	// A category without a name is bad input.
	_, err = plot.Scatter(x, y, []int{0, 0, 0, 1, 1, 2, 0}, plot.ScatterOptions{Names: []string{"Shirt", "Coat"}})
	fmt.Println(errors.Is(err, analysis.ErrInput))
	// Output:
	// "PNG"
	// true
}

// Save picks the format from the extension.
func ExampleSave() {
	p, _ := plot.KDistance([]float64{0.3, 0.2, 0.25, 0.9, 1.4}, 4, 0.5)
	dir, _ := os.MkdirTemp("", "plot")
	defer os.RemoveAll(dir)
	for _, name := range []string{"k.svg", "k.pdf", "k.gif"} {
		err := plot.Save(p, filepath.Join(dir, name), 400, 300)
		fmt.Println(name, errors.Is(err, analysis.ErrInput))
	}
	// Output:
	// k.svg false
	// k.pdf false
	// k.gif true
}

// A GUI draws a figure at its own size: here a 640×480 widget on a screen
// with scale factor 1.5.
func ExampleRaster() {
	p, _ := plot.KDistance([]float64{0.3, 0.2, 0.25, 0.9, 1.4}, 4, 0.5)
	img, err := plot.Raster(p, 960, 720, 1.5)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(img.Bounds().Size())
	// Output:
	// (960,720)
}

// Training curves of five epochs, the first without validation, the
// fourth's weights kept. The learning rate of each epoch's end is drawn on
// its own axis in the loss panel; the first epoch's is unknown (0), as in
// a checkpoint written before rates were recorded.
func ExampleTrainingCurves() {
	nan := math.NaN()
	f, err := plot.TrainingCurves([]plot.Epoch{
		{Loss: 0.62, Accuracy: 0.78, ValLoss: nan, ValAccuracy: nan},
		{Loss: 0.41, Accuracy: 0.85, ValLoss: 0.44, ValAccuracy: 0.84, LR: 3e-3},
		{Loss: 0.35, Accuracy: 0.87, ValLoss: 0.39, ValAccuracy: 0.86, LR: 2.1e-3},
		{Loss: 0.31, Accuracy: 0.89, ValLoss: 0.37, ValAccuracy: 0.87, LR: 0.8e-3},
		{Loss: 0.29, Accuracy: 0.90, ValLoss: 0.38, ValAccuracy: 0.87, LR: 0.1e-3},
	}, plot.CurvesOptions{Title: "fashion10", Best: 4})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(f.Plots), "panels:", f.Plots[0].Title.Text, "and", f.Plots[1].Title.Text)

	// A negative learning rate is bad input.
	_, err = plot.TrainingCurves([]plot.Epoch{{Loss: 0.5, Accuracy: 0.8, ValLoss: nan, ValAccuracy: nan, LR: -1}},
		plot.CurvesOptions{})
	fmt.Println(errors.Is(err, analysis.ErrInput))
	// Output:
	// 2 panels: Loss and Accuracy
	// true
}

// A confusion matrix of the five groups, true groups in rows.
func ExampleConfusion() {
	counts := [][]int{
		{1765, 1, 98, 11, 125},
		{0, 970, 0, 20, 10},
		{69, 0, 1832, 2, 97},
		{12, 8, 2, 1951, 27},
		{126, 4, 74, 33, 2763},
	}
	p, err := plot.Confusion(counts, dataset.Groups5.Classes, nil, plot.ConfusionOptions{Title: "5 groups"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Title.Text, "|", p.X.Label.Text, "|", p.Y.Label.Text)
	// Output:
	// 5 groups | predicted class | true class
}

// Inertia and silhouette of K-means for k = 2 … 6.
func ExampleKSweep() {
	f, err := plot.KSweep([]int{2, 3, 4, 5, 6},
		[]float64{5200, 3900, 3100, 2900, 2750},
		[]float64{0.31, 0.36, 0.42, 0.38, 0.35})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(f.Title)
	// Output:
	// K-means: choosing k
}

// A montage of misclassified images with their captions.
func ExampleNewMontage() {
	images := make([][]uint8, 6)
	for i := range images {
		images[i] = make([]uint8, plot.Side*plot.Side)
		for j := range images[i] {
			images[i][j] = uint8(j * (i + 1))
		}
	}
	m, err := plot.NewMontage(len(images),
		func(i int) []uint8 { return images[i] },
		func(i int) string {
			return fmt.Sprintf("#%d %s → %s", i, dataset.ClassNames[6], dataset.ClassNames[i])
		},
		plot.MontageOptions{Cols: 3, Scale: 3})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Image().Bounds().Size())
	// Output:
	// (292,270)
}
