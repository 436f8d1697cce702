// Package labelmarks keeps the user's verdicts on images whose label
// looks wrong: per image of a data set, "label wrong", "ambiguous" or
// "fine". The window sets them while the user goes through the suspicious
// labels (analysis/suspect); they are saved per data set in the results
// folder, so that they survive a restart, and export as CSV.
//
// A Marks is safe for concurrent use. Files are JSON with a version
// field, written atomically (internal/atomicfile); reading a damaged
// file gives an error naming it, never a panic.
package labelmarks

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"slices"
	"strconv"
	"sync"

	"github.com/fashionlens/fashionlens/internal/atomicfile"
)

// A Mark is the user's verdict on an image's label.
type Mark int

// The marks. Unmarked is the zero value: no verdict.
const (
	Unmarked Mark = iota
	Wrong
	Ambiguous
	Fine
)

// marks lists the marks that are set, in order.
var marks = []Mark{Wrong, Ambiguous, Fine}

// String names the mark for people: "label wrong", "ambiguous", "fine",
// or "unmarked".
func (m Mark) String() string {
	switch m {
	case Unmarked:
		return "unmarked"
	case Wrong:
		return "label wrong"
	case Ambiguous:
		return "ambiguous"
	case Fine:
		return "fine"
	}
	return "Mark(" + strconv.Itoa(int(m)) + ")"
}

// Name is the mark's stable short name, used in files: "wrong",
// "ambiguous", "fine", or "" for Unmarked and unknown marks.
func (m Mark) Name() string {
	switch m {
	case Wrong:
		return "wrong"
	case Ambiguous:
		return "ambiguous"
	case Fine:
		return "fine"
	}
	return ""
}

// ParseMark returns the mark of a short name ("wrong", "ambiguous",
// "fine"), or an error.
func ParseMark(name string) (Mark, error) {
	for _, m := range marks {
		if m.Name() == name {
			return m, nil
		}
	}
	return Unmarked, fmt.Errorf("unknown mark %q (want wrong, ambiguous or fine)", name)
}

// valid reports whether m is a mark that can be set.
func (m Mark) valid() bool { return m >= Wrong && m <= Fine }

// Marks maps the images of one data set, by index, to their marks.
type Marks struct {
	mu      sync.Mutex
	dataset string
	m       map[int]Mark
}

// New returns empty marks of the data set named dataset (a key the
// caller chooses, such as the split and the source of its images).
func New(dataset string) *Marks {
	return &Marks{dataset: dataset, m: map[int]Mark{}}
}

// Dataset returns the key of the data set the marks belong to; "" for
// the empty marks that Load returns when there is no file.
func (m *Marks) Dataset() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.dataset
}

// Set marks image index with mk; Unmarked removes its mark. An index
// out of range (below 0 or above MaxIndex) or a mark that is not one of
// the marks is an error, and changes nothing.
func (m *Marks) Set(index int, mk Mark) error {
	if index < 0 || index > MaxIndex {
		return fmt.Errorf("labelmarks: mark image %d: the index is out of range (0 to %d)", index, MaxIndex)
	}
	if mk != Unmarked && !mk.valid() {
		return fmt.Errorf("labelmarks: mark image %d: no mark %d", index, int(mk))
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if mk == Unmarked {
		delete(m.m, index)
	} else {
		m.m[index] = mk
	}
	return nil
}

// Get returns image index's mark, Unmarked if it has none.
func (m *Marks) Get(index int) Mark {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.m[index]
}

// Len returns the number of marked images.
func (m *Marks) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.m)
}

// Indices returns the marked images' indices in ascending order.
func (m *Marks) Indices() []int {
	m.mu.Lock()
	defer m.mu.Unlock()
	idx := make([]int, 0, len(m.m))
	for i := range m.m {
		idx = append(idx, i)
	}
	slices.Sort(idx)
	return idx
}

// Count returns how many images carry mark mk.
func (m *Marks) Count(mk Mark) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, v := range m.m {
		if v == mk {
			n++
		}
	}
	return n
}

// Version is the file format's version, written in every file; Load
// refuses other versions.
const Version = 1

// MaxIndex is the largest image index a file may hold.
const MaxIndex = math.MaxInt32

