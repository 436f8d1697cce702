package gui

import (
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fashionlens/fashionlens/model"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// Preference keys of the training settings that every recipe shares.
const (
	prefTrainPreset = "train.preset"
	prefTrainScheme = "train.scheme"
	prefTrainRecipe = "train.recipe"
	prefTrainBatch  = "train.batch"
	prefTrainSeed   = "train.seed"
	prefTrainSubset = "train.subset"
)

// The settings each recipe remembers for itself, under
// prefRecipeKey(recipe, setting). (The keys train.epochs, train.lr,
// train.val and train.patience of older versions, which held the study's
// values for every run, are no longer read.)
const (
	recipeEpochs   = "epochs"
	recipeLR       = "lr"
	recipeVal      = "val"
	recipePatience = "patience"
)

// prefRecipeKey is the preference key of one recipe's setting, such as
// "train.recipe.best.epochs".
func prefRecipeKey(recipe, setting string) string {
	return prefTrainRecipe + "." + recipe + "." + setting
}

// trainSettings is the settings form of the Training tab.
type trainSettings struct {
	prefs  Prefs
	preset *widget.Select
	scheme *widget.Select
	recipe *widget.Select
	// recipeInfo describes the recipe that Start would run: the chosen
	// one with the entries below it applied.
	recipeInfo *widget.Label
	epochs     *widget.Entry
	batch      *widget.Entry
	lr         *widget.Entry
	seed       *widget.Entry
	val        *widget.Entry
	patience   *widget.Entry
	// patienceNote says that the chosen recipe does not use patience.
	patienceNote *widget.Label
	subset       *widget.Entry
	form         *widget.Form
	entries      []settingEntry
	// loading is set while a recipe's values are put into the entries,
	// which must not be remembered as the user's.
	loading bool
	// disabled is set while the settings are disabled (a run).
	disabled bool
	// device shows where training runs; win shows its dialog.
	device *widget.Label
	win    fyne.Window
}

// settingEntry is one text setting: its entry and check, and where it is
// remembered: under key, with its fallback, if every recipe shares it, or,
// if setting is set, per recipe, def giving a recipe's own value.
type settingEntry struct {
	e        *widget.Entry
	check    func(string) error
	key      string
	fallback string
	setting  string
	def      func(model.Recipe) string
}

// perRecipe says whether each recipe remembers the setting for itself.
func (se *settingEntry) perRecipe() bool { return se.setting != "" }

func intIn(name string, lo, hi int) func(string) error {
	return func(s string) error {
		v, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("%s must be a whole number", name)
		}
		if v < lo || v > hi {
			return fmt.Errorf("%s must be between %d and %d", name, lo, hi)
		}
		return nil
	}
}

func checkLR(s string) error {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return errors.New("learning rate must be a number, such as 0.001")
	}
	if !(v > 0 && v < 10) {
		return errors.New("learning rate must be above 0 and below 10")
	}
	return nil
}

func checkSeed(s string) error {
	if _, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64); err != nil {
		return errors.New("seed must be a whole number from 0")
	}
	return nil
}

func checkVal(s string) error {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return errors.New("validation share must be a number, such as 0.2")
	}
	if !(v >= 0 && v < 0.9) {
		return errors.New("validation share must be from 0 (none) to below 0.9")
	}
	return nil
}

// formatFloat formats a setting's number as the entries show it.
func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// A recipe's own values of the per-recipe settings, as text.
func recipeEpochsText(r model.Recipe) string   { return strconv.Itoa(r.Epochs) }
func recipeLRText(r model.Recipe) string       { return formatFloat(r.LR) }
func recipePatienceText(r model.Recipe) string { return strconv.Itoa(r.Patience) }
func recipeValText(r model.Recipe) string {
	if r.ValShare <= 0 {
		return "0" // none
	}
	return formatFloat(r.ValShare)
}

