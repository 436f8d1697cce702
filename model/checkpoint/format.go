package checkpoint

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// preambleSize is the length of the magic, version and header length.
const preambleSize = 16

// header is the JSON header of a checkpoint file.
type header struct {
	Preset          string               `json:"preset"`
	Scheme          string               `json:"scheme"`
	Classes         int                  `json:"classes"`
	History         []jsonEpoch          `json:"history"`
	BestEpoch       int                  `json:"best_epoch"`
	Metrics         map[string]jsonFloat `json:"metrics"`
	DataFingerprint string               `json:"data_fingerprint"`
	Settings        map[string]string    `json:"settings"`
	Created         string               `json:"created"`
	Tensors         []tensorInfo         `json:"tensors"`
}

// tensorInfo is one entry of the header's tensor table.
type tensorInfo struct {
	Name  string `json:"name"`
	Shape []int  `json:"shape"`
}

// jsonEpoch is Epoch as the header stores it.
type jsonEpoch struct {
	Epoch           int       `json:"epoch"`
	Loss            jsonFloat `json:"loss"`
	Accuracy        jsonFloat `json:"accuracy"`
	ValLoss         jsonFloat `json:"val_loss"`
	ValAccuracy     jsonFloat `json:"val_accuracy"`
	Seconds         jsonFloat `json:"seconds"`
	ImagesPerSecond jsonFloat `json:"images_per_second"`
	LR              jsonFloat `json:"lr,omitempty"`
}

// jsonFloat is a float64 that JSON can hold whatever its value: NaN and
// the infinities are written as the strings "NaN", "+Inf" and "-Inf".
type jsonFloat float64

// MarshalJSON writes f as a JSON number, or as a string if JSON has no
// number for it.
func (f jsonFloat) MarshalJSON() ([]byte, error) {
	v := float64(f)
	switch {
	case math.IsNaN(v):
		return []byte(`"NaN"`), nil
	case math.IsInf(v, 1):
		return []byte(`"+Inf"`), nil
	case math.IsInf(v, -1):
		return []byte(`"-Inf"`), nil
	}
	return strconv.AppendFloat(nil, v, 'g', -1, 64), nil
}

// UnmarshalJSON reads what MarshalJSON writes. A null leaves f as it is.
func (f *jsonFloat) UnmarshalJSON(b []byte) error {
	switch s := string(b); s {
	case "null":
		return nil
	case `"NaN"`:
		*f = jsonFloat(math.NaN())
		return nil
	case `"+Inf"`:
		*f = jsonFloat(math.Inf(1))
		return nil
	case `"-Inf"`:
		*f = jsonFloat(math.Inf(-1))
		return nil
	}
	// b is a valid JSON value here: encoding/json checks that first.
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("%.40s is not a float64 number", b)
	}
	*f = jsonFloat(v)
	return nil
}

func toHeader(c *Checkpoint) *header {
	h := &header{
		Preset:          c.Preset,
		Scheme:          c.Scheme,
		Classes:         c.Classes,
		BestEpoch:       c.BestEpoch,
		DataFingerprint: c.DataFingerprint,
		Settings:        c.Settings,
	}
	if c.History != nil {
		h.History = make([]jsonEpoch, len(c.History))
		for i, e := range c.History {
			h.History[i] = jsonEpoch{e.Epoch, jsonFloat(e.Loss), jsonFloat(e.Accuracy),
				jsonFloat(e.ValLoss), jsonFloat(e.ValAccuracy), jsonFloat(e.Seconds), jsonFloat(e.ImagesPerSecond), jsonFloat(e.LR)}
		}
	}
	if c.Metrics != nil {
		h.Metrics = make(map[string]jsonFloat, len(c.Metrics))
		for k, v := range c.Metrics {
			h.Metrics[k] = jsonFloat(v)
		}
	}
	if !c.Created.IsZero() {
		h.Created = c.Created.UTC().Format(time.RFC3339Nano)
	}
	if c.Params != nil {
		h.Tensors = make([]tensorInfo, len(c.Params))
		for i, t := range c.Params {
			h.Tensors[i] = tensorInfo{t.Name, t.Shape}
		}
	}
	return h
}

