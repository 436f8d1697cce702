package tool

import "fyne.io/fyne/v2/app"

var _ = app.New
