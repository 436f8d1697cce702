package cli

import (
	"flag"
	"strings"

	"github.com/fashionlens/fashionlens/model"
)

// recipeFlag is the train command's flag for one recipe setting.
type recipeFlag struct {
	name, usage string
	// field points at the setting in a recipe: *int, *float64, *string
	// or *bool.
	field func(*model.Recipe) any
}

// recipeFlags is the registry of the recipe settings that the command
// line can override.
var recipeFlags = []recipeFlag{
	{"epochs", "epoch budget", func(r *model.Recipe) any { return &r.Epochs }},
	{"lr", "peak learning rate", func(r *model.Recipe) any { return &r.LR }},
	{"schedule", "learning-rate schedule: " + strings.Join(model.Schedules(), ", "), func(r *model.Recipe) any { return &r.Schedule }},
	{"warmup", "share of the steps spent warming up", func(r *model.Recipe) any { return &r.Warmup }},
	{"wd", "AdamW decoupled weight decay of the kernels, 0 for Adam", func(r *model.Recipe) any { return &r.WeightDecay }},
	{"smoothing", "label smoothing", func(r *model.Recipe) any { return &r.Smoothing }},
	{"shift", "largest random translation in pixels, 0 for none", func(r *model.Recipe) any { return &r.Shift }},
	{"flip", "random left-right flips", func(r *model.Recipe) any { return &r.Flip }},
	{"clean-epochs", "final epochs without augmentation", func(r *model.Recipe) any { return &r.CleanEpochs }},
	{"select", "kept epoch: " + model.SelectValLoss + " (early stopping) or " + model.SelectValAccuracy, func(r *model.Recipe) any { return &r.Select }},
	{"patience", "epochs without a lower validation loss before stopping, with --select " + model.SelectValLoss, func(r *model.Recipe) any { return &r.Patience }},
	{"val", "share of the training images held out for validation, 0 for none", func(r *model.Recipe) any { return &r.ValShare }},
	{"bn-momentum", "batch normalisation's running-average momentum", func(r *model.Recipe) any { return &r.BNMomentum }},
	{"recalibrate", "measure the batch normalisation's statistics in inference mode on N training images after each epoch, 0 for off", func(r *model.Recipe) any { return &r.Recalibrate }},
}

// addRecipeFlags registers a flag per recipe setting on fs; the flags
// given fill ov.
func addRecipeFlags(fs *flag.FlagSet, ov *model.Recipe) {
	for _, f := range recipeFlags {
		usage := f.usage + " (default: the recipe's)"
		switch p := f.field(ov).(type) {
		case *int:
			fs.IntVar(p, f.name, 0, usage)
		case *float64:
			fs.Float64Var(p, f.name, 0, usage)
		case *string:
			fs.StringVar(p, f.name, "", usage)
		case *bool:
			fs.BoolVar(p, f.name, false, usage)
		}
	}
}

// overrideRecipe copies into rec each recipe setting given on the command
// line (read from ov, which addRecipeFlags bound). --val 0 means no
// validation. A clean phase longer than a shortened budget shrinks to fit
// it, unless --clean-epochs was given.
func overrideRecipe(fs *flag.FlagSet, rec, ov *model.Recipe) {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	for _, f := range recipeFlags {
		if !given[f.name] {
			continue
		}
		switch p := f.field(rec).(type) {
		case *int:
			*p = *f.field(ov).(*int)
		case *float64:
			*p = *f.field(ov).(*float64)
		case *string:
			*p = *f.field(ov).(*string)
		case *bool:
			*p = *f.field(ov).(*bool)
		}
	}
	if given["val"] && rec.ValShare == 0 {
		rec.ValShare = -1 // none
	}
	if !given["clean-epochs"] {
		*rec = rec.FitClean()
	}
}

// recipeHelp lists the recipes and what each is.
func recipeHelp() string {
	var parts []string
	for _, name := range model.Recipes() {
		r, _ := model.RecipeByName(name)
		parts = append(parts, name+" ("+r.Description+": "+r.Describe()+")")
	}
	return strings.Join(parts, "; ")
}