// fromHeader returns the checkpoint h describes, with tensors that have
// no data yet.
func fromHeader(h *header, file string) (*Checkpoint, error) {
	c := &Checkpoint{
		Preset:          h.Preset,
		Scheme:          h.Scheme,
		Classes:         h.Classes,
		BestEpoch:       h.BestEpoch,
		DataFingerprint: h.DataFingerprint,
		Settings:        h.Settings,
	}
	if h.History != nil {
		c.History = make([]Epoch, len(h.History))
		for i, e := range h.History {
			c.History[i] = Epoch{e.Epoch, float64(e.Loss), float64(e.Accuracy),
				float64(e.ValLoss), float64(e.ValAccuracy), float64(e.Seconds), float64(e.ImagesPerSecond), float64(e.LR)}
		}
	}
	if h.Metrics != nil {
		c.Metrics = make(map[string]float64, len(h.Metrics))
		for k, v := range h.Metrics {
			c.Metrics[k] = float64(v)
		}
	}
	if h.Created != "" {
		t, err := time.Parse(time.RFC3339Nano, h.Created)
		if err != nil {
			return nil, &FormatError{File: file, Msg: "bad creation time in the header", Err: err}
		}
		c.Created = t.UTC()
	}
	if h.Tensors != nil {
		c.Params = make([]Tensor, len(h.Tensors))
		for i, t := range h.Tensors {
			c.Params[i] = Tensor{Name: t.Name, Shape: t.Shape}
		}
	}
	return c, nil
}

// Write writes c to w in the checkpoint format. It checks c first and
// writes nothing if c cannot be stored as it is (an error that matches
// ErrFormat): a tensor whose data does not fit its shape, say, or two
// tensors of the same name. Errors from w are returned wrapped.
func Write(w io.Writer, c *Checkpoint) error {
	if err := validate(c, noFile, true); err != nil {
		return err
	}
	hdr, err := json.Marshal(toHeader(c))
	if err != nil {
		return fmt.Errorf("write checkpoint: encode the header: %w", err)
	}
	if len(hdr) > MaxHeaderBytes {
		return formatErr(noFile, "header too long: %d bytes, more than the limit of %d (too much history, metrics or settings?)", len(hdr), MaxHeaderBytes)
	}
	sum := sha256.New()
	bw := bufio.NewWriterSize(w, 64<<10)
	out := io.MultiWriter(bw, sum)
	wrap := func(err error) error { return fmt.Errorf("write checkpoint: %w", err) }

	pre := make([]byte, 0, preambleSize)
	pre = append(pre, Magic...)
	pre = binary.LittleEndian.AppendUint32(pre, Version)
	pre = binary.LittleEndian.AppendUint32(pre, uint32(len(hdr)))
	if _, err := out.Write(pre); err != nil {
		return wrap(err)
	}
	if _, err := out.Write(hdr); err != nil {
		return wrap(err)
	}
	buf := make([]byte, 0, 32<<10)
	for _, t := range c.Params {
		for data := t.Data; len(data) > 0; {
			n := min(len(data), cap(buf)/4)
			buf = appendFloats(buf[:0], data[:n])
			if _, err := out.Write(buf); err != nil {
				return wrap(err)
			}
			data = data[n:]
		}
	}
	if _, err := bw.Write(sum.Sum(nil)); err != nil {
		return wrap(err)
	}
	if err := bw.Flush(); err != nil {
		return wrap(err)
	}
	return nil
}

// Read reads a checkpoint from r, which must hold exactly one checkpoint
// and nothing after it: Read reads r to its end. Errors that say the
// content is not a valid checkpoint match ErrFormat; errors from r are
// returned wrapped.
func Read(r io.Reader) (*Checkpoint, error) {
	return read(r, noFile)
}

