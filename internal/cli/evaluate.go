package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/fashionlens/fashionlens/model"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// evaluateOptions are evaluate's settings, from its flags.
type evaluateOptions struct {
	Model     string // a checkpoint file, or "bundled"
	Scheme    string // the label scheme's name, or ""
	Merge     string // the coarser scheme to score in, or ""
	MergeRule string // model.MergeArgmax or model.MergeSum
	Data      string // the data folder, "" for the usual search
	JSON      bool   // print JSON
}

func runEvaluate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := NewFlags("fashionlens evaluate", "fashionlens evaluate --model FILE|bundled [--scheme fashion10|groups5] [--merge groups5 [--merge-rule argmax|sum]] [--data DIR] [--json]", stderr)
	var o evaluateOptions
	modelDataFlags(fs, &o.Model, &o.Scheme, &o.Data)
	fs.StringVar(&o.Merge, "merge", "", "score the model's predictions merged into this coarser scheme (a fashion10 model as groups5, say)")
	fs.StringVar(&o.MergeRule, "merge-rule", model.MergeArgmax, "how predictions merge: "+model.MergeArgmax+" (the predicted class's group) or "+model.MergeSum+" (the group of highest summed probability)")
	fs.BoolVar(&o.JSON, "json", false, "print JSON")
	if ok, code := ParseFlags(fs, args); !ok {
		return code
	}
	return evaluate(ctx, o, stdout, stderr)
}

// evaluate measures a model on the test split and prints its accuracy,
// per class, and the confusion matrix.
func evaluate(ctx context.Context, o evaluateOptions, stdout, stderr io.Writer) int {
	scheme, err := modelFlags(o.Model, o.Scheme)
	if err != nil {
		fmt.Fprintf(stderr, "fashionlens evaluate: %v\n", err)
		return ExitUsage
	}
	var merge *dataset.Scheme
	if o.Merge != "" {
		if merge, err = dataset.SchemeByName(o.Merge); err != nil {
			fmt.Fprintf(stderr, "fashionlens evaluate: --merge: %v\n", err)
			return ExitUsage
		}
	}
	if o.MergeRule != model.MergeArgmax && o.MergeRule != model.MergeSum {
		fmt.Fprintf(stderr, "fashionlens evaluate: --merge-rule must be %s or %s, not %q\n", model.MergeArgmax, model.MergeSum, o.MergeRule)
		return ExitUsage
	}
	net, _, err := openModel(o.Model, scheme)
	if err != nil {
		fmt.Fprintf(stderr, "fashionlens evaluate: %v\n", err)
		return ExitError
	}
	d, err := loadData(ctx, o.Data)
	if err != nil {
		fmt.Fprintf(stderr, "fashionlens evaluate: %v\n", err)
		return ExitError
	}
	ev, err := net.Evaluate(ctx, d.Test, nil, nil)
	if err != nil {
		fmt.Fprintf(stderr, "fashionlens evaluate: %v\n", err)
		return ExitError
	}
	scored := net.Scheme.Name + " scheme"
	if merge != nil {
		p, err := net.Merge(ev.Prediction, merge, o.MergeRule)
		if err != nil {
			fmt.Fprintf(stderr, "fashionlens evaluate: %v\n", err)
			return ExitError
		}
		ev = model.ScoreIn(merge, d.Test, nil, p)
		scored = fmt.Sprintf("%s scheme, predictions merged into %s by %s", net.Scheme.Name, merge.Name, o.MergeRule)
	}
	if o.JSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(ev); err != nil {
			fmt.Fprintf(stderr, "fashionlens evaluate: %v\n", err)
			return ExitError
		}
		return ExitOK
	}
	fmt.Fprintf(stdout, "Model: %s preset, %s (%s)\nTest split: %d images (%s)\nAccuracy: %.2f%%  loss %.4f  inference %.0f img/s on %s\n\n",
		net.Preset, scored, o.Model, ev.Images, d.Test.Origin.Describe(), 100*ev.Accuracy, ev.Loss, ev.ImagesPerSecond, computeDevice())
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "class\taccuracy\t")
	for i := range ev.Classes {
		fmt.Fprintf(tw, "→%d\t", i)
	}
	fmt.Fprintln(tw)
	for t, row := range ev.Confusion {
		fmt.Fprintf(tw, "%d %s\t%.2f%%\t", t, ev.Classes[t], 100*ev.PerClass[t])
		for _, v := range row {
			fmt.Fprintf(tw, "%d\t", v)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	fmt.Fprintln(stdout, "\nRows: true class; columns →p: images predicted as class p.")
	return ExitOK
}
