package model

import (
	"errors"
	"strings"
	"testing"
)

func TestParseDevice(t *testing.T) {
	if d, err := ParseDevice(" CPU "); err != nil || d != CPU {
		t.Errorf("cpu: %v, %v", d, err)
	}
	_, err := ParseDevice("gpu")
	if GPUBuild {
		t.Fatal("a GPU build without GPU tests")
	}
	if !errors.Is(err, ErrNoGPU) || !strings.Contains(err.Error(), "no GPU support") || !strings.Contains(err.Error(), "-tags cuda") {
		t.Errorf("gpu in a CPU build: %v", err)
	}
	if _, err := ParseDevice("tpu"); err == nil || errors.Is(err, ErrNoGPU) {
		t.Errorf("tpu: %v", err)
	}
}
