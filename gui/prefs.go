package gui

import (
	"fmt"
	"log"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"

	"fyne.io/fyne/v2"

	"github.com/fashionlens/fashionlens/internal/settings"
	"github.com/fashionlens/fashionlens/model"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// Prefs is where the window remembers the user's choices between
// sessions: the app's preferences, which are a settings.Store in the app
// (SettingsProvider) and Fyne's in-memory preferences in tests. Both have
// these methods.
type Prefs interface {
	Bool(key string) bool
	BoolWithFallback(key string, fallback bool) bool
	SetBool(key string, value bool)
	Float(key string) float64
	FloatWithFallback(key string, fallback float64) float64
	SetFloat(key string, value float64)
	Int(key string) int
	IntWithFallback(key string, fallback int) int
	SetInt(key string, value int)
	String(key string) string
	StringWithFallback(key, fallback string) string
	SetString(key, value string)
	RemoveValue(key string)
	// ReadValues calls fn with every remembered value.
	ReadValues(fn func(map[string]any))
}

// prefsOf returns the store the window uses: the app's preferences, or a
// store in memory if they lack a method of Prefs.
func prefsOf(a fyne.App) Prefs {
	if p, ok := a.Preferences().(Prefs); ok {
		return p
	}
	fyne.LogError("the app's preferences cannot be listed; nothing is remembered this session", nil)
	return settings.NewMemory()
}

// SettingsProvider returns what makes st the app's preferences:
// a.SetCloudProvider(SettingsProvider(st)) before the window opens.
//
// Fyne's own store (fyne.io/fyne/v2 v2.7.1) truncates its file and then
// writes it, at every change and when the app stops, while a watcher of
// the folder reloads the file on every change: a reload between the two
// reads an empty file and logs "Preferences load error: Cause: EOF" (a
// plain Fyne app does so at about one exit in thirty, more when a value
// was set), and a process killed between the two leaves an empty file.
// Once a provider's preferences replace it, Fyne neither saves its store
// on exit nor on change, so its file is no longer touched.
func SettingsProvider(st *settings.Store) fyne.CloudProvider { return settingsProvider{st} }

// settingsProvider hands Fyne a settings.Store as the app's preferences;
// it has no cloud.
type settingsProvider struct{ st *settings.Store }

var (
	_ fyne.Preferences              = (*settings.Store)(nil)
	_ fyne.CloudProviderPreferences = settingsProvider{}
)

func (p settingsProvider) ProviderDescription() string { return "the settings file " + p.st.Path() }
func (settingsProvider) ProviderIcon() fyne.Resource   { return nil }
func (settingsProvider) ProviderName() string          { return "fashionlens-settings" }
func (settingsProvider) Cleanup(fyne.App)              {}
func (settingsProvider) Setup(fyne.App) error          { return nil }

// CloudPreferences returns the store.
func (p settingsProvider) CloudPreferences(fyne.App) fyne.Preferences { return p.st }

// prefCheck says why a remembered value is not one the window can use,
// or nil when it is.
type prefCheck func(v any) error

// prefChecks holds the check of every key the window remembers: the
// registry validatePrefs goes through. The values the user types in the
// Training tab are remembered as text and checked with the entries' own
// checks; the recipes' keys are added by init.
var prefChecks = map[string]prefCheck{
	prefDataDir:      checkPath,
	prefCurrentModel: checkModelRef,
	prefScheme:       oneOf(schemeNames()...),

	prefMap:        oneOf(projectionTitles()...),
	prefColour:     oneOf(colourings()...),
	prefSourceKind: oneOf(sourceTest, sourceTrain),
	prefSample:     wholeIn(minSample, dataset.MaxItems),
	prefSampleSeed: wholeIn(0, math.MaxInt64),

	prefEmbImages: isBool,
	prefCluImages: isBool,

	prefClusterMeth: oneOf(clusteringTitles()...),
	prefClusterView: oneOf(projectionTitles()...),

	prefTrainPreset: oneOf(model.Presets...),
	prefTrainScheme: oneOf(schemeNames()...),
	prefTrainRecipe: oneOf(model.Recipes()...),
	prefTrainBatch:  textChecked(trainBatchCheck),
	prefTrainSeed:   textChecked(checkSeed),
	prefTrainSubset: textChecked(trainSubsetCheck),
}

func init() {
	// Every registered method's parameters (paramPrefChecks), and
	// K-means's k, whose 0 means one cluster per class.
	maps.Copy(prefChecks, paramPrefChecks())
	prefChecks[prefKMK] = zeroOr(wholeIn(2, maxClusterK))
	for _, r := range model.Recipes() {
		for setting, check := range recipeChecks {
			prefChecks[prefRecipeKey(r, setting)] = textChecked(check)
		}
	}
}

// validatePrefs removes every remembered value that its check refuses,
// so that the window starts with the default instead, and logs one line
// for each. Keys without a check (a newer version's) are left alone. It
// returns the keys removed, sorted.
func validatePrefs(p Prefs) []string {
	var values map[string]any
	p.ReadValues(func(v map[string]any) { values = maps.Clone(v) })
	var bad []string
	for key, v := range values {
		check, ok := prefChecks[key]
		if !ok {
			continue
		}
		if err := check(v); err != nil {
			bad = append(bad, key)
			log.Printf("settings: the remembered %s = %s is not used: %v; using the default", key, showValue(v), err)
		}
	}
	sort.Strings(bad)
	for _, key := range bad {
		p.RemoveValue(key)
	}
	return bad
}

// showValue formats a remembered value for a log line.
func showValue(v any) string {
	if s, ok := v.(string); ok {
		if len(s) > 80 {
			s = s[:80] + "…"
		}
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%v (%T)", v, v)
}

func schemeNames() []string {
	var names []string
	for _, sc := range dataset.Schemes {
		names = append(names, sc.Name)
	}
	return names
}

func isString(v any) error {
	if _, ok := v.(string); !ok {
		return fmt.Errorf("want text, found %T", v)
	}
	return nil
}

// checkPath accepts text that can name a file: without NUL bytes. Whether
// it exists is for its reader to say.
func checkPath(v any) error {
	s, ok := v.(string)
	switch {
	case !ok:
		return fmt.Errorf("want a path, found %T", v)
	case strings.ContainsRune(s, 0):
		return fmt.Errorf("want a path, found a NUL byte")
	}
	return nil
}

func isBool(v any) error {
	if _, ok := v.(bool); !ok {
		return fmt.Errorf("want true or false, found %T", v)
	}
	return nil
}

// oneOf accepts the given strings.
func oneOf(choices ...string) prefCheck {
	return func(v any) error {
		if s, ok := v.(string); ok && slices.Contains(choices, s) {
			return nil
		}
		return fmt.Errorf("want one of %s", strings.Join(choices, ", "))
	}
}

// wholeIn accepts whole numbers from lo to hi.
func wholeIn(lo, hi int) prefCheck {
	return func(v any) error {
		if n, ok := settings.WholeNumber(v); ok && n >= lo && n <= hi {
			return nil
		}
		return fmt.Errorf("want a whole number from %d to %d", lo, hi)
	}
}

// zeroOr accepts 0 and what check accepts.
func zeroOr(check prefCheck) prefCheck {
	return func(v any) error {
		if n, ok := settings.WholeNumber(v); ok && n == 0 {
			return nil
		}
		if err := check(v); err != nil {
			return fmt.Errorf("%w, or 0", err)
		}
		return nil
	}
}

// numberIn accepts numbers from lo to hi.
func numberIn(lo, hi float64) prefCheck {
	return func(v any) error {
		var f float64
		switch n := v.(type) {
		case float64:
			f = n
		case int:
			f = float64(n)
		default:
			return fmt.Errorf("want a number from %g to %g, found %T", lo, hi, v)
		}
		if !(f >= lo && f <= hi) {
			return fmt.Errorf("want a number from %g to %g", lo, hi)
		}
		return nil
	}
}

// textChecked accepts text that check accepts: the Training tab's
// entries, remembered as typed.
func textChecked(check func(string) error) prefCheck {
	return func(v any) error {
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("want text, found %T", v)
		}
		return check(s)
	}
}

// checkModelRef accepts "bundled:SCHEME" and "file:PATH".
func checkModelRef(v any) error {
	s, _ := v.(string)
	kind, rest, _ := strings.Cut(s, ":")
	switch {
	case kind == "bundled" && slices.Contains(schemeNames(), rest):
		return nil
	case kind == "file" && rest != "" && checkPath(rest) == nil:
		return nil
	}
	return fmt.Errorf("want bundled:SCHEME or file:PATH")
}
