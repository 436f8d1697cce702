package gui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	native "github.com/sqweek/dialog"
)

// NativeDialogs says whether file and folder choosers are the system's
// own (GTK on Linux, through github.com/sqweek/dialog); Fyne's are used
// when it is false, or when the native one cannot open. Tests set it to
// false.
var NativeDialogs = true

// askNative runs a native chooser off the UI goroutine. It reports
// through done on the UI goroutine: the path, or "" when the user
// cancelled, or ok = false when no native dialog could be shown.
func askNative(choose func() (string, error), done func(path string, ok bool)) {
	go func() {
		path, err := func() (path string, err error) {
			defer func() {
				if r := recover(); r != nil { // sqweek panics when GTK could not start
					err = fmt.Errorf("native dialog: %v", r)
				}
			}()
			return choose()
		}()
		fyne.Do(func() {
			switch {
			case errors.Is(err, native.ErrCancelled):
				done("", true)
			case err != nil:
				fyne.LogError("native dialog unavailable; using Fyne's", err)
				done("", false)
			default:
				done(path, true)
			}
		})
	}()
}

// askFolder asks for a folder and calls cb on the UI goroutine with it,
// or with "" if the user cancelled.
func (w *Window) askFolder(title string, cb func(dir string)) {
	fyneDialog := func() {
		d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			if err != nil || u == nil {
				if err != nil {
					dialog.ShowError(err, w)
				}
				cb("")
				return
			}
			cb(u.Path())
		}, w)
		d.Resize(fyne.NewSize(800, 600))
		d.Show()
	}
	if !NativeDialogs {
		fyneDialog()
		return
	}
	askNative(func() (string, error) { return native.Directory().Title(title).Browse() }, func(p string, ok bool) {
		if !ok {
			fyneDialog()
			return
		}
		cb(p)
	})
}

// askOpenFile asks for an existing file with extension ext (".ckpt") and
// calls cb on the UI goroutine with its path, or "" if cancelled.
func (w *Window) askOpenFile(title, desc, ext string, cb func(path string)) {
	fyneDialog := func() {
		d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil || r == nil {
				if err != nil {
					dialog.ShowError(err, w)
				}
				cb("")
				return
			}
			r.Close()
			cb(r.URI().Path())
		}, w)
		d.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
		d.Resize(fyne.NewSize(800, 600))
		d.Show()
	}
	if !NativeDialogs {
		fyneDialog()
		return
	}
	askNative(func() (string, error) {
		return native.File().Title(title).Filter(desc, strings.TrimPrefix(ext, ".")).Load()
	}, func(p string, ok bool) {
		if !ok {
			fyneDialog()
			return
		}
		cb(p)
	})
}

// askSaveFile asks where to save a file, suggesting name, and calls cb on
// the UI goroutine with the path (ext added if missing), or "" if
// cancelled.
func (w *Window) askSaveFile(title, desc, name, ext string, cb func(path string)) {
	w.askSavePath(title, desc, name, []string{ext}, cb)
}

// askSavePath is askSaveFile for several allowed extensions (".png",
// ".svg", ...): a path ending in none of them gets the first.
func (w *Window) askSavePath(title, desc, name string, exts []string, cb func(path string)) {
	withExt := func(p string) string {
		if p == "" {
			return p
		}
		for _, e := range exts {
			if strings.EqualFold(filepath.Ext(p), e) {
				return p
			}
		}
		return p + exts[0]
	}
	fyneDialog := func() {
		d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
			if err != nil || wc == nil {
				if err != nil {
					dialog.ShowError(err, w)
				}
				cb("")
				return
			}
			// The caller writes the file itself, atomically; Fyne has
			// created it empty, which the rename replaces, or which is
			// removed if the extension had to be added.
			wc.Close()
			p := wc.URI().Path()
			if withExt(p) != p {
				if st, err := os.Stat(p); err == nil && st.Size() == 0 {
					os.Remove(p)
				}
			}
			cb(withExt(p))
		}, w)
		d.SetFileName(name)
		d.Resize(fyne.NewSize(800, 600))
		d.Show()
	}
	if !NativeDialogs {
		fyneDialog()
		return
	}
	plain := make([]string, len(exts))
	for i, e := range exts {
		plain[i] = strings.TrimPrefix(e, ".")
	}
	askNative(func() (string, error) {
		return native.File().Title(title).Filter(desc, plain...).SetStartFile(name).Save()
	}, func(p string, ok bool) {
		if !ok {
			fyneDialog()
			return
		}
		cb(withExt(p))
	})
}
