package cli

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis"
	"github.com/fashionlens/fashionlens/analysis/suspect"
	"github.com/fashionlens/fashionlens/internal/atomicfile"
	"github.com/fashionlens/fashionlens/model"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// The --signal values of suspects: what a score is made of.
const (
	signalAuto       = "auto"       // both on test, neighbours on train
	signalBoth       = "both"       // model probability and neighbours' labels
	signalModel      = "model"      // model probability of the given label only
	signalNeighbours = "neighbours" // neighbours' labels only
)

// suspectsOptions are suspects's settings, from its flags.
type suspectsOptions struct {
	Model  string // a checkpoint file, or "bundled"
	Scheme string // the label scheme's name, or ""
	Split  string // dataset.Test or dataset.Train
	Labels string // a labels file replacing the split's, or ""
	Data   string // the data folder, "" for the usual search
	K      int    // neighbours, 0 for suspect.DefaultK
	Signal string // one of the signal constants
	Out    string // the ranking CSV
}

const suspectsSynopsis = "fashionlens suspects --model FILE|bundled [--scheme fashion10|groups5] [--split test|train] [--labels FILE] [--data DIR] [--k K] --out ranking.csv"

func runSuspects(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := NewFlags("fashionlens suspects", suspectsSynopsis+`

Ranks the images of a split by how likely their given label is wrong
(confident learning): the model's probability of the given label and the
share of the image's K nearest neighbours in the model's feature space
that carry the same label. On the train split the model learned those
very labels, so its probabilities are optimistic and only the
neighbours' labels are used. The CSV holds rank,index,label,predicted,score,
most suspicious first (label and predicted are class ids of the scheme).`, stderr)
	var o suspectsOptions
	modelDataFlags(fs, &o.Model, &o.Scheme, &o.Data)
	fs.StringVar(&o.Split, "split", dataset.Test, "split: test (model probabilities and neighbours) or train (neighbours' labels only: the model trained on those labels)")
	fs.StringVar(&o.Labels, "labels", "", "file of labels replacing the split's: one class id of the scheme per line, one line per image")
	fs.IntVar(&o.K, "k", suspect.DefaultK, "number of nearest neighbours whose labels are compared")
	fs.StringVar(&o.Signal, "signal", signalAuto, "what the score is made of: auto (both on test, neighbours on train), both, model or neighbours (model and both are refused on train)")
	fs.StringVar(&o.Out, "out", "", "ranking CSV file to write")
	if ok, code := ParseFlags(fs, args); !ok {
		return code
	}
	if o.Out == "" {
		fmt.Fprintln(stderr, "fashionlens suspects: --out is required")
		fs.Usage()
		return ExitUsage
	}
	return suspects(ctx, o, stdout, stderr)
}

