//go:build !(linux && !android && !wayland && cgo)

package gui

import (
	"errors"
	"image"
)

func captureX11(uintptr) (image.Image, error) {
	return nil, errors.New("X11 capture is not built into this binary")
}

func checkDisplay() error { return nil }
