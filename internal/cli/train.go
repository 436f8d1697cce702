package cli

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
	"time"

	"github.com/fashionlens/fashionlens/model"
	"github.com/fashionlens/fashionlens/model/checkpoint"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// trainOptions are train's settings, from its flags.
type trainOptions struct {
	Preset  string       // the network preset
	Scheme  string       // the label scheme's name
	Recipe  model.Recipe // the recipe named by --recipe, with the settings given on the command line
	Batch   int          // the batch size, 1 to model.MaxBatch
	Seed    uint64
	Subset  int    // train on the first Subset images, 0 for all
	Data    string // the data folder, "" for the usual search
	Out     string // the checkpoint file, "" for PRESET-SCHEME.ckpt
	LogJSON string // the JSON log of progress events, or ""
	Device  string // cpu or gpu
	NoTest  bool   // do not measure the test split
}

func runTrain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := NewFlags("fashionlens train", "fashionlens train [--preset seed|small] [--scheme fashion10|groups5] [--recipe "+strings.Join(model.Recipes(), "|")+"] [--epochs N] [--seed S] [recipe settings] [--data DIR] [--out FILE] [--log-json FILE]", stderr)
	var o trainOptions
	fs.StringVar(&o.Preset, "preset", model.PresetSeed, "network preset: "+strings.Join(model.Presets, " or "))
	fs.StringVar(&o.Scheme, "scheme", dataset.Fashion10.Name, "label scheme: fashion10 or groups5")
	recipeName := fs.String("recipe", model.DefaultRecipe().Name, "training recipe: "+recipeHelp())
	fs.IntVar(&o.Batch, "batch", 128, "batch size")
	fs.Uint64Var(&o.Seed, "seed", 1, "seed of weights, validation split, shuffles, augmentation and dropout")
	fs.IntVar(&o.Subset, "subset", 0, "train on the first N training images only (0: all)")
	fs.StringVar(&o.Data, "data", "", "folder holding the Fashion-MNIST IDX files (default: the usual search)")
	fs.StringVar(&o.Out, "out", "", "checkpoint file to write (default PRESET-SCHEME.ckpt)")
	fs.StringVar(&o.LogJSON, "log-json", "", "write every progress event to FILE as one JSON object per line")
	fs.StringVar(&o.Device, "device", string(model.CPU), "where to train: cpu (gpu needs a GPU build, which this is not)")
	// The recipe's settings: each flag given replaces the recipe's value.
	var ov model.Recipe
	addRecipeFlags(fs, &ov)
	fs.BoolVar(&o.NoTest, "no-test", false, "do not measure the test split (for experiments: the recipe is chosen on the validation split only)")
	if ok, code := ParseFlags(fs, args); !ok {
		return code
	}
	// Values the library would take as "the default" are refused here:
	// a command line says what it means.
	if o.Batch < 1 || o.Batch > model.MaxBatch {
		fmt.Fprintf(stderr, "fashionlens train: --batch must be between 1 and %d, not %d\n", model.MaxBatch, o.Batch)
		return ExitUsage
	}
	if o.Subset < 0 {
		fmt.Fprintf(stderr, "fashionlens train: --subset must be 0 (all images) or a number of images, not %d\n", o.Subset)
		return ExitUsage
	}
	rec, err := model.RecipeByName(*recipeName)
	if err != nil {
		fmt.Fprintf(stderr, "fashionlens train: %v\n", err)
		return ExitUsage
	}
	overrideRecipe(fs, &rec, &ov)
	o.Recipe = rec
	return train(ctx, o, stdout, stderr)
}

// train trains a network as o says, reporting progress on stdout, then
// measures it on the test split and saves it. A cancelled run saves its
// best epoch and returns ExitError.
func train(ctx context.Context, o trainOptions, stdout, stderr io.Writer) int {
	rec := o.Recipe
	if _, err := model.ParseDevice(o.Device); err != nil {
		fmt.Fprintf(stderr, "fashionlens train: %v\n", err)
		if errors.Is(err, model.ErrNoGPU) {
			return ExitError
		}
		return ExitUsage
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "fashionlens train: %v\n", err)
		return ExitError
	}
	scheme, err := dataset.SchemeByName(o.Scheme)
	if err != nil {
		fmt.Fprintf(stderr, "fashionlens train: %v\n", err)
		return ExitUsage
	}
	cfg := model.TrainConfig{Preset: o.Preset, Scheme: scheme, Recipe: rec, Batch: o.Batch, Seed: o.Seed, Subset: o.Subset}
	if _, err := model.New(cfg.Preset, scheme, 0); err != nil {
		fmt.Fprintf(stderr, "fashionlens train: %v\n", err)
		return ExitUsage
	}
	if err := rec.Validate(); err != nil {
		fmt.Fprintf(stderr, "fashionlens train: %v\n", err)
		return ExitUsage
	}
	if o.Out == "" {
		o.Out = cfg.Preset + "-" + scheme.Name + ".ckpt"
	}
	// A bad --out is found now, not after the whole run.
	if err := CheckOutputs(nil, map[string]string{"out": o.Out}); err != nil {
		fmt.Fprintf(stderr, "fashionlens train: %v\n", err)
		return ExitUsage
	}
	d, err := loadData(ctx, o.Data)
	if err != nil {
		return fail(err)
	}
	if d.Train == nil {
		return fail(errors.New(dataset.MissingTrainHelp))
	}
	if o.Subset > d.Train.Len() {
		fmt.Fprintf(stderr, "fashionlens train: --subset %d: the train split holds only %d images\n", o.Subset, d.Train.Len())
		return ExitUsage
	}
	var logw *bufio.Writer
	if o.LogJSON != "" {
		f, err := os.Create(o.LogJSON)
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
		return fail(fmt.Errorf("write the JSON log %s: %w", o.LogJSON, logErr))
	}
	cancelled := err != nil
	if cancelled {
		fmt.Fprintf(stdout, "Cancelled; saving the model as it stands (best epoch %d).\n", res.BestEpoch)
		ctx = context.Background() // still evaluate and save
	}
	ips := res.ImagesPerSecond()
	metrics := map[string]float64{"train_images_per_second": ips}
	var ev *model.Evaluation
	if !o.NoTest {
		if ev, err = res.Net.Evaluate(ctx, d.Test, nil, nil); err != nil {
			return fail(err)
		}
		metrics["test_accuracy"], metrics["test_loss"], metrics["infer_images_per_second"] = ev.Accuracy, ev.Loss, ev.ImagesPerSecond
	}
	if b := res.BestEpoch; b > 0 && b <= len(res.History) && !math.IsNaN(res.History[b-1].ValAccuracy) {
		metrics["val_accuracy"], metrics["val_loss"] = res.History[b-1].ValAccuracy, res.History[b-1].ValLoss
	}
	c := res.Checkpoint(d.Train, metrics)
	if err := checkpoint.Save(o.Out, c); err != nil {
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
		fmt.Fprintf(stdout, " Test accuracy: %.2f%% on %d test images (%s), inference %.0f img/s.\n",
			100*ev.Accuracy, ev.Images, d.Test.Origin.Describe(), ev.ImagesPerSecond)
	} else {
		fmt.Fprintln(stdout, " Test split not measured (--no-test).")
	}
	fmt.Fprintf(stdout, "Saved %s\n", o.Out)
	if cancelled {
		return ExitError
	}
	return ExitOK
}

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
