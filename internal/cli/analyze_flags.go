package cli

import (
	"flag"
	"fmt"
	"strconv"

	"github.com/fashionlens/fashionlens/internal/workspace"
)

// methodFlags are analyze's flags of the registered methods, built from
// the registries: a flag per parameter (--tsne-perplexity), one shared
// by the parameters that name the same flag (--seed), and --NAME for a
// method none of whose parameters has that flag (--tsne).
type methodFlags struct {
	params map[string]*paramFlag // by flag name
	on     map[string]*bool      // the --NAME switches, by method
	order  []string              // flag names in registry order
}

// paramFlag is the text given to one flag, parsed once the flags are
// read so that a bad value is reported with its flag's name.
type paramFlag struct {
	text   string
	set    bool
	isBool bool
	users  []paramUse // the methods' parameters it sets
}

// paramUse is one method's parameter that a flag sets.
type paramUse struct {
	method string
	param  workspace.Param
}

func (f *paramFlag) String() string   { return f.text }
func (f *paramFlag) IsBoolFlag() bool { return f.isBool }
func (f *paramFlag) Set(s string) error {
	f.text, f.set = s, true
	return nil
}

// method is a registered method's name, title and parameters.
type method struct {
	name, title string
	params      []workspace.Param
	immediate   bool
}

// methods returns the registered projections, then the clustering
// methods.
func methods() []method {
	var ms []method
	for _, p := range workspace.Projections() {
		ms = append(ms, method{p.Name, p.Title, p.Params, p.Immediate})
	}
	for _, c := range workspace.Clusterings() {
		ms = append(ms, method{c.Name, c.Title, c.Params, false})
	}
	return ms
}

// addMethodFlags defines the methods' flags on fs.
func addMethodFlags(fs *flag.FlagSet) *methodFlags {
	mf := &methodFlags{params: map[string]*paramFlag{}, on: map[string]*bool{}}
	for _, m := range methods() {
		own := false
		for _, p := range m.params {
			name := p.FlagName(m.name)
			own = own || name == m.name
			f := mf.params[name]
			if f == nil {
				f = &paramFlag{text: p.Format(p.Default), isBool: p.Kind == workspace.Bool}
				if f.isBool {
					f.text = "" // no "(default false)" in the help
				}
				mf.params[name] = f
				mf.order = append(mf.order, name)
				help := p.Help
				if p.Enables {
					help += fmt.Sprintf(" (turns %s on)", m.title)
				}
				fs.Var(f, name, help)
			}
			f.users = append(f.users, paramUse{m.name, p})
		}
		if !own && !m.immediate {
			mf.on[m.name] = fs.Bool(m.name, false, fmt.Sprintf("run %s with its default settings", m.title))
		}
	}
	return mf
}

// values returns, for each method to run, its parameter values: a
// method runs when its --NAME switch is set, when a flag of one of its
// Enables parameters is set to a value other than 0, and, for an
// Immediate one (PCA), unless that value is 0. The error is a usage
// error that names the flag.
func (mf *methodFlags) values() (map[string]workspace.Values, error) {
	vals := map[string]workspace.Values{}
	enabled := map[string]bool{}
	for _, m := range methods() {
		vals[m.name] = workspace.Defaults(m.params)
		enabled[m.name] = m.immediate || (mf.on[m.name] != nil && *mf.on[m.name])
	}
	for _, name := range mf.order {
		f := mf.params[name]
		if !f.set {
			continue
		}
		for _, u := range f.users {
			v, err := u.param.Parse(f.text)
			if err != nil {
				return nil, fmt.Errorf("--%s %s: %w", name, strconv.Quote(f.text), err)
			}
			vals[u.method][u.param.Name] = v
			if u.param.Enables {
				// 0 turns the method off, unless it stands for the
				// method's own choice (--dbscan-eps auto).
				enabled[u.method] = v != 0 || u.param.Auto != ""
			}
		}
	}
	for name := range vals {
		if !enabled[name] {
			delete(vals, name)
		}
	}
	return vals, nil
}

// flagOf returns the flag of method's parameter param.
func flagOf(method, param string) string {
	for _, m := range methods() {
		if m.name != method {
			continue
		}
		if p, ok := workspace.ParamNamed(m.params, param); ok {
			return "--" + p.FlagName(m.name)
		}
	}
	return "--" + method
}
