// Package layers checks the project's import rules, which keep its layers
// apart:
//
//   - analysis/... imports nothing from model/... or gui/...: the
//     algorithms work on matrices and know no network and no window;
//   - model/... imports nothing from analysis/... or gui/...;
//   - internal/cli, the headless commands, imports nothing from gui/...:
//     the main package registers the commands that open a window, and
//     the commands' tests need no display;
//   - internal/workspace and internal/labelmarks import nothing from
//     model/... or gui/...;
//   - no package outside gui/... imports Fyne, except the main package,
//     which opens the window: every computation is tested without one.
//
// Its test runs Check on the repository, so a change that breaks a rule
// fails make test.
package layers

import (
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// A Violation is one import that breaks a rule.
type Violation struct {
	File   string // the importing file, relative to the root
	Import string // the imported path
	Rule   string // the rule it breaks
}

func (v Violation) String() string {
	return fmt.Sprintf("%s imports %s: %s", v.File, v.Import, v.Rule)
}

// rule is one import rule: a package whose path (relative to the module)
// from matches may not import a path that to matches, unless allowed.
type rule struct {
	text  string
	from  func(pkg string) bool
	to    func(module, imp string) bool
	allow func(pkg string) bool
}

// under reports whether the relative package path pkg is dir or below it.
func under(dir string) func(string) bool {
	return func(pkg string) bool { return pkg == dir || strings.HasPrefix(pkg, dir+"/") }
}

// inModule reports whether imp is the module's dir or below it.
func inModule(dir string) func(module, imp string) bool {
	return func(module, imp string) bool { return under(module + "/" + dir)(imp) }
}

var rules = []rule{
	{text: "analysis/... may not import model/...", from: under("analysis"), to: inModule("model")},
	{text: "analysis/... may not import gui/...", from: under("analysis"), to: inModule("gui")},
	{text: "model/... may not import analysis/...", from: under("model"), to: inModule("analysis")},
	{text: "model/... may not import gui/...", from: under("model"), to: inModule("gui")},
	{text: "internal/cli may not import gui/...", from: under("internal/cli"), to: inModule("gui")},
	// The workspace is the exploration without a window or a network:
	// the window and the command line both drive it.
	{text: "internal/workspace/... may not import gui/...", from: under("internal/workspace"), to: inModule("gui")},
	{text: "internal/workspace/... may not import model/...", from: under("internal/workspace"), to: inModule("model")},
	// The label marks are plain data that the window and the command line
	// both keep: no window, no network.
	{text: "internal/labelmarks may not import gui/...", from: under("internal/labelmarks"), to: inModule("gui")},
	{text: "internal/labelmarks may not import model/...", from: under("internal/labelmarks"), to: inModule("model")},
	{
		text:  "only gui/... and the main package (the window's opener) may import Fyne",
		from:  func(string) bool { return true },
		to:    func(_, imp string) bool { return under("fyne.io")(imp) },
		allow: func(pkg string) bool { return pkg == "" || under("gui")(pkg) },
	},
}

// Check reads the imports of every non-test Go file under root, the
// folder of the module named module, and returns the imports that break
// a rule, in file order. Folders named testdata, and those starting with
// "." or "_", are skipped, as the go command skips them; so are build and
// dist, which hold build outputs.
func Check(root, module string) ([]Violation, error) {
	var out []Violation
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || name == "build" || name == "dist" ||
				strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(filepath.Dir(rel))
		if pkg == "." {
			pkg = ""
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return fmt.Errorf("check imports: %w", err)
		}
		for _, is := range f.Imports {
			imp, err := strconv.Unquote(is.Path.Value)
			if err != nil {
				return fmt.Errorf("check imports: %s: %w", path, err)
			}
			for _, r := range rules {
				if r.from(pkg) && r.to(module, imp) && (r.allow == nil || !r.allow(pkg)) {
					out = append(out, Violation{File: filepath.ToSlash(rel), Import: imp, Rule: r.text})
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out, nil
}

// ModulePath reads the module path from root/go.mod.
func ModulePath(root string) (string, error) {
	b, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return "", fmt.Errorf("read the module path: %w", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "module" {
			return f[1], nil
		}
	}
	return "", fmt.Errorf("read the module path: %s has no module line", filepath.Join(root, "go.mod"))
}