// The checks of the entries, which the remembered values pass too
// (prefChecks).
var (
	trainBatchCheck  = intIn("batch size", 1, 4096)
	trainSubsetCheck = intIn("subset", 0, dataset.MaxItems)
	recipeChecks     = map[string]func(string) error{
		recipeEpochs:   intIn("epochs", 1, 1000),
		recipeLR:       checkLR,
		recipeVal:      checkVal,
		recipePatience: intIn("patience", 1, 1000),
	}
)

func newTrainSettings(prefs Prefs) *trainSettings {
	s := &trainSettings{prefs: prefs}
	s.preset = widget.NewSelect(model.Presets, func(v string) { prefs.SetString(prefTrainPreset, v) })
	// The remembered choices are set without OnChanged: nothing is
	// written to the preferences at start-up.
	s.preset.Selected = pick(prefs.StringWithFallback(prefTrainPreset, model.PresetSeed), model.Presets, model.PresetSeed)
	var schemes []string
	for _, sc := range dataset.Schemes {
		schemes = append(schemes, sc.Name)
	}
	s.scheme = widget.NewSelect(schemes, func(v string) { prefs.SetString(prefTrainScheme, v) })
	s.scheme.Selected = pick(prefs.StringWithFallback(prefTrainScheme, dataset.Fashion10.Name), schemes, dataset.Fashion10.Name)

	s.recipeInfo = widget.NewLabel("")
	s.recipeInfo.Wrapping = fyne.TextWrapWord
	s.recipeInfo.SizeName = theme.SizeNameCaptionText
	s.patienceNote = widget.NewLabel("not used")
	s.patienceNote.Importance = widget.LowImportance
	s.patienceNote.Hide()

	entry := func(p **widget.Entry, se settingEntry) *widget.Entry {
		e := widget.NewEntry()
		se.e = e
		// A recipe's settings come with the recipe (loadRecipe).
		if !se.perRecipe() {
			e.SetText(prefs.StringWithFallback(se.key, se.fallback))
			if se.check(e.Text) != nil {
				e.SetText(se.fallback)
			}
		}
		e.Validator = se.check
		e.OnChanged = func(v string) {
			if s.loading || se.check(v) != nil {
				return
			}
			s.remember(&se)
			s.showRecipe()
		}
		*p = e
		s.entries = append(s.entries, se)
		return e
	}
	shared := func(p **widget.Entry, key, fallback string, check func(string) error) *widget.Entry {
		return entry(p, settingEntry{key: key, fallback: fallback, check: check})
	}
	own := func(p **widget.Entry, setting string, def func(model.Recipe) string, check func(string) error) *widget.Entry {
		return entry(p, settingEntry{setting: setting, def: def, check: check})
	}
	s.recipe = widget.NewSelect(model.Recipes(), func(v string) {
		prefs.SetString(prefTrainRecipe, v)
		s.loadRecipe(v)
	})
	items := []*widget.FormItem{
		widget.NewFormItem("Preset", s.preset),
		widget.NewFormItem("Scheme", s.scheme),
		widget.NewFormItem("Recipe", s.recipe),
		widget.NewFormItem("", s.recipeInfo),
		widget.NewFormItem("Epochs", own(&s.epochs, recipeEpochs, recipeEpochsText, recipeChecks[recipeEpochs])),
		widget.NewFormItem("Peak learning rate", own(&s.lr, recipeLR, recipeLRText, recipeChecks[recipeLR])),
		widget.NewFormItem("Validation share", own(&s.val, recipeVal, recipeValText, recipeChecks[recipeVal])),
		widget.NewFormItem("Patience", container.NewBorder(nil, nil, nil, s.patienceNote,
			own(&s.patience, recipePatience, recipePatienceText, recipeChecks[recipePatience]))),
		widget.NewFormItem("Batch size", shared(&s.batch, prefTrainBatch, "128", trainBatchCheck)),
		widget.NewFormItem("Seed", shared(&s.seed, prefTrainSeed, "1", checkSeed)),
		widget.NewFormItem("Subset", shared(&s.subset, prefTrainSubset, "0", trainSubsetCheck)),
		widget.NewFormItem("Device", s.deviceRow()),
	}
	def := model.DefaultRecipe().Name
	s.recipe.Selected = pick(prefs.StringWithFallback(prefTrainRecipe, def), model.Recipes(), def)
	s.loadRecipe(s.recipe.Selected)
	s.form = widget.NewForm(items...)
	// A hint only where it helps; a hint line under every entry would
	// make the form too tall.
	for _, it := range s.form.Items {
		switch it.Text {
		case "Subset":
			it.HintText = "first N images; 0 = all"
		case "Device":
			it.HintText = deviceHint()
		}
	}
	return s
}

