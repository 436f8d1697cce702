package ops

import (
	"math"

	"github.com/fashionlens/fashionlens/internal/par"
	"github.com/fashionlens/fashionlens/model/internal/vec"
)

// The kernels work on NHWC tensors (channels last, as Keras stores them),
// viewed where it helps as a matrix of R = N·H·W rows by C channels. Each
// is parallel over images or fixed row blocks, so results do not depend
// on the number of cores.

// rowBlock is the number of rows in one block of a reduction.
const rowBlock = 2048

// Im2col3x3 writes the 3×3 "same" patches of x (n×h×w×c) into cols, one
// row of 9·c values per output pixel, in (ky, kx, c) order, on all cores.
func Im2col3x3(x []float32, n, h, w, c int, cols []float32) {
	par.For(n, 1, func(lo, hi int) {
		im2col3x3(x[lo*h*w*c:], hi-lo, h, w, c, cols[lo*h*w*9*c:])
	})
}

// im2col3x3 is Im2col3x3 on the calling goroutine. For each pixel and
// kernel row ky, the three taps' values are contiguous in both x and the
// patch row, so they go in one copy.
func im2col3x3(x []float32, n, h, w, c int, cols []float32) {
	k := 9 * c
	for b := range n {
		xb := x[b*h*w*c : (b+1)*h*w*c]
		for i := 0; i < h; i++ {
			for j := 0; j < w; j++ {
				row := cols[((b*h+i)*w+j)*k:][:k]
				x0, x1 := max(j-1, 0), min(j+2, w) // the columns inside the image
				off, n := (x0-(j-1))*c, (x1-x0)*c
				for ky := 0; ky < 3; ky++ {
					seg := row[ky*3*c : (ky+1)*3*c]
					y := i + ky - 1
					if y < 0 || y >= h {
						clear(seg)
						continue
					}
					src := xb[(y*w+x0)*c:][:n]
					if c == 1 {
						seg[0], seg[1], seg[2] = 0, 0, 0
						for q, v := range src {
							seg[off+q] = v
						}
						continue
					}
					clear(seg[:off])
					copy(seg[off:off+n], src)
					clear(seg[off+n:])
				}
			}
		}
	}
}

// Col2im3x3 is the adjoint of Im2col3x3: it sums each patch row of cols
// back into dx (n×h×w×c), which it overwrites, on all cores.
func Col2im3x3(cols []float32, n, h, w, c int, dx []float32) {
	par.For(n, 1, func(lo, hi int) {
		col2im3x3(cols[lo*h*w*9*c:], hi-lo, h, w, c, dx[lo*h*w*c:hi*h*w*c])
	})
}

// col2im3x3 is Col2im3x3 on the calling goroutine; as in im2col3x3, the
// three taps of a kernel row go in one addition.
func col2im3x3(cols []float32, n, h, w, c int, dx []float32) {
	k := 9 * c
	clear(dx[:n*h*w*c])
	for b := range n {
		db := dx[b*h*w*c : (b+1)*h*w*c]
		for i := 0; i < h; i++ {
			for j := 0; j < w; j++ {
				row := cols[((b*h+i)*w+j)*k:][:k]
				x0, x1 := max(j-1, 0), min(j+2, w)
				off, n := (x0-(j-1))*c, (x1-x0)*c
				for ky := 0; ky < 3; ky++ {
					y := i + ky - 1
					if y < 0 || y >= h {
						continue
					}
					addTo(db[(y*w+x0)*c:][:n], row[ky*3*c+off:][:n])
				}
			}
		}
	}
}

// addTo adds src to dst element-wise.
func addTo(dst, src []float32) { vec.Add(dst, src) }

// BiasAct adds bias to every row of y (rows of len(bias)) and, if relu,
// clamps negatives to zero, in place.
func BiasAct(y, bias []float32, relu bool) {
	c := len(bias)
	ones, zeros := onesZeros(c)
	par.For(len(y)/c, 256, func(lo, hi int) {
		vec.Affine(y[lo*c:hi*c], y[lo*c:hi*c], bias, ones, zeros, relu)
	})
}

// ReLUMask sets dz to dy where y > 0 and to zero elsewhere: the gradient
// through a ReLU whose output was y.
func ReLUMask(y, dy, dz []float32) {
	par.For(len(y), 1<<14, func(lo, hi int) {
		vec.ReLUMask(y[lo:hi], dy[lo:hi], dz[lo:hi])
	})
}

