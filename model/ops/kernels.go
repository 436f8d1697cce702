package ops

import (
	"math"

	"github.com/fashionlens/fashionlens/model/internal/par"
)

// The kernels work on NHWC tensors (channels last, as Keras stores them),
// viewed where it helps as a matrix of R = N·H·W rows by C channels. Each
// is parallel over images or fixed row blocks, so results do not depend
// on the number of cores.

// rowBlock is the number of rows in one block of a reduction.
const rowBlock = 2048

// Im2col3x3 writes the 3×3 "same" patches of x (n×h×w×c) into cols, one
// row of 9·c values per output pixel, in (ky, kx, c) order.
func Im2col3x3(x []float32, n, h, w, c int, cols []float32) {
	k := 9 * c
	par.For(n, 1, func(lo, hi int) {
		for b := lo; b < hi; b++ {
			xb := x[b*h*w*c : (b+1)*h*w*c]
			for i := 0; i < h; i++ {
				for j := 0; j < w; j++ {
					row := cols[((b*h+i)*w+j)*k:][:k]
					for ky := 0; ky < 3; ky++ {
						y := i + ky - 1
						for kx := 0; kx < 3; kx++ {
							xx := j + kx - 1
							seg := row[(ky*3+kx)*c:][:c]
							if y < 0 || y >= h || xx < 0 || xx >= w {
								clear(seg)
							} else if c == 1 {
								seg[0] = xb[y*w+xx]
							} else {
								copy(seg, xb[(y*w+xx)*c:][:c])
							}
						}
					}
				}
			}
		}
	})
}

// Col2im3x3 is the adjoint of Im2col3x3: it sums each patch row of cols
// back into dx (n×h×w×c), which it overwrites.
func Col2im3x3(cols []float32, n, h, w, c int, dx []float32) {
	k := 9 * c
	par.For(n, 1, func(lo, hi int) {
		for b := lo; b < hi; b++ {
			db := dx[b*h*w*c : (b+1)*h*w*c]
			clear(db)
			for i := 0; i < h; i++ {
				for j := 0; j < w; j++ {
					row := cols[((b*h+i)*w+j)*k:][:k]
					for ky := 0; ky < 3; ky++ {
						y := i + ky - 1
						if y < 0 || y >= h {
							continue
						}
						for kx := 0; kx < 3; kx++ {
							xx := j + kx - 1
							if xx < 0 || xx >= w {
								continue
							}
							addTo(db[(y*w+xx)*c:][:c], row[(ky*3+kx)*c:][:c])
						}
					}
				}
			}
		}
	})
}

// addTo adds src to dst element-wise.
func addTo(dst, src []float32) {
	dst = dst[:len(src)]
	for i, v := range src {
		dst[i] += v
	}
}

// BiasAct adds bias to every row of y (rows of len(bias)) and, if relu,
// clamps negatives to zero, in place.
func BiasAct(y, bias []float32, relu bool) {
	c := len(bias)
	rows := len(y) / c
	par.For(rows, 256, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			row := y[r*c : (r+1)*c]
			row = row[:len(bias)]
			if relu {
				for i, b := range bias {
					v := row[i] + b
					row[i] = max(v, 0)
				}
			} else {
				for i, b := range bias {
					row[i] += b
				}
			}
		}
	})
}

// ReLUMask sets dz to dy where y > 0 and to zero elsewhere: the gradient
// through a ReLU whose output was y.
func ReLUMask(y, dy, dz []float32) {
	par.For(len(y), 1<<14, func(lo, hi int) {
		ys, ds, zs := y[lo:hi], dy[lo:hi], dz[lo:hi]
		ds, zs = ds[:len(ys)], zs[:len(ys)]
		for i, v := range ys {
			if v > 0 {
				zs[i] = ds[i]
			} else {
				zs[i] = 0
			}
		}
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
// len(mean)).
func BNStats(x []float32, mean, variance []float64) {
	c := len(mean)
	rows := len(x) / c
	nb := (rows + rowBlock - 1) / rowBlock
	s1 := make([]float64, nb*c)
	s2 := make([]float64, nb*c)
	par.Blocks(rows, rowBlock, func(b, lo, hi int) {
		a1 := s1[b*c : (b+1)*c]
		a2 := s2[b*c : (b+1)*c]
		for r := lo; r < hi; r++ {
			row := x[r*c : (r+1)*c]
			row = row[:len(a1)]
			for i, v := range row {
				f := float64(v)
				a1[i] += f
				a2[i] += f * f
			}
		}
	})
	for i := 0; i < c; i++ {
		var t1, t2 float64
		for b := 0; b < nb; b++ {
			t1 += s1[b*c+i]
			t2 += s2[b*c+i]
		}
		m := t1 / float64(rows)
		mean[i] = m
		variance[i] = max(t2/float64(rows)-m*m, 0)
	}
}

// Affine sets y = x·scale + shift per channel (rows of len(scale)).
func Affine(x, y, scale, shift []float32) {
	c := len(scale)
	rows := len(x) / c
	par.For(rows, 256, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			xr := x[r*c : (r+1)*c]
			yr := y[r*c : (r+1)*c]
			xr, yr = xr[:len(scale)], yr[:len(scale)]
			for i, s := range scale {
				yr[i] = xr[i]*s + shift[i]
			}
		}
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
		a1 := make([]float32, c)
		a2 := make([]float32, c)
		for r := lo; r < hi; r++ {
			xr := x[r*c : (r+1)*c]
			dr := dy[r*c : (r+1)*c]
			xr, dr = xr[:len(a1)], dr[:len(a1)]
			for i := range a1 {
				d := dr[i]
				a1[i] += d
				a2[i] += d * (xr[i] - mean[i]) * invStd[i]
			}
		}
		for i := range a1 {
			s1[b*c+i] = float64(a1[i])
			s2[b*c+i] = float64(a2[i])
		}
	})
	for i := 0; i < c; i++ {
		var t1, t2 float64
		for b := 0; b < nb; b++ {
			t1 += s1[b*c+i]
			t2 += s2[b*c+i]
		}
		sumDy[i] = float32(t1)
		sumDyXhat[i] = float32(t2)
	}
}

// BNGradInput writes the input gradient of training-mode batch
// normalisation: dx = γ·invStd·(dy − sum(dy)/R − x̂·sum(dy·x̂)/R).
func BNGradInput(x, dy, dx []float32, mean, invStd, gamma, sumDy, sumDyXhat []float32) {
	c := len(mean)
	rows := len(x) / c
	inv := 1 / float32(rows)
	k := make([]float32, c)  // γ·invStd
	m1 := make([]float32, c) // sum(dy)/R
	m2 := make([]float32, c) // sum(dy·x̂)/R
	for i := range k {
		k[i] = gamma[i] * invStd[i]
		m1[i] = sumDy[i] * inv
		m2[i] = sumDyXhat[i] * inv
	}
	par.For(rows, 256, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			xr := x[r*c : (r+1)*c]
			dr := dy[r*c : (r+1)*c]
			or := dx[r*c : (r+1)*c]
			xr, dr, or = xr[:len(k)], dr[:len(k)], or[:len(k)]
			for i := range k {
				xh := (xr[i] - mean[i]) * invStd[i]
				or[i] = k[i] * (dr[i] - m1[i] - xh*m2[i])
			}
		}
	})
}

