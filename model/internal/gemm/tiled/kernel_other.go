//go:build !amd64

package tiled

// asmPaths returns no paths: the kernels are written for amd64 only.
func asmPaths() []*Path { return nil }

// packTrans has no loops on other architectures.
func packTrans(dst, src []float32, lda, kb, rows, mr int) bool { return false }
