package pca

import (
	"context"
	"errors"
	"math"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/internal/testfeatures"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b)) }

// TestHand checks a case worked out by hand: four points on the axes,
// covariance diag(2/3, 8/3).
func TestHand(t *testing.T) {
	x := mat.NewDense(4, 2, []float64{1, 0, -1, 0, 0, 2, 0, -2})
	r, err := Fit(context.Background(), x, 2)
	if err != nil {
		t.Fatal(err)
	}
	wantComp := []float64{0, 1, 1, 0} // columns (0,1) and (1,0)
	wantProj := []float64{0, 1, 0, -1, 2, 0, -2, 0}
	for i, w := range wantComp {
		if g := r.Components.RawMatrix().Data[i]; !near(g, w, 1e-12) {
			t.Errorf("Components[%d] = %v, want %v", i, g, w)
		}
	}
	for i, w := range wantProj {
		if g := r.Projected.RawMatrix().Data[i]; !near(g, w, 1e-12) {
			t.Errorf("Projected[%d] = %v, want %v", i, g, w)
		}
	}
	for i, w := range []float64{8.0 / 3, 2.0 / 3} {
		if !near(r.Variance[i], w, 1e-12) {
			t.Errorf("Variance[%d] = %v, want %v", i, r.Variance[i], w)
		}
	}
	for i, w := range []float64{0.8, 0.2} {
		if !near(r.ExplainedVarianceRatio[i], w, 1e-12) {
			t.Errorf("ExplainedVarianceRatio[%d] = %v, want %v", i, r.ExplainedVarianceRatio[i], w)
		}
	}
	if r.Mean[0] != 0 || r.Mean[1] != 0 {
		t.Errorf("Mean = %v", r.Mean)
	}
}

// TestSklearn compares with scikit-learn 1.2.1 on a tiny input. The
// constants were printed by
//
//	p = sklearn.decomposition.PCA(n_components=2, svd_solver="full")
//	Y = p.fit_transform(X)
//	print(repr(p.components_), repr(p.explained_variance_),
//	      repr(p.explained_variance_ratio_), repr(Y), repr(p.mean_))
//
// with numpy's print precision set to 17 digits (svd_solver="randomized"
// gives the same numbers to 15 digits).
func TestSklearn(t *testing.T) {
	x := mat.NewDense(8, 3, []float64{
		2.5, 2.4, 0.5,
		0.5, 0.7, 1.1,
		2.2, 2.9, 0.3,
		1.9, 2.2, 0.8,
		3.1, 3.0, -0.2,
		2.3, 2.7, 0.4,
		2.0, 1.6, 1.0,
		1.0, 1.1, 0.9,
	})
	components := [][]float64{ // components_, k×d
		{-0.6575353354081135, -0.6823924259209616, 0.31935538156643756},
		{0.7509275884037038, -0.559096265411377, 0.35145287447572326},
	}
	variance := []float64{1.5111703428154117, 0.06189887169340356}
	ratio := []float64{0.939970445381129, 0.03850201949162056}
	projected := [][]float64{
		{-0.6235767027480198, 0.20554519477081407},
		{2.043174321073704, -0.13497460615181936},
		{-0.8313833913993546, -0.36957178935113083},
		{0.00322959815097135, -0.0277562428464167},
		{-1.6510821266419717, 0.0746269764332034},
		{-0.7287229015993297, -0.147514489980913},
		{0.4107825964760244, 0.4530848501359248},
		{1.3775786066879752, -0.05343989300966307},
	}
	mean := []float64{1.9375, 2.0749999999999997, 0.6}

	r, err := Fit(context.Background(), x, 2)
	if err != nil {
		t.Fatal(err)
	}
	const tol = 1e-12
	for c := range components {
		for j, w := range components[c] {
			if g := r.Components.At(j, c); !near(g, w, tol) {
				t.Errorf("component %d[%d] = %v, want %v", c, j, g, w)
			}
		}
		if !near(r.Variance[c], variance[c], tol) || !near(r.ExplainedVarianceRatio[c], ratio[c], tol) {
			t.Errorf("component %d: variance %v ratio %v, want %v %v", c, r.Variance[c], r.ExplainedVarianceRatio[c], variance[c], ratio[c])
		}
	}
	for i := range projected {
		for c, w := range projected[i] {
			if g := r.Projected.At(i, c); !near(g, w, tol) {
				t.Errorf("projected[%d][%d] = %v, want %v", i, c, g, w)
			}
		}
	}
	for j, w := range mean {
		if !near(r.Mean[j], w, tol) {
			t.Errorf("mean[%d] = %v, want %v", j, r.Mean[j], w)
		}
	}
	y, err := r.Transform(x)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.EqualApprox(y, r.Projected, 1e-12) {
		t.Errorf("Transform(x) differs from Projected")
	}
	if _, err := r.Transform(mat.NewDense(1, 2, nil)); !errors.Is(err, analysis.ErrInput) {
		t.Errorf("Transform with 2 columns: %v", err)
	}
}

// TestFeatures compares with scikit-learn 1.2.1 on the 10,000 test-image
// features. The constants were printed by
//
//	X = np.loadtxt("test-vectors.tsv", delimiter="\t")  # the same features
//	p = PCA(n_components=3, svd_solver="full"); Y = p.fit_transform(X)
//	print(p.explained_variance_ratio_, p.explained_variance_, Y[:3],
//	      p.components_[:, :4])
func TestFeatures(t *testing.T) {
	if raceEnabled {
		t.Skip("computing the features takes half a minute under the race detector")
	}
	set, err := testfeatures.Test()
	if err != nil {
		t.Skip(err)
	}
	ratio := []float64{0.23776019307698665, 0.1611725965553985, 0.13645022313063063}
	variance := []float64{263.74695282781767, 178.78847030995325, 151.36398611405326}
	projected := [][]float64{
		{23.53833618756929, -2.0033055519201106, -11.349345765718152},
		{-20.57715373594586, -12.596515010587995, -4.590229480490302},
		{-0.7302540245468192, 33.59429224323484, -10.535997025935275},
	}
	components := [][]float64{ // components_[:, :4]
		{0.08535115996215972, 0.05993343421801567, 0.05597317955062686, 0.03724665855292747},
		{-0.05991038739756196, 0.08305053177703503, -0.01559092142089736, -0.138982346476823},
		{-0.09140820833767355, 0.09006064837485694, 0.14188497800266223, -0.11408070762897149},
	}
	r, err := Fit(context.Background(), set.X, 3)
	if err != nil {
		t.Fatal(err)
	}
	// The features come from the network through OpenBLAS, whose kernels
	// (chosen by CPU, or by OPENBLAS_CORETYPE) round differently, moving
	// the features in their last float32 digits: the answers agree with
	// scikit-learn's to about 1e-8 relative, checked here at 1e-6.
	const tol = 1e-6
	for c := 0; c < 3; c++ {
		if !near(r.ExplainedVarianceRatio[c], ratio[c], tol) || !near(r.Variance[c], variance[c], tol) {
			t.Errorf("component %d: ratio %v variance %v, want %v %v", c, r.ExplainedVarianceRatio[c], r.Variance[c], ratio[c], variance[c])
		}
		for i := range projected {
			// The text file's features differ from testfeatures' in
			// the last float32 digit here and there.
			if g := r.Projected.At(i, c); !near(g, projected[i][c], 1e-5) {
				t.Errorf("projected[%d][%d] = %v, want %v", i, c, g, projected[i][c])
			}
		}
		for j, w := range components[c] {
			if g := r.Components.At(j, c); !near(g, w, tol) {
				t.Errorf("component %d[%d] = %v, want %v", c, j, g, w)
			}
		}
	}
	checkInvariants(t, r)

	// The blocks of the covariance sum do not depend on the cores.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	r1, err := Fit(context.Background(), set.X, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(r1.Projected, r.Projected) || !mat.Equal(r1.Components, r.Components) {
		t.Errorf("GOMAXPROCS 1 gives a different result")
	}
}

