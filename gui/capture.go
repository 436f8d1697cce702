package gui

import (
	"errors"
	"fmt"
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
)

// Capture returns a picture of the window's content. Where the window is a
// native X11 window it reads the pixels back from the X server, and on
// Windows from GDI, which is exactly what a person sees; elsewhere (macOS,
// the headless test driver) it asks Fyne's painter. It must be called from
// the UI goroutine (inside fyne.Do or fyne.DoAndWait).
//
// Fyne's GL painter reads the front buffer, which Mesa's software renderer
// under Xvfb (and Wine's GL on top of it) leaves empty, so the system is
// asked first.
func (w *Window) Capture() (image.Image, error) { return capture(w.Window) }

// capture is Capture of any of the app's windows.
func capture(win fyne.Window) (image.Image, error) {
	if nw, ok := win.(driver.NativeWindow); ok {
		var (
			img     image.Image
			err     error
			handled bool
		)
		nw.RunNative(func(ctx any) { img, handled, err = captureNative(win, ctx) })
		if handled {
			if err != nil {
				return nil, fmt.Errorf("capture the window: %w", err)
			}
			return img, nil
		}
	}
	img := win.Canvas().Capture()
	if img == nil {
		return nil, errors.New("capture the window: the painter returned no image")
	}
	return img, nil
}

// CheckDisplay returns an error if this system cannot show a window, such
// as a Linux machine with no X display; Fyne's GLFW driver would panic
// there. Elsewhere it returns nil.
func CheckDisplay() error {
	if err := checkDisplay(); err != nil {
		return fmt.Errorf("cannot open a window: %w; run Fashion Lens in a desktop session "+
			"(or under xvfb-run); the data, version and other sub-commands need no display", err)
	}
	return nil
}

// CheckNotBlank returns an error if img is empty or all of one colour.
func CheckNotBlank(img image.Image) error {
	if img == nil || img.Bounds().Empty() {
		return errors.New("the window captured no image")
	}
	b := img.Bounds()
	r0, g0, b0, a0 := img.At(b.Min.X, b.Min.Y).RGBA()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, g, bl, a := img.At(x, y).RGBA(); r != r0 || g != g0 || bl != b0 || a != a0 {
				return nil
			}
		}
	}
	return fmt.Errorf("the window rendered blank: all %dx%d pixels have one colour", b.Dx(), b.Dy())
}
