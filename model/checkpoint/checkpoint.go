// Package checkpoint stores a trained model in a versioned,
// self-describing binary file: its weights, its training history and
// what is known about how it was made.
//
// # File format
//
// All integers are little-endian. Version 1, the one this package writes:
//
//	offset   size     content
//	0        8        magic "FLENSCKP"
//	8        4        uint32 format version
//	12       4        uint32 n, the length of the JSON header (at most MaxHeaderBytes)
//	16       n        JSON header, UTF-8
//	16+n     4·total  float32 data of every tensor, in table order, row-major
//	end-32   32       SHA-256 of every byte before it
//
// The JSON header is an object with these fields:
//
//	preset            string
//	scheme            string
//	classes           number, at least 2
//	history           [{"epoch", "loss", "accuracy", "val_loss",
//	                    "val_accuracy", "seconds", "images_per_second",
//	                    "lr" (optional: absent in files written before it)}]
//	best_epoch        number, at least 0 (0: unknown)
//	metrics           {name: number}
//	data_fingerprint  string, "" or 64 lowercase hex digits
//	settings          {name: string}
//	created           string, RFC 3339 with nanoseconds, UTC ("" if unknown)
//	tensors           [{"name": string, "shape": [number, ...]}]
//
// Numbers in history and metrics that JSON cannot write (NaN, +Inf,
// -Inf, say the loss of a run that diverged) are written as the strings
// "NaN", "+Inf" and "-Inf". Unknown header fields are ignored.
//
// Tensor data may hold any float32 bits, NaN and infinities included; it
// is stored and read back bit for bit. Tensor names are non-empty and
// unique; every shape has at least one dimension, every dimension is
// positive, a tensor holds at most MaxTensorElems values and all of them
// together at most MaxTotalElems.
//
// Read checks all of this, and the checksum, and never allocates much
// more than the input really holds, whatever its header claims. It reads
// the file once, front to back, so damage in the header is reported as
// whatever it makes the header look like (bad JSON, say) before the
// checksum at the end can be compared. Write checks it too, before
// writing anything, so it never writes a file that Read would refuse.
//
// A round trip keeps everything: float bits, nil versus empty slices and
// maps, and the instant of Created, which Read returns in UTC.
package checkpoint

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/fashionlens/fashionlens/internal/atomicfile"
)

// Version is the format version this package writes. Read accepts
// versions 1 to Version.
const Version = 1

// Magic is the first 8 bytes of every checkpoint file.
const Magic = "FLENSCKP"

// Limits that keep a corrupt or hostile file from asking for more memory
// than any Fashion Lens model needs.
const (
	MaxHeaderBytes = 1 << 20   // length of the JSON header, in bytes
	MaxTensorElems = 64 << 20  // values in one tensor
	MaxTotalElems  = 256 << 20 // values in all tensors together
)

// ErrFormat is matched (with errors.Is) by every error that says a
// checkpoint is not valid: a file that Read or Load refuses, or a
// Checkpoint that Write or Save refuses to store.
var ErrFormat = errors.New("invalid checkpoint")

// FormatError says what is wrong with which checkpoint.
type FormatError struct {
	File string // the file's path, or "checkpoint" when there is none
	Msg  string // what is wrong
	Err  error  // an underlying error, if any (a JSON error, say)
}

