package model

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/fashionlens/fashionlens/model/dataset"
)

// Selections: how a run chooses the epoch whose weights it keeps.
const (
	// SelectValLoss keeps the epoch with the lowest validation loss and
	// stops early after Patience epochs without a lower one (Keras's
	// EarlyStopping with restore_best_weights).
	SelectValLoss = "val-loss"
	// SelectValAccuracy runs the whole budget and keeps the epoch with the
	// highest validation accuracy (ties: the lower validation loss).
	SelectValAccuracy = "val-accuracy"
)

// Recipe is how a network is trained: the budget, the optimiser and its
// learning-rate schedule, the regularisation, the augmentation, and how
// the kept epoch is chosen. Every choice in it is made on the validation
// split; the test split plays no part.
type Recipe struct {
	Name        string  // the registry name it started from
	Description string  // one line for people
	Epochs      int     // the budget
	LR          float64 // the peak learning rate
	// Schedule names the learning-rate schedule (see Schedules).
	Schedule string
	// Warmup is the share of the steps spent warming up (one-cycle and
	// cosine schedules).
	Warmup float64
	// WeightDecay is AdamW's decoupled weight decay, applied to the
	// kernels only (not to biases or batch normalisation); 0 is Adam.
	WeightDecay float64
	// Smoothing is the label smoothing ε: targets (1−ε)·one-hot + ε/C.
	Smoothing float64
	// Shift is the largest random translation of a training image, in
	// pixels, with zero padding; 0 turns it off.
	Shift int
	// Flip mirrors each training image left–right with probability ½.
	Flip bool
	// CleanEpochs is the number of final epochs trained without
	// augmentation.
	CleanEpochs int
	// Select says how the kept epoch is chosen: SelectValLoss or
	// SelectValAccuracy.
	Select string
	// Patience ends a SelectValLoss run after this many epochs without a
	// lower validation loss.
	Patience int
	// ValShare is the share of the train split held out for validation;
	// negative means none (the last epoch is kept).
	ValShare float64
	// BNMomentum is the batch normalisation's running-average momentum
	// (Keras's convention: the weight of the old value).
	BNMomentum float64
	// Recalibrate, if positive, measures the batch normalisation's
	// statistics in inference mode on this many training images at the
	// end of every epoch, before its validation (Net.RecalibrateBN),
	// instead of keeping the running averages. BNMomentum then has no
	// effect on the result.
	Recalibrate int
}

// Recipe names.
const (
	// RecipeBest is the default: the recipe that scored best on the
	// validation split in the ablation (BENCHMARKS.md).
	RecipeBest = "best"
	// RecipeStudy is the original study's Keras protocol: constant Adam
	// at 1e-3, no augmentation, early stopping on the validation loss.
	RecipeStudy = "study"
)

// recipes is the registry, default first.
var recipes = []Recipe{
	{
		Name:        RecipeBest,
		Description: "the default, chosen on validation accuracy by the ablation in BENCHMARKS.md",
		Epochs:      24, LR: 3e-3, Schedule: ScheduleOneCycle, Warmup: 0.25, WeightDecay: 0.05,
		Smoothing: 0.1, Select: SelectValAccuracy, Patience: 2, ValShare: 0.1,
		BNMomentum: 0.9, Recalibrate: 2000,
	},
	{
		Name:        RecipeStudy,
		Description: "the original study's Keras protocol",
		Epochs:      20, LR: 1e-3, Schedule: ScheduleConstant,
		Select: SelectValLoss, Patience: 2, ValShare: 0.2, BNMomentum: bnMomentum,
	},
}

// Recipes returns the names of the registered recipes, the default first.
func Recipes() []string {
	names := make([]string, len(recipes))
	for i, r := range recipes {
		names[i] = r.Name
	}
	return names
}

// FitClean returns the recipe with its clean final phase shortened, where
// needed, to leave at least one augmented epoch in a shortened budget.
func (r Recipe) FitClean() Recipe {
	if r.CleanEpochs >= r.Epochs {
		r.CleanEpochs = max(r.Epochs-1, 0)
	}
	return r
}

// DefaultRecipe returns the default recipe.
func DefaultRecipe() Recipe { return recipes[0] }

// RecipeByName returns a copy of the registered recipe of that name.
func RecipeByName(name string) (Recipe, error) {
	for _, r := range recipes {
		if r.Name == name {
			return r, nil
		}
	}
	return Recipe{}, fmt.Errorf("unknown recipe %q: choose one of %s", name, strings.Join(Recipes(), ", "))
}

