// Package dataset reads Fashion-MNIST: IDX files (raw or gzip), the
// train and test splits, the label schemes, and where the files come from
// (a folder, the user's cache, Debian's package, a download, or the test
// split embedded in the binary).
//
// Pixels stay as uint8 in memory; FloatBatchTo turns a batch of them into
// float32 on demand.
package dataset

import (
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"slices"
)

// IDX magic numbers: 0x00000801 for unsigned-byte vectors (labels) and
// 0x00000803 for unsigned-byte 3-D arrays (images).
const (
	LabelMagic = 2049
	ImageMagic = 2051
)

// Image geometry and label range of Fashion-MNIST.
const (
	Rows       = 28
	Cols       = 28
	ImageSize  = Rows * Cols
	NumClasses = 10
)

// MaxItems bounds the number of images or labels a header may claim.
// Fashion-MNIST has 60,000 train and 10,000 test items; the bound keeps a
// hostile or corrupt header from asking for gigabytes.
const MaxItems = 1_000_000

// ErrFormat is matched (with errors.Is) by every error that says a file is
// not a valid Fashion-MNIST IDX file.
var ErrFormat = errors.New("invalid IDX file")

// FormatError says what is wrong with which file.
type FormatError struct {
	File string // the file's name or path, as given to the reader
	Msg  string // what is wrong
	Err  error  // an underlying error, if any (a gzip error, say)
}

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

// Kind is what an IDX file holds.
type Kind int

// The two kinds of IDX file in Fashion-MNIST.
const (
	Images Kind = iota
	Labels
)

func (k Kind) String() string {
	if k == Images {
		return "images"
	}
	return "labels"
}

func (k Kind) magic() uint32 {
	if k == Images {
		return ImageMagic
	}
	return LabelMagic
}

// File is a decoded IDX file.
type File struct {
	Kind  Kind
	Count int // number of images or labels
	// Data holds Count*ImageSize pixels (row-major, image after image) for
	// images, or Count labels in 0..9 for labels.
	Data []uint8
	// SHA256 is the hex SHA-256 of the decompressed file content, header
	// included: the same for upstream's files and Debian's recompressed ones.
	SHA256 string
	// Gzip tells whether the file was gzip-compressed.
	Gzip bool
}

// ReadImages decodes an IDX image file (raw or gzip, told apart by
// content) and checks that it holds 28×28 images and exactly the payload
// its header claims. name is used in error messages only.
func ReadImages(r io.Reader, name string) (*File, error) {
	return readIDX(r, name, Images)
}

// ReadLabels decodes an IDX label file (raw or gzip, told apart by
// content) and checks that every label lies in 0..9. name is used in error
// messages only.
func ReadLabels(r io.Reader, name string) (*File, error) {
	return readIDX(r, name, Labels)
}

// decompressed returns a reader of r's content, gunzipped if r starts with
// the gzip magic bytes.
func decompressed(r io.Reader, name string) (io.Reader, bool, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(2)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, false, fmt.Errorf("read %s: %w", name, err)
	}
	if len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, true, &FormatError{File: name, Msg: "corrupt gzip header", Err: err}
		}
		return zr, true, nil
	}
	return br, false, nil
}

func readIDX(r io.Reader, name string, kind Kind) (*File, error) {
	src, gz, err := decompressed(r, name)
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	tr := io.TeeReader(src, h)
	wrap := func(what string, err error) error {
		if gz && errors.Is(err, io.ErrUnexpectedEOF) {
			return formatErr(name, "truncated: the gzip stream ends early, in the %s", what)
		}
		if gz {
			return &FormatError{File: name, Msg: "corrupt gzip data in the " + what, Err: err}
		}
		return fmt.Errorf("read %s: %s: %w", name, what, err)
	}

	hdrLen := 8
	if kind == Images {
		hdrLen = 16
	}
	var hdr [16]byte
	// The magic number first, so a file of the other kind is named as such
	// even when it is shorter than this kind's header.
	readHeader := func(from, to int) error {
		n, err := io.ReadFull(tr, hdr[from:to])
		if err == nil {
			return nil
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return formatErr(name, "truncated header: %d of %d bytes", from+n, hdrLen)
		}
		return wrap("header", err)
	}
	if err := readHeader(0, 4); err != nil {
		return nil, err
	}
	magic := binary.BigEndian.Uint32(hdr[0:4])
	if magic != kind.magic() {
		switch magic {
		case ImageMagic, LabelMagic:
			other := Images
			if magic == LabelMagic {
				other = Labels
			}
			return nil, formatErr(name, "holds %v (magic %d), expected %v (magic %d)", other, magic, kind, kind.magic())
		}
		return nil, formatErr(name, "bad magic number %d (0x%08x), expected %d for an IDX %v file", magic, magic, kind.magic(), kind)
	}
	if err := readHeader(4, hdrLen); err != nil {
		return nil, err
	}
	count := binary.BigEndian.Uint32(hdr[4:8])
	if count > MaxItems {
		return nil, formatErr(name, "header claims %d %v, more than the limit of %d", count, kind, MaxItems)
	}
	item := 1
	if kind == Images {
		rows := binary.BigEndian.Uint32(hdr[8:12])
		cols := binary.BigEndian.Uint32(hdr[12:16])
		if rows != Rows || cols != Cols {
			return nil, formatErr(name, "images are %d×%d, expected %d×%d", rows, cols, Rows, Cols)
		}
		item = ImageSize
	}
	want := int(count) * item
	data, err := readPayload(tr, want)
	if err != nil {
		return nil, wrap("payload", err)
	}
	if len(data) < want {
		return nil, formatErr(name, "truncated: header claims %d %v (%d bytes of payload) but only %d bytes follow", count, kind, want, len(data))
	}
	if err := expectEOF(tr); err != nil {
		if errors.Is(err, errTrailing) {
			return nil, formatErr(name, "longer than its header says: more than %d bytes of payload for %d %v", want, count, kind)
		}
		return nil, wrap("end of file", err)
	}
	if kind == Labels {
		for i, l := range data {
			if l >= NumClasses {
				return nil, formatErr(name, "label %d at index %d is out of range 0–%d", l, i, NumClasses-1)
			}
		}
	}
	return &File{Kind: kind, Count: int(count), Data: data, SHA256: hexSum(h), Gzip: gz}, nil
}

func hexSum(h hash.Hash) string { return hex.EncodeToString(h.Sum(nil)) }

// readPayload reads up to want bytes, growing its buffer only as data
// arrives, so a header that lies about its size cannot make it allocate
// much more than the input really holds.
func readPayload(r io.Reader, want int) ([]byte, error) {
	buf := make([]byte, 0, min(want, 64<<10))
	for len(buf) < want {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, min(cap(buf), want-len(buf)))
		}
		n, err := r.Read(buf[len(buf):min(cap(buf), want)])
		buf = buf[:len(buf)+n]
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

var errTrailing = errors.New("trailing data")

// expectEOF reads on to the end of r. Reading to the end also makes a gzip
// reader check its CRC and length trailer.
func expectEOF(r io.Reader) error {
	var one [1]byte
	for {
		n, err := r.Read(one[:])
		if n > 0 {
			return errTrailing
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
