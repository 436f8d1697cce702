//go:build windows

package gui

import (
	"errors"
	"fmt"
	"image"
	"syscall"
	"unsafe"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
	"github.com/go-gl/gl/v2.1/gl"
)

// Windows has no X server to ask, and Fyne's painter reads the GL front
// buffer, which can be empty (it is under Wine's software GL). The window
// is read through GDI instead: the screen's pixels where the window's
// client area is, which is what a person sees, and failing that the
// window's own PrintWindow.

var (
	user32 = syscall.NewLazyDLL("user32.dll")
	gdi32  = syscall.NewLazyDLL("gdi32.dll")

	procGetClientRect          = user32.NewProc("GetClientRect")
	procClientToScreen         = user32.NewProc("ClientToScreen")
	procGetDC                  = user32.NewProc("GetDC")
	procReleaseDC              = user32.NewProc("ReleaseDC")
	procPrintWindow            = user32.NewProc("PrintWindow")
	procCreateCompatibleDC     = gdi32.NewProc("CreateCompatibleDC")
	procCreateCompatibleBitmap = gdi32.NewProc("CreateCompatibleBitmap")
	procSelectObject           = gdi32.NewProc("SelectObject")
	procBitBlt                 = gdi32.NewProc("BitBlt")
	procGetDIBits              = gdi32.NewProc("GetDIBits")
	procDeleteObject           = gdi32.NewProc("DeleteObject")
	procDeleteDC               = gdi32.NewProc("DeleteDC")
)

const (
	srccopy            = 0x00CC0020
	captureblt         = 0x40000000
	pwClientOnly       = 0x1
	pwRenderFullContnt = 0x2
	biRGB              = 0
	dibRGBColors       = 0
)

type winRect struct{ Left, Top, Right, Bottom int32 }

type winPoint struct{ X, Y int32 }

type bitmapInfoHeader struct {
	Size          uint32
	Width         int32
	Height        int32
	Planes        uint16
	BitCount      uint16
	Compression   uint32
	SizeImage     uint32
	XPelsPerMeter int32
	YPelsPerMeter int32
	ClrUsed       uint32
	ClrImportant  uint32
}

// captureNative reads the window behind ctx when it is a Windows window:
// from GDI, and where GDI sees nothing of the GL drawing (as under Wine),
// the frame the window last drew, from its GL back buffer.
func captureNative(win fyne.Window, ctx any) (img image.Image, handled bool, err error) {
	wc, ok := ctx.(driver.WindowsWindowContext)
	if !ok || wc.HWND == 0 {
		return nil, false, nil
	}
	img, err = captureHWND(wc.HWND)
	if err == nil && CheckNotBlank(img) == nil {
		return img, true, nil
	}
	if back, errGL := captureGLBack(win); errGL == nil && CheckNotBlank(back) == nil {
		return back, true, nil
	}
	return img, true, err
}

// glWindow is Fyne's GLFW window, which runs code with its GL context.
type glWindow interface{ RunWithContext(func()) }

