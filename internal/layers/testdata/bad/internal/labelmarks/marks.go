// Package labelmarks breaks its rules: it imports the window and the
// network.
package labelmarks

import (
	_ "example.com/m/gui/tab"
	_ "example.com/m/model/net"
)
