package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/fashionlens/fashionlens/internal/atomicfile"
	"github.com/fashionlens/fashionlens/model"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// featuresOptions are features's settings, from its flags.
type featuresOptions struct {
	Model    string // a checkpoint file, or "bundled"
	Split    string // dataset.Test or dataset.Train
	Scheme   string // the label scheme's name, or ""
	Data     string // the data folder, "" for the usual search
	Out      string // the vectors file
	Metadata string // the metadata file, or ""
}

func runFeatures(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := NewFlags("fashionlens features", "fashionlens features --model FILE|bundled [--split test|train] [--scheme ...] [--data DIR] --out vectors.tsv [--metadata metadata.tsv]", stderr)
	var o featuresOptions
	modelDataFlags(fs, &o.Model, &o.Scheme, &o.Data)
	fs.StringVar(&o.Split, "split", dataset.Test, "split: test or train")
	fs.StringVar(&o.Out, "out", "", "vectors file to write: one tab-separated row of 64 features per image")
	fs.StringVar(&o.Metadata, "metadata", "", "metadata file to write: a header, then label, predicted class and index in the split per image")
	if ok, code := ParseFlags(fs, args); !ok {
		return code
	}
	if o.Out == "" {
		fmt.Fprintln(stderr, "fashionlens features: --out is required")
		fs.Usage()
		return ExitUsage
	}
	return features(ctx, o, stdout, stderr)
}

// features writes the encoded features of a split (and, if asked, their
// metadata), showing progress on stderr.
func features(ctx context.Context, o featuresOptions, stdout, stderr io.Writer) int {
	if o.Split != dataset.Train && o.Split != dataset.Test {
		fmt.Fprintf(stderr, "fashionlens features: --split must be test or train, not %q\n", o.Split)
		return ExitUsage
	}
	scheme, err := modelFlags(o.Model, o.Scheme)
	if err != nil {
		fmt.Fprintf(stderr, "fashionlens features: %v\n", err)
		return ExitUsage
	}
	inputs := map[string]string{}
	if o.Model != "bundled" {
		inputs["model"] = o.Model
	}
	if err := CheckOutputs(inputs, map[string]string{"out": o.Out, "metadata": o.Metadata}); err != nil {
		fmt.Fprintf(stderr, "fashionlens features: %v\n", err)
		return ExitUsage
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "fashionlens features: %v\n", err)
		return ExitError
	}
	net, _, err := openModel(o.Model, scheme)
	if err != nil {
		return fail(err)
	}
	d, err := loadData(ctx, o.Data)
	if err != nil {
		return fail(err)
	}
	split := d.Split(o.Split)
	if split == nil {
		return fail(errors.New(dataset.MissingTrainHelp))
	}
	status := newStatusLine(stderr, 100*time.Millisecond)
	p, err := net.Predict(ctx, split, nil, true, status.Func("features"))
	status.Clear()
	if err != nil {
		return fail(err)
	}
	if err := atomicfile.Write(o.Out, func(w io.Writer) error { return writeVectors(w, p.Features) }); err != nil {
		return fail(err)
	}
	if o.Metadata != "" {
		if err := atomicfile.Write(o.Metadata, func(w io.Writer) error { return writeMetadata(w, split, net.Scheme, p.Pred) }); err != nil {
			return fail(err)
		}
	}
	fmt.Fprintf(stdout, "Wrote %d feature vectors of %d values to %s (%.0f img/s)\n", len(p.Pred), model.FeatureDim, o.Out, p.ImagesPerSecond())
	return ExitOK
}

// writeVectors writes rows of FeatureDim values, tab-separated.
func writeVectors(w io.Writer, feats []float32) error {
	bw := bufio.NewWriter(w)
	buf := make([]byte, 0, 1024)
	for r := 0; r < len(feats)/model.FeatureDim; r++ {
		buf = buf[:0]
		for j, v := range feats[r*model.FeatureDim : (r+1)*model.FeatureDim] {
			if j > 0 {
				buf = append(buf, '\t')
			}
			buf = appendFloat(buf, v)
		}
		buf = append(buf, '\n')
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func appendFloat(b []byte, v float32) []byte {
	return fmt.Appendf(b, "%g", v)
}

// writeMetadata writes the projector metadata: a header, then per image
// its label name, predicted class name and index in the split.
func writeMetadata(w io.Writer, split *dataset.Split, scheme *dataset.Scheme, pred []int) error {
	bw := bufio.NewWriter(w)
	// The index column names its split, so that an import finds the
	// images again.
	fmt.Fprintf(bw, "label\tpredicted\t%s_index\n", split.Name)
	for i, p := range pred {
		fmt.Fprintf(bw, "%s\t%s\t%d\n", scheme.Classes[scheme.Class(split.Labels[i])], scheme.Classes[p], i)
	}
	return bw.Flush()
}