// Validate says what is wrong with the recipe, if anything.
func (r *Recipe) Validate() error {
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch {
	case r.Epochs < 1 || r.Epochs > 1000:
		return fmt.Errorf("epochs must be between 1 and 1000, not %d", r.Epochs)
	case !(r.LR > 0 && r.LR < 10):
		return fmt.Errorf("learning rate must be above 0 and below 10, not %g", r.LR)
	case !finite(r.Warmup) || r.Warmup < 0 || r.Warmup >= 1:
		return fmt.Errorf("warm-up share must be at least 0 and below 1, not %g", r.Warmup)
	case !finite(r.WeightDecay) || r.WeightDecay < 0 || r.WeightDecay >= 1:
		return fmt.Errorf("weight decay must be at least 0 and below 1, not %g", r.WeightDecay)
	case !finite(r.Smoothing) || r.Smoothing < 0 || r.Smoothing >= 1:
		return fmt.Errorf("label smoothing must be at least 0 and below 1, not %g", r.Smoothing)
	case r.Shift < 0 || r.Shift > 8:
		return fmt.Errorf("shift must be between 0 and 8 pixels, not %d", r.Shift)
	case r.CleanEpochs < 0 || r.CleanEpochs > r.Epochs:
		return fmt.Errorf("clean epochs must be between 0 and the %d epochs, not %d", r.Epochs, r.CleanEpochs)
	case r.Select != SelectValLoss && r.Select != SelectValAccuracy:
		return fmt.Errorf("selection must be %s or %s, not %q", SelectValLoss, SelectValAccuracy, r.Select)
	case r.Patience < 1:
		return fmt.Errorf("patience must be at least 1, not %d", r.Patience)
	case !finite(r.ValShare) || r.ValShare >= 0.9:
		return fmt.Errorf("validation share must be below 0.9, not %g", r.ValShare)
	case !finite(r.BNMomentum) || r.BNMomentum < 0 || r.BNMomentum >= 1:
		return fmt.Errorf("batch-norm momentum must be at least 0 and below 1, not %g", r.BNMomentum)
	case r.Recalibrate < 0 || r.Recalibrate > dataset.MaxItems:
		return fmt.Errorf("recalibration images must be between 0 and %d, not %d", dataset.MaxItems, r.Recalibrate)
	}
	if _, err := ScheduleByName(r.Schedule); err != nil {
		return err
	}
	return nil
}

// Augmenting says whether the recipe augments any epoch.
func (r *Recipe) Augmenting() bool { return r.Shift > 0 || r.Flip }

// Augments says whether epoch (1-based) trains on augmented images.
func (r *Recipe) Augments(epoch int) bool {
	return r.Augmenting() && epoch <= r.Epochs-r.CleanEpochs
}

// Settings returns every setting as text, keyed as a checkpoint stores
// them.
func (r *Recipe) Settings() map[string]string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	return map[string]string{
		"recipe":       r.Name,
		"epochs":       strconv.Itoa(r.Epochs),
		"lr":           f(r.LR),
		"schedule":     r.Schedule,
		"warmup":       f(r.Warmup),
		"weight_decay": f(r.WeightDecay),
		"smoothing":    f(r.Smoothing),
		"shift":        strconv.Itoa(r.Shift),
		"flip":         strconv.FormatBool(r.Flip),
		"clean_epochs": strconv.Itoa(r.CleanEpochs),
		"select":       r.Select,
		"patience":     strconv.Itoa(r.Patience),
		"val_share":    f(r.ValShare),
		"bn_momentum":  f(r.BNMomentum),
		"recalibrate":  strconv.Itoa(r.Recalibrate),
	}
}

// Changes lists, as "key=value", the settings in which r differs from
// the registered recipe it is named after; nil if none (or if its name is
// not registered).
func (r *Recipe) Changes() []string {
	base, err := RecipeByName(r.Name)
	if err != nil {
		return nil
	}
	mine, theirs := r.Settings(), base.Settings()
	var out []string
	for _, k := range settingOrder {
		if mine[k] != theirs[k] {
			out = append(out, k+"="+mine[k])
		}
	}
	return out
}

// settingOrder is the order in which settings are listed.
var settingOrder = []string{"epochs", "lr", "schedule", "warmup", "weight_decay", "smoothing", "shift", "flip",
	"clean_epochs", "select", "patience", "val_share", "bn_momentum", "recalibrate"}

// String names the recipe and any changes from the registered one.
func (r Recipe) String() string {
	if ch := r.Changes(); len(ch) > 0 {
		return r.Name + " (" + strings.Join(ch, ", ") + ")"
	}
	return r.Name
}

// Describe says in one line what the recipe does.
func (r Recipe) Describe() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d epochs, %s learning rate", r.Epochs, r.Schedule)
	if r.Schedule == ScheduleConstant {
		fmt.Fprintf(&b, " %g", r.LR)
	} else {
		fmt.Fprintf(&b, " peaking at %g (warm-up %g)", r.LR, r.Warmup)
	}
	if r.WeightDecay > 0 {
		fmt.Fprintf(&b, ", AdamW weight decay %g", r.WeightDecay)
	} else {
		b.WriteString(", Adam")
	}
	if r.Smoothing > 0 {
		fmt.Fprintf(&b, ", label smoothing %g", r.Smoothing)
	}
	var aug []string
	if r.Shift > 0 {
		aug = append(aug, fmt.Sprintf("shifts up to %d px", r.Shift))
	}
	if r.Flip {
		aug = append(aug, "flips")
	}
	if len(aug) > 0 {
		fmt.Fprintf(&b, ", %s", strings.Join(aug, " and "))
		if r.CleanEpochs > 0 {
			fmt.Fprintf(&b, " (not in the last %d epochs)", r.CleanEpochs)
		}
	} else {
		b.WriteString(", no augmentation")
	}
	if r.ValShare > 0 {
		fmt.Fprintf(&b, "; %g of the train split validates", r.ValShare)
		if r.Select == SelectValLoss {
			fmt.Fprintf(&b, ", early stopping on its loss (patience %d)", r.Patience)
		} else {
			b.WriteString(", the epoch of best validation accuracy is kept")
		}
	} else {
		b.WriteString("; no validation, the last epoch is kept")
	}
	fmt.Fprintf(&b, "; batch-norm momentum %g", r.BNMomentum)
	if r.Recalibrate > 0 {
		fmt.Fprintf(&b, ", recalibrated on %d training images after each epoch", r.Recalibrate)
	}
	return b.String()
}
