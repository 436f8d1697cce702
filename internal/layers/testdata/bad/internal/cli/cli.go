package cli

import "example.com/m/gui/tab"

var _ = tab.X