// checkInvariants checks that the axes are orthonormal, that the variance
// is that of the projected columns, and the order.
func checkInvariants(t *testing.T, r *Result) {
	t.Helper()
	n, k := r.Projected.Dims()
	var g mat.Dense
	g.Mul(r.Components.T(), r.Components)
	if !mat.EqualApprox(&g, eye(k), 1e-10) {
		t.Errorf("components not orthonormal: %v", mat.Formatted(&g))
	}
	for c := 0; c < k; c++ {
		var s, s2 float64
		for i := 0; i < n; i++ {
			v := r.Projected.At(i, c)
			s += v
			s2 += v * v
		}
		if math.Abs(s/float64(n)) > 1e-9 {
			t.Errorf("projected column %d has mean %v", c, s/float64(n))
		}
		if v := s2 / float64(n-1); !near(v, r.Variance[c], 1e-9) {
			t.Errorf("projected column %d has variance %v, Variance says %v", c, v, r.Variance[c])
		}
		if c > 0 && r.Variance[c] > r.Variance[c-1] {
			t.Errorf("variance not descending: %v", r.Variance)
		}
	}
}

func eye(k int) *mat.Dense {
	m := mat.NewDense(k, k, nil)
	for i := 0; i < k; i++ {
		m.Set(i, i, 1)
	}
	return m
}

