//go:build tools

// This file pins, in go.mod, the design card's packages that no code
// imports yet; the model and analysis work will import them for real.
// It is never compiled: the "tools" build tag is never set.
package main

import (
	_ "github.com/sqweek/dialog"
	_ "gonum.org/v1/gonum/mat"
	_ "gonum.org/v1/plot"
	_ "gorgonia.org/gorgonia"
)
