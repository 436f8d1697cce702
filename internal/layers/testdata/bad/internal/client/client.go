package client

import "example.com/m/gui/tab" // not internal/cli: only Fyne is refused here

var _ = tab.X
