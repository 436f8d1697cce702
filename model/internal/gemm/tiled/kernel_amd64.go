package tiled

import "golang.org/x/sys/cpu"

//go:generate go run kernel_gen.go

// The micro-kernels of kernel_amd64.s (see microKernel); kc ≥ 1.
//
//go:noescape
func kernelAVX2(kc int, a, b, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernelAVX512(kc int, a, b, c *float32, ldc int, alpha, beta float32)

// asmPaths returns the assembly kernel paths this processor runs, fastest
// first.
func asmPaths() []*Path {
	var ps []*Path
	if cpu.X86.HasAVX512F {
		ps = append(ps, &Path{name: "avx512", mr: 12, nr: 32, kernel: kernelAVX512})
	}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		ps = append(ps, &Path{name: "avx2", mr: 6, nr: 16, kernel: kernelAVX2})
	}
	return ps
}
