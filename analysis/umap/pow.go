package umap

import "math"

// pow returns x^b for x > 0 to about 1e-10 relative error (the tests
// check it against math.Pow), several times as fast as math.Pow and
// faster than math.Exp(b·math.Log(x)): it is the one transcendental
// function of the descent's inner loops (umap-learn calls pow there, in
// float32). Outside [1e-300, 1e300], or where x^b is near the limits of
// float64, it falls back to math.Pow.
//
// ln x = e·ln 2 + ln cⱼ + ln(1 + u), with x = m·2^e, cⱼ the middle of the
// 128th of [1, 2) that holds m, u = m/cⱼ − 1 (|u| < 2⁻⁸), ln(1 + u) by its
// series to u³; then e^y = 2^q · 2^(j/64) · e^r, |r| ≤ ln 2/128, e^r by
// its series to r³, with tabulated ln cⱼ, 1/cⱼ and 2^(j/64).
func pow(x, b float64) float64 {
	var v [1]float64
	powTo(v[:], []float64{x}, b)
	return v[0]
}

// powTo sets dst[i] = pow(x[i], b) for each x[i]: in one loop, so that
// the processor works on several at once.
func powTo(dst, x []float64, b float64) {
	dst = dst[:len(x)]
	for i, x := range x {
		if !(x >= 1e-300 && x <= 1e300) {
			dst[i] = math.Pow(x, b)
			continue
		}
		bits := math.Float64bits(x)
		// The exponent as a float64 without a conversion instruction:
		// 2⁵² + e + 1023 has e + 1023 as its low bits.
		e := math.Float64frombits(bits>>52|0x4330000000000000) - (1<<52 + 1023)
		idx := (bits >> 45) & (logTable - 1)
		m := math.Float64frombits(bits&(1<<52-1) | 1023<<52) // in [1, 2)
		u := m*logInv[idx] - 1
		ln1p := u * (1 + u*(-1.0/2+u*(1.0/3)))
		y := b * (e*math.Ln2 + logC[idx] + ln1p)

		// k = y·64/ln 2 rounded to the nearest whole number (adding
		// and taking away 1.5·2⁵² rounds).
		kf := (y*(expTable/math.Ln2) + roundMagic) - roundMagic
		if kf < -1020*expTable || kf > 1020*expTable {
			dst[i] = math.Pow(x, b)
			continue
		}
		k := int64(kf)
		r := y - kf*(ln2Hi/expTable) - kf*(ln2Lo/expTable)
		p := 1 + r*(1+r*(1.0/2+r*(1.0/6)))
		q := k >> 6 // floor(k/64)
		dst[i] = p * exp2Frac[k&(expTable-1)] * math.Float64frombits(uint64(q+1023)<<52)
	}
}

const (
	logTable   = 128
	expTable   = 64
	roundMagic = 1.5 * (1 << 52)
	// ln 2 in two parts, so that k·ln2Hi/64 is exact for the k that pow
	// meets.
	ln2Hi = 6.93147180369123816490e-01
	ln2Lo = 1.90821492927058770002e-10
)

var (
	logInv, logC [logTable]float64
	exp2Frac     [expTable]float64
)

func init() {
	for j := range logTable {
		c := 1 + (float64(j)+0.5)/logTable
		logInv[j] = 1 / c
		logC[j] = math.Log(c)
	}
	for j := range expTable {
		exp2Frac[j] = math.Exp2(float64(j) / expTable)
	}
}
