package featfile

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
)

func TestReadTSV(t *testing.T) {
	want := mat.NewDense(2, 3, []float64{1, -2.5, 0, 3e-7, 4, 1e300})
	for name, in := range map[string]string{
		"plain":             "1\t-2.5\t0\n3e-7\t4\t1e300\n",
		"no final newline":  "1\t-2.5\t0\n3e-7\t4\t1e300",
		"blank lines after": "1\t-2.5\t0\n3e-7\t4\t1e300\n\n  \n",
		"CRLF":              "1\t-2.5\t0\r\n3e-7\t4\t1e300\r\n",
		"byte order mark":   "\uFEFF1\t-2.5\t0\n3e-7\t4\t1e300\n",
		"spaces":            " 1 \t-2.5\t0\n3e-7\t 4\t1e300 \n",
		"other spellings":   "1.0\t-25e-1\t-0\n0.0000003\t+4\t1E+300\n",
	} {
		x, err := ReadTSV(strings.NewReader(in), name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !mat.Equal(x, want) {
			t.Errorf("%s: got %v", name, mat.Formatted(x))
		}
	}
}

// badCase is malformed input and what its error must say.
type badCase struct {
	in   string
	want string // a part of the error message: the place and the problem
}

func checkBad(t *testing.T, read func(string) error, cases map[string]badCase) {
	t.Helper()
	for name, c := range cases {
		err := read(c.in)
		if !errors.Is(err, ErrFormat) || !errors.Is(err, analysis.ErrInput) {
			t.Errorf("%s: %v, want ErrFormat and analysis.ErrInput", name, err)
			continue
		}
		var fe *FormatError
		if !errors.As(err, &fe) || fe.File != "f.txt" {
			t.Errorf("%s: %v does not name the file", name, err)
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %q does not say %q", name, err, c.want)
		}
	}
}

func TestReadTSVBad(t *testing.T) {
	checkBad(t, func(in string) error {
		_, err := ReadTSV(strings.NewReader(in), "f.txt")
		return err
	}, map[string]badCase{
		"empty":        {"", "f.txt: no rows"},
		"only blank":   {"\n \n", "no rows"},
		"ragged":       {"1\t2\n3\n", "line 2: 1 values, but the lines before have 2"},
		"ragged long":  {"1\t2\n3\t4\t5\n", "line 2: 3 values"},
		"not a number": {"1\t2\n3\tx4\n", `line 2, column 2: "x4" is not a number`},
		"header":       {"a\tb\n1\t2\n", `line 1, column 1: "a" is not a number`},
		"NaN":          {"1\t2\n3\tNaN\n", "line 2, column 2: value is NaN"},
		"Inf":          {"-Inf\t2\n", "line 1, column 1: value is -Inf"},
		"overflow":     {"1\t2\n1e400\t2\n", `line 2, column 1: "1e400" is out of the range`},
		"empty value":  {"1\t\t2\n", "line 1, column 2: empty value"},
		"blank inside": {"1\n\n\n2\n", "line 2: blank line before more points"},
		"blank first":  {"\n1\n", "line 1: blank line"},
		"commas":       {"1,2\n", `"1,2" is not a number`},
		"long value":   {strings.Repeat("9", 100) + "x", "…"},
	})
}

func TestReadCSV(t *testing.T) {
	want := mat.NewDense(2, 2, []float64{1, 2, -3, 4.5})
	for name, in := range map[string]string{
		"plain":           "1,2\n-3,4.5\n",
		"header":          "x,y\n1,2\n-3,4.5\n",
		"quoted header":   "\"pc, 1\",\"say \"\"y\"\"\"\n1,2\n-3,4.5\n",
		"empty header":    ",y\n1,2\n-3,4.5\n",
		"quoted numbers":  "\"1\", \"2\" \n-3,4.5\n",
		"spaces and CRLF": " 1 , 2\r\n-3,4.5\r\n\r\n",
	} {
		x, err := ReadCSV(strings.NewReader(in), name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !mat.Equal(x, want) {
			t.Errorf("%s: got %v", name, mat.Formatted(x))
		}
	}
	// One column, with and without a header.
	for _, in := range []string{"v\n1\n2\n", "1\n2\n"} {
		if x, err := ReadCSV(strings.NewReader(in), "one"); err != nil || !mat.Equal(x, mat.NewDense(2, 1, []float64{1, 2})) {
			t.Errorf("%q: %v, %v", in, x, err)
		}
	}
}

func TestReadCSVBad(t *testing.T) {
	checkBad(t, func(in string) error {
		_, err := ReadCSV(strings.NewReader(in), "f.txt")
		return err
	}, map[string]badCase{
		"empty":            {"", "no rows"},
		"header only":      {"x,y\n", "no rows"},
		"header width":     {"x,y,z\n1,2\n", "line 2: 2 values, but the lines before have 3"},
		"mixed header":     {"x,2\n1,2\n", `line 1, column 1: "x" is not a number`},
		"ragged":           {"1,2\n3\n", "line 2: 1 values"},
		"NaN first":        {"NaN,1\n", "line 1, column 1: value is NaN"},
		"Inf":              {"1,2\n3,+Inf\n", "line 2, column 2: value is +Inf"},
		"not a number":     {"x,y\n1,2\n3,four\n", `line 3, column 2: "four" is not a number`},
		"open quote":       {"\"x,y\n1,2\n", "line 1: a quoted field does not end on its line"},
		"after quote":      {"\"x\"y,z\n", "line 1: text after a quoted field"},
		"quote inside":     {"1,2\"3\n", "line 1: a quote inside an unquoted field"},
		"quote inside 1st": {"1\"1,2\n", "a quote inside"},
		"blank inside":     {"1,2\n\n3,4\n", "line 2: blank line"},
		"tabs":             {"1\t2\n3\t4\n", `line 2, column 1: "3\t4" is not a number`},
	})
}

func TestReadF32(t *testing.T) {
	// Two rows of three: 1, −2, 0.5 / 3, 1e-3 (as float32), −0.
	vals := []float32{1, -2, 0.5, 3, 1e-3, float32(math.Copysign(0, -1))}
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, vals)
	x, err := ReadF32(bytes.NewReader(b.Bytes()), "f.f32", 3)
	if err != nil {
		t.Fatal(err)
	}
	want := mat.NewDense(2, 3, []float64{1, -2, 0.5, 3, float64(float32(1e-3)), 0})
	if !mat.Equal(x, want) || !math.Signbit(x.At(1, 2)) {
		t.Errorf("got %v", mat.Formatted(x))
	}
	// The same bytes as one row of six, or six rows of one.
	if x, err := ReadF32(bytes.NewReader(b.Bytes()), "f.f32", 6); err != nil || x.RawMatrix().Rows != 1 {
		t.Errorf("dim 6: %v", err)
	}
	if x, err := ReadF32(bytes.NewReader(b.Bytes()), "f.f32", 1); err != nil || x.RawMatrix().Rows != 6 {
		t.Errorf("dim 1: %v", err)
	}
	// A file larger than the read buffer, read in a few byte pieces.
	big := make([]byte, 4*50_000)
	for i := range 50_000 {
		binary.LittleEndian.PutUint32(big[4*i:], math.Float32bits(float32(i)))
	}
	x, err = ReadF32(&slowReader{big, 3}, "big.f32", 10)
	if err != nil || x.RawMatrix().Rows != 5000 || x.At(4999, 9) != 49999 || x.At(1234, 5) != 12345 {
		t.Errorf("big: %v", err)
	}
}

// slowReader returns at most n bytes a call.
type slowReader struct {
	b []byte
	n int
}

func (r *slowReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	k := copy(p[:min(len(p), r.n)], r.b)
	r.b = r.b[k:]
	return k, nil
}

func TestReadF32Bad(t *testing.T) {
	f32 := func(v ...float32) string {
		var b bytes.Buffer
		binary.Write(&b, binary.LittleEndian, v)
		return b.String()
	}
	checkBad(t, func(in string) error {
		_, err := ReadF32(strings.NewReader(in), "f.txt", 2)
		return err
	}, map[string]badCase{
		"empty":          {"", "no rows: the file is empty"},
		"half a value":   {f32(1, 2)[:6], "truncated: 6 bytes is not a whole number of rows of 2 float32 values (8 bytes each)"},
		"half a row":     {f32(1, 2, 3), "truncated: 12 bytes"},
		"NaN":            {f32(1, 2, 3, float32(math.NaN())), "row 2, column 2 (byte offset 12) is NaN"},
		"Inf":            {f32(float32(math.Inf(1)), 2), "row 1, column 1 (byte offset 0) is +Inf"},
		"one byte extra": {f32(1, 2) + "x", "truncated: 9 bytes"},
	})
	for _, dim := range []int{0, -1, MaxDim + 1} {
		if _, err := ReadF32(strings.NewReader("abcd"), "f", dim); !errors.Is(err, analysis.ErrInput) || errors.Is(err, ErrFormat) {
			t.Errorf("dim %d: %v", dim, err)
		}
	}
	// A huge dimension with a short file: an error, not a huge allocation.
	if _, err := ReadF32(strings.NewReader(f32(1, 2)), "f", MaxDim); !errors.Is(err, ErrFormat) {
		t.Errorf("dim MaxDim: %v", err)
	}
}

// randomMatrix has values of every kind of magnitude, negative zero and
// values with no short decimal form.
func randomMatrix(rng *rand.Rand, r, c int) *mat.Dense {
	x := mat.NewDense(r, c, nil)
	for i := range r {
		for j := range c {
			var v float64
			switch rng.IntN(6) {
			case 0:
				v = rng.NormFloat64()
			case 1:
				v = math.Ldexp(rng.Float64(), rng.IntN(2000)-1000)
			case 2:
				v = float64(rng.IntN(1000))
			case 3:
				v = math.Copysign(0, -1)
			case 4:
				v = math.Float64frombits(rng.Uint64() &^ (0x7ff << 52)) // subnormal
			default:
				v = 1 / float64(rng.IntN(99)+1)
			}
			x.Set(i, j, v)
		}
	}
	return x
}

// sameBits reports whether a and b hold the same float64 values, bit for bit.
func sameBits(a, b *mat.Dense) bool {
	ar, ac := a.Dims()
	br, bc := b.Dims()
	if ar != br || ac != bc {
		return false
	}
	for i := range ar {
		for j := range ac {
			if math.Float64bits(a.At(i, j)) != math.Float64bits(b.At(i, j)) {
				return false
			}
		}
	}
	return true
}

func TestRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, shape := range [][2]int{{1, 1}, {3, 5}, {200, 64}, {7, 1}} {
		x := randomMatrix(rng, shape[0], shape[1])
		for name, rw := range map[string]struct {
			write func(*bytes.Buffer, *mat.Dense) error
			read  func(*bytes.Buffer) (*mat.Dense, error)
		}{
			"TSV": {
				func(b *bytes.Buffer, x *mat.Dense) error { return WriteTSV(b, x) },
				func(b *bytes.Buffer) (*mat.Dense, error) { return ReadTSV(b, "x.tsv") },
			},
			"CSV": {
				func(b *bytes.Buffer, x *mat.Dense) error { return WriteCSV(b, x) },
				func(b *bytes.Buffer) (*mat.Dense, error) { return ReadCSV(b, "x.csv") },
			},
		} {
			var b bytes.Buffer
			if err := rw.write(&b, x); err != nil {
				t.Fatalf("%s %v: write: %v", name, shape, err)
			}
			y, err := rw.read(&b)
			if err != nil || !sameBits(x, y) {
				t.Errorf("%s %v: round trip: %v", name, shape, err)
			}
		}
		// float32: values in its range, rounded to float32, come back
		// exactly.
		xr := mat.DenseCopyOf(x)
		xr.Apply(func(_, _ int, v float64) float64 {
			if math.IsInf(float64(float32(v)), 0) {
				return 1 / v
			}
			return v
		}, xr)
		x32 := mat.DenseCopyOf(xr)
		x32.Apply(func(_, _ int, v float64) float64 { return float64(float32(v)) }, x32)
		for _, in := range []*mat.Dense{xr, x32} {
			var b bytes.Buffer
			if err := WriteF32(&b, in); err != nil {
				t.Fatal(err)
			}
			if b.Len() != 4*shape[0]*shape[1] {
				t.Errorf("f32 %v: %d bytes", shape, b.Len())
			}
			y, err := ReadF32(&b, "x.f32", shape[1])
			if err != nil || !sameBits(x32, y) {
				t.Errorf("f32 %v: round trip: %v", shape, err)
			}
		}
	}
	// The text form is the shortest that round-trips.
	var b bytes.Buffer
	WriteTSV(&b, mat.NewDense(2, 2, []float64{0.1, -2, 1e21, math.Copysign(0, -1)}))
	if got := b.String(); got != "0.1\t-2\n1e+21\t-0\n" {
		t.Errorf("TSV text %q", got)
	}
	b.Reset()
	WriteCSV(&b, mat.NewDense(1, 3, []float64{1.5, 2, 1.0 / 3}))
	if got := b.String(); got != "1.5,2,0.3333333333333333\n" {
		t.Errorf("CSV text %q", got)
	}
	// A view with a stride writes only its columns.
	b.Reset()
	WriteTSV(&b, mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6}).Slice(0, 2, 1, 3).(*mat.Dense))
	if got := b.String(); got != "2\t3\n5\t6\n" {
		t.Errorf("view %q", got)
	}
}

