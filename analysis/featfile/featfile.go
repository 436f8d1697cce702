// Package featfile reads and writes feature matrices and labels: the
// TensorFlow Embedding Projector's vectors (TSV) and metadata (TSV),
// comma-separated values, and raw little-endian float32 rows.
//
// Readers take the file's name for their error messages only. Every error
// about a malformed file is a *FormatError that names the file and the
// line (or, for float32 files, the row and byte offset); it matches
// ErrFormat and analysis.ErrInput with errors.Is. A reader allocates in
// proportion to what it has read, never to what a file claims.
package featfile

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
)

// ErrFormat is matched (with errors.Is) by every error that says a file is
// malformed.
var ErrFormat = errors.New("malformed feature file")

// FormatError says what is wrong with which file, and where.
type FormatError struct {
	File string // the file's name or path, as given to the reader
	Line int    // the 1-based line of a text file; 0 if none applies
	Col  int    // the 1-based column (field) of that line; 0 if none applies
	Msg  string // what is wrong
}

// Error returns "file: line L, column C: what is wrong", leaving out the
// line and column where they do not apply.
func (e *FormatError) Error() string {
	switch {
	case e.Line > 0 && e.Col > 0:
		return fmt.Sprintf("%s: line %d, column %d: %s", e.File, e.Line, e.Col, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s: line %d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Is reports whether target is ErrFormat or analysis.ErrInput: a malformed
// file is bad input.
func (e *FormatError) Is(target error) bool {
	return target == ErrFormat || target == analysis.ErrInput
}

func formatErr(file string, line, col int, format string, args ...any) error {
	return &FormatError{File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// lines reads a text file line by line, without the line ending ("\n" or
// "\r\n") and, on the first line, without a UTF-8 byte order mark.
type lines struct {
	br   *bufio.Reader
	name string
	n    int // the number of the line last returned
	eof  bool
}

func newLines(r io.Reader, name string) *lines {
	return &lines{br: bufio.NewReaderSize(r, 64<<10), name: name}
}

// next returns the next line; ok is false at the end of the input.
func (l *lines) next() (line string, ok bool, err error) {
	if l.eof {
		return "", false, nil
	}
	s, err := l.br.ReadString('\n')
	if err != nil {
		if !errors.Is(err, io.EOF) {
			return "", false, fmt.Errorf("read %s: %w", l.name, err)
		}
		l.eof = true
		if s == "" {
			return "", false, nil
		}
	}
	l.n++
	s = strings.TrimSuffix(s, "\n")
	s = strings.TrimSuffix(s, "\r")
	if l.n == 1 {
		s = strings.TrimPrefix(s, "\uFEFF")
	}
	return s, true, nil
}

// blank reports whether a line holds nothing but white space.
func blank(s string) bool { return strings.TrimSpace(s) == "" }

// parseValue parses one field as a finite float64.
func parseValue(name string, line, col int, field string) (float64, error) {
	f := strings.TrimSpace(field)
	if f == "" {
		return 0, formatErr(name, line, col, "empty value")
	}
	v, err := strconv.ParseFloat(f, 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return 0, formatErr(name, line, col, "%s is out of the range of a float64", quote(f))
		}
		return 0, formatErr(name, line, col, "%s is not a number", quote(f))
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, formatErr(name, line, col, "value is %v", v)
	}
	return v, nil
}

// quote quotes s for an error message, shortened if long.
func quote(s string) string {
	const max = 40
	if len(s) > max {
		return strconv.Quote(s[:max]) + "…"
	}
	return strconv.Quote(s)
}

// matrix collects rows of equal width.
type matrix struct {
	name  string
	width int
	rows  int
	data  []float64
}

func (m *matrix) dense() (*mat.Dense, error) {
	if m.rows == 0 {
		return nil, formatErr(m.name, 0, 0, "no rows")
	}
	return mat.NewDense(m.rows, m.width, m.data), nil
}

// ReadTSV reads vectors in the Embedding Projector's format: one point a
// line, its values separated by tabs, no header. Every line must have the
// same number of values, each a finite number as strconv.ParseFloat reads
// it (white space around a value is ignored). Blank lines may end the file
// but not come between points, as each line must stay the point of the
// same line of the metadata file. name is used in error messages only.
func ReadTSV(r io.Reader, name string) (*mat.Dense, error) {
	return readText(r, name, '\t')
}

// ReadCSV reads comma-separated values: one point a line, every line with
// the same number of values. A first line with no number in it is a header
// and is skipped; it must have as many fields as the lines that follow.
// Fields may be quoted with double quotes (a doubled quote inside stands
// for one), but a quoted field cannot span lines. As with ReadTSV, values
// must be finite and blank lines may only end the file. name is used in
// error messages only.
func ReadCSV(r io.Reader, name string) (*mat.Dense, error) {
	return readText(r, name, ',')
}

func readText(r io.Reader, name string, sep byte) (*mat.Dense, error) {
	ls := newLines(r, name)
	m := &matrix{name: name}
	blankAt := 0 // the first blank line since the last row, if any
	var fields []string
	for {
		line, ok, err := ls.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if blank(line) {
			if blankAt == 0 {
				blankAt = ls.n
			}
			continue
		}
		if blankAt != 0 {
			return nil, formatErr(name, blankAt, 0, "blank line before more points (only the end of the file may be blank)")
		}
		if sep == ',' {
			fields, err = splitCSV(fields[:0], line)
			if err != nil {
				return nil, formatErr(name, ls.n, 0, "%v", err)
			}
		} else {
			fields = splitTSV(fields[:0], line)
		}
		if m.width == 0 {
			m.width = len(fields)
			if sep == ',' && isHeader(fields) {
				continue
			}
		}
		if len(fields) != m.width {
			return nil, formatErr(name, ls.n, 0, "%d values, but the lines before have %d", len(fields), m.width)
		}
		for j, f := range fields {
			v, err := parseValue(name, ls.n, j+1, f)
			if err != nil {
				return nil, err
			}
			m.data = append(m.data, v)
		}
		m.rows++
	}
	return m.dense()
}

func splitTSV(dst []string, line string) []string {
	for {
		i := strings.IndexByte(line, '\t')
		if i < 0 {
			return append(dst, line)
		}
		dst = append(dst, line[:i])
		line = line[i+1:]
	}
}

// splitCSV splits a line of comma-separated fields, unquoting quoted ones.
func splitCSV(dst []string, line string) ([]string, error) {
	for {
		f := strings.TrimLeft(line, " \t")
		if !strings.HasPrefix(f, `"`) {
			i := strings.IndexByte(line, ',')
			field := line
			if i >= 0 {
				field = line[:i]
			}
			if strings.Contains(field, `"`) {
				return nil, errors.New("a quote inside an unquoted field")
			}
			dst = append(dst, field)
			if i < 0 {
				return dst, nil
			}
			line = line[i+1:]
			continue
		}
		// A quoted field: up to the next quote not doubled.
		f = f[1:]
		var b strings.Builder
		for {
			i := strings.IndexByte(f, '"')
			if i < 0 {
				return nil, errors.New("a quoted field does not end on its line")
			}
			b.WriteString(f[:i])
			f = f[i+1:]
			if strings.HasPrefix(f, `"`) {
				b.WriteByte('"')
				f = f[1:]
				continue
			}
			break
		}
		dst = append(dst, b.String())
		f = strings.TrimLeft(f, " \t")
		if f == "" {
			return dst, nil
		}
		if f[0] != ',' {
			return nil, errors.New("text after a quoted field")
		}
		line = f[1:]
	}
}

// isHeader reports whether no field of a CSV line is a number.
func isHeader(fields []string) bool {
	for _, f := range fields {
		if _, err := strconv.ParseFloat(strings.TrimSpace(f), 64); err == nil || errors.Is(err, strconv.ErrRange) {
			return false
		}
	}
	return true
}

// MaxDim bounds the dim argument of ReadF32 and ReadFile.
const MaxDim = 1 << 24

// ReadF32 reads raw little-endian float32 values, dim per row, row after
// row, with no header. The length must be a non-zero multiple of 4·dim
// bytes, and every value finite. It returns an error wrapping
// analysis.ErrInput unless 0 < dim ≤ MaxDim. name is used in error
// messages only.
func ReadF32(r io.Reader, name string, dim int) (*mat.Dense, error) {
	if dim <= 0 || dim > MaxDim {
		return nil, analysis.Errorf("%s: dimension %d: need 1 to %d values a row", name, dim, MaxDim)
	}
	var (
		buf  [64 << 10]byte
		data []float64
		have int // bytes in buf not yet decoded (fewer than 4)
		off  int64
	)
	for {
		n, err := r.Read(buf[have:])
		have += n
		k := have / 4 * 4
		for p := 0; p < k; p += 4 {
			v := float64(math.Float32frombits(binary.LittleEndian.Uint32(buf[p:])))
			if math.IsNaN(v) || math.IsInf(v, 0) {
				i := len(data)
				return nil, formatErr(name, 0, 0, "row %d, column %d (byte offset %d) is %v", i/dim+1, i%dim+1, off+int64(p), v)
			}
			data = append(data, v)
		}
		off += int64(k)
		have = copy(buf[:], buf[k:have])
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
	}
	total := off + int64(have)
	if total == 0 {
		return nil, formatErr(name, 0, 0, "no rows: the file is empty")
	}
	if have != 0 || len(data)%dim != 0 {
		return nil, formatErr(name, 0, 0, "truncated: %d bytes is not a whole number of rows of %d float32 values (%d bytes each); the last row has %d bytes", total, dim, 4*dim, total%(4*int64(dim)))
	}
	return mat.NewDense(len(data)/dim, dim, data), nil
}

// ReadFile reads a feature matrix from a file, in the format its extension
// names (in any case): .tsv (ReadTSV), .csv (ReadCSV) or .f32 (ReadF32,
// with dim values a row). dim must be positive for .f32; for the text
// formats it may be 0, or else it is the number of columns the file must
// have. An unknown extension or a bad dim gives an error wrapping
// analysis.ErrInput.
func ReadFile(path string, dim int) (*mat.Dense, error) {
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".tsv", ".csv", ".f32":
	default:
		return nil, analysis.Errorf("%s: unknown feature file type %q: want .tsv (Embedding Projector vectors), .csv or .f32 (raw float32)", path, ext)
	}
	if dim < 0 || dim > MaxDim || (ext == ".f32" && dim == 0) {
		return nil, analysis.Errorf("%s: dimension %d: need 1 to %d values a row", path, dim, MaxDim)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var x *mat.Dense
	switch ext {
	case ".tsv":
		x, err = ReadTSV(f, path)
	case ".csv":
		x, err = ReadCSV(f, path)
	default:
		x, err = ReadF32(f, path, dim)
	}
	if err != nil {
		return nil, err
	}
	if _, c := x.Dims(); dim > 0 && c != dim {
		return nil, formatErr(path, 0, 0, "%d values a row, expected %d", c, dim)
	}
	return x, nil
}

// WriteTSV writes x in the Embedding Projector's vector format, which
// ReadTSV reads back exactly: one row a line, tab-separated values in the
// shortest form that round-trips. It returns an error wrapping
// analysis.ErrInput if x is empty or holds a NaN or an infinity.
func WriteTSV(w io.Writer, x *mat.Dense) error {
	return writeText(w, x, '\t')
}

// WriteCSV writes x as comma-separated values with no header, which
// ReadCSV reads back exactly. It returns an error wrapping
// analysis.ErrInput if x is empty or holds a NaN or an infinity.
func WriteCSV(w io.Writer, x *mat.Dense) error {
	return writeText(w, x, ',')
}

func writeText(w io.Writer, x *mat.Dense, sep byte) error {
	n, d, err := analysis.Check(x)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var b []byte
	for i := range n {
		b = b[:0]
		for j, v := range x.RawRowView(i)[:d] {
			if j > 0 {
				b = append(b, sep)
			}
			b = strconv.AppendFloat(b, v, 'g', -1, 64)
		}
		b = append(b, '\n')
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// WriteF32 writes x as raw little-endian float32 values, row after row,
// which ReadF32 reads back with dim = x's number of columns. Values are
// rounded to float32. It returns an error wrapping analysis.ErrInput if x
// is empty, holds a NaN or an infinity, or a value too large for a
// float32.
func WriteF32(w io.Writer, x *mat.Dense) error {
	n, d, err := analysis.Check(x)
	if err != nil {
		return err
	}
	for i := range n {
		for j, v := range x.RawRowView(i)[:d] {
			if math.IsInf(float64(float32(v)), 0) {
				return analysis.Errorf("row %d, column %d: %v is too large for a float32", i, j, v)
			}
		}
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var b [4]byte
	for i := range n {
		for _, v := range x.RawRowView(i)[:d] {
			binary.LittleEndian.PutUint32(b[:], math.Float32bits(float32(v)))
			if _, err := bw.Write(b[:]); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}
