package umap

import "math"

// FitAB returns a and b such that 1/(1 + a·x^(2b)) fits, in least
// squares on 300 evenly spaced x in [0, 3·spread], the curve that is 1 for
// x < minDist and exp(−(x − minDist)/spread) beyond: umap-learn's
// find_ab_params, which uses scipy's curve_fit from a = b = 1. Here the
// fit is Levenberg-Marquardt with analytic derivatives, run to
// convergence; with umap-learn's defaults (spread 1, min_dist 0.1) it
// gives a ≈ 1.5769, b ≈ 0.8951.
//
// spread must be positive and minDist in [0, spread]; Embed checks them.
func FitAB(spread, minDist float64) (a, b float64) {
	const m = 300
	xs := make([]float64, m)
	ys := make([]float64, m)
	for i := range m {
		x := 3 * spread * float64(i) / (m - 1)
		xs[i] = x
		if x < minDist {
			ys[i] = 1
		} else {
			ys[i] = math.Exp(-(x - minDist) / spread)
		}
	}
	// cost and the normal equations at (a, b).
	eval := func(a, b float64) (cost, jaa, jab, jbb, ga, gb float64) {
		for i, x := range xs {
			if x == 0 {
				// f = 1 whatever a and b (b > 0).
				r := 1 - ys[i]
				cost += r * r
				continue
			}
			lx := math.Log(x)
			p := math.Exp(2 * b * lx) // x^(2b)
			den := 1 + a*p
			f := 1 / den
			r := f - ys[i]
			da := -p / (den * den)
			db := -a * p * 2 * lx / (den * den)
			cost += r * r
			jaa += da * da
			jab += da * db
			jbb += db * db
			ga += da * r
			gb += db * r
		}
		return
	}
	a, b = 1, 1
	lambda := 1e-3
	cost, jaa, jab, jbb, ga, gb := eval(a, b)
	for range 500 {
		// (JᵀJ + λ·diag(JᵀJ)) δ = −Jᵀr
		m11, m12, m22 := jaa*(1+lambda), jab, jbb*(1+lambda)
		det := m11*m22 - m12*m12
		if det == 0 || math.IsNaN(det) {
			break
		}
		da := (-ga*m22 + gb*m12) / det
		db := (-gb*m11 + ga*m12) / det
		na, nb := a+da, b+db
		if nb <= 0 || na <= 0 {
			lambda *= 10
			continue
		}
		c2, jaa2, jab2, jbb2, ga2, gb2 := eval(na, nb)
		if c2 < cost {
			done := cost-c2 <= 1e-15*cost && math.Abs(da) <= 1e-12*math.Abs(a) && math.Abs(db) <= 1e-12*math.Abs(b)
			a, b = na, nb
			cost, jaa, jab, jbb, ga, gb = c2, jaa2, jab2, jbb2, ga2, gb2
			lambda = max(lambda/10, 1e-12)
			if done {
				break
			}
		} else {
			lambda *= 10
			if lambda > 1e12 {
				break
			}
		}
	}
	return a, b
}
