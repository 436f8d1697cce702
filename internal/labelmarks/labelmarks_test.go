package labelmarks

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestMarkNames(t *testing.T) {
	for _, tc := range []struct {
		m         Mark
		str, name string
	}{
		{Unmarked, "unmarked", ""},
		{Wrong, "label wrong", "wrong"},
		{Ambiguous, "ambiguous", "ambiguous"},
		{Fine, "fine", "fine"},
		{Mark(9), "Mark(9)", ""},
	} {
		if tc.m.String() != tc.str || tc.m.Name() != tc.name {
			t.Errorf("%d: %q, %q; want %q, %q", int(tc.m), tc.m.String(), tc.m.Name(), tc.str, tc.name)
		}
		if tc.name != "" {
			if got, err := ParseMark(tc.name); err != nil || got != tc.m {
				t.Errorf("ParseMark(%q) = %v, %v", tc.name, got, err)
			}
		}
	}
	for _, bad := range []string{"", "unmarked", "label wrong", "Wrong"} {
		if _, err := ParseMark(bad); err == nil {
			t.Errorf("ParseMark(%q) succeeded", bad)
		}
	}
}

func TestSetGet(t *testing.T) {
	m := New("test@embedded")
	if m.Dataset() != "test@embedded" || m.Len() != 0 || m.Get(3) != Unmarked {
		t.Fatal("new marks are not empty")
	}
	m.Set(42, Wrong)
	m.Set(7, Fine)
	m.Set(1000, Ambiguous)
	m.Set(7, Ambiguous)
	m.Set(5, Unmarked) // nothing to remove
	if m.Len() != 3 || m.Get(42) != Wrong || m.Get(7) != Ambiguous || m.Count(Ambiguous) != 2 || m.Count(Fine) != 0 {
		t.Errorf("marks %v", m.m)
	}
	if got := m.Indices(); !slices.Equal(got, []int{7, 42, 1000}) {
		t.Errorf("indices %v", got)
	}
	m.Set(42, Unmarked)
	if m.Len() != 2 || m.Get(42) != Unmarked {
		t.Errorf("Unmarked did not remove: %v", m.m)
	}
	for _, bad := range []struct {
		i  int
		mk Mark
	}{{-1, Wrong}, {MaxIndex + 1, Wrong}, {1, Mark(7)}, {1, Mark(-1)}} {
		if err := m.Set(bad.i, bad.mk); err == nil || m.Len() != 2 {
			t.Errorf("Set(%d, %d): %v, %d marks", bad.i, bad.mk, err, m.Len())
		}
	}
}

func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName("test@/usr/share/datasets/fashion-mnist"))
	m := New("test@/usr/share/datasets/fashion-mnist")
	m.Set(9999, Fine)
	m.Set(0, Wrong)
	m.Set(17, Ambiguous)
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if !strings.Contains(string(b), `"version": 1`) || !strings.Contains(string(b), `"mark": "wrong"`) {
		t.Errorf("file:\n%s", b)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Dataset() != m.Dataset() || !slices.Equal(got.Indices(), m.Indices()) {
		t.Fatalf("loaded %q %v", got.Dataset(), got.m)
	}
	for _, i := range m.Indices() {
		if got.Get(i) != m.Get(i) {
			t.Errorf("image %d: %v, saved %v", i, got.Get(i), m.Get(i))
		}
	}
	// Saving again replaces the file.
	got.Set(0, Unmarked)
	if err := got.Save(path); err != nil {
		t.Fatal(err)
	}
	again, err := Load(path)
	if err != nil || again.Len() != 2 || again.Get(0) != Unmarked {
		t.Errorf("after a second save: %v, %v", again, err)
	}
	// Empty marks round-trip too.
	empty := filepath.Join(t.TempDir(), "empty.json")
	if err := New("x").Save(empty); err != nil {
		t.Fatal(err)
	}
	if e, err := Load(empty); err != nil || e.Len() != 0 || e.Dataset() != "x" {
		t.Errorf("empty: %v, %v", e, err)
	}
}

