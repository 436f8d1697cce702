package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/fashionlens/fashionlens/internal/cli"
)

// runCLI runs the command line, with this package's window commands
// registered, and returns its exit code, stdout and stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// TestNoDisplay checks that opening the window with no X display is a
// clear error, not GLFW's panic.
func TestNoDisplay(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("X11 only")
	}
	for _, display := range []string{"", ":4242"} {
		t.Setenv("DISPLAY", display)
		for _, args := range [][]string{{"--data", t.TempDir()}, {"screenshot", "--out", filepath.Join(t.TempDir(), "x.png")}} {
			code, _, stderr := runCLI(t, args...)
			if code != cli.ExitError || !strings.Contains(stderr, "cannot open a window") || !strings.Contains(stderr, "xvfb-run") {
				t.Errorf("DISPLAY=%q %v: exit %d, stderr %q", display, args, code, stderr)
			}
		}
	}
}

// The version the binary reports is FyneApp.toml's, which fyne package
// puts in the package.
func TestVersionMatchesFyneApp(t *testing.T) {
	b, err := os.ReadFile("FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"`).FindSubmatch(b)
	if m == nil {
		t.Fatal("FyneApp.toml has no Version")
	}
	if want := string(m[1]) + "-dev"; version != want {
		t.Errorf("main.version is %q, want %q (FyneApp.toml's Version)", version, want)
	}
}

// The version command prints main.version, which -ldflags can set: init
// hands it to the command line.
func TestVersionReachesTheCommandLine(t *testing.T) {
	code, out, _ := runCLI(t, "version")
	if code != cli.ExitOK || !strings.HasPrefix(out, "fashionlens "+version+"\n") {
		t.Errorf("exit %d: %q, want it to start with fashionlens %s", code, out, version)
	}
}

// A screenshot file that cannot be written is found before the window
// opens (no display is needed to see it), not after all of its work.
func TestScreenshotBadOut(t *testing.T) {
	t.Setenv("DISPLAY", "")
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{filepath.Join(dir, "nodir", "x.png"), dir + "/", filepath.Join(file, "x.png")} {
		code, _, stderr := runCLI(t, "screenshot", "--out", out)
		if out == dir+"/" {
			// A folder: every tab is written into it; the display is missing.
			if code != cli.ExitError || !strings.Contains(stderr, "cannot open a window") {
				t.Errorf("--out %s: exit %d, %q", out, code, stderr)
			}
			continue
		}
		if code != cli.ExitUsage || !strings.Contains(stderr, "--out") || strings.Contains(stderr, "cannot open a window") {
			t.Errorf("--out %s: exit %d, %q", out, code, stderr)
		}
	}
}

// --features pictures go into a folder: with a .png file it is a usage
// error, found before the window opens.
func TestScreenshotFeaturesNeedAFolder(t *testing.T) {
	t.Setenv("DISPLAY", "")
	code, _, stderr := runCLI(t, "screenshot", "--features", "--out", filepath.Join(t.TempDir(), "x.png"))
	if code != cli.ExitUsage || !strings.Contains(stderr, "--features needs --out DIR") {
		t.Errorf("exit %d: %q", code, stderr)
	}
}
