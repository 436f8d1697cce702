package cli

import (
	"strings"
	"testing"

	"github.com/fashionlens/fashionlens/model"
)

func TestVersion(t *testing.T) {
	code, out, _ := cli(t, "version")
	if code != 0 || !strings.HasPrefix(out, "fashionlens "+Version+"\n") || !strings.Contains(out, "go1.") {
		t.Fatalf("exit %d: %q", code, out)
	}
	// The GEMM path in use is named: no silent fallback.
	if !strings.Contains(out, "GEMM: "+model.Backend()) || !strings.Contains(model.Backend(), model.GEMMPath()) && model.GEMMPath() != "openblas" {
		t.Errorf("version does not name the GEMM path %s: %q", model.GEMMPath(), out)
	}
	if !strings.Contains(out, "Element-wise loops: "+model.LoopsPath()) {
		t.Errorf("version does not name the element-wise loops' path %s: %q", model.LoopsPath(), out)
	}
}