// Pool2Max takes the maximum of each 2×2 block of x (n×h×w×c) into y
// (n×h/2×w/2×c); an odd last row or column is dropped.
func Pool2Max(x []float32, n, h, w, c int, y []float32) {
	oh, ow := h/2, w/2
	par.For(n, 1, func(lo, hi int) {
		for b := lo; b < hi; b++ {
			for i := 0; i < oh; i++ {
				for j := 0; j < ow; j++ {
					o := ((b*oh+i)*ow + j) * c
					p00 := ((b*h+2*i)*w + 2*j) * c
					p10 := p00 + w*c
					yr := y[o : o+c]
					r00, r01 := x[p00:p00+c], x[p00+c:p00+2*c]
					r10, r11 := x[p10:p10+c], x[p10+c:p10+2*c]
					r00, r01, r10, r11 = r00[:len(yr)], r01[:len(yr)], r10[:len(yr)], r11[:len(yr)]
					for ch := range yr {
						yr[ch] = max(max(r00[ch], r01[ch]), max(r10[ch], r11[ch]))
					}
				}
			}
		}
	})
}

// Pool2MaxGrad routes dy back through Pool2Max: each output's gradient
// goes to the first of its four inputs that equals the output y, in
// row-major order. It overwrites dx (n×h×w×c).
func Pool2MaxGrad(x, y, dy []float32, n, h, w, c int, dx []float32) {
	oh, ow := h/2, w/2
	par.For(n, 1, func(lo, hi int) {
		for b := lo; b < hi; b++ {
			clear(dx[b*h*w*c : (b+1)*h*w*c])
			for i := 0; i < oh; i++ {
				for j := 0; j < ow; j++ {
					o := ((b*oh+i)*ow + j) * c
					p00 := ((b*h+2*i)*w + 2*j) * c
					offs := [4]int{p00, p00 + c, p00 + w*c, p00 + w*c + c}
					for ch := 0; ch < c; ch++ {
						m := y[o+ch]
						for _, p := range offs {
							if x[p+ch] == m {
								dx[p+ch] = dy[o+ch]
								break
							}
						}
					}
				}
			}
		}
	})
}

// BiasActAffine adds bias to every row of y, applies ReLU if relu, then
// scales and shifts each channel: a layer and the inference-mode batch
// normalisation after it, in one pass.
func BiasActAffine(y, bias []float32, relu bool, scale, shift []float32) {
	c := len(bias)
	rows := len(y) / c
	par.For(rows, 256, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			row := y[r*c : (r+1)*c]
			row, sc, sh := row[:len(bias)], scale[:len(bias)], shift[:len(bias)]
			for i, b := range bias {
				v := row[i] + b
				if relu {
					v = max(v, 0)
				}
				row[i] = v*sc[i] + sh[i]
			}
		}
	})
}

// dropBlock is the number of values in one independently seeded block of a
// dropout mask.
const dropBlock = 4096

// DropoutMask fills mask with 0 (dropped, probability p) or 1/(1−p)
// (kept), from a stream determined by seed alone.
func DropoutMask(mask []float32, p float64, seed uint64) {
	keep := float32(1 / (1 - p))
	thr := uint32(p * (1 << 16))
	par.Blocks(len(mask), dropBlock, func(b, lo, hi int) {
		s := splitmix(seed ^ uint64(b)*0x9e3779b97f4a7c15)
		m := mask[lo:hi]
		for i := 0; i < len(m); i += 4 {
			s = splitmix(s)
			r := s
			for j := i; j < i+4 && j < len(m); j++ {
				if uint32(r&0xffff) < thr {
					m[j] = 0
				} else {
					m[j] = keep
				}
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
		xs, ys, zs := x[lo:hi], y[lo:hi], z[lo:hi]
		ys, zs = ys[:len(xs)], zs[:len(xs)]
		for i, v := range xs {
			zs[i] = v * ys[i]
		}
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
