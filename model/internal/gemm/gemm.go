// Package gemm multiplies float32 matrices: the GEMM behind the network's
// convolutions and dense layers.
//
// It has two kinds of path. The tiled paths (package tiled) are
// micro-kernels in Go assembly for AVX-512 and for AVX2 with FMA, picked
// at run time for the processor. The library path is gonum's pure-Go
// GEMM, for processors without AVX2 and FMA, or, in a build with the tag
// openblas, OpenBLAS linked statically (Debian's libopenblas.a), kept for
// side-by-side benchmarks: the tiled paths measured faster on this
// network's shapes (BENCHMARKS.md, "Kernel paths"), so the default build
// needs no C BLAS. Each call splits the rows of C into blocks, one per
// core, each an independent single-threaded GEMM.
//
// The path in use is the default for this processor and build (see Use),
// or the one named by $FASHIONLENS_GEMM (auto, avx512, avx2 or blas), for
// side-by-side benchmarks.
package gemm

import (
	"fmt"
	"os"
	"strings"

	"github.com/fashionlens/fashionlens/internal/par"
	"github.com/fashionlens/fashionlens/model/internal/gemm/tiled"
)

// EnvVar names the environment variable that chooses the path.
const EnvVar = "FASHIONLENS_GEMM"

// minParallel is the smallest m*n*k worth splitting across cores.
const minParallel = 1 << 17

// path is the path in use: a tiled one, or nil for the library.
var path *tiled.Path

func init() {
	if err := Use(os.Getenv(EnvVar)); err != nil {
		fmt.Fprintf(os.Stderr, "fashionlens: $%s: %v; using %s\n", EnvVar, err, Backend())
	}
}

// Paths names the paths this processor and build run: the tiled ones,
// widest first, then "blas".
func Paths() []string {
	var names []string
	for _, p := range tiled.Paths() {
		names = append(names, p.Name())
	}
	return append(names, "blas")
}

// Use makes the named path the one in use: "avx512", "avx2", "blas" (the
// build's library), or "" or "auto" for the default. A path the processor
// cannot run is an error, and the path in use is then the default.
//
// The default is the fastest measured (BENCHMARKS.md, "Kernel paths"):
// the widest tiled path the processor runs, avx512 or avx2, and the
// library only on processors without AVX2 and FMA.
func Use(name string) error {
	ps := tiled.Paths()
	path = nil
	if len(ps) > 0 {
		path = ps[0]
	}
	switch name {
	case "", "auto":
		return nil
	case "blas":
		path = nil
		return nil
	}
	for _, p := range ps {
		if p.Name() == name {
			path = p
			return nil
		}
	}
	return fmt.Errorf("no GEMM path %q on this processor (it runs %s)", name, strings.Join(Paths(), ", "))
}

// Sgemm computes C = alpha·op(A)·op(B) + beta·C for row-major matrices,
// where op(X) is X or its transpose: op(A) is m×k, op(B) is k×n and C is
// m×n, with leading dimensions lda, ldb and ldc.
func Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	one := sgemm
	if p := path; p != nil {
		one = func(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
			tiled.Sgemm(p, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		}
	}
	if m*n*k < minParallel || m < 2 {
		one(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	// Split the rows of C; each block is an independent GEMM, and its
	// result does not depend on how many blocks there are.
	par.For(m, 16, func(lo, hi int) {
		aoff := lo * lda
		if transA {
			aoff = lo
		}
		one(transA, transB, hi-lo, n, k, alpha, a[aoff:], lda, b, ldb, beta, c[lo*ldc:], ldc)
	})
}

// SgemmSerial is Sgemm on the calling goroutine only, for callers that
// split their work across cores themselves.
func SgemmSerial(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	if p := path; p != nil {
		tiled.Sgemm(p, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// PathName names the path in use in a word: "avx512", "avx2", "openblas"
// or "gonum".
func PathName() string {
	if path != nil {
		return path.Name()
	}
	return libraryName
}

// Backend names the GEMM path in use, for version and benchmark output.
func Backend() string {
	if path != nil {
		return fmt.Sprintf("%s (Go assembly, tiled)", path.Name())
	}
	return library()
}