type failWriter struct{}

var errWrite = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestWriteBad(t *testing.T) {
	nan := mat.NewDense(1, 2, []float64{1, math.NaN()})
	for name, f := range map[string]func(*mat.Dense) error{
		"TSV": func(x *mat.Dense) error { return WriteTSV(new(bytes.Buffer), x) },
		"CSV": func(x *mat.Dense) error { return WriteCSV(new(bytes.Buffer), x) },
		"F32": func(x *mat.Dense) error { return WriteF32(new(bytes.Buffer), x) },
	} {
		if err := f(nan); !errors.Is(err, analysis.ErrInput) {
			t.Errorf("%s NaN: %v", name, err)
		}
		if err := f(nil); !errors.Is(err, analysis.ErrInput) {
			t.Errorf("%s nil: %v", name, err)
		}
	}
	if err := WriteF32(new(bytes.Buffer), mat.NewDense(1, 2, []float64{1, 1e39})); !errors.Is(err, analysis.ErrInput) || !strings.Contains(err.Error(), "row 0, column 1") {
		t.Errorf("F32 overflow: %v", err)
	}
	x := mat.NewDense(1, 1, []float64{1})
	for name, err := range map[string]error{
		"TSV": WriteTSV(failWriter{}, x),
		"CSV": WriteCSV(failWriter{}, x),
		"F32": WriteF32(failWriter{}, x),
	} {
		if !errors.Is(err, errWrite) {
			t.Errorf("%s to a failing writer: %v", name, err)
		}
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	x := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	write := func(name string, f func(*bytes.Buffer, *mat.Dense) error) string {
		var b bytes.Buffer
		if err := f(&b, x); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tsv := write("a.tsv", func(b *bytes.Buffer, x *mat.Dense) error { return WriteTSV(b, x) })
	csv := write("b.CSV", func(b *bytes.Buffer, x *mat.Dense) error { return WriteCSV(b, x) })
	f32 := write("c.f32", func(b *bytes.Buffer, x *mat.Dense) error { return WriteF32(b, x) })
	for _, c := range []struct {
		path string
		dim  int
	}{{tsv, 0}, {tsv, 3}, {csv, 0}, {csv, 3}, {f32, 3}} {
		y, err := ReadFile(c.path, c.dim)
		if err != nil || !mat.Equal(x, y) {
			t.Errorf("%s, dim %d: %v", c.path, c.dim, err)
		}
	}
	// Wrong width for the text formats; f32 with another dim reads other rows.
	if _, err := ReadFile(tsv, 2); !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "3 values a row, expected 2") {
		t.Errorf("tsv, dim 2: %v", err)
	}
	if y, err := ReadFile(f32, 2); err != nil || y.RawMatrix().Rows != 3 {
		t.Errorf("f32, dim 2: %v", err)
	}
	if _, err := ReadFile(f32, 4); !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), f32) {
		t.Errorf("f32, dim 4: %v", err)
	}
	for name, c := range map[string]struct {
		path string
		dim  int
	}{
		"f32 without dim": {f32, 0},
		"negative dim":    {tsv, -1},
		"unknown":         {filepath.Join(dir, "x.npy"), 3},
		"no extension":    {filepath.Join(dir, "x"), 3},
	} {
		if _, err := ReadFile(c.path, c.dim); !errors.Is(err, analysis.ErrInput) || errors.Is(err, ErrFormat) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := ReadFile(filepath.Join(dir, "x.npy"), 3); !strings.Contains(err.Error(), `".npy"`) {
		t.Errorf("unknown extension not named: %v", err)
	}
	if _, err := ReadFile(filepath.Join(dir, "missing.tsv"), 0); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}
