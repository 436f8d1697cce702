// Package locale quiets a start-up error of Fyne on systems whose locale is
// "C.UTF-8" or "POSIX.UTF-8" (containers, CI, minimal servers).
//
// Fyne's lang package reads the locale in its init function through
// github.com/jeandeaual/go-locale, which understands plain "C" and "POSIX"
// but not their ".UTF-8" forms, and then logs "Error parsing user locale C"
// on every start, sub-commands included. Such a locale means "no language
// chosen", which Fyne treats as English anyway. For it alone, this package
// sets LANGUAGE=en, which go-locale reads next and which gettext ignores
// under a C locale, so nothing else changes.
//
// It must be imported by the gui package: Go initialises packages in import
// path order where dependencies allow, and this package, depending only on
// os and strings, is initialised before Fyne's lang package.
package locale

import (
	"os"
	"strings"
)

func init() { quiet(os.Getenv, os.Setenv) }

// quiet sets LANGUAGE=en when the first locale variable set is a
// C.* or POSIX.* locale and LANGUAGE is unset.
func quiet(getenv func(string) string, setenv func(string, string) error) {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		l := getenv(v)
		if l == "" {
			continue
		}
		if (strings.HasPrefix(l, "C.") || strings.HasPrefix(l, "POSIX.")) && getenv("LANGUAGE") == "" {
			setenv("LANGUAGE", "en")
		}
		return
	}
}