// ColSum writes into sum the sum over rows of x (rows of len(sum)), with
// a fixed order of additions.
func ColSum(x, sum []float32) {
	c := len(sum)
	rows := len(x) / c
	nb := (rows + rowBlock - 1) / rowBlock
	part := make([]float64, nb*c)
	par.Blocks(rows, rowBlock, func(b, lo, hi int) {
		p := part[b*c : (b+1)*c]
		acc := make([]float32, c)
		for r := lo; r < hi; r++ {
			addTo(acc, x[r*c:(r+1)*c])
		}
		for i, v := range acc {
			p[i] = float64(v)
		}
	})
	for i := range sum {
		var s float64
		for b := 0; b < nb; b++ {
			s += part[b*c+i]
		}
		sum[i] = float32(s)
	}
}

// BNStats computes the per-channel mean and biased variance of x (rows of
// len(mean)). The sums are shifted by the first row, a guess of the mean,
// so that the variance keeps its precision when it is small beside the
// mean.
func BNStats(x []float32, mean, variance []float64) {
	c := len(mean)
	rows := len(x) / c
	if rows == 0 {
		clear(mean)
		clear(variance)
		return
	}
	shift := x[:c:c]
	nb := (rows + rowBlock - 1) / rowBlock
	s1 := make([]float64, nb*c)
	s2 := make([]float64, nb*c)
	par.Blocks(rows, rowBlock, func(b, lo, hi int) {
		a := make([]float32, 2*c)
		vec.SumSq(x[lo*c:hi*c], shift, a[:c], a[c:])
		for i := range c {
			s1[b*c+i], s2[b*c+i] = float64(a[i]), float64(a[c+i])
		}
	})
	for i := 0; i < c; i++ {
		var t1, t2 float64
		for b := 0; b < nb; b++ {
			t1 += s1[b*c+i]
			t2 += s2[b*c+i]
		}
		d := t1 / float64(rows)
		mean[i] = float64(shift[i]) + d
		variance[i] = max(t2/float64(rows)-d*d, 0)
	}
}

// Affine sets y = x·scale + shift per channel (rows of len(scale)).
func Affine(x, y, scale, shift []float32) {
	c := len(scale)
	zeros := make([]float32, c)
	par.For(len(x)/c, 256, func(lo, hi int) {
		vec.Affine(x[lo*c:hi*c], y[lo*c:hi*c], zeros, scale, shift, false)
	})
}

// BNGradSums computes, per channel, sum(dy) and sum(dy·x̂) where
// x̂ = (x − mean)·invStd.
func BNGradSums(x, dy []float32, mean, invStd []float32, sumDy, sumDyXhat []float32) {
	c := len(mean)
	rows := len(x) / c
	nb := (rows + rowBlock - 1) / rowBlock
	s1 := make([]float64, nb*c)
	s2 := make([]float64, nb*c)
	par.Blocks(rows, rowBlock, func(b, lo, hi int) {
		a := make([]float32, 2*c)
		vec.SumDyX(x[lo*c:hi*c], dy[lo*c:hi*c], mean, a[:c], a[c:])
		for i := range c {
			s1[b*c+i], s2[b*c+i] = float64(a[i]), float64(a[c+i])
		}
	})
	for i := 0; i < c; i++ {
		var t1, t2 float64
		for b := 0; b < nb; b++ {
			t1 += s1[b*c+i]
			t2 += s2[b*c+i]
		}
		sumDy[i] = float32(t1)
		sumDyXhat[i] = float32(t2 * float64(invStd[i]))
	}
}

// BNGradInput writes the input gradient of training-mode batch
// normalisation: dx = γ·invStd·(dy − sum(dy)/R − x̂·sum(dy·x̂)/R), and, if
// relu (the input x is a ReLU's output), 0 where x ≤ 0: the gradient
// through that ReLU too.
func BNGradInput(x, dy, dx []float32, mean, invStd, gamma, sumDy, sumDyXhat []float32, relu bool) {
	c := len(mean)
	rows := len(x) / c
	inv := 1 / float32(rows)
	// dx = a·dy + b·x + k per channel.
	a := make([]float32, c)
	b := make([]float32, c)
	k := make([]float32, c)
	for i := range a {
		g := gamma[i] * invStd[i]
		m1 := sumDy[i] * inv
		m2 := sumDyXhat[i] * inv * invStd[i]
		a[i] = g
		b[i] = -g * m2
		k[i] = g * (m2*mean[i] - m1)
	}
	par.For(rows, 256, func(lo, hi int) {
		vec.AffineGrad(x[lo*c:hi*c], dy[lo*c:hi*c], dx[lo*c:hi*c], a, b, k, relu)
	})
}

// Pool2Max takes the maximum of each 2×2 block of x (n×h×w×c) into y
// (n×h/2×w/2×c); an odd last row or column is dropped.
func Pool2Max(x []float32, n, h, w, c int, y []float32) {
	oh, ow := h/2, w/2
	par.For(n*oh, 1, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			b, i := r/oh, r%oh
			in := x[((b*h+2*i)*w)*c:]
			vec.MaxPoolRow(y[r*ow*c:(r+1)*ow*c], in[:w*c], in[w*c:2*w*c], c)
		}
	})
}

