package cli

import (
	"flag"
	"io"
	"strconv"
	"testing"

	"github.com/fashionlens/fashionlens/model"
)

// Every registered recipe flag is on the command line and, when given,
// replaces the recipe's setting; settings not given keep the recipe's.
func TestRecipeFlags(t *testing.T) {
	for _, rf := range recipeFlags {
		fs := flag.NewFlagSet("train", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		var ov model.Recipe
		addRecipeFlags(fs, &ov)
		if fs.Lookup(rf.name) == nil {
			t.Errorf("--%s is not registered (its setting's type is not handled)", rf.name)
			continue
		}
		rec := model.DefaultRecipe()
		want := rec
		var arg string
		switch p := rf.field(&want).(type) {
		case *int:
			*p += 3
			arg = "--" + rf.name + "=" + strconv.Itoa(*p)
		case *float64:
			*p += 0.125
			arg = "--" + rf.name + "=" + strconv.FormatFloat(*p, 'g', -1, 64)
		case *string:
			*p = "x" + *p
			arg = "--" + rf.name + "=" + *p
		case *bool:
			*p = !*p
			arg = "--" + rf.name + "=" + strconv.FormatBool(*p)
		}
		if err := fs.Parse([]string{arg}); err != nil {
			t.Fatalf("%s: %v", arg, err)
		}
		overrideRecipe(fs, &rec, &ov)
		if rf.name != "clean-epochs" {
			want = want.FitClean()
		}
		if rec != want {
			t.Errorf("%s: recipe %+v\nwant %+v", arg, rec, want)
		}
	}
}

// --val 0 means no validation; a shortened budget shrinks the clean
// phase unless --clean-epochs is given.
func TestRecipeFlagsSpecial(t *testing.T) {
	parse := func(args ...string) model.Recipe {
		fs := flag.NewFlagSet("train", flag.ContinueOnError)
		var ov model.Recipe
		addRecipeFlags(fs, &ov)
		if err := fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		rec := model.DefaultRecipe()
		rec.Shift, rec.CleanEpochs = 1, 2
		overrideRecipe(fs, &rec, &ov)
		return rec
	}
	if r := parse("--val", "0"); r.ValShare != -1 {
		t.Errorf("--val 0: validation share %v, want -1 (none)", r.ValShare)
	}
	if r := parse("--epochs", "2"); r.CleanEpochs != 1 {
		t.Errorf("--epochs 2: clean epochs %d, want 1", r.CleanEpochs)
	}
	if r := parse("--epochs", "2", "--clean-epochs", "2"); r.CleanEpochs != 2 {
		t.Errorf("--clean-epochs 2 given: clean epochs %d, want 2 (Validate will refuse it)", r.CleanEpochs)
	}
}
