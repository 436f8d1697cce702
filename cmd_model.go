package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/fashionlens/fashionlens/internal/atomicfile"
	"github.com/fashionlens/fashionlens/model"
	"github.com/fashionlens/fashionlens/model/checkpoint"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// loadData finds the data set as the window does (dir, if given, is the
// only folder searched), without downloading.
func loadData(ctx context.Context, dir string) (*dataset.Dataset, error) {
	return dataset.Load(ctx, dataset.LoadOptions{Locations: dataset.Search(dir)})
}

func runTrain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("fashionlens train", "fashionlens train [--preset seed|small] [--scheme fashion10|groups5] [--recipe "+strings.Join(model.Recipes(), "|")+"] [--epochs N] [--seed S] [recipe settings] [--data DIR] [--out FILE] [--log-json FILE]", stderr)
	preset := fs.String("preset", model.PresetSeed, "network preset: "+strings.Join(model.Presets, " or "))
	schemeName := fs.String("scheme", dataset.Fashion10.Name, "label scheme: fashion10 or groups5")
	recipeName := fs.String("recipe", model.DefaultRecipe().Name, "training recipe: "+recipeHelp())
	batch := fs.Int("batch", 128, "batch size")
	seed := fs.Uint64("seed", 1, "seed of weights, validation split, shuffles, augmentation and dropout")
	subset := fs.Int("subset", 0, "train on the first N training images only (0: all)")
	dataDir := fs.String("data", "", "folder holding the Fashion-MNIST IDX files (default: the usual search)")
	out := fs.String("out", "", "checkpoint file to write (default PRESET-SCHEME.ckpt)")
	logJSON := fs.String("log-json", "", "write every progress event to FILE as one JSON object per line")
	device := fs.String("device", string(model.CPU), "where to train: cpu (gpu needs a GPU build, which this is not)")
	// The recipe's settings: each flag given replaces the recipe's value.
	var ov model.Recipe
	addRecipeFlags(fs, &ov)
	noTest := fs.Bool("no-test", false, "do not measure the test split (for experiments: the recipe is chosen on the validation split only)")
	if ok, code := parse(fs, args); !ok {
		return code
	}
	// Values the library would take as "the default" are refused here:
	// a command line says what it means.
	if *batch < 1 || *batch > model.MaxBatch {
		fmt.Fprintf(stderr, "fashionlens train: --batch must be between 1 and %d, not %d\n", model.MaxBatch, *batch)
		return exitUsage
	}
	if *subset < 0 {
		fmt.Fprintf(stderr, "fashionlens train: --subset must be 0 (all images) or a number of images, not %d\n", *subset)
		return exitUsage
	}
	rec, err := model.RecipeByName(*recipeName)
	if err != nil {
		fmt.Fprintf(stderr, "fashionlens train: %v\n", err)
		return exitUsage
	}
	overrideRecipe(fs, &rec, &ov)
	if _, err := model.ParseDevice(*device); err != nil {
		fmt.Fprintf(stderr, "fashionlens train: %v\n", err)
		if errors.Is(err, model.ErrNoGPU) {
			return exitError
		}
		return exitUsage
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "fashionlens train: %v\n", err)
		return exitError
	}
	scheme, err := dataset.SchemeByName(*schemeName)
	if err != nil {
		fmt.Fprintf(stderr, "fashionlens train: %v\n", err)
		return exitUsage
	}
	cfg := model.TrainConfig{Preset: *preset, Scheme: scheme, Recipe: rec, Batch: *batch, Seed: *seed, Subset: *subset}
	if _, err := model.New(cfg.Preset, scheme, 0); err != nil {
		fmt.Fprintf(stderr, "fashionlens train: %v\n", err)
		return exitUsage
	}
	if err := rec.Validate(); err != nil {
		fmt.Fprintf(stderr, "fashionlens train: %v\n", err)
		return exitUsage
	}
	if *out == "" {
		*out = cfg.Preset + "-" + scheme.Name + ".ckpt"
	}
	// A bad --out is found now, not after the whole run.
	if err := checkOutputs(nil, map[string]string{"out": *out}); err != nil {
		fmt.Fprintf(stderr, "fashionlens train: %v\n", err)
		return exitUsage
	}
	d, err := loadData(ctx, *dataDir)
	if err != nil {
		return fail(err)
	}
	if d.Train == nil {
		return fail(errors.New(dataset.MissingTrainHelp))
	}
	if *subset > d.Train.Len() {
		fmt.Fprintf(stderr, "fashionlens train: --subset %d: the train split holds only %d images\n", *subset, d.Train.Len())
		return exitUsage
	}
	var logw *bufio.Writer
	if *logJSON != "" {
		f, err := os.Create(*logJSON)
		if err != nil {
			return fail(fmt.Errorf("create the JSON log: %w", err))
		}
		defer f.Close()
		logw = bufio.NewWriter(f)
		defer logw.Flush()
	}
	fmt.Fprintf(stdout, "Training the %s preset on %s (%d classes): train split from %s, %s, %d threads\n",
		cfg.Preset, scheme.Name, scheme.NumClasses(), d.Train.Origin.Describe(), computeDevice(), runtime.GOMAXPROCS(0))
	fmt.Fprintf(stdout, "Recipe %s: %s\n", rec, rec.Describe())
	pp := trainPrinter{newStatusLine(stdout, 200*time.Millisecond)}
	var logErr error
	res, err := model.Train(ctx, d.Train, cfg, func(p model.Progress) {
		pp.update(p)
		if logw != nil && logErr == nil {
			logErr = writeJSONLine(logw, p)
		}
	})
	pp.Clear()
	if res == nil {
		return fail(err)
	}
	if logErr != nil {
		return fail(fmt.Errorf("write the JSON log %s: %w", *logJSON, logErr))
	}
	cancelled := err != nil
	if cancelled {
		fmt.Fprintf(stdout, "Cancelled; saving the model as it stands (best epoch %d).\n", res.BestEpoch)
		ctx = context.Background() // still evaluate and save
	}
	ips := res.ImagesPerSecond()
	metrics := map[string]float64{"train_images_per_second": ips}
	var ev *model.Evaluation
	if !*noTest {
		if ev, err = res.Net.Evaluate(ctx, d.Test, nil, nil); err != nil {
			return fail(err)
		}
		metrics["test_accuracy"], metrics["test_loss"], metrics["infer_images_per_second"] = ev.Accuracy, ev.Loss, ev.ImagesPerSecond
	}
	if b := res.BestEpoch; b > 0 && b <= len(res.History) && !math.IsNaN(res.History[b-1].ValAccuracy) {
		metrics["val_accuracy"], metrics["val_loss"] = res.History[b-1].ValAccuracy, res.History[b-1].ValLoss
	}
	c := res.Checkpoint(d.Train, metrics)
	if err := checkpoint.Save(*out, c); err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "Stopped: %s after %d epochs; kept epoch %d", res.Stop, len(res.History), res.BestEpoch)
	if v, ok := metrics["val_accuracy"]; ok {
		fmt.Fprintf(stdout, " (validation accuracy %.2f%% on %d images)", 100*v, res.ValSize)
	}
	fmt.Fprintln(stdout, ".")
	tm := res.Timing
	fmt.Fprintf(stdout, "Time: %s in all: training steps %s, waiting for the data pipeline %s, validation %s",
		tm.Total.Round(time.Second), tm.Step.Round(time.Second), tm.Wait.Round(time.Millisecond), tm.Validate.Round(time.Second))
	if tm.Recalibrate > 0 {
		fmt.Fprintf(stdout, ", batch-norm recalibration %s", tm.Recalibrate.Round(time.Second))
	}
	fmt.Fprintln(stdout, ".")
	fmt.Fprintf(stdout, "Training speed: %.0f img/s (mean over epochs).", ips)
	if ev != nil {
		fmt.Fprintf(stdout, " Test accuracy: %.2f%% on %d images (%s split), inference %.0f img/s.\n",
			100*ev.Accuracy, ev.Images, d.Test.Origin.Describe(), ev.ImagesPerSecond)
	} else {
		fmt.Fprintln(stdout, " Test split not measured (--no-test).")
	}
	fmt.Fprintf(stdout, "Saved %s\n", *out)
	if cancelled {
		return exitError
	}
	return exitOK
}

