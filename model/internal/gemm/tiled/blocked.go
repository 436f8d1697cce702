// Package tiled multiplies float32 matrices with micro-kernels written
// here in Go assembly (kernel_amd64.s, made by kernel_gen.go): AVX2 with
// FMA, and AVX-512, chosen at run time. The matrices are packed into
// panels and the product computed tile by tile, the tile held in vector
// registers, in the manner of BLIS.
package tiled

import "sync"

// microKernel computes the mr×nr tile C = alpha·Ã·B̃ + beta·C, where Ã is
// a packed panel of A (kc steps of mr values) and B̃ a packed panel of B
// (kc steps of nr values), and C is row-major with leading dimension ldc
// (in elements). With beta = 0, C is not read.
type microKernel func(kc int, a, b, c *float32, ldc int, alpha, beta float32)

// stridedKernel is a microKernel that reads A where it lies: mr rows of
// kc values, row-major with leading dimension lda (in elements), instead
// of a packed panel.
type stridedKernel func(kc int, a *float32, lda int, b, c *float32, ldc int, alpha, beta float32)

// Path is one way of running the tiled GEMM: its micro-kernels and the
// tile they compute.
type Path struct {
	name    string
	mr, nr  int
	kernel  microKernel
	strided stridedKernel // nil: A is always packed
}

// tile runs one micro-kernel: the strided one on A itself at a (leading
// dimension lda) if direct, else the packed one on the panel at a.
func (p *Path) tile(direct bool, kc int, a *float32, lda int, b, c *float32, ldc int, alpha, beta float32) {
	if direct {
		p.strided(kc, a, lda, b, c, ldc, alpha, beta)
		return
	}
	p.kernel(kc, a, b, c, ldc, alpha, beta)
}

// Name names the path: "avx512" or "avx2".
func (p *Path) Name() string { return p.name }

// Paths returns the paths this processor runs, fastest first; none on
// processors without AVX2 and FMA, and on other architectures.
// GODEBUG=cpu.avx512f=off (or cpu.avx2=off, cpu.fma=off) leaves a path
// out, so that the AVX2 path is tested on AVX-512 machines too.
func Paths() []*Path { return asmPaths() }

// kc is the depth of a block of k: a packed panel of A (mr·kc values) stays
// in L1 and a packed block of B (kc·n values, n ≤ 288 here) in L2.
const kc = 256

