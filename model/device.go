package model

import (
	"errors"
	"fmt"
	"strings"
)

// Device is where a network trains: the CPU or a GPU.
type Device string

// The devices.
const (
	CPU Device = "cpu"
	GPU Device = "gpu"
)

// GPUBuild says whether this binary can train on a GPU. It cannot: the
// GPU route (gorgonia's cuda build tag with gorgonia.org/cu, cuDNN and
// kernels generated with nvcc) needs CUDA's headers and tools when it is
// built, which the machines this project is built on do not have, and it
// has not been built or tested on a GPU yet (README.md, "GPU").
const GPUBuild = false

// NoGPUHelp says that this binary has no GPU support and what a GPU build
// needs.
const NoGPUHelp = "this fashionlens binary has no GPU support: it trains on the CPU " +
	"(with its own AVX-512 or AVX2 kernels, on all cores). A GPU build (go build -tags cuda with " +
	"gorgonia.org/cu) needs the CUDA toolkit with nvcc and cuDNN 8 headers where it is built and an " +
	"NVIDIA GPU where it runs, and has not been made and tested yet; see README.md, section GPU"

// ErrNoGPU is returned when training on a GPU is asked for: it wraps
// NoGPUHelp.
var ErrNoGPU = errors.New(NoGPUHelp)

// ParseDevice reads a device name, "cpu" or "gpu" in any case. It returns
// ErrNoGPU for "gpu" in a build without GPU support, and another error for
// an unknown name.
func ParseDevice(s string) (Device, error) {
	switch d := Device(strings.ToLower(strings.TrimSpace(s))); d {
	case CPU:
		return CPU, nil
	case GPU:
		if !GPUBuild {
			return "", ErrNoGPU
		}
		return GPU, nil
	}
	return "", fmt.Errorf("device %q: want cpu or gpu", s)
}