// read is Read; file names the content in errors.
func read(r io.Reader, file string) (*Checkpoint, error) {
	sum := sha256.New()
	hr := io.TeeReader(r, sum)
	// fail turns a read error into a truncation error or an I/O error.
	fail := func(err error, format string, args ...any) error {
		what := fmt.Sprintf(format, args...)
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return formatErr(file, "truncated: the file ends in the %s", what)
		}
		return fmt.Errorf("read %s: %s: %w", file, what, err)
	}

	var pre [preambleSize]byte
	n, err := io.ReadFull(hr, pre[:len(Magic)])
	if string(pre[:n]) != Magic[:n] {
		return nil, formatErr(file, "not a Fashion Lens checkpoint (it starts with %q, not %q)", pre[:n], Magic)
	}
	if n == 0 && errors.Is(err, io.EOF) {
		return nil, formatErr(file, "empty, not a Fashion Lens checkpoint")
	}
	if err != nil {
		return nil, fail(err, "magic number (%d of %d bytes)", n, len(Magic))
	}
	if _, err := io.ReadFull(hr, pre[8:12]); err != nil {
		return nil, fail(err, "format version")
	}
	switch v := binary.LittleEndian.Uint32(pre[8:12]); {
	case v == 0:
		return nil, formatErr(file, "format version 0 does not exist")
	case v > Version:
		return nil, formatErr(file, "written by a newer version of Fashion Lens (checkpoint format %d; this one reads formats 1 to %d)", v, Version)
	}
	if _, err := io.ReadFull(hr, pre[12:16]); err != nil {
		return nil, fail(err, "header length")
	}
	hdrLen := binary.LittleEndian.Uint32(pre[12:16])
	if hdrLen > MaxHeaderBytes {
		return nil, formatErr(file, "header too long: %d bytes, the limit is %d", hdrLen, MaxHeaderBytes)
	}
	// ReadAll grows its buffer as data arrives, not to what the length claims.
	hdrBytes, err := io.ReadAll(io.LimitReader(hr, int64(hdrLen)))
	if err != nil {
		return nil, fail(err, "header")
	}
	if len(hdrBytes) < int(hdrLen) {
		return nil, formatErr(file, "truncated: the file ends in the header (%d of %d bytes)", len(hdrBytes), hdrLen)
	}
	if !utf8.Valid(hdrBytes) {
		return nil, formatErr(file, "header is not valid UTF-8")
	}
	var h header
	if err := json.Unmarshal(hdrBytes, &h); err != nil {
		return nil, &FormatError{File: file, Msg: "bad JSON header", Err: err}
	}
	c, err := fromHeader(&h, file)
	if err != nil {
		return nil, err
	}
	if err := validate(c, file, false); err != nil {
		return nil, err
	}

	buf := make([]byte, 32<<10)
	for i := range c.Params {
		t := &c.Params[i]
		n, _ := elems(t.Shape) // validate checked the shape
		if t.Data, err = readFloats(hr, n, buf); err != nil {
			return nil, fail(err, "data of tensor %q (%d of %d values)", t.Name, len(t.Data), n)
		}
	}
	want := sum.Sum(nil)
	got := make([]byte, sha256.Size)
	if n, err := io.ReadFull(r, got); err != nil {
		return nil, fail(err, "checksum (%d of %d bytes)", n, sha256.Size)
	}
	if !bytes.Equal(got, want) {
		return nil, formatErr(file, "corrupt: the checksum does not match the content (the file was damaged or changed)")
	}
	switch _, err := io.ReadFull(r, got[:1]); {
	case err == nil:
		return nil, formatErr(file, "trailing bytes after the checksum")
	case !errors.Is(err, io.EOF):
		return nil, fmt.Errorf("read %s: after the checksum: %w", file, err)
	}
	return c, nil
}
