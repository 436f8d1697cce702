package algo

import (
	"example.com/m/gui/tab"
	"example.com/m/model/net"
	"example.com/m/modelish"
)

var _, _, _ = tab.X, net.X, modelish.X
