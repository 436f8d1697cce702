package analysis

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestCheck(t *testing.T) {
	if n, d, err := Check(mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})); err != nil || n != 2 || d != 3 {
		t.Fatalf("good matrix: %d, %d, %v", n, d, err)
	}
	for name, x := range map[string]*mat.Dense{
		"nil":  nil,
		"zero": {},
		"nan":  mat.NewDense(2, 2, []float64{1, 2, math.NaN(), 4}),
		"inf":  mat.NewDense(1, 2, []float64{1, math.Inf(-1)}),
	} {
		_, _, err := Check(x)
		if !errors.Is(err, ErrInput) {
			t.Errorf("%s: %v, want ErrInput", name, err)
		}
	}
	if _, _, err := Check(mat.NewDense(2, 2, []float64{1, 2, math.NaN(), 4})); !strings.Contains(err.Error(), "row 1, column 0") {
		t.Errorf("does not name the place: %v", err)
	}
}

func TestCheckVariance(t *testing.T) {
	if err := CheckVariance(mat.NewDense(3, 2, []float64{1, 2, 1, 2, 1, 2})); !errors.Is(err, ErrInput) {
		t.Errorf("identical rows: %v", err)
	}
	if err := CheckVariance(mat.NewDense(2, 2, []float64{1, 2, 1, 3})); err != nil {
		t.Errorf("varying rows: %v", err)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 60000: "60,000", 1234567: "1,234,567", -4321: "-4,321", -999: "-999"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