// Pool2MaxGrad routes dy back through Pool2Max: each output's gradient
// goes to the first of its four inputs that equals the output y, in
// row-major order. It overwrites dx (n×h×w×c).
func Pool2MaxGrad(x, y, dy []float32, n, h, w, c int, dx []float32) {
	oh, ow := h/2, w/2
	if h%2 != 0 || w%2 != 0 {
		clear(dx[:n*h*w*c]) // the dropped row or column
	}
	par.For(n*oh, 1, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			b, i := r/oh, r%oh
			o := ((b*h + 2*i) * w) * c
			vec.MaxPoolRowGrad(dx[o:o+w*c], dx[o+w*c:o+2*w*c], x[o:o+w*c], x[o+w*c:o+2*w*c],
				y[r*ow*c:(r+1)*ow*c], dy[r*ow*c:(r+1)*ow*c], c)
		}
	})
}

// BiasActAffine adds bias to every row of y, applies ReLU if relu, then
// scales and shifts each channel: a layer and the inference-mode batch
// normalisation after it, in one pass.
func BiasActAffine(y, bias []float32, relu bool, scale, shift []float32) {
	c := len(bias)
	par.For(len(y)/c, 256, func(lo, hi int) {
		vec.Affine(y[lo*c:hi*c], y[lo*c:hi*c], bias, scale, shift, relu)
	})
}

// dropBlock is the number of values in one independently seeded block of a
// dropout mask.
const dropBlock = 4096

// DropoutMask fills mask with 0 (dropped, probability p) or 1/(1−p)
// (kept), from a stream determined by seed alone.
func DropoutMask(mask []float32, p float64, seed uint64) {
	keep := math.Float32bits(float32(1 / (1 - p)))
	thr := uint32(p * (1 << 16))
	par.Blocks(len(mask), dropBlock, func(b, lo, hi int) {
		s := splitmix(seed ^ uint64(b)*0x9e3779b97f4a7c15)
		m := mask[lo:hi]
		for i := 0; i < len(m); i += 4 {
			s = splitmix(s)
			r := s
			for j := i; j < i+4 && j < len(m); j++ {
				// Dropped where the 16 bits are below thr: without a
				// branch, which would be mispredicted a quarter of
				// the time. drop is all ones then (the difference's
				// sign), else 0.
				drop := uint32(int32(uint32(r&0xffff)-thr) >> 31)
				m[j] = math.Float32frombits(keep &^ drop)
				r >>= 16
			}
		}
	})
}

// splitmix is one step of the SplitMix64 generator.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	z := x
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Mul sets z = x·y element-wise.
func Mul(x, y, z []float32) {
	par.For(len(x), 1<<14, func(lo, hi int) {
		vec.Mul(x[lo:hi], y[lo:hi], z[lo:hi])
	})
}

// Softmax writes the row-wise softmax of logits (rows of c) into p and
// returns the summed cross-entropy −log p[label] over rows.
func Softmax(logits []float32, c int, labels []int, p []float32) float64 {
	var loss float64
	for r := 0; r < len(logits)/c; r++ {
		lr, pr := logits[r*c:(r+1)*c], p[r*c:(r+1)*c]
		m := lr[0]
		for _, v := range lr {
			m = max(m, v)
		}
		var s float64
		for i, v := range lr {
			e := math.Exp(float64(v - m))
			pr[i] = float32(e)
			s += e
		}
		for i := range pr {
			pr[i] = float32(float64(pr[i]) / s)
		}
		if labels != nil {
			loss -= float64(lr[labels[r]]-m) - math.Log(s)
		}
	}
	return loss
}

// SoftmaxSoft writes the row-wise softmax of logits (rows of c) into p and
// returns the summed cross-entropy −Σⱼ targets[j]·log p[j] over rows.
func SoftmaxSoft(logits []float32, c int, targets, p []float32) float64 {
	var loss float64
	for r := 0; r < len(logits)/c; r++ {
		lr, pr, tr := logits[r*c:(r+1)*c], p[r*c:(r+1)*c], targets[r*c:(r+1)*c]
		m := lr[0]
		for _, v := range lr {
			m = max(m, v)
		}
		var s float64
		for i, v := range lr {
			e := math.Exp(float64(v - m))
			pr[i] = float32(e)
			s += e
		}
		logS := math.Log(s)
		for i := range pr {
			pr[i] = float32(float64(pr[i]) / s)
			if tr[i] != 0 {
				// −log p = log s − (v − m)
				loss += float64(tr[i]) * (logS - float64(lr[i]-m))
			}
		}
	}
	return loss
}
