//go:build cgo && openblas

package gemm

/*
#cgo LDFLAGS: -l:libopenblas.a -lm -lpthread
void cblas_sgemm(int order, int transA, int transB, int m, int n, int k,
	float alpha, const float *a, int lda, const float *b, int ldb,
	float beta, float *c, int ldc);
void openblas_set_num_threads(int n);
char *openblas_get_config(void);
*/
import "C"

import "unsafe"

const (
	rowMajor = 101
	noTrans  = 111
	trans    = 112
)

func init() {
	// The package splits work across cores itself.
	C.openblas_set_num_threads(1)
}

func sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	ta, tb := C.int(noTrans), C.int(noTrans)
	if transA {
		ta = trans
	}
	if transB {
		tb = trans
	}
	C.cblas_sgemm(rowMajor, ta, tb, C.int(m), C.int(n), C.int(k), C.float(alpha),
		(*C.float)(unsafe.Pointer(&a[0])), C.int(lda), (*C.float)(unsafe.Pointer(&b[0])), C.int(ldb),
		C.float(beta), (*C.float)(unsafe.Pointer(&c[0])), C.int(ldc))
}

// libraryName names the library path in a word.
const libraryName = "openblas"

func library() string {
	return C.GoString(C.openblas_get_config()) + " (static, 1 thread a block)"
}
