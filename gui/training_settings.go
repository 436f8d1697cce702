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

// Preference keys of the training settings.
const (
	prefTrainPreset   = "train.preset"
	prefTrainScheme   = "train.scheme"
	prefTrainEpochs   = "train.epochs"
	prefTrainBatch    = "train.batch"
	prefTrainLR       = "train.lr"
	prefTrainSeed     = "train.seed"
	prefTrainVal      = "train.val"
	prefTrainPatience = "train.patience"
	prefTrainSubset   = "train.subset"
)

// trainSettings is the settings form of the Training tab.
type trainSettings struct {
	prefs    fyne.Preferences
	preset   *widget.Select
	scheme   *widget.Select
	epochs   *widget.Entry
	batch    *widget.Entry
	lr       *widget.Entry
	seed     *widget.Entry
	val      *widget.Entry
	patience *widget.Entry
	subset   *widget.Entry
	form     *widget.Form
	entries  []settingEntry
	// device shows where training runs; win shows its dialog.
	device *widget.Label
	win    fyne.Window
}

// settingEntry is one text setting: its entry, preference key, name and
// check.
type settingEntry struct {
	e     *widget.Entry
	key   string
	name  string
	check func(string) error
}

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

func newTrainSettings(prefs fyne.Preferences) *trainSettings {
	s := &trainSettings{prefs: prefs}
	s.preset = widget.NewSelect(model.Presets, func(v string) { prefs.SetString(prefTrainPreset, v) })
	s.preset.SetSelected(pick(prefs.StringWithFallback(prefTrainPreset, model.PresetSmall), model.Presets, model.PresetSmall))
	var schemes []string
	for _, sc := range dataset.Schemes {
		schemes = append(schemes, sc.Name)
	}
	s.scheme = widget.NewSelect(schemes, func(v string) { prefs.SetString(prefTrainScheme, v) })
	s.scheme.SetSelected(pick(prefs.StringWithFallback(prefTrainScheme, dataset.Fashion10.Name), schemes, dataset.Fashion10.Name))

	entry := func(p **widget.Entry, key, name, def, hint string, check func(string) error) *widget.FormItem {
		e := widget.NewEntry()
		e.SetText(prefs.StringWithFallback(key, def))
		if check(e.Text) != nil {
			e.SetText(def)
		}
		e.Validator = check
		e.OnChanged = func(v string) {
			if check(v) == nil {
				prefs.SetString(key, strings.TrimSpace(v))
			}
		}
		*p = e
		s.entries = append(s.entries, settingEntry{e, key, name, check})
		it := widget.NewFormItem(name, e)
		it.HintText = hint
		return it
	}
	s.form = widget.NewForm(
		widget.NewFormItem("Preset", s.preset),
		widget.NewFormItem("Scheme", s.scheme),
		entry(&s.epochs, prefTrainEpochs, "Epochs", "20", "", intIn("epochs", 1, 1000)),
		entry(&s.batch, prefTrainBatch, "Batch size", "128", "", intIn("batch size", 1, 4096)),
		entry(&s.lr, prefTrainLR, "Learning rate", "0.001", "", checkLR),
		entry(&s.seed, prefTrainSeed, "Seed", "1", "", checkSeed),
		entry(&s.val, prefTrainVal, "Validation share", "0.2", "", checkVal),
		entry(&s.patience, prefTrainPatience, "Patience", "2", "", intIn("patience", 1, 1000)),
		entry(&s.subset, prefTrainSubset, "Subset", "0", "", intIn("subset", 0, dataset.MaxItems)),
		widget.NewFormItem("Device", s.deviceRow()),
	)
	// Hints only where they help; a hint line under every entry would
	// make the form too tall.
	for _, it := range s.form.Items {
		if it.Text == "Subset" {
			it.HintText = "first N images; 0 = all"
		}
	}
	return s
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
// or an error listing every bad setting.
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
	if len(errs) > 0 {
		return model.TrainConfig{}, errors.New(strings.Join(errs, "\n"))
	}
	atoi := func(e *widget.Entry) int { v, _ := strconv.Atoi(strings.TrimSpace(e.Text)); return v }
	float := func(e *widget.Entry) float64 { v, _ := strconv.ParseFloat(strings.TrimSpace(e.Text), 64); return v }
	seed, _ := strconv.ParseUint(strings.TrimSpace(s.seed.Text), 10, 64)
	rec := model.DefaultRecipe()
	rec.Epochs, rec.LR, rec.ValShare, rec.Patience = atoi(s.epochs), float(s.lr), float(s.val), atoi(s.patience)
	rec.CleanEpochs = min(rec.CleanEpochs, rec.Epochs-1)
	if rec.ValShare == 0 {
		rec.ValShare = -1 // none, as the CLI's --val 0
	}
	cfg := model.TrainConfig{Preset: s.preset.Selected, Scheme: scheme, Recipe: rec, Batch: atoi(s.batch),
		Seed: seed, Subset: atoi(s.subset)}
	for _, se := range s.entries {
		s.prefs.SetString(se.key, strings.TrimSpace(se.e.Text))
	}
	s.prefs.SetString(prefTrainPreset, cfg.Preset)
	s.prefs.SetString(prefTrainScheme, scheme.Name)
	return cfg, nil
}

// setEnabled enables or disables every setting.
func (s *trainSettings) setEnabled(on bool) {
	objs := []fyne.Disableable{s.preset, s.scheme}
	for _, se := range s.entries {
		objs = append(objs, se.e)
	}
	for _, o := range objs {
		if on {
			o.Enable()
		} else {
			o.Disable()
		}
	}
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
