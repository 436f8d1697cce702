package vec

import "golang.org/x/sys/cpu"

// hasAVX2 says whether the processor runs vec_amd64.s.
var hasAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// The loops of vec_amd64.s. n is a positive multiple of 8; rows, ow and
// c are positive and c a multiple of 8.

//go:noescape
func mulAVX2(x, y, z *float32, n int)

//go:noescape
func addAVX2(dst, src *float32, n int)

//go:noescape
func reluMaskAVX2(y, dy, dz *float32, n int)

//go:noescape
func affineAVX2(x, y, bias, scale, shift *float32, rows, c int, relu bool)

//go:noescape
func affineGradAVX2(x, dy, dx, a, b, k *float32, rows, c int, relu bool)

//go:noescape
func sumSqAVX2(x, shift, s1, s2 *float32, rows, c int)

//go:noescape
func sumDyXAVX2(x, dy, mean, s1, s2 *float32, rows, c int)

//go:noescape
func maxPoolRowAVX2(y, r0, r1 *float32, ow, c int)

//go:noescape
func maxPoolRowGradAVX2(dx0, dx1, r0, r1, y, dy *float32, ow, c int)