// suspects ranks a split's images by how suspicious their labels are and
// writes the ranking, showing progress on stderr.
func suspects(ctx context.Context, o suspectsOptions, stdout, stderr io.Writer) int {
	usage := func(format string, args ...any) int {
		fmt.Fprintf(stderr, "fashionlens suspects: "+format+"\n", args...)
		return ExitUsage
	}
	if o.Split != dataset.Train && o.Split != dataset.Test {
		return usage("--split must be test or train, not %q", o.Split)
	}
	if o.K < 1 {
		return usage("--k must be at least 1, not %d", o.K)
	}
	switch o.Signal {
	case signalAuto:
		o.Signal = signalBoth
		if o.Split == dataset.Train {
			o.Signal = signalNeighbours
		}
	case signalBoth, signalModel:
		if o.Split == dataset.Train {
			return usage("--signal %s on the train split: the model trained on those labels, so its probabilities say little about them; use neighbours", o.Signal)
		}
	case signalNeighbours:
	default:
		return usage("--signal must be auto, both, model or neighbours, not %q", o.Signal)
	}
	scheme, err := modelFlags(o.Model, o.Scheme)
	if err != nil {
		return usage("%v", err)
	}
	inputs := map[string]string{"labels": o.Labels}
	if o.Model != "bundled" {
		inputs["model"] = o.Model
	}
	if err := CheckOutputs(inputs, map[string]string{"out": o.Out}); err != nil {
		return usage("%v", err)
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "fashionlens suspects: %v\n", err)
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
	n, classes := split.Len(), net.Classes()
	if o.K >= n {
		return usage("--k %d: the %s split has %s images, so at most %d neighbours", o.K, o.Split, analysis.Thousands(n), n-1)
	}
	labels := make([]int, n)
	for i, l := range split.Labels {
		labels[i] = net.Scheme.Class(l)
	}
	if o.Labels != "" {
		if labels, err = readLabelsFile(o.Labels, n, classes); err != nil {
			return fail(err)
		}
	}
	status := newStatusLine(stderr, 100*time.Millisecond)
	p, err := net.Predict(ctx, split, nil, true, status.Func("features"))
	status.Clear()
	if err != nil {
		return fail(err)
	}
	var scores []float64
	var method string
	if o.Signal == signalModel {
		scores = make([]float64, n)
		for i, l := range labels {
			scores[i] = 1 - float64(p.Probs[i*classes+l])
		}
		method = "model probability of the given label only"
	} else {
		x := mat.NewDense(n, model.FeatureDim, nil)
		for i, v := range p.Features {
			x.RawMatrix().Data[i] = float64(v)
		}
		var probs []float32
		if o.Signal == signalBoth {
			probs = p.Probs
		}
		scores, err = suspect.Score(ctx, x, labels, classes, probs, suspect.Options{K: o.K, Report: status.Func("neighbours")})
		status.Clear()
		if err != nil {
			return fail(err)
		}
		method = suspect.Explain(o.K, probs != nil)
	}
	rank := suspect.Rank(scores)
	if err := atomicfile.Write(o.Out, func(w io.Writer) error { return writeRanking(w, rank, labels, p.Pred, scores) }); err != nil {
		return fail(err)
	}
	source := "its labels"
	if o.Labels != "" {
		source = "the labels of " + o.Labels
	}
	fmt.Fprintf(stdout, "Ranked the %s images of the %s split (%s, %s scheme) by how likely their label is wrong.\n",
		analysis.Thousands(n), o.Split, source, net.Scheme.Name)
	fmt.Fprintf(stdout, "Score: %s.\n", method)
	if o.Split == dataset.Train {
		fmt.Fprintln(stdout, "The model trained on the train split's labels, so its probabilities of them are optimistic and left out.")
	}
	fmt.Fprintf(stdout, "Most suspicious:")
	for r, i := range rank[:min(5, n)] {
		if r > 0 {
			fmt.Fprint(stdout, ",")
		}
		fmt.Fprintf(stdout, " image %d (%s, predicted %s, %.3f)", i, net.Scheme.Classes[labels[i]], net.Scheme.Classes[p.Pred[i]], scores[i])
	}
	fmt.Fprintf(stdout, "\nWrote %s\n", o.Out)
	return ExitOK
}

// writeRanking writes the ranking CSV: a header, then per rank (1-based)
// the image's index, label, predicted class and score.
func writeRanking(w io.Writer, rank, labels, pred []int, scores []float64) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"rank", "index", "label", "predicted", "score"}); err != nil {
		return err
	}
	for r, i := range rank {
		rec := []string{
			strconv.Itoa(r + 1), strconv.Itoa(i), strconv.Itoa(labels[i]), strconv.Itoa(pred[i]),
			strconv.FormatFloat(scores[i], 'g', -1, 64),
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// readLabelsFile reads a --labels file: see parseLabelIDs.
func readLabelsFile(path string, n, classes int) ([]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--labels: %w", err)
	}
	defer f.Close()
	return parseLabelIDs(f, path, n, classes)
}

// maxLabelLine is the longest line parseLabelIDs takes.
const maxLabelLine = 4096

// parseLabelIDs reads n labels from r, the file name: one integer class id
// in 0…classes−1 per line (spaces around it and a CR before the newline
// are allowed), followed by nothing but blank lines. Its errors name the
// file and, for a bad line, the line.
func parseLabelIDs(r io.Reader, name string, n, classes int) ([]int, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 256), maxLabelLine)
	labels := make([]int, 0, min(n, 1<<20))
	line, blank := 0, 0 // blank: the first blank line of a run, or 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" {
			if blank == 0 {
				blank = line
			}
			continue
		}
		if blank != 0 {
			return nil, fmt.Errorf("%s line %d: blank line before more labels (only trailing blank lines are allowed)", name, blank)
		}
		if len(labels) == n {
			return nil, fmt.Errorf("%s line %d: more labels than the %s images of the split", name, line, analysis.Thousands(n))
		}
		c, err := strconv.Atoi(s)
		if err != nil {
			return nil, fmt.Errorf("%s line %d: %q is not a class id (an integer 0…%d)", name, line, clip(s), classes-1)
		}
		if c < 0 || c >= classes {
			return nil, fmt.Errorf("%s line %d: class %d is out of range: the scheme's classes are 0…%d", name, line, c, classes-1)
		}
		labels = append(labels, c)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("%s line %d: longer than %d bytes: not a class id", name, line+1, maxLabelLine)
		}
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(labels) != n {
		return nil, fmt.Errorf("%s holds %s labels, but the split has %s images: one line per image", name, analysis.Thousands(len(labels)), analysis.Thousands(n))
	}
	return labels, nil
}

// clip shortens s for an error message.
func clip(s string) string {
	if len(s) > 20 {
		return s[:20] + "…"
	}
	return s
}
