// Package vec holds the float32 loops behind the network's element-wise
// layers (bias and ReLU, batch normalisation, max-pooling, dropout) in
// AVX2 assembly, with Go versions of the same loops for processors
// without AVX2 and FMA and for other architectures.
//
// Each function works on one goroutine; callers split rows across cores.
// The per-channel functions see their data as rows of c values (channels
// last), where c is the length of the per-channel vectors; the assembly
// takes rows whose length is a multiple of 8, the Go loops any.
//
// Results of the two versions can differ in the last bit: the assembly
// fuses multiply-adds.
package vec

// useAsm says whether the AVX2 assembly runs: set at start-up for the
// processor, and by tests to check one version against the other.
var useAsm = hasAVX2

// Path names the version in use: "avx2" or "go".
func Path() string {
	if useAsm {
		return "avx2"
	}
	return "go"
}

// asmRows says whether rows of c values go to the assembly.
func asmRows(c int) bool { return useAsm && c > 0 && c%8 == 0 }

// Mul sets z = x·y element-wise; y and z are at least as long as x.
func Mul(x, y, z []float32) {
	y, z = y[:len(x)], z[:len(x)]
	n := 0
	if useAsm && len(x) >= 8 {
		n = len(x) &^ 7
		mulAVX2(&x[0], &y[0], &z[0], n)
	}
	for i := n; i < len(x); i++ {
		z[i] = x[i] * y[i]
	}
}

// Add adds src to dst element-wise; dst is at least as long as src.
func Add(dst, src []float32) {
	dst = dst[:len(src)]
	n := 0
	if useAsm && len(src) >= 8 {
		n = len(src) &^ 7
		addAVX2(&dst[0], &src[0], n)
	}
	for i := n; i < len(src); i++ {
		dst[i] += src[i]
	}
}

// ReLUMask sets dz to dy where y > 0 and to 0 elsewhere: the gradient
// through a ReLU whose output was y.
func ReLUMask(y, dy, dz []float32) {
	dy, dz = dy[:len(y)], dz[:len(y)]
	n := 0
	if useAsm && len(y) >= 8 {
		n = len(y) &^ 7
		reluMaskAVX2(&y[0], &dy[0], &dz[0], n)
	}
	for i := n; i < len(y); i++ {
		if y[i] > 0 {
			dz[i] = dy[i]
		} else {
			dz[i] = 0
		}
	}
}

// Affine sets, per channel i of each row of x, v = x + bias[i], then
// v = max(v, 0) if relu, and y = v·scale[i] + shift[i]. x and y hold whole
// rows of len(bias) values and may be the same slice. With bias zero it is
// batch normalisation's affine map; with scale 1 and shift 0 a layer's
// bias and activation.
func Affine(x, y, bias, scale, shift []float32, relu bool) {
	c := len(bias)
	rows := len(x) / c
	scale, shift, y = scale[:c], shift[:c], y[:rows*c]
	if asmRows(c) && rows > 0 {
		affineAVX2(&x[0], &y[0], &bias[0], &scale[0], &shift[0], rows, c, relu)
		return
	}
	for r := range rows {
		xr, yr := x[r*c:(r+1)*c], y[r*c:(r+1)*c]
		for i, b := range bias {
			v := xr[i] + b
			if relu {
				v = max(v, 0)
			}
			yr[i] = v*scale[i] + shift[i]
		}
	}
}

// AffineGrad sets, per channel i of each row, dx = a[i]·dy + b[i]·x + k[i],
// then, if relu, dx = 0 where x ≤ 0: batch normalisation's input gradient
// written as an affine map of dy and x, with the mask of a ReLU whose
// output x is.
func AffineGrad(x, dy, dx, a, b, k []float32, relu bool) {
	c := len(a)
	rows := len(x) / c
	dy, dx, b, k = dy[:rows*c], dx[:rows*c], b[:c], k[:c]
	if asmRows(c) && rows > 0 {
		affineGradAVX2(&x[0], &dy[0], &dx[0], &a[0], &b[0], &k[0], rows, c, relu)
		return
	}
	for r := range rows {
		xr, dr, or := x[r*c:(r+1)*c], dy[r*c:(r+1)*c], dx[r*c:(r+1)*c]
		for i := range a {
			v := a[i]*dr[i] + b[i]*xr[i] + k[i]
			if relu && !(xr[i] > 0) {
				v = 0
			}
			or[i] = v
		}
	}
}