// loadRecipe puts the named recipe's remembered settings into its
// entries, or its own values where none is remembered or a remembered one
// is bad.
func (s *trainSettings) loadRecipe(name string) {
	rec, err := model.RecipeByName(name)
	if err != nil {
		rec = model.DefaultRecipe()
	}
	s.loading = true
	for _, se := range s.entries {
		if !se.perRecipe() {
			continue
		}
		v := strings.TrimSpace(s.prefs.StringWithFallback(prefRecipeKey(rec.Name, se.setting), se.def(rec)))
		if se.check(v) != nil {
			v = se.def(rec)
		}
		se.e.SetText(v)
	}
	s.loading = false
	s.setPatienceUse()
	s.showRecipe()
}

// remember stores a valid setting: a shared one under its key, a recipe's
// under the chosen recipe's key, where a value equal to the recipe's own
// is forgotten rather than stored, so that the recipe's value applies.
func (s *trainSettings) remember(se *settingEntry) {
	v := strings.TrimSpace(se.e.Text)
	if !se.perRecipe() {
		s.prefs.SetString(se.key, v)
		return
	}
	rec, err := model.RecipeByName(s.recipe.Selected)
	if err != nil {
		return
	}
	key := prefRecipeKey(rec.Name, se.setting)
	mine, err1 := strconv.ParseFloat(v, 64)
	theirs, err2 := strconv.ParseFloat(se.def(rec), 64)
	if err1 == nil && err2 == nil && mine == theirs {
		s.prefs.RemoveValue(key)
		return
	}
	s.prefs.SetString(key, v)
}

// effective returns the recipe that Start would run: the chosen one with
// every valid entry applied, its clean phase shrunk to fit the epochs,
// and a validation share of 0 meaning none.
func (s *trainSettings) effective() model.Recipe {
	rec, err := model.RecipeByName(s.recipe.Selected)
	if err != nil {
		rec = model.DefaultRecipe()
	}
	text := func(e *widget.Entry) string { return strings.TrimSpace(e.Text) }
	for _, se := range s.entries {
		if !se.perRecipe() || se.check(se.e.Text) != nil {
			continue
		}
		switch se.setting {
		case recipeEpochs:
			rec.Epochs, _ = strconv.Atoi(text(se.e))
		case recipeLR:
			rec.LR, _ = strconv.ParseFloat(text(se.e), 64)
		case recipeVal:
			rec.ValShare, _ = strconv.ParseFloat(text(se.e), 64)
		case recipePatience:
			rec.Patience, _ = strconv.Atoi(text(se.e))
		}
	}
	rec = rec.FitClean()
	if rec.ValShare == 0 {
		rec.ValShare = -1 // none, as the command line's --val 0
	}
	return rec
}

// showRecipe describes the recipe that Start would run.
func (s *trainSettings) showRecipe() {
	rec := s.effective()
	d := rec.Describe()
	s.recipeInfo.SetText(strings.ToUpper(d[:1]) + d[1:] + ".")
}

// usesPatience says whether the chosen recipe stops early, which is what
// patience is for.
func (s *trainSettings) usesPatience() bool {
	rec, err := model.RecipeByName(s.recipe.Selected)
	return err == nil && rec.Select == model.SelectValLoss
}

