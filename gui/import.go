package gui

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/analysis/featfile"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// maxImportBytes bounds the size of an imported vectors or metadata file
// (60,000 points of 64 features in text take about 45 MB).
const maxImportBytes = 1 << 30

// readLimited reads a whole file of at most maxImportBytes.
func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxImportBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(b) > maxImportBytes {
		return nil, analysis.Errorf("%s: larger than %d MB", path, maxImportBytes>>20)
	}
	return b, nil
}

// metadataPath returns the metadata file that goes with a vectors file by
// the usual names: vectors.tsv → metadata.tsv, x-vectors.tsv →
// x-metadata.tsv, x.tsv → x-metadata.tsv; "" if none exists.
func metadataPath(vectors string) string {
	dir, base := filepath.Split(vectors)
	stem := strings.TrimSuffix(base, filepath.Ext(base))
	var cands []string
	if s, ok := strings.CutSuffix(stem, "vectors"); ok {
		cands = append(cands, s+"metadata.tsv")
	}
	cands = append(cands, stem+"-metadata.tsv", stem+"_metadata.tsv")
	for _, c := range cands {
		p := filepath.Join(dir, c)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p
		}
	}
	return ""
}

// importDerived reads projector-format feature vectors (TSV) and,
// if metaPath is not empty, their metadata: a "label" column gives the
// true classes, an "index" (or "test_index") column the image of each
// point in the data set's test split, a "train_index" column one in the
// train split; a file with one column and no header holds labels. It
// computes their PCA map.
func importDerived(ctx context.Context, vecPath, metaPath string, data *dataset.Dataset) (*Derived, error) {
	vb, err := readLimited(vecPath)
	if err != nil {
		return nil, fmt.Errorf("import features: %w", err)
	}
	x, err := featfile.ReadTSV(bytes.NewReader(vb), vecPath)
	if err != nil {
		return nil, fmt.Errorf("import features: %w", err)
	}
	n, dim := x.Dims()
	if n < 3 {
		return nil, analysis.Errorf("import features: %s has %d points: want 3 or more", vecPath, n)
	}
	h := sha256.New()
	h.Write(vb)
	d := &Derived{Features: x, Source: fmt.Sprintf("%s points of %d features from %s", analysis.Thousands(n), dim, filepath.Base(vecPath))}
	if metaPath != "" {
		mb, err := readLimited(metaPath)
		if err != nil {
			return nil, fmt.Errorf("import features: %w", err)
		}
		h.Write(mb)
		if err := readImportMetadata(d, mb, metaPath, data); err != nil {
			return nil, fmt.Errorf("import features: %w", err)
		}
	}
	d.Key = cacheKey(derivedVersion, "imported", hex.EncodeToString(h.Sum(nil)))
	if err := analysis.CheckVariance(x); err != nil {
		return nil, fmt.Errorf("import features: %s: %w", vecPath, err)
	}
	d.finish(ctx)
	if d.Err != nil {
		return nil, fmt.Errorf("import features: %w", d.Err)
	}
	return d, nil
}

// readImportMetadata fills d's labels and images from a metadata file.
func readImportMetadata(d *Derived, b []byte, path string, data *dataset.Dataset) error {
	n := d.Len()
	h, err := featfile.ReadMetadataHeader(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	header, labelCol, indexCol, splitName := h.Fields, h.Label, h.Index, dataset.Test
	if h.Train {
		splitName = dataset.Train
	}
	if indexCol >= 0 {
		l, err := featfile.ReadMetadata(bytes.NewReader(b), path, indexCol, dataset.ClassNames[:])
		if err != nil {
			return err
		}
		if len(l.Values) != n {
			return analysis.Errorf("%s has %d points but the vectors %d", path, len(l.Values), n)
		}
		split := data.Split(splitName)
		if split == nil {
			return analysis.Errorf("%s: the column %q holds image indices in the %s split, which the data set lacks", path, header[indexCol], splitName)
		}
		d.Split, d.Index = split, make([]int, n)
		for i, v := range l.Values {
			idx, err := strconv.Atoi(l.Names[v])
			if err != nil || idx < 0 || idx >= split.Len() {
				return analysis.Errorf("%s: line %d: image index %q: want 0 to %d (the %s split)", path, i+2, l.Names[v], split.Len()-1, splitName)
			}
			d.Index[i] = idx
		}
	}
	switch {
	case labelCol >= 0:
		l, err := featfile.ReadMetadata(bytes.NewReader(b), path, labelCol, dataset.ClassNames[:])
		if err != nil {
			return err
		}
		if len(l.Values) != n {
			return analysis.Errorf("%s has %d points but the vectors %d", path, len(l.Values), n)
		}
		d.Labels, d.Classes = l.Values, l.Names
		// Names that are one scheme's classes take that scheme's order.
		for _, sc := range dataset.Schemes {
			if sc == dataset.Fashion10 && slices.Equal(l.Names, sc.Classes) {
				d.Scheme = sc
				break
			}
			if remapped, ok := inScheme(l, sc); ok {
				d.Labels, d.Classes, d.Scheme = remapped, sc.Classes, sc
				break
			}
		}
	case d.Split != nil:
		// The images' own labels.
		d.Scheme, d.Classes, d.Labels = dataset.Fashion10, dataset.Fashion10.Classes, make([]int, n)
		for i := range n {
			d.Labels[i] = int(d.Split.Labels[d.Index[i]])
		}
	}
	return nil
}

// inScheme maps labels whose names are all class names of sc to sc's
// class indices.
func inScheme(l *featfile.Labels, sc *dataset.Scheme) ([]int, bool) {
	code := make([]int, len(l.Names))
	for v, name := range l.Names {
		code[v] = slices.Index(sc.Classes, name)
		if code[v] < 0 {
			return nil, false
		}
	}
	out := make([]int, len(l.Values))
	for i, v := range l.Values {
		out[i] = code[v]
	}
	return out, true
}
