package featfile_test

import (
	"bytes"
	"fmt"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis/featfile"
)

func ExampleReadTSV() {
	in := "0.5\t1\t-2\n3\t4.25\t0\n"
	x, err := featfile.ReadTSV(strings.NewReader(in), "vectors.tsv")
	if err != nil {
		fmt.Println(err)
		return
	}
	r, c := x.Dims()
	fmt.Println(r, "×", c, x.RawRowView(0), x.RawRowView(1))

	_, err = featfile.ReadTSV(strings.NewReader("1\t2\n3\tNaN\n"), "bad.tsv")
	fmt.Println(err)
	// Output:
	// 2 × 3 [0.5 1 -2] [3 4.25 0]
	// bad.tsv: line 2, column 2: value is NaN
}

func ExampleReadMetadata() {
	in := "label\tpredicted\tindex\n" +
		"Ankle boot\tAnkle boot\t0\n" +
		"Pullover\tShirt\t1\n"
	// The caller's class names: a column of them reads as their indices.
	classes := []string{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
		"Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"}
	l, _ := featfile.ReadMetadata(strings.NewReader(in), "metadata.tsv", 1, classes)
	for _, v := range l.Values {
		fmt.Println(v, l.Names[v])
	}
	// Output:
	// 9 Ankle boot
	// 6 Shirt
}

func ExampleWriteCSV() {
	x := mat.NewDense(2, 2, []float64{0.1, 2, 1.0 / 3, 0})
	var b bytes.Buffer
	featfile.WriteCSV(&b, x)
	fmt.Print(b.String())
	y, _ := featfile.ReadCSV(&b, "x.csv")
	fmt.Println(mat.Equal(x, y))
	// Output:
	// 0.1,2
	// 0.3333333333333333,0
	// true
}
