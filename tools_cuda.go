//go:build tools && cuda

// gorgonia.org/cu, for the GPU build under the cuda tag; see tools.go.
package main

import _ "gorgonia.org/cu"
