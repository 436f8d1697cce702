// Package model is the convolutional network of Fashion Lens: its presets,
// training as a cancellable background job with progress, forward-only
// inference, evaluation, feature extraction and checkpoints.
//
// Training keeps gorgonia's graph, symbolic differentiation, tape machine
// and Adam solver; the layers are the project's own gorgonia ops (package
// ops), whose kernels run on all cores: GEMM micro-kernels and
// element-wise loops in Go assembly for AVX-512 and AVX2 processors, and Go
// elsewhere. Inference runs the same kernels directly, forward only, with
// batch normalisation on its running statistics and dropout off.
//
// Tensors are NHWC (channels last), as in Keras, so a Flatten after the
// convolutions orders features as Keras does. The data layer is in the
// sub-package dataset.
package model
