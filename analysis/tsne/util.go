package tsne

import "gonum.org/v1/gonum/mat"

// contiguous returns a copy of x's elements, row after row, in one slice.
func contiguous(x *mat.Dense) []float64 {
	raw := x.RawMatrix()
	out := make([]float64, 0, raw.Rows*raw.Cols)
	for i := 0; i < raw.Rows; i++ {
		out = append(out, raw.Data[i*raw.Stride:i*raw.Stride+raw.Cols]...)
	}
	return out
}
