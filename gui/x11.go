//go:build linux && !android && !wayland && cgo

package gui

/*
#cgo pkg-config: x11
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <stdlib.h>

static int captureErr;

static int onXError(Display *d, XErrorEvent *e) {
	captureErr = e->error_code;
	return 0;
}

static int shiftOf(unsigned long mask) {
	int s = 0;
	if (mask == 0) return 0;
	while ((mask & 1) == 0) { mask >>= 1; s++; }
	return s;
}

static int bitsOf(unsigned long mask, int shift) {
	int n = 0;
	mask >>= shift;
	while (mask & 1) { mask >>= 1; n++; }
	return n;
}

static unsigned char channel(unsigned long p, unsigned long mask, int shift, int bits) {
	unsigned long v = (p & mask) >> shift;
	if (bits <= 0) return 0;
	if (bits >= 8) return (unsigned char)(v >> (bits - 8));
	return (unsigned char)((v * 255) / ((1ul << bits) - 1));
}

// canOpen reports whether the X server named by $DISPLAY can be reached.
static int canOpen(void) {
	Display *d = XOpenDisplay(NULL);
	if (!d) return 0;
	XCloseDisplay(d);
	return 1;
}

// grab reads window win's pixels as RGBA into a malloc'ed buffer.
// It returns 0 on success, or a code saying what failed.
static int grab(unsigned long win, int *width, int *height, unsigned char **out) {
	Display *d = XOpenDisplay(NULL);
	if (!d) return -1;
	int (*old)(Display *, XErrorEvent *) = XSetErrorHandler(onXError);
	captureErr = 0;
	XWindowAttributes a;
	int rc = 0;
	XImage *img = NULL;
	if (!XGetWindowAttributes(d, (Window)win, &a) || captureErr) {
		rc = -2;
		goto done;
	}
	// XGetImage fails on a window that reaches past the screen: take the
	// part that is on it.
	if (a.x >= 0 && a.x + a.width > WidthOfScreen(a.screen)) a.width = WidthOfScreen(a.screen) - a.x;
	if (a.y >= 0 && a.y + a.height > HeightOfScreen(a.screen)) a.height = HeightOfScreen(a.screen) - a.y;
	if (a.width <= 0 || a.height <= 0) {
		rc = -5;
		goto done;
	}
	img = XGetImage(d, (Window)win, 0, 0, a.width, a.height, AllPlanes, ZPixmap);
	XSync(d, False);
	if (!img || captureErr) {
		rc = captureErr ? captureErr : -3;
		goto done;
	}
	int rs = shiftOf(img->red_mask), gs = shiftOf(img->green_mask), bs = shiftOf(img->blue_mask);
	int rb = bitsOf(img->red_mask, rs), gb = bitsOf(img->green_mask, gs), bb = bitsOf(img->blue_mask, bs);
	unsigned char *buf = malloc((size_t)a.width * a.height * 4);
	if (!buf) { rc = -4; goto done; }
	for (int y = 0; y < a.height; y++) {
		for (int x = 0; x < a.width; x++) {
			unsigned long p = XGetPixel(img, x, y);
			unsigned char *q = buf + ((size_t)y * a.width + x) * 4;
			q[0] = channel(p, img->red_mask, rs, rb);
			q[1] = channel(p, img->green_mask, gs, gb);
			q[2] = channel(p, img->blue_mask, bs, bb);
			q[3] = 255;
		}
	}
	*width = a.width;
	*height = a.height;
	*out = buf;
done:
	if (img) XDestroyImage(img);
	XSetErrorHandler(old);
	XCloseDisplay(d);
	return rc;
}
*/
import "C"

import (
	"fmt"
	"image"
	"os"
	"unsafe"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
)

// checkDisplay returns an error if the X server cannot be reached, before
// GLFW would panic on it.
func checkDisplay() error {
	d := os.Getenv("DISPLAY")
	if d == "" {
		return fmt.Errorf("no X display: DISPLAY is not set")
	}
	if C.canOpen() == 0 {
		return fmt.Errorf("cannot reach the X display %q", d)
	}
	return nil
}

// captureNative reads the window behind ctx from the X server when it is
// an X11 window.
func captureNative(_ fyne.Window, ctx any) (img image.Image, handled bool, err error) {
	x, ok := ctx.(driver.X11WindowContext)
	if !ok || x.WindowHandle == 0 {
		return nil, false, nil
	}
	img, err = captureX11(x.WindowHandle)
	if err != nil {
		err = fmt.Errorf("from the X server: %w", err)
	}
	return img, true, err
}

func captureX11(win uintptr) (image.Image, error) {
	var w, h C.int
	var buf *C.uchar
	if rc := C.grab(C.ulong(win), &w, &h, &buf); rc != 0 {
		switch rc {
		case -1:
			return nil, fmt.Errorf("cannot open the X display")
		case -2:
			return nil, fmt.Errorf("cannot read the window's attributes")
		case -4:
			return nil, fmt.Errorf("out of memory")
		case -5:
			return nil, fmt.Errorf("the window is off the screen")
		}
		return nil, fmt.Errorf("XGetImage failed (X error %d)", int(rc))
	}
	defer C.free(unsafe.Pointer(buf))
	img := image.NewRGBA(image.Rect(0, 0, int(w), int(h)))
	copy(img.Pix, unsafe.Slice((*byte)(unsafe.Pointer(buf)), int(w)*int(h)*4))
	return img, nil
}