// computeDevice names where the network runs.
func computeDevice() string { return "CPU (" + model.Backend() + ")" }

// progressEvent is the JSON form of a training progress event.
type progressEvent struct {
	Epoch            int      `json:"epoch"`
	Epochs           int      `json:"epochs"`
	Batch            int      `json:"batch"`
	Batches          int      `json:"batches"`
	Loss             float64  `json:"loss"`
	Accuracy         float64  `json:"accuracy"`
	ImagesPerSecond  float64  `json:"images_per_second"`
	SecondsRemaining float64  `json:"seconds_remaining"`
	SecondsElapsed   float64  `json:"seconds_elapsed"`
	EpochEnd         bool     `json:"epoch_end,omitempty"`
	ValLoss          *float64 `json:"val_loss,omitempty"`
	ValAccuracy      *float64 `json:"val_accuracy,omitempty"`
}

func writeJSONLine(w io.Writer, p model.Progress) error {
	e := progressEvent{Epoch: p.Epoch, Epochs: p.Epochs, Batch: p.Batch, Batches: p.Batches, Loss: p.Loss,
		Accuracy: p.Accuracy, ImagesPerSecond: p.ImagesPerSecond, SecondsRemaining: p.Remaining.Seconds(),
		SecondsElapsed: p.Elapsed.Seconds(), EpochEnd: p.EpochEnd}
	if p.EpochEnd && !math.IsNaN(p.ValLoss) {
		e.ValLoss, e.ValAccuracy = &p.ValLoss, &p.ValAccuracy
	}
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// trainPrinter shows training progress on a statusLine: a bar redrawn in
// place on a terminal, and a line at each epoch's end everywhere.
type trainPrinter struct{ *statusLine }

func (p trainPrinter) update(e model.Progress) {
	if e.EpochEnd {
		val := ""
		if !math.IsNaN(e.ValLoss) {
			val = fmt.Sprintf("  val loss %.4f  val acc %.4f", e.ValLoss, e.ValAccuracy)
		}
		p.Println(fmt.Sprintf("epoch %d/%d  loss %.4f  acc %.4f%s  %.0f img/s  %s elapsed",
			e.Epoch, e.Epochs, e.Loss, e.Accuracy, val, e.ImagesPerSecond, e.Elapsed.Round(time.Second)))
		return
	}
	const width = 24
	n := width * e.Batch / e.Batches
	p.Show(fmt.Sprintf("epoch %d/%d [%s%s] %d/%d  loss %.4f  acc %.4f  %.0f img/s  %s left",
		e.Epoch, e.Epochs, strings.Repeat("=", n), strings.Repeat(" ", width-n), e.Batch, e.Batches,
		e.Loss, e.Accuracy, e.ImagesPerSecond, e.Remaining.Round(time.Second)))
}

// openModel loads --model: a checkpoint file, or "bundled" for the
// embedded model of the scheme.
func openModel(spec string, scheme *dataset.Scheme) (*model.Net, *checkpoint.Checkpoint, error) {
	if spec == "bundled" {
		if scheme == nil {
			scheme = dataset.Fashion10
		}
		return model.Bundled(scheme)
	}
	n, c, err := model.Load(spec)
	if err != nil {
		return nil, nil, err
	}
	if scheme != nil && n.Scheme != scheme {
		return nil, nil, fmt.Errorf("%s was trained on the %s scheme, not %s", spec, n.Scheme.Name, scheme.Name)
	}
	return n, c, nil
}

// schemeFlag parses an optional --scheme value.
func schemeFlag(name string) (*dataset.Scheme, error) {
	if name == "" {
		return nil, nil
	}
	return dataset.SchemeByName(name)
}

func runEvaluate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("fashionlens evaluate", "fashionlens evaluate --model FILE|bundled [--scheme fashion10|groups5] [--merge groups5 [--merge-rule argmax|sum]] [--data DIR] [--json]", stderr)
	spec := fs.String("model", "", "checkpoint file, or bundled for the model inside the binary")
	schemeName := fs.String("scheme", "", "label scheme (bundled: which model; a file: must match)")
	mergeName := fs.String("merge", "", "score the model's predictions merged into this coarser scheme (a fashion10 model as groups5, say)")
	mergeRule := fs.String("merge-rule", model.MergeArgmax, "how predictions merge: "+model.MergeArgmax+" (the predicted class's group) or "+model.MergeSum+" (the group of highest summed probability)")
	dataDir := fs.String("data", "", "folder holding the Fashion-MNIST IDX files (default: the usual search)")
	asJSON := fs.Bool("json", false, "print JSON")
	if ok, code := parse(fs, args); !ok {
		return code
	}
	scheme, err := schemeFlag(*schemeName)
	if err != nil || *spec == "" {
		if err == nil {
			err = errors.New("--model is required: a checkpoint file, or bundled")
		}
		fmt.Fprintf(stderr, "fashionlens evaluate: %v\n", err)
		return exitUsage
	}
	var merge *dataset.Scheme
	if *mergeName != "" {
		if merge, err = dataset.SchemeByName(*mergeName); err != nil {
			fmt.Fprintf(stderr, "fashionlens evaluate: --merge: %v\n", err)
			return exitUsage
		}
	}
	if *mergeRule != model.MergeArgmax && *mergeRule != model.MergeSum {
		fmt.Fprintf(stderr, "fashionlens evaluate: --merge-rule must be %s or %s, not %q\n", model.MergeArgmax, model.MergeSum, *mergeRule)
		return exitUsage
	}
	net, _, err := openModel(*spec, scheme)
	if err != nil {
		fmt.Fprintf(stderr, "fashionlens evaluate: %v\n", err)
		return exitError
	}
	d, err := loadData(ctx, *dataDir)
	if err != nil {
		fmt.Fprintf(stderr, "fashionlens evaluate: %v\n", err)
		return exitError
	}
	ev, err := net.Evaluate(ctx, d.Test, nil, nil)
	if err != nil {
		fmt.Fprintf(stderr, "fashionlens evaluate: %v\n", err)
		return exitError
	}
	scored := net.Scheme.Name + " scheme"
	if merge != nil {
		p, err := net.Merge(ev.Prediction, merge, *mergeRule)
		if err != nil {
			fmt.Fprintf(stderr, "fashionlens evaluate: %v\n", err)
			return exitError
		}
		ev = model.ScoreIn(merge, d.Test, nil, p)
		scored = fmt.Sprintf("%s scheme, predictions merged into %s by %s", net.Scheme.Name, merge.Name, *mergeRule)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(ev); err != nil {
			fmt.Fprintf(stderr, "fashionlens evaluate: %v\n", err)
			return exitError
		}
		return exitOK
	}
	fmt.Fprintf(stdout, "Model: %s preset, %s (%s)\nTest split: %d images (%s)\nAccuracy: %.2f%%  loss %.4f  inference %.0f img/s on %s\n\n",
		net.Preset, scored, *spec, ev.Images, d.Test.Origin.Describe(), 100*ev.Accuracy, ev.Loss, ev.ImagesPerSecond, computeDevice())
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
	return exitOK
}

