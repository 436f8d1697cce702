package net

import (
	"example.com/m/analysis/algo"
	"fyne.io/fyne/v2"
)

var X, _, _ = 1, algo.X, fyne.X