// captureGLBack reads the window's GL back buffer, which holds the last
// frame drawn where the driver keeps it after the swap (Mesa does).
func captureGLBack(win fyne.Window) (image.Image, error) {
	gw, ok := win.(glWindow)
	if !ok {
		return nil, errors.New("not a GL window")
	}
	c := win.Canvas()
	w, h := c.PixelCoordinateForPosition(fyne.NewPos(c.Size().Width, c.Size().Height))
	if w <= 0 || h <= 0 {
		return nil, errors.New("the window has no size")
	}
	pix := make([]byte, w*h*4)
	var glErr uint32
	gw.RunWithContext(func() {
		gl.ReadBuffer(gl.BACK)
		gl.ReadPixels(0, 0, int32(w), int32(h), gl.RGBA, gl.UNSIGNED_BYTE, gl.Ptr(pix))
		glErr = gl.GetError()
	})
	if glErr != 0 {
		return nil, fmt.Errorf("glReadPixels: GL error %#x", glErr)
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	row := w * 4
	for y := 0; y < h; y++ { // GL's rows run bottom-up
		copy(img.Pix[y*row:(y+1)*row], pix[(h-1-y)*row:(h-y)*row])
	}
	for i := 3; i < len(img.Pix); i += 4 {
		img.Pix[i] = 255
	}
	return img, nil
}

// captureHWND returns the client area of window hwnd.
func captureHWND(hwnd uintptr) (image.Image, error) {
	var r winRect
	if ok, _, e := procGetClientRect.Call(hwnd, uintptr(unsafe.Pointer(&r))); ok == 0 {
		return nil, fmt.Errorf("GetClientRect: %v", e)
	}
	w, h := int(r.Right-r.Left), int(r.Bottom-r.Top)
	if w <= 0 || h <= 0 {
		return nil, errors.New("the window has no client area")
	}
	var origin winPoint
	if ok, _, e := procClientToScreen.Call(hwnd, uintptr(unsafe.Pointer(&origin))); ok == 0 {
		return nil, fmt.Errorf("ClientToScreen: %v", e)
	}
	fromScreen, errScreen := gdiGrab(0, w, h, func(dst, src uintptr) bool {
		ok, _, _ := procBitBlt.Call(dst, 0, 0, uintptr(w), uintptr(h), src,
			uintptr(origin.X), uintptr(origin.Y), srccopy|captureblt)
		return ok != 0
	})
	if errScreen == nil && CheckNotBlank(fromScreen) == nil {
		return fromScreen, nil
	}
	fromWindow, errWindow := gdiGrab(hwnd, w, h, func(dst, _ uintptr) bool {
		ok, _, _ := procPrintWindow.Call(hwnd, dst, pwClientOnly|pwRenderFullContnt)
		return ok != 0
	})
	switch {
	case errWindow == nil && CheckNotBlank(fromWindow) == nil:
		return fromWindow, nil
	case errScreen == nil:
		return fromScreen, nil // blank: the caller says so
	case errWindow == nil:
		return fromWindow, nil
	}
	return nil, fmt.Errorf("from the screen: %v; from the window: %v", errScreen, errWindow)
}

// gdiGrab draws into a w×h bitmap compatible with the device context of
// window src (0 for the screen) through draw(memory DC, source DC), and
// returns the bitmap's pixels.
func gdiGrab(src uintptr, w, h int, draw func(dst, src uintptr) bool) (image.Image, error) {
	sdc, _, _ := procGetDC.Call(src)
	if sdc == 0 {
		return nil, errors.New("GetDC failed")
	}
	defer procReleaseDC.Call(src, sdc)
	mdc, _, _ := procCreateCompatibleDC.Call(sdc)
	if mdc == 0 {
		return nil, errors.New("CreateCompatibleDC failed")
	}
	defer procDeleteDC.Call(mdc)
	bmp, _, _ := procCreateCompatibleBitmap.Call(sdc, uintptr(w), uintptr(h))
	if bmp == 0 {
		return nil, errors.New("CreateCompatibleBitmap failed")
	}
	defer procDeleteObject.Call(bmp)
	old, _, _ := procSelectObject.Call(mdc, bmp)
	if !draw(mdc, sdc) {
		procSelectObject.Call(mdc, old)
		return nil, errors.New("copying the pixels failed")
	}
	procSelectObject.Call(mdc, old)
	hdr := bitmapInfoHeader{Width: int32(w), Height: -int32(h), Planes: 1, BitCount: 32, Compression: biRGB}
	hdr.Size = uint32(unsafe.Sizeof(hdr))
	// GetDIBits writes a BITMAPINFO: the header and, for 32 bits, no
	// colour table; a spare word guards against drivers that write one.
	info := struct {
		bitmapInfoHeader
		spare [4]uint32
	}{bitmapInfoHeader: hdr}
	pix := make([]byte, w*h*4)
	if n, _, _ := procGetDIBits.Call(mdc, bmp, 0, uintptr(h), uintptr(unsafe.Pointer(&pix[0])),
		uintptr(unsafe.Pointer(&info)), dibRGBColors); int(n) != h {
		return nil, fmt.Errorf("GetDIBits read %d of %d rows", n, h)
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(pix); i += 4 { // BGRA to RGBA, opaque
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = pix[i+2], pix[i+1], pix[i], 255
	}
	return img, nil
}

// checkDisplay: a Windows session always has a desktop to draw on.
func checkDisplay() error { return nil }
