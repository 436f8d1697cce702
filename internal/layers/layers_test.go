package layers

import (
	"reflect"
	"testing"
)

// The repository keeps every rule.
func TestRepositoryKeepsTheRules(t *testing.T) {
	root := "../.."
	module, err := ModulePath(root)
	if err != nil {
		t.Fatal(err)
	}
	vs, err := Check(root, module)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		t.Error(v)
	}
}

// Each rule catches its breaking import in a small tree (testdata/bad),
// and nothing else: not an allowed import, not a test file's, and not a
// path that only starts like a layer's.
func TestCheckFindsEachBrokenRule(t *testing.T) {
	module, err := ModulePath("testdata/bad")
	if err != nil {
		t.Fatal(err)
	}
	vs, err := Check("testdata/bad", module)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range vs {
		got = append(got, v.String())
	}
	want := []string{
		"analysis/algo/algo.go imports example.com/m/gui/tab: analysis/... may not import gui/...",
		"analysis/algo/algo.go imports example.com/m/model/net: analysis/... may not import model/...",
		"internal/cli/cli.go imports example.com/m/gui/tab: internal/cli may not import gui/...",
		"internal/labelmarks/marks.go imports example.com/m/gui/tab: internal/labelmarks may not import gui/...",
		"internal/labelmarks/marks.go imports example.com/m/model/net: internal/labelmarks may not import model/...",
		"internal/tool/tool.go imports fyne.io/fyne/v2/app: only gui/... and the main package (the window's opener) may import Fyne",
		"internal/workspace/ws.go imports example.com/m/gui/tab: internal/workspace/... may not import gui/...",
		"internal/workspace/ws.go imports example.com/m/model/net: internal/workspace/... may not import model/...",
		"model/net/net.go imports example.com/m/analysis/algo: model/... may not import analysis/...",
		"model/net/net.go imports fyne.io/fyne/v2: only gui/... and the main package (the window's opener) may import Fyne",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("violations:\n%q\nwant:\n%q", got, want)
	}
}

func TestModulePathMissing(t *testing.T) {
	if _, err := ModulePath(t.TempDir()); err == nil {
		t.Error("no error for a folder without go.mod")
	}
}