// setPatienceUse enables the patience entry only for a recipe that uses
// it, and says so otherwise.
func (s *trainSettings) setPatienceUse() {
	if s.usesPatience() && !s.disabled {
		s.patience.Enable()
	} else {
		s.patience.Disable()
	}
	if s.usesPatience() {
		s.patienceNote.Hide()
	} else {
		s.patienceNote.Show()
	}
}

// pick returns v if it is one of opts, else def.
func pick(v string, opts []string, def string) string {
	for _, o := range opts {
		if o == v {
			return v
		}
	}
	return def
}

// config checks every setting and returns the training configuration,
// or an error listing every bad setting. It remembers the settings.
func (s *trainSettings) config() (model.TrainConfig, error) {
	var errs []string
	for _, se := range s.entries {
		if err := se.check(se.e.Text); err != nil {
			errs = append(errs, err.Error())
		}
	}
	scheme, err := dataset.SchemeByName(s.scheme.Selected)
	if err != nil {
		errs = append(errs, err.Error())
	}
	if pick(s.preset.Selected, model.Presets, "") == "" {
		errs = append(errs, "choose a preset")
	}
	if _, err := model.RecipeByName(s.recipe.Selected); err != nil {
		errs = append(errs, err.Error())
	}
	if len(errs) > 0 {
		return model.TrainConfig{}, errors.New(strings.Join(errs, "\n"))
	}
	rec := s.effective()
	if err := rec.Validate(); err != nil {
		return model.TrainConfig{}, fmt.Errorf("recipe %s: %w", rec.Name, err)
	}
	atoi := func(e *widget.Entry) int { v, _ := strconv.Atoi(strings.TrimSpace(e.Text)); return v }
	seed, _ := strconv.ParseUint(strings.TrimSpace(s.seed.Text), 10, 64)
	cfg := model.TrainConfig{Preset: s.preset.Selected, Scheme: scheme, Recipe: rec, Batch: atoi(s.batch),
		Seed: seed, Subset: atoi(s.subset)}
	for i := range s.entries {
		s.remember(&s.entries[i])
	}
	s.prefs.SetString(prefTrainPreset, cfg.Preset)
	s.prefs.SetString(prefTrainScheme, scheme.Name)
	s.prefs.SetString(prefTrainRecipe, rec.Name)
	return cfg, nil
}

// setEnabled enables or disables every setting; patience only where the
// recipe uses it.
func (s *trainSettings) setEnabled(on bool) {
	s.disabled = !on
	objs := []fyne.Disableable{s.preset, s.scheme, s.recipe}
	for _, se := range s.entries {
		if se.e != s.patience {
			objs = append(objs, se.e)
		}
	}
	for _, o := range objs {
		if on {
			o.Enable()
		} else {
			o.Disable()
		}
	}
	s.setPatienceUse()
}

// deviceHint names the kernels in use under the Device row, the GEMM's
// and the element-wise loops': no silent fallback to a slower path.
func deviceHint() string {
	// Short enough for the settings column: "avx512 GEMM, avx2 loops".
	return model.GEMMPath() + " GEMM, " + model.LoopsPath() + " loops"
}

// deviceRow shows where training runs: the CPU, since this build has no
// GPU support; "GPU?" says why and what a GPU build needs.
func (s *trainSettings) deviceRow() fyne.CanvasObject {
	s.device = widget.NewLabel(fmt.Sprintf("CPU, %d threads", runtime.GOMAXPROCS(0)))
	if model.GPUBuild {
		return s.device
	}
	why := widget.NewButtonWithIcon("GPU?", theme.QuestionIcon(), func() {
		if s.win == nil {
			return
		}
		l := widget.NewLabel(strings.ToUpper(model.NoGPUHelp[:1]) + model.NoGPUHelp[1:] + ".")
		l.Wrapping = fyne.TextWrapWord
		box := container.NewStack(l)
		d := dialog.NewCustom("No GPU support in this build", "Close", box, s.win)
		d.Resize(fyne.NewSize(520, 260))
		d.Show()
	})
	why.Importance = widget.LowImportance
	return container.NewHBox(s.device, why)
}