// scratch holds the packing buffers of one goroutine.
type scratch struct {
	a, b, tile []float32
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

func grow(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}

// Sgemm computes C = alpha·op(A)·op(B) + beta·C for row-major matrices
// (as gemm.Sgemm, on one goroutine) with p's micro-kernel.
func Sgemm(p *Path, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	sgemmBlocked(p, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// sgemmBlocked computes C = alpha·op(A)·op(B) + beta·C with path's
// micro-kernels: for each block of kc steps of k, B is packed into panels
// of nr columns, then each band of mr rows of A is packed and multiplied
// with every panel. A full band of an untransposed A is not packed where
// the path has a strided kernel: the network's products have few panels
// (n of 32 or 64), so a packed band would be read once or twice and the
// packing cost as much as the product. Tiles that overhang C's edges go
// through a scratch tile.
func sgemmBlocked(p *Path, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if k == 0 || alpha == 0 {
		scaleC(m, n, beta, c, ldc)
		return
	}
	mr, nr := p.mr, p.nr
	panels := (n + nr - 1) / nr
	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	s.tile = grow(s.tile, mr*nr)
	for p0 := 0; p0 < k; p0 += kc {
		kb := min(kc, k-p0)
		bet := beta
		if p0 > 0 {
			bet = 1
		}
		s.b = grow(s.b, panels*nr*kb)
		packB(s.b, transB, b, ldb, p0, kb, n, nr)
		s.a = grow(s.a, mr*kb)
		for i0 := 0; i0 < m; i0 += mr {
			rows := min(mr, m-i0)
			direct := !transA && rows == mr && p.strided != nil
			pa := &s.a[0]
			if direct {
				_ = a[(i0+mr-1)*lda+p0+kb-1]
				pa = &a[i0*lda+p0]
			} else {
				packA(s.a, transA, a, lda, i0, rows, p0, kb, mr)
			}
			for j := 0; j < panels; j++ {
				j0 := j * nr
				cols := min(nr, n-j0)
				bp := &s.b[j*nr*kb]
				if rows == mr && cols == nr {
					p.tile(direct, kb, pa, lda, bp, &c[i0*ldc+j0], ldc, alpha, bet)
					continue
				}
				p.tile(direct, kb, pa, lda, bp, &s.tile[0], nr, alpha, 0)
				for i := range rows {
					ci := c[(i0+i)*ldc+j0 : (i0+i)*ldc+j0+cols]
					ti := s.tile[i*nr : i*nr+cols]
					if bet == 0 {
						copy(ci, ti)
						continue
					}
					for jj := range ci {
						ci[jj] = ti[jj] + bet*ci[jj]
					}
				}
			}
		}
	}
}

// scaleC sets C = beta·C (0 when beta is 0, whatever C held).
func scaleC(m, n int, beta float32, c []float32, ldc int) {
	for i := range m {
		row := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(row)
			continue
		}
		for j := range row {
			row[j] *= beta
		}
	}
}

// packB packs rows p0 … p0+kb of op(B) (k×n) into panels of nr columns:
// panel j holds kb steps of nr values, zero beyond column n.
func packB(dst []float32, trans bool, b []float32, ldb, p0, kb, n, nr int) {
	panels := (n + nr - 1) / nr
	for j := range panels {
		j0 := j * nr
		cols := min(nr, n-j0)
		pan := dst[j*nr*kb : (j+1)*nr*kb]
		if !trans {
			for p := range kb {
				row := b[(p0+p)*ldb+j0 : (p0+p)*ldb+j0+cols]
				out := pan[p*nr : p*nr+nr]
				copy(out, row)
				clear(out[cols:])
			}
			continue
		}
		// op(B)[p][j] = b[j*ldb+p]
		if cols < nr {
			clear(pan)
		}
		for jj := range cols {
			col := b[(j0+jj)*ldb+p0 : (j0+jj)*ldb+p0+kb]
			for p, v := range col {
				pan[p*nr+jj] = v
			}
		}
	}
}

// packA packs rows i0 … i0+rows of op(A) (m×k), steps p0 … p0+kb, as kb
// steps of mr values, zero beyond row rows.
func packA(dst []float32, trans bool, a []float32, lda, i0, rows, p0, kb, mr int) {
	if rows < mr {
		clear(dst[:mr*kb])
	}
	if trans {
		// op(A)[i][p] = a[p*lda+i]: each step's values are contiguous.
		// Whole bands of the kernels' heights have a loop in assembly
		// (copy would call memmove for each step's few values).
		if packTrans(dst, a[p0*lda+i0:], lda, kb, rows, mr) {
			return
		}
		for p := range kb {
			copy(dst[p*mr:p*mr+rows], a[(p0+p)*lda+i0:(p0+p)*lda+i0+rows])
		}
		return
	}
	if rows == mr && mr%4 == 0 {
		packARows4(dst, a, lda, i0, p0, kb, mr)
		return
	}
	for i := range rows {
		row := a[(i0+i)*lda+p0 : (i0+i)*lda+p0+kb]
		for p, v := range row {
			dst[p*mr+i] = v
		}
	}
}

// packARows4 is packA of a full band of op(A) = A, four rows at a time:
// four read streams, and each step's four values written together.
func packARows4(dst, a []float32, lda, i0, p0, kb, mr int) {
	for i := 0; i < mr; i += 4 {
		r0 := a[(i0+i)*lda+p0:][:kb]
		r1 := a[(i0+i+1)*lda+p0:][:kb]
		r2 := a[(i0+i+2)*lda+p0:][:kb]
		r3 := a[(i0+i+3)*lda+p0:][:kb]
		d := dst[i:]
		for p := range kb {
			q := d[p*mr:][:4]
			q[0], q[1], q[2], q[3] = r0[p], r1[p], r2[p], r3[p]
		}
	}
}