// TestShapes fits every k, with more columns than rows too.
func TestShapes(t *testing.T) {
	x := mat.NewDense(3, 5, []float64{
		1, 2, 3, 4, 5,
		2, 1, 0, 3, 3,
		0, 0, 1, 9, 2,
	})
	for k := 1; k <= 3; k++ {
		r, err := Fit(context.Background(), x, k)
		if err != nil {
			t.Fatalf("k=%d: %v", k, err)
		}
		if d, kk := r.Components.Dims(); d != 5 || kk != k {
			t.Errorf("k=%d: Components %d×%d", k, d, kk)
		}
		if n, kk := r.Projected.Dims(); n != 3 || kk != k {
			t.Errorf("k=%d: Projected %d×%d", k, n, kk)
		}
		if len(r.ExplainedVarianceRatio) != k || len(r.Variance) != k {
			t.Errorf("k=%d: %d ratios, %d variances", k, len(r.ExplainedVarianceRatio), len(r.Variance))
		}
		sum := 0.0
		for _, v := range r.ExplainedVarianceRatio {
			sum += v
		}
		// Three points span two dimensions.
		if want := map[bool]float64{true: 1, false: sum}[k >= 2]; !near(sum, want, 1e-12) || sum > 1+1e-12 {
			t.Errorf("k=%d: ratios sum to %v", k, sum)
		}
		if k == 3 && r.Variance[2] > 1e-12 {
			t.Errorf("third variance of three points = %v, want 0", r.Variance[2])
		}
		for c := 0; c < k; c++ {
			best := 0.0
			for i := 0; i < 3; i++ {
				if v := r.Projected.At(i, c); math.Abs(v) > math.Abs(best) {
					best = v
				}
			}
			if best < 0 {
				t.Errorf("k=%d: column %d's largest entry %v is negative (svd_flip)", k, c, best)
			}
		}
	}
}

func TestErrors(t *testing.T) {
	good := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 7})
	for _, c := range []struct {
		name string
		x    *mat.Dense
		k    int
	}{
		{"nil", nil, 1},
		{"empty", &mat.Dense{}, 1},
		{"nan", mat.NewDense(2, 2, []float64{1, math.NaN(), 3, 4}), 1},
		{"inf", mat.NewDense(2, 2, []float64{1, 2, math.Inf(1), 4}), 1},
		{"one row", mat.NewDense(1, 2, []float64{1, 2}), 1},
		{"zero variance", mat.NewDense(3, 2, []float64{1, 2, 1, 2, 1, 2}), 1},
		{"k=0", good, 0},
		{"k<0", good, -1},
		{"k>d", good, 3},
		{"k>n", mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 7}), 3},
	} {
		if _, err := Fit(context.Background(), c.x, c.k); !errors.Is(err, analysis.ErrInput) {
			t.Errorf("%s: %v, want ErrInput", c.name, err)
		}
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	x := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 7})
	if _, err := Fit(ctx, x, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}