func runFeatures(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("fashionlens features", "fashionlens features --model FILE|bundled [--split test|train] [--scheme ...] [--data DIR] --out vectors.tsv [--metadata metadata.tsv]", stderr)
	spec := fs.String("model", "", "checkpoint file, or bundled for the model inside the binary")
	splitName := fs.String("split", dataset.Test, "split: test or train")
	schemeName := fs.String("scheme", "", "label scheme (bundled: which model; a file: must match)")
	dataDir := fs.String("data", "", "folder holding the Fashion-MNIST IDX files (default: the usual search)")
	out := fs.String("out", "", "vectors file to write: one tab-separated row of 64 features per image")
	meta := fs.String("metadata", "", "metadata file to write: a header, then label, predicted class and index in the split per image")
	if ok, code := parse(fs, args); !ok {
		return code
	}
	if *out == "" {
		fmt.Fprintln(stderr, "fashionlens features: --out is required")
		fs.Usage()
		return exitUsage
	}
	if *splitName != dataset.Train && *splitName != dataset.Test {
		fmt.Fprintf(stderr, "fashionlens features: --split must be test or train, not %q\n", *splitName)
		return exitUsage
	}
	scheme, err := schemeFlag(*schemeName)
	if err != nil || *spec == "" {
		if err == nil {
			err = errors.New("--model is required: a checkpoint file, or bundled")
		}
		fmt.Fprintf(stderr, "fashionlens features: %v\n", err)
		return exitUsage
	}
	inputs := map[string]string{}
	if *spec != "bundled" {
		inputs["model"] = *spec
	}
	if err := checkOutputs(inputs, map[string]string{"out": *out, "metadata": *meta}); err != nil {
		fmt.Fprintf(stderr, "fashionlens features: %v\n", err)
		return exitUsage
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "fashionlens features: %v\n", err)
		return exitError
	}
	net, _, err := openModel(*spec, scheme)
	if err != nil {
		return fail(err)
	}
	d, err := loadData(ctx, *dataDir)
	if err != nil {
		return fail(err)
	}
	split := d.Split(*splitName)
	if split == nil {
		return fail(errors.New(dataset.MissingTrainHelp))
	}
	status := newStatusLine(stderr, 100*time.Millisecond)
	p, err := net.Predict(ctx, split, nil, true, func(done, total int) {
		status.Show(fmt.Sprintf("features: %d/%d images", done, total))
	})
	status.Clear()
	if err != nil {
		return fail(err)
	}
	if err := atomicfile.Write(*out, func(w io.Writer) error { return writeVectors(w, p.Features) }); err != nil {
		return fail(err)
	}
	if *meta != "" {
		if err := atomicfile.Write(*meta, func(w io.Writer) error { return writeMetadata(w, split, net.Scheme, p.Pred) }); err != nil {
			return fail(err)
		}
	}
	fmt.Fprintf(stdout, "Wrote %d feature vectors of %d values to %s (%.0f img/s)\n", len(p.Pred), model.FeatureDim, *out, p.ImagesPerSecond())
	return exitOK
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