func TestLoadMissing(t *testing.T) {
	m, err := Load(filepath.Join(t.TempDir(), "none.json"))
	if err != nil || m == nil || m.Len() != 0 || m.Dataset() != "" {
		t.Errorf("missing file: %v, %v", m, err)
	}
}

func TestLoadDamaged(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, content, want string
	}{
		{"empty", "", "not a marks file"},
		{"text", "hello", "not a marks file"},
		{"truncated", `{"version":1,"dataset":"x","marks":[{"index":1,"mark":"wr`, "not a marks file"},
		{"version 2", `{"version":2,"dataset":"x","marks":[]}`, "version 2"},
		{"no version", `{"dataset":"x","marks":[]}`, "version 0"},
		{"negative index", `{"version":1,"dataset":"x","marks":[{"index":-1,"mark":"wrong"}]}`, "index -1 is out of range"},
		{"huge index", `{"version":1,"dataset":"x","marks":[{"index":1e30,"mark":"wrong"}]}`, "not a marks file"},
		{"index past MaxIndex", `{"version":1,"dataset":"x","marks":[{"index":2147483648,"mark":"wrong"}]}`, "out of range"},
		{"index 2^63", `{"version":1,"dataset":"x","marks":[{"index":9223372036854775808,"mark":"wrong"}]}`, "not a marks file"},
		{"fractional index", `{"version":1,"dataset":"x","marks":[{"index":1.5,"mark":"wrong"}]}`, "not a marks file"},
		{"unknown mark", `{"version":1,"dataset":"x","marks":[{"index":1,"mark":"dubious"}]}`, `unknown mark "dubious"`},
		{"no mark", `{"version":1,"dataset":"x","marks":[{"index":1}]}`, `unknown mark ""`},
		{"twice", `{"version":1,"dataset":"x","marks":[{"index":1,"mark":"fine"},{"index":1,"mark":"wrong"}]}`, "marked twice"},
		{"unknown field", `{"version":1,"dataset":"x","marks":[],"extra":1}`, "not a marks file"},
		{"trailing data", `{"version":1,"dataset":"x","marks":[]} {}`, "more data"},
		{"array", `[1,2]`, "not a marks file"},
	} {
		path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".json")
		if err := os.WriteFile(path, []byte(tc.content), 0o644); err != nil {
			t.Fatal(err)
		}
		m, err := Load(path)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: %v, %v; want an error naming the file and saying %q", tc.name, m, err, tc.want)
		}
	}
	// A null list is no marks.
	path := filepath.Join(dir, "null.json")
	os.WriteFile(path, []byte(`{"version":1,"dataset":"x","marks":null}`), 0o644)
	if m, err := Load(path); err != nil || m.Len() != 0 {
		t.Errorf("null marks: %v, %v", m, err)
	}
}

func TestLoadTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.json")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(maxFile + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), "larger than") || !strings.Contains(err.Error(), path) {
		t.Errorf("error %v", err)
	}
}

// A save that fails half-way leaves the earlier file as it was, and no
// partial file.
func TestSaveFailureKeepsOld(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "marks.json")
	m := New("x")
	m.Set(1, Wrong)
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	old, _ := os.ReadFile(path)
	m.Set(2, Fine)
	boom := errors.New("disk full")
	err := save(path, func(w io.Writer) error {
		var b bytes.Buffer
		m.Encode(&b)
		w.Write(b.Bytes()[:b.Len()/2])
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("error %v", err)
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, old) {
		t.Errorf("the file changed:\n%s", now)
	}
	names, _ := os.ReadDir(dir)
	if len(names) != 1 {
		t.Errorf("folder holds %v", names)
	}
}

func TestSaveDenied(t *testing.T) {
	m := New("x")
	m.Set(1, Wrong)
	paths := []string{filepath.Join(t.TempDir(), "no", "such", "folder", "m.json"), "/proc/fashionlens-marks.json"}
	if os.Geteuid() != 0 {
		ro := t.TempDir()
		if err := os.Chmod(ro, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(ro, 0o700) })
		paths = append(paths, filepath.Join(ro, "m.json"))
	}
	for _, p := range paths {
		err := m.Save(p)
		if err == nil || !strings.Contains(err.Error(), p) {
			t.Errorf("Save(%s) = %v, want an error naming the path", p, err)
		}
		if _, serr := os.Stat(p); serr == nil {
			t.Errorf("Save(%s) failed but left a file", p)
		}
	}
}

