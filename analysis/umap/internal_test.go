package umap

import (
	"context"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestFitAB compares a and b with umap-learn 0.5.3's find_ab_params
// (scipy's curve_fit stops at its own tolerance, about 1e-7 here).
func TestFitAB(t *testing.T) {
	for _, c := range []struct{ spread, minDist, a, b float64 }{
		{1, 0.1, 1.5769434601962196, 0.8950608779914887},
		{1, 0.001, 1.9290733952004866, 0.7915045329560677},
		{1, 0.5, 0.583030020479462, 1.3341669929263487},
		{2, 0.5, 0.25887874119038884, 1.057499699581397},
		{1, 1.0, 0.11497568285252263, 1.9292371466948077},
		{0.5, 0.05, 5.453765169450458, 0.895060800578879},
	} {
		a, b := FitAB(c.spread, c.minDist)
		if math.Abs(a-c.a) > 1e-5*c.a || math.Abs(b-c.b) > 1e-5*c.b {
			t.Errorf("FitAB(%v, %v) = %v, %v; umap-learn %v, %v", c.spread, c.minDist, a, b, c.a, c.b)
		}
	}
}

// smallData is 30 points in 3-D, as umap-learn's reference computed them:
// x[i][j] = sin(1.3·i + 0.7·j² + j) + 0.1·i·[j = 0].
func smallData() *mat.Dense {
	x := mat.NewDense(30, 3, nil)
	for i := range 30 {
		for j := range 3 {
			v := math.Sin(1.3*float64(i) + 0.7*float64(j*j) + float64(j))
			if j == 0 {
				v += 0.1 * float64(i)
			}
			x.Set(i, j, v)
		}
	}
	return x
}

// TestFuzzyGraph compares ρ, σ and the fuzzy union's row sums with
// umap-learn 0.5.3's fuzzy_simplicial_set(x, 5, ..., "euclidean") on
// smallData, given the exact neighbours (scikit-learn's NearestNeighbors;
// its own NNDescent misses a few even here), in float32 there, hence the
// tolerance.
func TestFuzzyGraph(t *testing.T) {
	wantRows := []float64{2.9883503913879395, 3.1300623416900635, 2.985914707183838, 2.4199023246765137, 2.4112422466278076, 3.359682083129883, 3.4722678661346436, 2.6965208053588867, 2.696533203125, 3.3799808025360107, 3.3283743858337402, 3.107508659362793, 3.136492967605591, 2.847222328186035, 3.725667715072632, 4.533615589141846, 3.7104787826538086, 3.414726734161377, 3.381256103515625, 3.031440258026123, 2.8569698333740234, 2.482713222503662, 2.8291773796081543, 3.501573085784912, 3.0810749530792236, 2.408581018447876, 2.3553543090820312, 3.661013603210449, 2.849410057067871, 2.9344308376312256}
	wantSigma := []float64{0.4473724365234375, 0.4055938720703125, 0.5845489501953125, 0.877655029296875, 0.501983642578125, 0.6636276245117188, 0.21966934204101562, 0.25196075439453125, 0.37113189697265625, 0.3220100402832031, 0.656829833984375, 0.2213592529296875, 0.17830657958984375, 0.2986907958984375, 0.6283950805664062, 0.31885528564453125, 0.16334915161132812, 0.2027435302734375, 0.26079559326171875, 0.680084228515625, 0.11029434204101562, 0.31606292724609375, 0.2611541748046875, 0.34820556640625, 0.4238739013671875, 0.7007598876953125, 0.844451904296875, 0.37823486328125, 0.1122283935546875, 0.25826263427734375}
	wantRho := []float64{0.4038145840167999, 0.24492588639259338, 0.31896570324897766, 0.44013550877571106, 0.6637728810310364, 0.1528717577457428, 0.43097034096717834, 0.2906007170677185, 0.44013550877571106, 0.4038145840167999, 0.14452743530273438, 0.5254930257797241, 0.28562086820602417, 0.4896725118160248, 0.1528717577457428, 0.3888552486896515, 0.4721374213695526, 0.28562086820602417, 0.398394376039505, 0.14452743530273438, 0.6285854578018188, 0.4167357385158539, 0.30490007996559143, 0.24492588639259338, 0.3888552486896515, 0.6776188611984253, 0.4167357385158539, 0.34234362840652466, 0.5709200501441956, 0.6285854578018188}
	const wantNNZ = 142
	ctx := context.Background()
	nb, err := nearest(ctx, smallData(), 4)
	if err != nil {
		t.Fatal(err)
	}
	g, err := fuzzyGraph(ctx, nb, 30, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.w) != wantNNZ {
		t.Errorf("%d edges, umap-learn %d", len(g.w), wantNNZ)
	}
	close := func(got, want float64) bool { return math.Abs(got-want) <= 1e-4*math.Abs(want) }
	for i := range 30 {
		d := make([]float64, 4)
		for c := range d {
			d[c] = math.Sqrt(nb.SqDist[4*i+c])
		}
		rho, sigma := smoothDist(d, math.Log2(5), 0)
		if !close(rho, wantRho[i]) || !close(sigma, wantSigma[i]) {
			t.Errorf("point %d: ρ %v σ %v, umap-learn %v %v", i, rho, sigma, wantRho[i], wantSigma[i])
		}
		sum := 0.0
		for e := g.ptr[i]; e < g.ptr[i+1]; e++ {
			sum += g.w[e]
			// Symmetric, to the last bit.
			j := int(g.col[e])
			found := false
			for f := g.ptr[j]; f < g.ptr[j+1]; f++ {
				if int(g.col[f]) == i {
					found = g.w[f] == g.w[e]
				}
			}
			if !found {
				t.Errorf("edge %d–%d has no equal twin", i, j)
			}
		}
		if !close(sum, wantRows[i]) {
			t.Errorf("row %d sums to %v, umap-learn %v", i, sum, wantRows[i])
		}
	}
}
