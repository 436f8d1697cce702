package settings

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestOpenMissingFileIsEmpty(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "none", "settings.json"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Keys()) != 0 {
		t.Fatalf("keys %v, want none", s.Keys())
	}
}

func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "settings.json")
	s, err := Open(path, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	const seed = 1<<62 + 1 // not exact in a float64
	s.SetString("a", "x")
	s.SetInt("seed", seed)
	s.SetFloat("f", 0.25)
	s.SetBool("b", true)
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	r, err := Open(path, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	if r.String("a") != "x" || r.Int("seed") != seed || r.Float("f") != 0.25 || !r.Bool("b") {
		t.Fatalf("read back %v", r.Values())
	}
	if r.Float("seed") != float64(seed) {
		t.Fatalf("Float of an int: %v", r.Float("seed"))
	}
}

func TestWrongTypesReadAsFallback(t *testing.T) {
	s := NewMemory()
	s.SetString("s", "12")
	s.SetFloat("f", 2.5)
	s.SetBool("b", true)
	if got := s.IntWithFallback("s", 7); got != 7 {
		t.Errorf("Int of a string = %d, want the fallback", got)
	}
	if got := s.IntWithFallback("f", 7); got != 7 {
		t.Errorf("Int of 2.5 = %d, want the fallback", got)
	}
	if got := s.StringWithFallback("b", "d"); got != "d" {
		t.Errorf("String of a bool = %q, want the fallback", got)
	}
	if got := s.BoolWithFallback("s", false); got {
		t.Errorf("Bool of a string = true, want the fallback")
	}
	s.SetFloat("f", math.NaN())
	if _, ok := s.Values()["f"]; ok {
		t.Errorf("SetFloat(NaN) kept a value")
	}
}

func TestDamagedFileIsSetAside(t *testing.T) {
	for name, content := range map[string]string{
		"empty":     "",
		"truncated": `{"data.dir": "/x", "embeddings.sam`,
		"array":     `[1, 2]`,
		"null":      `null`,
		"two":       `{} {}`,
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "settings.json")
			if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			var logged []string
			s, err := Open(path, func(f string, a ...any) { logged = append(logged, f) })
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Keys()) != 0 || len(logged) != 1 {
				t.Fatalf("keys %v, log %v", s.Keys(), logged)
			}
			b, err := os.ReadFile(path + ".damaged")
			if err != nil || string(b) != content {
				t.Fatalf("the damaged file was not kept: %q, %v", b, err)
			}
		})
	}
}

func TestParseDropsOtherTypes(t *testing.T) {
	v, err := Parse([]byte(`{"a": null, "b": [1, "x"], "c": {"d": 1}, "e": 1e999, "f": "ok", "g": 3, "h": -0.5,
		"i": [1, 2.5], "j": ["x"], "k": [true], "l": [1e999], "m": [[1]]}`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"f": "ok", "g": 3, "h": -0.5, "i": []float64{1, 2.5}, "j": []string{"x"}, "k": []bool{true}}
	if !reflect.DeepEqual(v, want) {
		t.Fatalf("Parse = %v, want %v", v, want)
	}
}

func TestLists(t *testing.T) {
	path := filepath.Join(t.TempDir(), "settings.json")
	s, _ := Open(path, t.Logf)
	calls := 0
	s.AddChangeListener(func() { calls++ })
	s.SetStringList("s", []string{"a", "b"})
	s.SetIntList("i", []int{1, -2})
	s.SetFloatList("f", []float64{0.5})
	s.SetBoolList("b", []bool{true, false})
	s.SetFloatList("nan", []float64{math.NaN()})
	s.SetStringList("s", []string{"a", "b"}) // unchanged: no call
	if calls != 4 {
		t.Errorf("%d change calls, want 4", calls)
	}
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	r, _ := Open(path, t.Logf)
	if !reflect.DeepEqual(r.StringList("s"), []string{"a", "b"}) || !reflect.DeepEqual(r.IntList("i"), []int{1, -2}) ||
		!reflect.DeepEqual(r.FloatList("f"), []float64{0.5}) || !reflect.DeepEqual(r.BoolList("b"), []bool{true, false}) ||
		r.FloatList("nan") != nil {
		t.Fatalf("read back %v", r.Values())
	}
	if got := r.IntListWithFallback("f", []int{7}); !reflect.DeepEqual(got, []int{7}) {
		t.Errorf("IntList of [0.5] = %v, want the fallback", got)
	}
}

func TestFlushErrorIsReportedAndRetried(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "settings.json")
	if err := os.Mkdir(path, 0o755); err != nil { // a folder where the file should be
		t.Fatal(err)
	}
	var logged []string
	s, err := Open(path, func(f string, a ...any) { logged = append(logged, f) })
	if err == nil {
		t.Fatal("Open read a folder as settings")
	}
	// Open says so, but the store it returns works.
	s.SetString("k", "v")
	if err := s.Flush(); err == nil {
		t.Fatal("Flush over a folder succeeded")
	}
	if err := s.Flush(); err == nil {
		t.Fatal("the failed save was not retried")
	}
	if len(logged) != 1 {
		t.Fatalf("logged %d times, want once: %v", len(logged), logged)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	if r, _ := Open(path, nil); r.String("k") != "v" {
		t.Fatalf("after the retry: %v", r.Values())
	}
}

func TestSaveIsDelayedAndWholeFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "settings.json")
	s, _ := Open(path, t.Logf)
	for i := range 100 {
		s.SetInt("n", i)
	}
	if _, err := os.Stat(path); err == nil {
		t.Fatal("saved at once, not after SaveDelay")
	}
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil || v["n"] != 99.0 {
		t.Fatalf("file %q: %v", b, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	for _, e := range entries {
		if strings.Contains(e.Name(), ".part") {
			t.Fatalf("left %s", e.Name())
		}
	}
}

func TestImport(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "preferences.json")
	if err := os.WriteFile(old, []byte(`{"a": "old", "b": 2}`), 0o644); err != nil {
		t.Fatal(err)
	}
	s, _ := Open(filepath.Join(dir, "settings.json"), t.Logf)
	s.SetString("a", "new")
	if err := s.Import(old); err != nil {
		t.Fatal(err)
	}
	if err := s.Import(filepath.Join(dir, "none.json")); err != nil {
		t.Fatalf("a missing file: %v", err)
	}
	if s.String("a") != "new" || s.Int("b") != 2 {
		t.Fatalf("after import: %v", s.Values())
	}
	if err := os.WriteFile(old, []byte(`{"a"`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := s.Import(old); err == nil || !strings.Contains(err.Error(), old) {
		t.Fatalf("a damaged file: %v", err)
	}
}
