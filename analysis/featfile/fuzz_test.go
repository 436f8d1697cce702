package featfile

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"reflect"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// fashionClasses are Fashion-MNIST's class names, as the app passes them.
var fashionClasses = []string{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
	"Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"}

// checkRead checks a read that may have failed: a failure must be a
// *FormatError (the inputs come from memory, so nothing else can go
// wrong), and a success a matrix no larger than its input allows, which
// write then re-read give back bit for bit.
func checkRead(t *testing.T, in []byte, x *mat.Dense, err error, perValue int,
	write func(*bytes.Buffer, *mat.Dense) error, read func(*bytes.Buffer) (*mat.Dense, error)) {
	t.Helper()
	if err != nil {
		var fe *FormatError
		if !errors.As(err, &fe) || !errors.Is(err, ErrFormat) {
			t.Fatalf("not a format error: %v", err)
		}
		return
	}
	r, c := x.Dims()
	if r*c > len(in)/perValue+1 {
		t.Fatalf("%d×%d values from %d bytes", r, c, len(in))
	}
	for _, v := range x.RawMatrix().Data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("accepted %v", v)
		}
	}
	var b bytes.Buffer
	if err := write(&b, x); err != nil {
		t.Fatalf("write: %v", err)
	}
	y, err := read(&b)
	if err != nil {
		t.Fatalf("re-read: %v", err)
	}
	if !sameBits(x, y) {
		t.Fatalf("re-read differs")
	}
}

func FuzzReadTSV(f *testing.F) {
	for _, s := range []string{
		"1\t2\n3\t4\n", "1\t2\n\n", "\uFEFF1.5e3\t-0\r\n", "1\t\n", "NaN\n", "1e400\n",
		"1\n\n2\n", "0x1p-3\t1_0\n", "a\tb\n1\t2\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		x, err := ReadTSV(bytes.NewReader(in), "fuzz.tsv")
		checkRead(t, in, x, err, 2,
			func(b *bytes.Buffer, x *mat.Dense) error { return WriteTSV(b, x) },
			func(b *bytes.Buffer) (*mat.Dense, error) { return ReadTSV(b, "again.tsv") })
	})
}

func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"x,y\n1,2\n3,4\n", "1,2\n", "\"a,b\",c\n1,2\n", "\"1\",\"2\"\n", "\"x\n", "x\"y,z\n",
		",\n1,2\n", "NaN,1\n", "1,2\r\n\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		x, err := ReadCSV(bytes.NewReader(in), "fuzz.csv")
		checkRead(t, in, x, err, 2,
			func(b *bytes.Buffer, x *mat.Dense) error { return WriteCSV(b, x) },
			func(b *bytes.Buffer) (*mat.Dense, error) { return ReadCSV(b, "again.csv") })
	})
}

func FuzzReadF32(f *testing.F) {
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, []float32{1, -2, 0.5, 3})
	f.Add(b.Bytes(), 2)
	f.Add(b.Bytes(), 3)
	f.Add(b.Bytes()[:7], 1)
	f.Add([]byte{0, 0, 0xc0, 0x7f}, 1) // NaN
	f.Add([]byte{}, 1)
	f.Add([]byte{1, 2, 3, 4}, 0)
	f.Add([]byte{1, 2, 3, 4}, MaxDim)
	f.Fuzz(func(t *testing.T, in []byte, dim int) {
		x, err := ReadF32(bytes.NewReader(in), "fuzz.f32", dim)
		if dim <= 0 || dim > MaxDim {
			if err == nil || errors.Is(err, ErrFormat) {
				t.Fatalf("dim %d: %v", dim, err)
			}
			return
		}
		if err == nil && x.RawMatrix().Rows*dim*4 != len(in) {
			t.Fatalf("%d rows of %d from %d bytes", x.RawMatrix().Rows, dim, len(in))
		}
		checkRead(t, in, x, err, 4,
			func(b *bytes.Buffer, x *mat.Dense) error { return WriteF32(b, x) },
			func(b *bytes.Buffer) (*mat.Dense, error) { return ReadF32(b, "again.f32", dim) })
	})
}

func FuzzReadMetadata(f *testing.F) {
	for _, s := range []string{
		projector, "Bag\nBag\n", "3\n0\n\n", "b\na\n", "c\tk\n0\t-1\n", "\uFEFFa\tb\r\n x \t1\r\n",
		"a\tb\nx\n", "a\tb\nx\t \n", "65535\n", "a\n\nb\n",
	} {
		f.Add([]byte(s), 0)
		f.Add([]byte(s), 1)
	}
	f.Fuzz(func(t *testing.T, in []byte, column int) {
		// The header's columns are columns of the first line.
		h, err := ReadMetadataHeader(bytes.NewReader(in))
		if err != nil {
			t.Fatalf("header: %v", err)
		}
		if h.Label < -1 || h.Label >= len(h.Fields) || h.Index < -1 || h.Index >= len(h.Fields) || h.Train && h.Index < 0 {
			t.Fatalf("header %+v", h)
		}
		l, err := ReadMetadata(bytes.NewReader(in), "fuzz.tsv", column, fashionClasses)
		if err != nil {
			if !errors.Is(err, ErrFormat) && column >= 0 {
				t.Fatalf("not a format error: %v", err)
			}
			return
		}
		if len(l.Values) > len(in)/2+1 {
			t.Fatalf("%d labels from %d bytes", len(l.Values), len(in))
		}
		for i, v := range l.Values {
			if v < 0 || v >= len(l.Names) {
				t.Fatalf("label %d of point %d has no name (%d names)", v, i, len(l.Names))
			}
		}
		var b bytes.Buffer
		if err := WriteMetadata(&b, l); err != nil {
			t.Fatalf("write: %v", err)
		}
		back, err := ReadMetadata(&b, "again.tsv", 0, fashionClasses)
		if err != nil {
			t.Fatalf("re-read: %v", err)
		}
		if !reflect.DeepEqual(l, back) {
			t.Fatalf("re-read %v, want %v", back, l)
		}
	})
}