func TestWriteCSV(t *testing.T) {
	m := New("x")
	m.Set(12, Ambiguous)
	m.Set(3, Wrong)
	m.Set(40, Fine)
	var b strings.Builder
	classes := []string{"T-shirt/top", "Trouser", "Pullover", "Dress, long"}
	err := m.WriteCSV(&b, func(i int) (string, string) { return classes[i%4], classes[(i+1)%4] })
	if err != nil {
		t.Fatal(err)
	}
	want := "index,mark,label,predicted\n3,wrong,\"Dress, long\",T-shirt/top\n12,ambiguous,T-shirt/top,Trouser\n40,fine,T-shirt/top,Trouser\n"
	if b.String() != want {
		t.Errorf("CSV:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	if err := New("x").WriteCSV(&b, nil); err != nil || b.String() != "index,mark,label,predicted\n" {
		t.Errorf("empty: %q, %v", b.String(), err)
	}
	b.Reset()
	if err := m.WriteCSV(&b, nil); err != nil || !strings.HasPrefix(b.String(), "index,mark,label,predicted\n3,wrong,,\n") {
		t.Errorf("no labels: %q, %v", b.String(), err)
	}
}

func TestFileName(t *testing.T) {
	re := regexp.MustCompile(`^marks-[0-9a-f]{16}\.json$`)
	seen := map[string]string{}
	for _, key := range []string{"", "test@embedded", "test@/usr/share/datasets/fashion-mnist", "../../etc/passwd", "a\x00b", "train@C:\\data\\fmnist"} {
		name := FileName(key)
		if !re.MatchString(name) {
			t.Errorf("FileName(%q) = %q", key, name)
		}
		if other, ok := seen[name]; ok {
			t.Errorf("%q and %q share %s", key, other, name)
		}
		seen[name] = key
		if FileName(key) != name {
			t.Errorf("FileName(%q) changes", key)
		}
	}
}

func TestConcurrent(t *testing.T) {
	m := New("x")
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				m.Set(i, Mark(1+(i+g)%3))
				m.Get(i)
				m.Indices()
				if i%50 == 0 {
					m.WriteCSV(io.Discard, nil)
					m.Encode(io.Discard)
				}
			}
		}()
	}
	wg.Wait()
	if m.Len() != 200 {
		t.Errorf("%d marks", m.Len())
	}
}

func FuzzDecode(f *testing.F) {
	var b bytes.Buffer
	m := New("test@embedded")
	m.Set(3, Wrong)
	m.Set(70000, Fine)
	m.Encode(&b)
	for _, s := range []string{
		b.String(),
		`{"version":1,"dataset":"","marks":[]}`,
		`{"version":1,"dataset":"x","marks":[{"index":-5,"mark":"ambiguous"}]}`,
		`{"version":1,"marks":[{"index":1e400,"mark":"fine"}]}`,
		`{"version":2}`,
		`nul`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Decode(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, i := range m.Indices() {
			if i < 0 || i > MaxIndex || !m.Get(i).valid() {
				t.Fatalf("decoded image %d with mark %v", i, m.Get(i))
			}
		}
		// What decodes, encodes and decodes to the same marks.
		var out bytes.Buffer
		if err := m.Encode(&out); err != nil {
			t.Fatal(err)
		}
		m2, err := Decode(&out)
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if m2.Dataset() != m.Dataset() || !slices.Equal(m2.Indices(), m.Indices()) {
			t.Fatal("round trip changed the marks")
		}
	})
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte(`{"version":1,"dataset":"x","marks":[{"index":1,"mark":"wrong"}]}`))
	f.Add([]byte(`{"version":1,"dataset":"x","marks":[{"index":1,"mark":"wrong"},{"index":1,"mark":"fine"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "m.json")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(path); err != nil && !strings.Contains(err.Error(), path) {
			t.Errorf("error %q does not name the file", err)
		}
	})
}
