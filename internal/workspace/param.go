package workspace

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Kind is the type of a parameter's values.
type Kind int

// The kinds of parameters.
const (
	Int   Kind = iota // a whole number
	Float             // a real number
	Seed              // a seed of random choices: a whole number from 0
	Bool              // a switch: 0 or 1
)

// Param describes one parameter of a method: how the window shows it,
// how the command line spells it, and which values it takes.
type Param struct {
	// Name is the parameter's key in Values and in summary.json.
	Name string
	// Label is the window's label, "perplexity".
	Label string
	// Flag is the command line's flag without the dashes; empty means
	// the method's name, a dash and Name ("tsne-perplexity"). Parameters
	// of several methods may share a flag (the seed): it sets them all.
	Flag string
	// Help is the flag's help text.
	Help string
	Kind Kind
	// Default is the value when none is given.
	Default float64
	// Min and Max bound the values (inclusive); Max 0 means no bound
	// above.
	Min, Max float64
	// Auto, if set, is the word that stands for the value 0: the method
	// chooses the value itself ("auto" for DBSCAN's eps).
	Auto string
	// Enables marks the parameter whose flag turns the method on in the
	// command line; its value 0 turns it off.
	Enables bool
	// CLIOnly parameters have no control in the window.
	CLIOnly bool
}

// FlagName returns the command line's flag for p of method.
func (p Param) FlagName(method string) string {
	if p.Flag != "" {
		return p.Flag
	}
	return method + "-" + strings.ReplaceAll(p.Name, "_", "-")
}

// Parse reads a value of p from text, checking its kind and range; the
// error says what to enter.
func (p Param) Parse(text string) (float64, error) {
	s := strings.TrimSpace(text)
	if p.Auto != "" && strings.EqualFold(s, p.Auto) {
		return 0, nil
	}
	var v float64
	var err error
	switch p.Kind {
	case Bool:
		var b bool
		if b, err = strconv.ParseBool(s); b {
			v = 1
		}
	case Int, Seed:
		var i int64
		i, err = strconv.ParseInt(s, 10, 64)
		v = float64(i)
	default:
		v, err = strconv.ParseFloat(s, 64)
	}
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || !p.inRange(v) {
		return 0, fmt.Errorf("%s %q: %s", p.Label, text, p.want())
	}
	return v, nil
}

// inRange reports whether v is a value of p.
func (p Param) inRange(v float64) bool {
	if p.Kind == Bool {
		return v == 0 || v == 1
	}
	if p.Auto != "" && v == 0 {
		return true
	}
	if p.Enables && v == 0 {
		return true // off
	}
	if v < p.Min {
		return false
	}
	return p.Max == 0 || v <= p.Max
}

// want says which values p takes.
func (p Param) want() string {
	var s string
	switch p.Kind {
	case Bool:
		return "enter true or false"
	case Seed:
		s = "enter a whole number from 0"
	case Int:
		s = fmt.Sprintf("enter a whole number from %s", Format(p.Min))
	default:
		s = fmt.Sprintf("enter a number from %s", Format(p.Min))
	}
	if p.Max != 0 && p.Kind != Seed {
		s += " to " + Format(p.Max)
	}
	if p.Auto != "" {
		s += " or " + p.Auto
	}
	return s
}

// Format formats v for p: Auto's word for 0 where p has one.
func (p Param) Format(v float64) string {
	if p.Auto != "" && v == 0 {
		return p.Auto
	}
	if p.Kind == Bool {
		return strconv.FormatBool(v != 0)
	}
	return Format(v)
}

// Format formats a parameter's value as briefly as it can be read back.
func Format(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// Values are a method's parameter values by name.
type Values map[string]float64

// Int returns the value of name as an int.
func (v Values) Int(name string) int { return int(v[name]) }

// Uint64 returns the value of name as a seed.
func (v Values) Uint64(name string) uint64 { return uint64(v[name]) }

// Bool returns whether the value of name is set.
func (v Values) Bool(name string) bool { return v[name] != 0 }

// Key returns the values as "a=1 b=2", by name: part of cache keys.
func (v Values) Key() string {
	names := make([]string, 0, len(v))
	for k := range v {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	for i, k := range names {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(k + "=" + Format(v[k]))
	}
	return b.String()
}

// ParamNamed returns the parameter of params called name.
func ParamNamed(params []Param, name string) (Param, bool) {
	for _, p := range params {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

// Defaults returns the default values of params.
func Defaults(params []Param) Values {
	v := make(Values, len(params))
	for _, p := range params {
		v[p.Name] = p.Default
	}
	return v
}

// Valid returns nil if x is a value of p, or an error that says what to
// enter.
func (p Param) Valid(x float64) error {
	if math.IsNaN(x) || math.IsInf(x, 0) || !p.inRange(x) || (p.Kind != Float && x != math.Trunc(x)) {
		return fmt.Errorf("%s %s: %s", p.Label, Format(x), p.want())
	}
	return nil
}

// Check checks every value of params in v, and that v has no others.
func Check(params []Param, v Values) error {
	known := map[string]bool{}
	for _, p := range params {
		known[p.Name] = true
		x, ok := v[p.Name]
		if !ok {
			return fmt.Errorf("%s: no value given", p.Label)
		}
		if err := p.Valid(x); err != nil {
			return err
		}
	}
	for k := range v {
		if !known[k] {
			return fmt.Errorf("unknown parameter %q", k)
		}
	}
	return nil
}

// ParamError is an error of a method's run that a parameter's value
// causes, found only once the points are known (more PCA components
// than the features have values): the command line reports it as a
// usage error of the parameter's flag.
type ParamError struct {
	Method string // the method's name (Project and Cluster fill it in)
	Param  string // the parameter's name
	Err    error
}

func (e *ParamError) Error() string { return e.Err.Error() }

func (e *ParamError) Unwrap() error { return e.Err }
