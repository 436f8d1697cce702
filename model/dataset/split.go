package dataset

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/fashionlens/fashionlens/resources"
)

// Split names.
const (
	Train = "train"
	Test  = "test"
)

// SplitNames lists the splits in display order.
var SplitNames = []string{Train, Test}

// ErrNotFound is matched by errors that say a split's files are not in a
// folder.
var ErrNotFound = errors.New("split not found")

// fileBase gives the upstream file names (without .gz) of a split's
// images and labels.
func fileBase(split string) (images, labels string, err error) {
	switch split {
	case Train:
		return "train-images-idx3-ubyte", "train-labels-idx1-ubyte", nil
	case Test:
		return "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", nil
	}
	return "", "", fmt.Errorf("unknown split %q (want %q or %q)", split, Train, Test)
}

// FileInfo says where a split's file came from and whether its content is
// the real Fashion-MNIST file.
type FileInfo struct {
	Path   string `json:"path"`   // path on disk, or "embedded:NAME"
	SHA256 string `json:"sha256"` // of the decompressed content
	// Verified is true when SHA256 matches the published Fashion-MNIST file.
	Verified bool `json:"verified"`
}

// Split is one split of the data set: images and their original labels.
type Split struct {
	Name   string  // Train or Test
	Pixels []uint8 // Len()*ImageSize pixels, image after image, row-major
	Labels []uint8 // original labels, 0..9
	Origin Origin  // where the split came from
	Dir    string  // the folder it was read from; empty when embedded
	Images FileInfo
	Label  FileInfo
}

// Len returns the number of images.
func (s *Split) Len() int { return len(s.Labels) }

// Image returns the 28×28 pixels of image i, row-major. The slice aliases
// the split's memory and must not be modified.
func (s *Split) Image(i int) []uint8 { return s.Pixels[i*ImageSize : (i+1)*ImageSize] }

// ClassCounts returns how many images each original class holds.
func (s *Split) ClassCounts() []int {
	c := make([]int, NumClasses)
	for _, l := range s.Labels {
		c[l]++
	}
	return c
}

// FloatBatchTo writes the images at the given indices into dst as float32
// in [0, 1], image after image, and returns dst. If dst is too short for
// len(idx)*ImageSize values a new slice is allocated.
func (s *Split) FloatBatchTo(dst []float32, idx []int) []float32 {
	n := len(idx) * ImageSize
	if cap(dst) < n {
		dst = make([]float32, n)
	}
	dst = dst[:n]
	for j, i := range idx {
		src := s.Image(i)
		out := dst[j*ImageSize : (j+1)*ImageSize]
		for k, p := range src {
			out[k] = float32(p) * (1.0 / 255)
		}
	}
	return dst
}

// NewSplit pairs decoded image and label files into a split, checking that
// their counts agree. The names are used in the error message.
func NewSplit(name string, images, labels *File, imagesName, labelsName string) (*Split, error) {
	if images.Kind != Images || labels.Kind != Labels {
		return nil, fmt.Errorf("split %s: need an image file and a label file", name)
	}
	if images.Count != labels.Count {
		return nil, &FormatError{File: imagesName, Msg: fmt.Sprintf("holds %d images but %s holds %d labels", images.Count, labelsName, labels.Count)}
	}
	return &Split{
		Name:   name,
		Pixels: images.Data,
		Labels: labels.Data,
		Images: FileInfo{Path: imagesName, SHA256: images.SHA256, Verified: images.SHA256 == knownSum(imagesName)},
		Label:  FileInfo{Path: labelsName, SHA256: labels.SHA256, Verified: labels.SHA256 == knownSum(labelsName)},
	}, nil
}

// findFile returns the path of base or base.gz in dir, or "" if neither
// exists.
func findFile(dir, base string) (string, error) {
	for _, name := range []string{base, base + ".gz"} {
		p := filepath.Join(dir, name)
		st, err := os.Stat(p)
		if err == nil {
			if st.IsDir() {
				return "", fmt.Errorf("look for %s: %s is a folder", base, p)
			}
			return p, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("look for %s: %w", base, err)
		}
	}
	return "", nil
}

// ReadSplit reads a split from dir, where its two files are named as
// upstream names them, with or without .gz (the content decides whether
// they are decompressed). It returns an error matching ErrNotFound if
// neither file is there, and a clear error if only one is, or if either is
// malformed.
func ReadSplit(dir, split string) (*Split, error) {
	ib, lb, err := fileBase(split)
	if err != nil {
		return nil, err
	}
	ip, err := findFile(dir, ib)
	if err != nil {
		return nil, err
	}
	lp, err := findFile(dir, lb)
	if err != nil {
		return nil, err
	}
	switch {
	case ip == "" && lp == "":
		return nil, fmt.Errorf("%w: no %s or %s[.gz] in %s", ErrNotFound, ib, lb, dir)
	case ip == "":
		return nil, fmt.Errorf("%s split in %s is incomplete: found %s but no %s[.gz]", split, dir, filepath.Base(lp), ib)
	case lp == "":
		return nil, fmt.Errorf("%s split in %s is incomplete: found %s but no %s[.gz]", split, dir, filepath.Base(ip), lb)
	}
	im, err := readFile(ip, ReadImages)
	if err != nil {
		return nil, err
	}
	lab, err := readFile(lp, ReadLabels)
	if err != nil {
		return nil, err
	}
	s, err := NewSplit(split, im, lab, ip, lp)
	if err != nil {
		return nil, err
	}
	s.Dir = dir
	return s, nil
}

// FileError is the error of a data file that was found but could not be
// read: Path names it, for a message that needs the file alone; Error is
// Err's message, which names the path already.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

func readFile(path string, read func(r io.Reader, name string) (*File, error)) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &FileError{path, err} // "open PATH: why" already
	}
	defer f.Close()
	fi, err := read(f, path)
	if err != nil {
		return nil, &FileError{path, err}
	}
	return fi, nil
}

// Embedded returns the Fashion-MNIST test split bundled in the binary. It
// is decoded once; later calls return the same split, which callers must
// not modify.
func Embedded() (*Split, error) { return embedded() }

var embedded = sync.OnceValues(func() (*Split, error) {
	in := "embedded:" + resources.TestImagesName
	ln := "embedded:" + resources.TestLabelsName
	im, err := ReadImages(bytes.NewReader(resources.TestImagesGz), in)
	if err != nil {
		return nil, err
	}
	lab, err := ReadLabels(bytes.NewReader(resources.TestLabelsGz), ln)
	if err != nil {
		return nil, err
	}
	s, err := NewSplit(Test, im, lab, in, ln)
	if err != nil {
		return nil, err
	}
	s.Origin = OriginEmbedded
	return s, nil
})
