package net

import "example.com/m/gui/tab" // tests may: only non-test files count

var _ = tab.X
