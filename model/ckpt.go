package model

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"gorgonia.org/tensor"

	"github.com/fashionlens/fashionlens/model/checkpoint"
	"github.com/fashionlens/fashionlens/model/dataset"
	"github.com/fashionlens/fashionlens/model/internal/gemm"
	"github.com/fashionlens/fashionlens/model/internal/vec"
	"github.com/fashionlens/fashionlens/resources"
)

// Checkpoint returns the run as a checkpoint: the network's weights and
// running statistics, the history, the settings, and a fingerprint of the
// training data. metrics (may be nil) is stored as given.
func (r *Result) Checkpoint(split *dataset.Split, metrics map[string]float64) *checkpoint.Checkpoint {
	c := r.Net.Checkpoint()
	c.History = r.History
	c.BestEpoch = r.BestEpoch
	c.Metrics = metrics
	c.DataFingerprint = DataFingerprint(split, r.Config.Subset)
	cfg := r.Config
	c.Settings = cfg.Recipe.Settings()
	for k, v := range map[string]string{
		"preset":       cfg.Preset,
		"batch":        strconv.Itoa(cfg.Batch),
		"seed":         strconv.FormatUint(cfg.Seed, 10),
		"subset":       strconv.Itoa(cfg.Subset),
		"stop":         string(r.Stop),
		"train_images": strconv.Itoa(r.TrainSize),
		"val_images":   strconv.Itoa(r.ValSize),
	} {
		c.Settings[k] = v
	}
	return c
}

// Checkpoint returns the network's architecture and parameters as a
// checkpoint, with no history. The data is copied.
func (n *Net) Checkpoint() *checkpoint.Checkpoint {
	c := &checkpoint.Checkpoint{Preset: n.Preset, Scheme: n.Scheme.Name, Classes: n.Classes(), Created: time.Now().UTC()}
	for _, p := range n.params() {
		c.Params = append(c.Params, checkpoint.Tensor{Name: p.name, Shape: append([]int(nil), p.shape...), Data: append([]float32(nil), p.data...)})
	}
	return c
}

// FromCheckpoint rebuilds a network from a checkpoint. The checkpoint must
// name a known preset and scheme and hold every parameter with the shape
// the preset gives it, and nothing else.
func FromCheckpoint(c *checkpoint.Checkpoint) (*Net, error) {
	scheme, err := dataset.SchemeByName(c.Scheme)
	if err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	if c.Classes != scheme.NumClasses() {
		return nil, fmt.Errorf("checkpoint: scheme %s has %d classes, the checkpoint says %d", c.Scheme, scheme.NumClasses(), c.Classes)
	}
	n, err := New(c.Preset, scheme, 0)
	if err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	ps := n.params()
	if len(c.Params) != len(ps) {
		return nil, fmt.Errorf("checkpoint: %d arrays, the %s preset has %d", len(c.Params), c.Preset, len(ps))
	}
	for _, p := range ps {
		t, ok := c.Param(p.name)
		if !ok {
			return nil, fmt.Errorf("checkpoint: no array %q", p.name)
		}
		if !tensor.Shape(t.Shape).Eq(tensor.Shape(p.shape)) {
			return nil, fmt.Errorf("checkpoint: array %q has shape %v, want %v", p.name, t.Shape, p.shape)
		}
		copy(p.data, t.Data)
	}
	return n, nil
}

// DataFingerprint identifies training data: the SHA-256 of the split's
// image and label contents and the subset size.
func DataFingerprint(split *dataset.Split, subset int) string {
	if split == nil {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "images %s\nlabels %s\nsubset %d\n", split.Images.SHA256, split.Label.SHA256, subset)
	return hex.EncodeToString(h.Sum(nil))
}

// BundledPath is the path, in resources.Models, of the bundled checkpoint
// of the seed preset for a scheme.
func BundledPath(scheme *dataset.Scheme) string {
	return "models/" + PresetSeed + "-" + scheme.Name + ".ckpt"
}

// Bundled returns the trained network embedded in the binary for the
// scheme, and its checkpoint (history and metrics).
func Bundled(scheme *dataset.Scheme) (*Net, *checkpoint.Checkpoint, error) {
	name := BundledPath(scheme)
	f, err := resources.Models.Open(name)
	if err != nil {
		return nil, nil, fmt.Errorf("bundled model for %s: %w", scheme.Name, err)
	}
	defer f.Close()
	c, err := checkpoint.Read(f)
	if err != nil {
		return nil, nil, fmt.Errorf("bundled model %s: %w", name, err)
	}
	n, err := FromCheckpoint(c)
	if err != nil {
		return nil, nil, fmt.Errorf("bundled model %s: %w", name, err)
	}
	return n, c, nil
}

// Load reads a checkpoint file and rebuilds its network.
func Load(path string) (*Net, *checkpoint.Checkpoint, error) {
	c, err := checkpoint.Load(path)
	if err != nil {
		return nil, nil, err
	}
	n, err := FromCheckpoint(c)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return n, c, nil
}

// Backend names the matrix-multiply library the network runs on.
func Backend() string { return gemm.Backend() }

// GEMMPath names the GEMM path in use in a word: "avx512", "avx2" (the
// Go assembly kernels), "gonum", or "openblas" in a build with that tag.
func GEMMPath() string { return gemm.PathName() }

// LoopsPath names the version of the element-wise loops in use (bias and
// ReLU, batch normalisation, pooling, dropout): "avx2" (Go assembly) or
// "go".
func LoopsPath() string { return vec.Path() }

// GEMMPaths names the GEMM paths this processor and build run ("blas" is
// the build's library); $FASHIONLENS_GEMM picks one.
func GEMMPaths() []string { return gemm.Paths() }
