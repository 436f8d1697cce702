// Package workspace breaks its rules: it imports the window and the
// network.
package workspace

import (
	_ "example.com/m/analysis/algo"
	_ "example.com/m/gui/tab"
	_ "example.com/m/model/net"
)
