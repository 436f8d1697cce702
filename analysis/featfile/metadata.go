package featfile

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/fashionlens/fashionlens/analysis"
)

// MaxLabel is the largest integer label ReadMetadata takes as a number; it
// bounds the length of Labels.Names.
const MaxLabel = 1<<16 - 1

// Labels are one label per point, as small integers with names.
type Labels struct {
	// Values holds the label of each point, in file order.
	Values []int
	// Names[v] is the name of label value v.
	Names []string
}

// ReadMetadata reads the labels in one column of an Embedding Projector
// metadata file: tab-separated fields, one line per point. column counts
// from 0. Following the projector's convention, a file whose first line
// has a single field has no header, and in a file with several columns the
// first line is a header (as in the file `fashionlens features --metadata`
// writes: "label\tpredicted\ttest_index", then lines such as
// "Ankle boot\tAnkle boot\t0"). Every line must have the same number of
// fields; blank lines may end the file but not come between points; white
// space (and byte order marks) around a value is ignored, and no value may
// be empty.
//
// If every value is an integer in [0, MaxLabel], the labels are those
// integers and Names their decimal forms, from "0" to the largest.
// Otherwise the values are names: if all are among classes (the caller's
// class names, such as Fashion-MNIST's; nil for none), the labels are
// their indices in classes and Names is classes; else the labels number
// the distinct names in the order they first appear, and Names lists them
// in that order. (So a column of cluster ids with noise as −1 reads as
// names.)
//
// name is used in error messages only. It returns an error wrapping
// analysis.ErrInput if column < 0, and a *FormatError if the file has no
// points, too few columns, ragged lines or an empty value.
func ReadMetadata(r io.Reader, name string, column int, classes []string) (*Labels, error) {
	if column < 0 {
		return nil, analysis.Errorf("%s: column %d: columns count from 0", name, column)
	}
	ls := newLines(r, name)
	var (
		values  []string
		width   int
		blankAt int
		fields  []string
	)
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
		fields = splitTSV(fields[:0], line)
		if width == 0 {
			width = len(fields)
			if column >= width {
				return nil, formatErr(name, ls.n, 0, "%d columns, no column %d (counting from 0)", width, column)
			}
			if width > 1 {
				continue // the header
			}
		}
		if len(fields) != width {
			return nil, formatErr(name, ls.n, 0, "%d fields, but the lines before have %d", len(fields), width)
		}
		v := trimValue(fields[column])
		if v == "" {
			return nil, formatErr(name, ls.n, column+1, "empty label")
		}
		values = append(values, v)
	}
	if len(values) == 0 {
		return nil, formatErr(name, 0, 0, "no points")
	}
	if l, ok := intLabels(values); ok {
		return l, nil
	}
	return nameLabels(values, classes), nil
}

// trimValue removes white space and byte order marks around a value.
func trimValue(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' })
}

// intLabels returns the labels if every value is an integer in
// [0, MaxLabel].
func intLabels(values []string) (*Labels, bool) {
	l := &Labels{Values: make([]int, len(values))}
	top := 0
	for i, s := range values {
		v, err := strconv.Atoi(s)
		if err != nil || v < 0 || v > MaxLabel {
			return nil, false
		}
		l.Values[i] = v
		top = max(top, v)
	}
	l.Names = make([]string, top+1)
	for v := range l.Names {
		l.Names[v] = strconv.Itoa(v)
	}
	return l, true
}

// nameLabels numbers the names: by their index in classes if all are
// among them, else in order of first appearance.
func nameLabels(values []string, classes []string) *Labels {
	class := make(map[string]int, len(classes))
	for i, c := range classes {
		class[c] = i
	}
	l := &Labels{Values: make([]int, len(values))}
	all := true
	for i, s := range values {
		c, ok := class[s]
		if !ok {
			all = false
			break
		}
		l.Values[i] = c
	}
	if all && len(classes) > 0 {
		l.Names = append([]string(nil), classes...)
		return l
	}
	code := make(map[string]int)
	for i, s := range values {
		c, ok := code[s]
		if !ok {
			c = len(l.Names)
			code[s] = c
			l.Names = append(l.Names, s)
		}
		l.Values[i] = c
	}
	return l
}

// WriteMetadata writes the labels as a one-column metadata file (no
// header, by the projector's convention): the name of each point's label,
// one a line. ReadMetadata(…, 0, classes) reads it back to equal Labels when
// Names came from ReadMetadata with the same classes. It returns an error wrapping analysis.ErrInput
// if there are no labels, a value has no name, or a name used is empty,
// has white space or a byte order mark at either end, or holds a tab or a
// newline.
func WriteMetadata(w io.Writer, l *Labels) error {
	if l == nil || len(l.Values) == 0 {
		return analysis.Errorf("no labels to write")
	}
	for i, v := range l.Values {
		if v < 0 || v >= len(l.Names) {
			return analysis.Errorf("label %d of point %d has no name (%d names)", v, i, len(l.Names))
		}
		s := l.Names[v]
		if s == "" || trimValue(s) != s || strings.ContainsAny(s, "\t\n") {
			return analysis.Errorf("label name %q of point %d cannot be written to a metadata file", s, i)
		}
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	for _, v := range l.Values {
		bw.WriteString(l.Names[v])
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// MetadataHeader is what the first line of a metadata file says of its
// columns. The window's import and the command line's analyze both find
// the columns by it.
type MetadataHeader struct {
	// Label is the column of the labels: the first named label, class,
	// true or true_label (in any case), or 0 in a file of one column (with
	// or without a header); −1 if there is none.
	Label int
	// Index is the column of image indices: one named index, test_index,
	// image, image_index or train_index; −1 if there is none.
	Index int
	// Train says that Index counts in the train split (train_index), not
	// the test split.
	Train bool
	// Fields are the first line's fields.
	Fields []string
}

// ReadMetadataHeader reads the column names from the first line of a
// metadata file (tab-separated; white space and a byte order mark around
// names ignored).
func ReadMetadataHeader(r io.Reader) (MetadataHeader, error) {
	first, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && err != io.EOF {
		return MetadataHeader{}, err
	}
	first = strings.TrimSpace(strings.TrimPrefix(first, "\uFEFF"))
	h := MetadataHeader{Label: -1, Index: -1, Fields: strings.Split(first, "\t")}
	if len(h.Fields) == 1 {
		h.Label = 0 // one column: the labels, with or without a header
	}
	for j, f := range h.Fields {
		switch strings.ToLower(strings.TrimSpace(f)) {
		case "label", "class", "true", "true_label":
			if h.Label < 0 {
				h.Label = j
			}
		case "index", "test_index", "image", "image_index":
			h.Index = j
		case "train_index":
			h.Index, h.Train = j, true
		}
	}
	return h, nil
}
