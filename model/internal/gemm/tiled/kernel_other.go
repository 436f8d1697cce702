//go:build !amd64

package tiled

// asmPaths returns no paths: the kernels are written for amd64 only.
func asmPaths() []*Path { return nil }