// Error returns the file, what is wrong and the underlying error, if any.
func (e *FormatError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.File, e.Msg, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Unwrap returns the underlying error, if any.
func (e *FormatError) Unwrap() error { return e.Err }

// Is reports whether target is ErrFormat.
func (e *FormatError) Is(target error) bool { return target == ErrFormat }

func formatErr(file, format string, args ...any) error {
	return &FormatError{File: file, Msg: fmt.Sprintf(format, args...)}
}

// noFile names a checkpoint that is not read from or written to a file.
const noFile = "checkpoint"

// Tensor is one named array of weights or state, row-major.
type Tensor struct {
	Name  string
	Shape []int
	Data  []float32
}

// Epoch is one epoch of training history.
type Epoch struct {
	Epoch           int     `json:"epoch"`
	Loss            float64 `json:"loss"`
	Accuracy        float64 `json:"accuracy"`
	ValLoss         float64 `json:"val_loss"`
	ValAccuracy     float64 `json:"val_accuracy"`
	Seconds         float64 `json:"seconds"`
	ImagesPerSecond float64 `json:"images_per_second"`
	// LR is the learning rate at the epoch's end; 0 if unknown (older
	// files).
	LR float64 `json:"lr,omitempty"`
}

// Checkpoint is a trained model and what is known about it.
type Checkpoint struct {
	Preset          string             // e.g. "seed" or "small"
	Scheme          string             // label scheme, e.g. "fashion10" or "groups5"
	Classes         int                // number of output classes
	Params          []Tensor           // all weights, including batch-norm running statistics
	History         []Epoch            // training history
	BestEpoch       int                // epoch whose weights were kept (1-based, 0 if unknown)
	Metrics         map[string]float64 // e.g. "test_accuracy"
	DataFingerprint string             // hex SHA-256 identifying the training data
	Settings        map[string]string  // training settings (seed, lr, batch, ...) as text
	Created         time.Time
}

// Param returns the tensor named name. Its Shape and Data are shared
// with c, not copied.
func (c *Checkpoint) Param(name string) (Tensor, bool) {
	if c == nil {
		return Tensor{}, false
	}
	for _, t := range c.Params {
		if t.Name == name {
			return t, true
		}
	}
	return Tensor{}, false
}

// Fingerprint returns the hex SHA-256 of the model's identity: its
// preset, scheme, number of classes and every tensor's name, shape and
// data bits, in order. It does not depend on History, BestEpoch, Metrics,
// DataFingerprint, Settings or Created, so it is a stable key for the
// weights, the same before and after a Save and Load.
//
// The hashed bytes are "FLENSCKP fingerprint 1\n", then each string as a
// uint64 length and its bytes, each integer as an int64, the number of
// tensors, and per tensor its name, rank, dimensions, number of values
// and values as float32 bits, all little-endian.
func (c *Checkpoint) Fingerprint() string {
	h := sha256.New()
	var num [8]byte
	putInt := func(v int) {
		binary.LittleEndian.PutUint64(num[:], uint64(int64(v)))
		h.Write(num[:])
	}
	putString := func(s string) {
		putInt(len(s))
		io.WriteString(h, s)
	}
	io.WriteString(h, Magic+" fingerprint 1\n")
	if c == nil {
		return hex.EncodeToString(h.Sum(nil))
	}
	putString(c.Preset)
	putString(c.Scheme)
	putInt(c.Classes)
	putInt(len(c.Params))
	buf := make([]byte, 0, 32<<10)
	for _, t := range c.Params {
		putString(t.Name)
		putInt(len(t.Shape))
		for _, d := range t.Shape {
			putInt(d)
		}
		putInt(len(t.Data))
		for data := t.Data; len(data) > 0; {
			n := min(len(data), cap(buf)/4)
			buf = appendFloats(buf[:0], data[:n])
			h.Write(buf)
			data = data[n:]
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Save writes c to path atomically: a reader of path sees either the old
// file or the whole new one, and if anything fails the old file is left
// as it was. Errors name path.
func Save(path string, c *Checkpoint) error {
	return atomicfile.Write(path, func(w io.Writer) error {
		if err := Write(w, c); err != nil {
			return fmt.Errorf("save %s: %w", path, err)
		}
		return nil
	})
}

// Load reads the checkpoint at path. Errors name path; those that say
// the file is not a valid checkpoint match ErrFormat.
func Load(path string) (*Checkpoint, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load checkpoint: %w", err)
	}
	defer f.Close()
	return read(f, path)
}

// validate checks everything Write needs and Read promises about c, and
// with withData that every tensor holds as many values as its shape needs
// (Read checks the header before it reads any data). It checks shapes
// before data lengths, so that a huge shape fails before anything is
// allocated for it.
func validate(c *Checkpoint, file string, withData bool) error {
	if c == nil {
		return formatErr(file, "no checkpoint (nil)")
	}
	if c.Classes < 2 {
		return formatErr(file, "%d classes, a model needs at least 2", c.Classes)
	}
	if c.BestEpoch < 0 {
		return formatErr(file, "best epoch %d is negative", c.BestEpoch)
	}
	if !validFingerprint(c.DataFingerprint) {
		return formatErr(file, "data fingerprint %q is not a hex SHA-256 (64 lowercase hex digits)", c.DataFingerprint)
	}
	if !c.Created.IsZero() {
		if y := c.Created.UTC().Year(); y < 0 || y > 9999 {
			return formatErr(file, "creation time %v is out of range (years 0 to 9999 in UTC)", c.Created)
		}
	}
	for _, s := range []string{c.Preset, c.Scheme} {
		if !utf8.ValidString(s) {
			return formatErr(file, "preset or scheme %q is not valid UTF-8", s)
		}
	}
	for k := range c.Metrics {
		if !utf8.ValidString(k) {
			return formatErr(file, "metric name %q is not valid UTF-8", k)
		}
	}
	for k, v := range c.Settings {
		if !utf8.ValidString(k) || !utf8.ValidString(v) {
			return formatErr(file, "setting %q = %q is not valid UTF-8", k, v)
		}
	}
	seen := make(map[string]bool, len(c.Params))
	total := 0
	for i, t := range c.Params {
		if t.Name == "" {
			return formatErr(file, "tensor %d has no name", i)
		}
		if !utf8.ValidString(t.Name) {
			return formatErr(file, "tensor %d's name %q is not valid UTF-8", i, t.Name)
		}
		if seen[t.Name] {
			return formatErr(file, "two tensors named %q", t.Name)
		}
		seen[t.Name] = true
		n, err := elems(t.Shape)
		if err != nil {
			return formatErr(file, "tensor %q: %v", t.Name, err)
		}
		if total += n; total > MaxTotalElems {
			return formatErr(file, "the tensors hold more than %d values in all, the limit", MaxTotalElems)
		}
	}
	if withData {
		for _, t := range c.Params {
			if n, _ := elems(t.Shape); len(t.Data) != n {
				return formatErr(file, "tensor %q has %d values, its shape %v needs %d", t.Name, len(t.Data), t.Shape, n)
			}
		}
	}
	return nil
}

// elems returns the number of values a tensor of the given shape holds,
// or an error if the shape is empty, has a dimension below 1, or holds
// more than MaxTensorElems values. It cannot overflow.
func elems(shape []int) (int, error) {
	if len(shape) == 0 {
		return 0, errors.New("shape has no dimensions")
	}
	n := 1
	for _, d := range shape {
		if d < 1 {
			return 0, fmt.Errorf("shape %v has a dimension below 1", shape)
		}
		if d > MaxTensorElems/n {
			return 0, fmt.Errorf("shape %v holds more than %d values, the limit for one tensor", shape, MaxTensorElems)
		}
		n *= d
	}
	return n, nil
}

func validFingerprint(s string) bool {
	if s == "" {
		return true
	}
	if len(s) != 2*sha256.Size {
		return false
	}
	for _, r := range s {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return false
		}
	}
	return true
}

// appendFloats appends the little-endian bits of data to b.
func appendFloats(b []byte, data []float32) []byte {
	for _, v := range data {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
	}
	return b
}

// readFloats reads n little-endian float32 values from r, using buf
// (whose length is a positive multiple of 4) for the bytes. The result
// grows only as data arrives, so a shape that claims far more than r
// holds costs little memory. On error it returns what it read so far.
func readFloats(r io.Reader, n int, buf []byte) ([]float32, error) {
	per := len(buf) / 4
	data := make([]float32, 0, min(n, per))
	for len(data) < n {
		if len(data) == cap(data) {
			data = slices.Grow(data, min(cap(data), n-len(data)))
		}
		k := min(n-len(data), per)
		got, err := io.ReadFull(r, buf[:4*k])
		for i := 0; i+4 <= got; i += 4 {
			data = append(data, math.Float32frombits(binary.LittleEndian.Uint32(buf[i:])))
		}
		if err != nil {
			return data, err
		}
	}
	return data, nil
}
