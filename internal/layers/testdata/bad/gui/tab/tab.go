package tab

import (
	"example.com/m/analysis/algo"
	"fyne.io/fyne/v2/widget"
)

var X, _, _ = 1, algo.X, widget.X