// maxFile is the largest file Load reads: far above the marks of every
// image of a 60,000-image split (about 2 MB).
const maxFile = 64 << 20

// file is the JSON form of Marks.
type file struct {
	Version int     `json:"version"`
	Dataset string  `json:"dataset"`
	Marks   []entry `json:"marks"` // by index, ascending
}

type entry struct {
	Index int    `json:"index"`
	Mark  string `json:"mark"`
}

// Encode writes the marks as JSON: the version, the data set, and the
// marks by index.
func (m *Marks) Encode(w io.Writer) error {
	f := file{Version: Version, Dataset: m.Dataset(), Marks: m.entries()}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(f)
}

// entries returns the marks by index, as one snapshot.
func (m *Marks) entries() []entry {
	m.mu.Lock()
	out := make([]entry, 0, len(m.m))
	for i, mk := range m.m {
		out = append(out, entry{Index: i, Mark: mk.Name()})
	}
	m.mu.Unlock()
	slices.SortFunc(out, func(a, b entry) int { return a.Index - b.Index })
	return out
}

// Decode reads marks that Encode wrote. It returns an error, never
// panics, for anything else: not JSON, another version, a negative or
// too large index, an index marked twice, an unknown mark, data after
// the JSON object.
func Decode(r io.Reader) (*Marks, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var f file
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("not a marks file: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("not a marks file: more data after the JSON object")
	}
	if f.Version != Version {
		return nil, fmt.Errorf("marks file version %d: this Fashion Lens reads version %d", f.Version, Version)
	}
	m := New(f.Dataset)
	for _, e := range f.Marks {
		if e.Index < 0 || e.Index > MaxIndex {
			return nil, fmt.Errorf("image index %d is out of range", e.Index)
		}
		mk, err := ParseMark(e.Mark)
		if err != nil {
			return nil, fmt.Errorf("image %d: %w", e.Index, err)
		}
		if _, dup := m.m[e.Index]; dup {
			return nil, fmt.Errorf("image %d is marked twice", e.Index)
		}
		m.m[e.Index] = mk
	}
	return m, nil
}

// Load reads the marks saved at path. A missing file gives empty marks
// of no data set (Dataset() is "") and no error; a damaged one gives an
// error naming the file.
func Load(path string) (*Marks, error) {
	b, err := readFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return New(""), nil
	}
	if err != nil {
		return nil, err
	}
	m, err := Decode(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return m, nil
}

// readFile reads path, refusing a file over maxFile bytes.
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	tooLarge := fmt.Errorf("read %s: larger than %d MB: not a marks file", path, maxFile>>20)
	if st, err := f.Stat(); err == nil && st.Size() > maxFile {
		return nil, tooLarge
	}
	b, err := io.ReadAll(io.LimitReader(f, maxFile+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(b) > maxFile {
		return nil, tooLarge
	}
	return b, nil
}

// Save writes the marks to path atomically: a reader sees the old file
// or the new one, never a part.
func (m *Marks) Save(path string) error { return save(path, m.Encode) }

func save(path string, encode func(io.Writer) error) error {
	if err := atomicfile.Write(path, encode); err != nil {
		return fmt.Errorf("save the label marks: %w", err)
	}
	return nil
}

// WriteCSV writes the marks as CSV: a header "index,mark,label,predicted",
// then one row per marked image by index, its mark's short name ("wrong",
// "ambiguous", "fine") and, from label (which may be nil for empty
// columns), its given and predicted class.
func (m *Marks) WriteCSV(w io.Writer, label func(i int) (given, predicted string)) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"index", "mark", "label", "predicted"}); err != nil {
		return err
	}
	for _, e := range m.entries() {
		var given, pred string
		if label != nil {
			given, pred = label(e.Index)
		}
		if err := cw.Write([]string{strconv.Itoa(e.Index), e.Mark, given, pred}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// FileName returns a file name for the marks of the data set key: safe
// on every file system whatever the key holds, "marks-" and the first 16
// hex digits of the key's SHA-256, ".json".
func FileName(datasetKey string) string {
	h := sha256.Sum256([]byte(datasetKey))
	return "marks-" + hex.EncodeToString(h[:8]) + ".json"
}
