//go:build !amd64

package vec

// hasAVX2 is false: the assembly is written for amd64 only.
const hasAVX2 = false

func mulAVX2(x, y, z *float32, n int)                                      { panic("vec: no assembly") }
func addAVX2(dst, src *float32, n int)                                     { panic("vec: no assembly") }
func reluMaskAVX2(y, dy, dz *float32, n int)                               { panic("vec: no assembly") }
func affineAVX2(x, y, bias, scale, shift *float32, rows, c int, relu bool) { panic("vec: no assembly") }
func affineGradAVX2(x, dy, dx, a, b, k *float32, rows, c int, relu bool)   { panic("vec: no assembly") }
func sumSqAVX2(x, shift, s1, s2 *float32, rows, c int)                     { panic("vec: no assembly") }
func sumDyXAVX2(x, dy, mean, s1, s2 *float32, rows, c int)                 { panic("vec: no assembly") }
func maxPoolRowAVX2(y, r0, r1 *float32, ow, c int)                         { panic("vec: no assembly") }
func maxPoolRowGradAVX2(dx0, dx1, r0, r1, y, dy *float32, ow, c int)       { panic("vec: no assembly") }
