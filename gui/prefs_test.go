package gui

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/fashionlens/fashionlens/internal/settings"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// hostileValues are what a hand-edited or stale settings file may hold:
// negative, huge, not a number, the wrong type, an unknown choice.
var hostileValues = map[string]any{
	"negative":  -5,
	"huge":      1e18,
	"NaN":       math.NaN(),
	"infinity":  math.Inf(1),
	"fraction":  2.5,
	"text":      "garbage",
	"empty":     "",
	"bool":      true,
	"list":      []string{"x"},
	"maxint":    math.MaxInt64,
	"minus one": -1,
}

// setHostile sets key to v in p, through the setter of v's type (every
// type settings.Parse returns, and []string).
func setHostile(p fyne.Preferences, key string, v any) {
	switch v := v.(type) {
	case int:
		p.SetInt(key, v)
	case float64:
		p.SetFloat(key, v)
	case string:
		p.SetString(key, v)
	case bool:
		p.SetBool(key, v)
	case []string:
		p.SetStringList(key, v)
	case []float64:
		p.SetFloatList(key, v)
	case []bool:
		p.SetBoolList(key, v)
	}
}

// Every remembered key set to a hostile value is refused or is one the
// window can use; the keys refused are removed.
func TestValidatePrefsEveryKey(t *testing.T) {
	if len(prefChecks) < 30 {
		t.Fatalf("only %d keys are checked", len(prefChecks))
	}
	for key, check := range prefChecks {
		for name, v := range hostileValues {
			a := test.NewApp()
			p := a.Preferences()
			setHostile(p, key, v)
			var stored any
			p.(Prefs).ReadValues(func(m map[string]any) { stored = m[key] })
			refused := check(stored) != nil
			removed := validatePrefs(p.(Prefs))
			if refused != slices.Contains(removed, key) {
				t.Errorf("%s = %s (%v): refused %v, removed %v", key, name, v, refused, removed)
			}
			a.Quit()
		}
	}
	// Some of them the checks must refuse whatever the key.
	for key, check := range prefChecks {
		for _, v := range []any{math.NaN(), []string{"x"}, "garbage\x00"} {
			if check(v) == nil {
				t.Errorf("%s accepts %v", key, v)
			}
		}
	}
}

// The report of the issue: a remembered train sample of −5 crashed the
// window at every start (a nil pointer in Derived.Len).
func TestHostilePrefsOpenWindow(t *testing.T) {
	NativeDialogs = false
	d := tinyData(t, 200, 100)
	cases := map[string]map[string]any{
		"issue": {prefSourceKind: sourceTrain, prefSample: -5},
		// Valid values that do not fit this data set.
		"stale": {prefSourceKind: sourceTrain, prefSample: 60000, prefCurrentModel: "file:/nonexistent/m.ckpt",
			prefKMK: 100, "clusters.dbscan.minpts": 100, prefMap: "t-SNE", prefClusterView: "t-SNE", prefColour: "DBSCAN cluster"},
	}
	for name, v := range hostileValues {
		all := map[string]any{}
		for key := range prefChecks {
			all[key] = v
		}
		all[prefSourceKind] = sourceTrain // reach the sample
		cases["every key "+name] = all
	}
	for name, values := range cases {
		t.Run(name, func(t *testing.T) {
			a := test.NewApp()
			defer a.Quit()
			for key, v := range values {
				setHostile(a.Preferences(), key, v)
			}
			w := mustWindow(t, a, Options{Load: func(context.Context) (*dataset.Dataset, error) { return d, nil }})
			defer w.Close()
			waitReady(t, w)
			waitIdle(t, w)
			p := w.prefs
			p.ReadValues(func(m map[string]any) {
				for key, v := range m {
					if check, ok := prefChecks[key]; ok && check(v) != nil {
						t.Errorf("%s = %v is still remembered", key, v)
					}
				}
			})
			onUI(w, func() {
				for i := range w.tabs.Items {
					w.tabs.SelectIndex(i)
				}
			})
			if w.derived == nil {
				t.Fatal("no points after start")
			}
		})
	}
}

// The settings file the app uses, hand-edited as in the issue, opens the
// window too; the bad value is dropped from the file at the next save.
func TestHostileSettingsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "settings.json")
	b, err := os.ReadFile(filepath.Join("testdata", "settings-issue13.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := settings.Open(path, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	a := test.NewApp()
	defer a.Quit()
	a.SetCloudProvider(SettingsProvider(st))
	if a.Preferences() != fyne.Preferences(st) {
		t.Fatal("the provider did not make the store the app's preferences")
	}
	d := tinyData(t, 200, 100)
	w := mustWindow(t, a, Options{Load: func(context.Context) (*dataset.Dataset, error) { return d, nil }})
	waitReady(t, w)
	waitIdle(t, w)
	w.Close()
	if err := st.Flush(); err != nil {
		t.Fatal(err)
	}
	again, err := settings.Open(path, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := again.Values()[prefSample]; ok {
		t.Errorf("the sample of -5 is still in the file: %v", again.Values())
	}
	if got := again.String(prefSourceKind); got != sourceTrain {
		t.Errorf("the valid choice %s was lost: %q", prefSourceKind, got)
	}
}

// FuzzLoadSettings: whatever the settings file holds, the values the
// window keeps after validatePrefs pass their checks.
func FuzzLoadSettings(f *testing.F) {
	for _, name := range []string{"settings-issue13.json", "settings-valid.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		values, err := settings.Parse(b)
		if err != nil {
			return
		}
		st := settings.NewMemory()
		for k, v := range values {
			setHostile(st, k, v)
		}
		validatePrefs(st)
		for key, v := range st.Values() {
			if check, ok := prefChecks[key]; ok && check(v) != nil {
				t.Fatalf("%s = %v kept", key, v)
			}
		}
		// What the window reads from them is usable.
		src := (&Window{prefs: st}).loadSource()
		if src.Sample < minSample {
			t.Fatalf("sample %d", src.Sample)
		}
	})
}
