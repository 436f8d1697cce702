package dataset

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
)

// idx builds the bytes of an IDX file with the given header words and
// payload.
func idx(words []uint32, payload []byte) []byte {
	var b bytes.Buffer
	for _, w := range words {
		binary.Write(&b, binary.BigEndian, w)
	}
	b.Write(payload)
	return b.Bytes()
}

func gz(b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

func pixels(n int) []byte {
	p := make([]byte, n*ImageSize)
	for i := range p {
		p[i] = byte(i * 7)
	}
	return p
}

func TestReadImagesValid(t *testing.T) {
	raw := idx([]uint32{ImageMagic, 3, 28, 28}, pixels(3))
	for _, tc := range []struct {
		name string
		in   []byte
		gzip bool
	}{{"raw", raw, false}, {"gzip", gz(raw), true}} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := ReadImages(bytes.NewReader(tc.in), "x")
			if err != nil {
				t.Fatal(err)
			}
			if f.Count != 3 || len(f.Data) != 3*ImageSize || f.Gzip != tc.gzip {
				t.Fatalf("got count %d, %d bytes, gzip %v", f.Count, len(f.Data), f.Gzip)
			}
			if !bytes.Equal(f.Data, pixels(3)) {
				t.Fatal("pixels differ from what was written")
			}
		})
	}
}

func TestReadLabelsValid(t *testing.T) {
	f, err := ReadLabels(bytes.NewReader(idx([]uint32{LabelMagic, 4}, []byte{0, 9, 3, 3})), "x")
	if err != nil {
		t.Fatal(err)
	}
	if f.Count != 4 || !bytes.Equal(f.Data, []byte{0, 9, 3, 3}) {
		t.Fatalf("got %d labels %v", f.Count, f.Data)
	}
}

// TestMalformed checks that each kind of damage gives an error matching
// ErrFormat, naming the file and saying what is wrong.
func TestMalformed(t *testing.T) {
	good := idx([]uint32{ImageMagic, 2, 28, 28}, pixels(2))
	goodGz := gz(good)
	corruptGz := bytes.Clone(goodGz)
	corruptGz[len(corruptGz)/2] ^= 0xff
	badCRC := bytes.Clone(goodGz)
	badCRC[len(badCRC)-6] ^= 0xff // inside the CRC-32 trailer
	for _, tc := range []struct {
		name   string
		kind   Kind
		in     []byte
		reason string
	}{
		{"empty", Images, nil, "truncated header"},
		{"bad magic", Images, idx([]uint32{0x12345678, 2, 28, 28}, pixels(2)), "bad magic number"},
		{"label file as images", Images, idx([]uint32{LabelMagic, 2}, []byte{1, 2}), "holds labels"},
		{"image file as labels", Labels, good, "holds images"},
		{"truncated header", Images, good[:10], "truncated header"},
		{"truncated payload", Images, good[:len(good)-1], "truncated"},
		{"truncated gzip", Images, goodGz[:len(goodGz)/2], "truncated"},
		{"trailing data", Images, append(bytes.Clone(good), 0), "longer than its header says"},
		{"wrong dimensions", Images, idx([]uint32{ImageMagic, 2, 32, 32}, make([]byte, 2*32*32)), "32×32, expected 28×28"},
		{"label out of range", Labels, idx([]uint32{LabelMagic, 3}, []byte{1, 10, 2}), "label 10 at index 1 is out of range"},
		{"huge claimed count", Images, idx([]uint32{ImageMagic, 4_000_000_000, 28, 28}, pixels(1)), "more than the limit"},
		{"huge count within limit", Images, idx([]uint32{ImageMagic, MaxItems, 28, 28}, pixels(1)), "truncated"},
		{"non-gzip garbage", Images, []byte("<html>404 Not Found</html> and some more text"), "bad magic number"},
		{"corrupt gzip", Images, corruptGz, ""}, // the damage decides which check fails
		{"bad gzip checksum", Images, badCRC, "corrupt gzip"},
		{"gzip header only", Images, []byte{0x1f, 0x8b}, "corrupt gzip header"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			read := ReadImages
			if tc.kind == Labels {
				read = ReadLabels
			}
			_, err := read(bytes.NewReader(tc.in), "some/file-idx")
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, ErrFormat) {
				t.Errorf("error %q does not match ErrFormat", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, "some/file-idx") {
				t.Errorf("error %q does not name the file", msg)
			}
			if !strings.Contains(msg, tc.reason) {
				t.Errorf("error %q does not say %q", msg, tc.reason)
			}
		})
	}
}

// TestHugeCountAllocation checks that a header claiming the most items
// allowed, followed by almost nothing, does not make the reader allocate
// the claimed size.
func TestHugeCountAllocation(t *testing.T) {
	in := idx([]uint32{ImageMagic, MaxItems, 28, 28}, pixels(2))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := ReadImages(bytes.NewReader(in), "huge")
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Fatal("no error for a truncated huge file")
	}
	claimed := uint64(MaxItems) * ImageSize
	if got := after.TotalAlloc - before.TotalAlloc; got > 4<<20 {
		t.Fatalf("allocated %d bytes for a %d-byte input claiming %d bytes", got, len(in), claimed)
	}
}

// errReader fails after giving n bytes of r.
type errReader struct {
	r   io.Reader
	n   int
	err error
}

func (e *errReader) Read(b []byte) (int, error) {
	if e.n <= 0 {
		return 0, e.err
	}
	if len(b) > e.n {
		b = b[:e.n]
	}
	n, err := e.r.Read(b)
	e.n -= n
	return n, err
}

func TestReadErrorIsWrapped(t *testing.T) {
	good := idx([]uint32{ImageMagic, 2, 28, 28}, pixels(2))
	boom := errors.New("disk on fire")
	_, err := ReadImages(&errReader{r: bytes.NewReader(good), n: 100, err: boom}, "f")
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "read f") {
		t.Fatalf("got %v, want the read error wrapped with the file name", err)
	}
	if errors.Is(err, ErrFormat) {
		t.Fatal("an I/O error is not a format error")
	}
}

func TestSHA256SameForRawAndGzip(t *testing.T) {
	raw := idx([]uint32{LabelMagic, 2}, []byte{1, 2})
	a, err := ReadLabels(bytes.NewReader(raw), "a")
	if err != nil {
		t.Fatal(err)
	}
	b, err := ReadLabels(bytes.NewReader(gz(raw)), "b")
	if err != nil {
		t.Fatal(err)
	}
	if a.SHA256 != b.SHA256 || len(a.SHA256) != 64 {
		t.Fatalf("sums differ: %s and %s", a.SHA256, b.SHA256)
	}
}