// SumSq adds, per channel i over the rows of x, x − shift[i] to s1[i] and
// its square to s2[i]: the sums behind a mean and a variance, shifted
// for accuracy by a guess of the mean.
func SumSq(x, shift, s1, s2 []float32) {
	c := len(shift)
	rows := len(x) / c
	s1, s2 = s1[:c], s2[:c]
	if asmRows(c) && rows > 0 {
		sumSqAVX2(&x[0], &shift[0], &s1[0], &s2[0], rows, c)
		return
	}
	for r := range rows {
		xr := x[r*c : (r+1)*c]
		for i, m := range shift {
			d := xr[i] - m
			s1[i] += d
			s2[i] += d * d
		}
	}
}

// SumDyX adds, per channel i over the rows, dy to s1[i] and
// dy·(x − mean[i]) to s2[i]: the sums behind batch normalisation's
// gradients.
func SumDyX(x, dy, mean, s1, s2 []float32) {
	c := len(mean)
	rows := len(x) / c
	dy, s1, s2 = dy[:rows*c], s1[:c], s2[:c]
	if asmRows(c) && rows > 0 {
		sumDyXAVX2(&x[0], &dy[0], &mean[0], &s1[0], &s2[0], rows, c)
		return
	}
	for r := range rows {
		xr, dr := x[r*c:(r+1)*c], dy[r*c:(r+1)*c]
		for i, m := range mean {
			s1[i] += dr[i]
			s2[i] += dr[i] * (xr[i] - m)
		}
	}
}

// MaxPoolRow takes the maximum of each 2×2 block of two rows of an image
// of c channels: y gets len(y)/c pixels, r0 and r1 (the two input rows)
// hold at least twice as many.
func MaxPoolRow(y, r0, r1 []float32, c int) {
	ow := len(y) / c
	r0, r1 = r0[:2*ow*c], r1[:2*ow*c]
	if asmRows(c) && ow > 0 {
		maxPoolRowAVX2(&y[0], &r0[0], &r1[0], ow, c)
		return
	}
	for j := range ow {
		yr := y[j*c : (j+1)*c]
		a, b := r0[2*j*c:], r0[(2*j+1)*c:]
		d, e := r1[2*j*c:], r1[(2*j+1)*c:]
		for ch := range yr {
			yr[ch] = max(max(a[ch], b[ch]), max(d[ch], e[ch]))
		}
	}
}

// MaxPoolRowGrad routes dy back through MaxPoolRow: each output's
// gradient goes to the first of its four inputs (r0 before r1, left
// before right) that equals its output y; the other three get 0. dx0 and
// dx1 are the gradients of r0 and r1, of which the first 2·len(y) values
// are written.
func MaxPoolRowGrad(dx0, dx1, r0, r1, y, dy []float32, c int) {
	ow := len(y) / c
	n := 2 * ow * c
	dx0, dx1, r0, r1, dy = dx0[:n], dx1[:n], r0[:n], r1[:n], dy[:ow*c]
	if asmRows(c) && ow > 0 {
		maxPoolRowGradAVX2(&dx0[0], &dx1[0], &r0[0], &r1[0], &y[0], &dy[0], ow, c)
		return
	}
	for j := range ow {
		o := j * c
		p0, p1 := 2*j*c, (2*j+1)*c
		for ch := range c {
			m, g := y[o+ch], dy[o+ch]
			var g00, g01, g10, g11 float32
			switch m {
			case r0[p0+ch]:
				g00 = g
			case r0[p1+ch]:
				g01 = g
			case r1[p0+ch]:
				g10 = g
			case r1[p1+ch]:
				g11 = g
			}
			dx0[p0+ch], dx0[p1+ch], dx1[p0+ch], dx1[p1+ch] = g00, g01, g10, g11
		}
	}
}
