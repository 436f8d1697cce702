package gui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/fashionlens/fashionlens/model"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// settingsWindow opens a window of app a on a small data set and waits
// for it; the window is closed when the test ends, or earlier by the
// returned function.
func settingsWindow(t *testing.T, a fyne.App) (*trainingTab, func()) {
	t.Helper()
	NativeDialogs = false
	d := tinyData(t, 100, 100)
	w := mustWindow(t, a, Options{Load: func(context.Context) (*dataset.Dataset, error) { return d, nil }})
	waitReady(t, w)
	tab := w.trainTab
	settle(t, w, tab)
	closed := false
	closeIt := func() {
		if !closed {
			closed = true
			w.Close()
			settle(t, w, tab)
		}
	}
	t.Cleanup(closeIt)
	return tab, closeIt
}

// recipe returns the registered recipe of that name.
func recipe(t *testing.T, name string) model.Recipe {
	t.Helper()
	r, err := model.RecipeByName(name)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// wantRecipeEntries checks that the per-recipe entries show epochs, lr,
// val and patience.
func wantRecipeEntries(t *testing.T, s *trainSettings, epochs, lr, val, patience string) {
	t.Helper()
	if s.epochs.Text != epochs || s.lr.Text != lr || s.val.Text != val || s.patience.Text != patience {
		t.Errorf("recipe %s: epochs %q lr %q val %q patience %q; want %q %q %q %q", s.recipe.Selected,
			s.epochs.Text, s.lr.Text, s.val.Text, s.patience.Text, epochs, lr, val, patience)
	}
}

// wantRegistryValues checks that the entries show the recipe's own values,
// and that Start would run that recipe unchanged.
func wantRegistryValues(t *testing.T, s *trainSettings, name string) {
	t.Helper()
	r := recipe(t, name)
	wantRecipeEntries(t, s, strconv.Itoa(r.Epochs), strconv.FormatFloat(r.LR, 'g', -1, 64),
		strconv.FormatFloat(r.ValShare, 'g', -1, 64), strconv.Itoa(r.Patience))
	cfg, err := s.config()
	if err != nil {
		t.Fatalf("recipe %s: %v", name, err)
	}
	if cfg.Recipe != r {
		t.Errorf("Start would run %+v, want the registered %+v", cfg.Recipe, r)
	}
}

// A fresh start trains the seed preset with the default recipe, whatever
// the keys of older versions (the study's values, kept for every run)
// say.
func TestTrainingSettingsDefaults(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	p := a.Preferences()
	for key, v := range map[string]string{"train.epochs": "20", "train.lr": "0.001", "train.val": "0.2", "train.patience": "5"} {
		p.SetString(key, v)
	}
	tab, _ := settingsWindow(t, a)
	s := tab.settings
	def := model.DefaultRecipe()
	if s.preset.Selected != model.PresetSeed || s.recipe.Selected != def.Name {
		t.Fatalf("preset %q, recipe %q; want %q and %q", s.preset.Selected, s.recipe.Selected, model.PresetSeed, def.Name)
	}
	if strings.Join(s.recipe.Options, ",") != strings.Join(model.Recipes(), ",") {
		t.Errorf("recipes offered %v, want %v", s.recipe.Options, model.Recipes())
	}
	want := def.Describe()
	if !strings.Contains(s.recipeInfo.Text, want[1:]) || !s.recipeInfo.Visible() {
		t.Errorf("recipe description %q, want %q", s.recipeInfo.Text, want)
	}
	// The default recipe keeps the epoch of best validation accuracy:
	// patience plays no part.
	if def.Select != model.SelectValAccuracy || !s.patience.Disabled() || !s.patienceNote.Visible() {
		t.Errorf("patience is enabled (%v) or not said to be unused (%v) for the %s selection",
			!s.patience.Disabled(), s.patienceNote.Visible(), def.Select)
	}
	wantRegistryValues(t, s, def.Name)
	deviceHint := ""
	for _, it := range s.form.Items {
		if it.Text == "Device" {
			deviceHint = it.HintText
		}
	}
	if !strings.Contains(deviceHint, model.GEMMPath()+" GEMM") || !strings.Contains(deviceHint, model.LoopsPath()+" loops") {
		t.Errorf("the Device row's hint %q does not name the GEMM path %s", deviceHint, model.GEMMPath())
	}
	cfg, err := s.config()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Preset != model.PresetSeed || cfg.Scheme != dataset.Fashion10 || cfg.Batch != 128 || cfg.Seed != 1 || cfg.Subset != 0 {
		t.Errorf("config %+v", cfg)
	}
	if p.String(prefTrainRecipe) != def.Name {
		t.Errorf("the recipe started with is not remembered: %q", p.String(prefTrainRecipe))
	}
}

// Each recipe remembers its own epochs, learning rate, validation share
// and patience; the other settings are shared; all survive a restart.
func TestTrainingSettingsPerRecipe(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	p := a.Preferences()
	tab, closeWindow := settingsWindow(t, a)
	s := tab.settings
	best, study := recipe(t, model.RecipeBest), recipe(t, model.RecipeStudy)

	s.epochs.SetText("5")
	s.lr.SetText("0.002")
	s.batch.SetText("64")
	if !strings.HasPrefix(s.recipeInfo.Text, "5 epochs") || !strings.Contains(s.recipeInfo.Text, "peaking at 0.002") {
		t.Errorf("the description does not follow the entries: %q", s.recipeInfo.Text)
	}

	s.recipe.SetSelected(model.RecipeStudy)
	wantRecipeEntries(t, s, "20", "0.001", "0.2", "2")
	if s.patience.Disabled() || s.patienceNote.Visible() || !strings.Contains(s.recipeInfo.Text, "early stopping") {
		t.Errorf("study: patience disabled %v, note shown %v, description %q", s.patience.Disabled(), s.patienceNote.Visible(), s.recipeInfo.Text)
	}
	if s.batch.Text != "64" {
		t.Errorf("batch %q: the batch size is shared by the recipes", s.batch.Text)
	}
	s.patience.SetText("4")
	s.val.SetText("0")
	cfg, err := s.config()
	if err != nil {
		t.Fatal(err)
	}
	want := study
	want.Patience, want.ValShare = 4, -1 // 0: no validation
	if cfg.Recipe != want || cfg.Batch != 64 {
		t.Errorf("study: Start would run %+v with batch %d, want %+v", cfg.Recipe, cfg.Batch, want)
	}

	s.recipe.SetSelected(model.RecipeBest)
	wantRecipeEntries(t, s, "5", "0.002", "0.1", "2")
	if !s.patience.Disabled() {
		t.Error("best: patience is enabled")
	}
	// Start runs the recipe with the entries applied, its clean phase
	// fitted to the budget (Recipe.FitClean).
	for _, epochs := range []int{5, 2, 1} {
		s.epochs.SetText(strconv.Itoa(epochs))
		cfg, err := s.config()
		if err != nil {
			t.Fatal(err)
		}
		want := best
		want.Epochs, want.LR = epochs, 0.002
		want = want.FitClean()
		if cfg.Recipe != want {
			t.Errorf("%d epochs: Start would run %+v, want %+v", epochs, cfg.Recipe, want)
		}
		if prefix := fmt.Sprintf("%d epochs,", epochs); !strings.HasPrefix(s.recipeInfo.Text, prefix) {
			t.Errorf("%d epochs: description %q", epochs, s.recipeInfo.Text)
		}
	}
	// A value equal to the recipe's own is not kept as the user's.
	s.epochs.SetText(strconv.Itoa(best.Epochs))
	if v := p.String(prefRecipeKey(best.Name, recipeEpochs)); v != "" {
		t.Errorf("the recipe's own epochs are remembered as %q", v)
	}
	s.epochs.SetText("3")
	for key, want := range map[string]string{
		prefRecipeKey(best.Name, recipeEpochs): "3", prefRecipeKey(best.Name, recipeLR): "0.002",
		prefRecipeKey(study.Name, recipePatience): "4", prefRecipeKey(study.Name, recipeVal): "0",
		prefRecipeKey(study.Name, recipeEpochs): "", prefTrainBatch: "64",
	} {
		if got := p.String(key); got != want {
			t.Errorf("preference %s is %q, want %q", key, got, want)
		}
	}
	s.recipe.SetSelected(model.RecipeStudy)
	closeWindow()

	// A restart: a new window on the same preferences.
	tab, _ = settingsWindow(t, a)
	s = tab.settings
	if s.recipe.Selected != model.RecipeStudy || s.batch.Text != "64" {
		t.Fatalf("after a restart: recipe %q, batch %q", s.recipe.Selected, s.batch.Text)
	}
	wantRecipeEntries(t, s, "20", "0.001", "0", "4")
	s.recipe.SetSelected(model.RecipeBest)
	wantRecipeEntries(t, s, "3", "0.002", "0.1", "2")
}

// Remembered settings that are out of range, not numbers, of the wrong
// type or naming no recipe fall back to the defaults, and the window
// opens.
func TestTrainingSettingsHostilePrefs(t *testing.T) {
	for _, c := range []struct {
		name string
		set  func(p fyne.Preferences, recipe string)
	}{
		{"bad text", func(p fyne.Preferences, r string) {
			p.SetString(prefTrainRecipe, "../../etc/passwd")
			p.SetString(prefTrainPreset, "huge")
			p.SetString(prefTrainBatch, "1e9")
			p.SetString(prefTrainSeed, "-1")
			p.SetString(prefTrainSubset, "NaN")
			p.SetString(prefRecipeKey(r, recipeEpochs), "-3")
			p.SetString(prefRecipeKey(r, recipeLR), "NaN")
			p.SetString(prefRecipeKey(r, recipeVal), "1e308")
			p.SetString(prefRecipeKey(r, recipePatience), "99999999999999999999")
		}},
		{"huge and infinite", func(p fyne.Preferences, r string) {
			p.SetString(prefTrainRecipe, "")
			p.SetString(prefRecipeKey(r, recipeEpochs), "1000000")
			p.SetString(prefRecipeKey(r, recipeLR), "+Inf")
			p.SetString(prefRecipeKey(r, recipeVal), "-0.1")
			p.SetString(prefRecipeKey(r, recipePatience), "0")
		}},
		{"wrong types", func(p fyne.Preferences, r string) {
			p.SetInt(prefTrainRecipe, 1)
			p.SetInt(prefTrainPreset, 3)
			p.SetFloat(prefTrainBatch, 64)
			p.SetInt(prefRecipeKey(r, recipeEpochs), 5)
			p.SetFloat(prefRecipeKey(r, recipeLR), 0.5)
			p.SetBool(prefRecipeKey(r, recipeVal), true)
			p.SetStringList(prefRecipeKey(r, recipePatience), []string{"3"})
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := test.NewApp()
			defer a.Quit()
			for _, r := range model.Recipes() {
				c.set(a.Preferences(), r)
			}
			tab, _ := settingsWindow(t, a)
			s := tab.settings
			if s.preset.Selected != model.PresetSeed || s.recipe.Selected != model.DefaultRecipe().Name {
				t.Errorf("preset %q, recipe %q", s.preset.Selected, s.recipe.Selected)
			}
			if s.batch.Text != "128" || s.seed.Text != "1" || s.subset.Text != "0" {
				t.Errorf("batch %q, seed %q, subset %q", s.batch.Text, s.seed.Text, s.subset.Text)
			}
			for _, r := range model.Recipes() {
				s.recipe.SetSelected(r)
				wantRegistryValues(t, s, r)
			}
			if tab.startBtn.Disabled() {
				t.Error("Start is disabled")
			}
		})
	}
}
