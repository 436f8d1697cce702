// Command gemmpaths prints the GEMM paths this processor and build run,
// fastest first, for internal/experiments/enginebench.sh.
package main

import (
	"fmt"
	"strings"

	"github.com/fashionlens/fashionlens/model"
)

func main() { fmt.Println(strings.Join(model.GEMMPaths(), " ")) }
