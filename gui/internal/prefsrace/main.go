// Command prefsrace shows why Fyne's own preferences store (v2.7.1)
// logs "Preferences load error: Cause: EOF": it opens a window, sets a
// value before the window runs ("set"), while it runs ("setlater") or
// never ("none"), and quits. With PROVIDER set, the app's preferences are
// a settings.Store handed over by gui.SettingsProvider, as in Fashion
// Lens. internal/experiments/prefsrace.sh counts the runs that log the
// error.
package main

import (
	"log"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"

	"github.com/fashionlens/fashionlens/gui"
	"github.com/fashionlens/fashionlens/internal/settings"
)

func main() {
	a := app.NewWithID("io.github.fashionlens.race")
	if os.Getenv("PROVIDER") != "" {
		dir, _ := os.UserConfigDir()
		st, _ := settings.Open(filepath.Join(dir, "race", "settings.json"), log.Printf)
		a.SetCloudProvider(gui.SettingsProvider(st))
		defer st.Flush()
	}
	w := a.NewWindow("x")
	w.SetContent(widget.NewLabel("hi"))
	if len(os.Args) > 1 && os.Args[1] == "set" {
		log.Print("set before run")
		a.Preferences().SetString("k", "v")
	}
	go func() {
		time.Sleep(150 * time.Millisecond)
		if len(os.Args) > 1 && os.Args[1] == "setlater" {
			log.Print("set while running")
			fyne.Do(func() { a.Preferences().SetString("k", "v") })
		}
		time.Sleep(300 * time.Millisecond)
		log.Print("quit")
		fyne.Do(a.Quit)
	}()
	w.ShowAndRun()
	log.Print("returned")
}
