package cli

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
)

// cli runs the command line and returns its exit code, stdout and stderr.
func cli(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"frobnicate"},
		{"data"},
		{"data", "bogus"},
		{"data", "info", "--bogus"},
		{"data", "info", "extra-arg"},
		{"data", "fetch", "--split", "validation"},
		{"version", "--verbose"},
		{"--no-such-flag"},
	} {
		code, _, stderr := cli(t, args...)
		if code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, ExitUsage)
		}
		if !strings.Contains(stderr, "sage") {
			t.Errorf("%v: stderr does not show the usage: %q", args, stderr)
		}
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"help"}, {"data", "info", "--help"}, {"data", "fetch", "-h"}, {"version", "--help"}} {
		code, stdout, stderr := cli(t, args...)
		if code != ExitOK || !strings.Contains(stdout+stderr, "Usage") {
			t.Errorf("%v: exit %d, output %q %q", args, code, stdout, stderr)
		}
	}
}

// usageBefore is the usage text of main.go's switch before the registry
// replaced it.
const usageBefore = `Usage:
  fashionlens [--data DIR]                    open the Fashion Lens window
  fashionlens data info [--data DIR] [--json] show where the data set comes from and what it holds
  fashionlens data fetch [--dir DIR]          download and verify Fashion-MNIST
  fashionlens train [--preset seed|small] [--scheme fashion10|groups5] [--epochs N] [--out FILE]
                                              train the network on the train split and save it
  fashionlens evaluate --model FILE|bundled   test accuracy, per class, and the confusion matrix
  fashionlens features --model FILE|bundled --out vectors.tsv [--metadata metadata.tsv]
                                              write the encoded Dense(64) features of a split
  fashionlens analyze --features FILE [--metadata FILE] [--kmeans K] [--dbscan-eps E|auto] [--tsne-perplexity P] --out DIR
                                              PCA, t-SNE, K-means and DBSCAN of a feature file, with figures
  fashionlens suspects --model FILE|bundled [--split test|train] [--labels FILE] [--k K] --out ranking.csv
                                              rank a split's images by how likely their label is wrong
  fashionlens screenshot --out FILE.png       open the window, save a picture of it, and quit
  fashionlens version                         print version information

Run 'fashionlens COMMAND --help' for a command's options.
`

// windowCommands stand in for the main package's window commands: each
// records that it ran, and with which arguments.
func windowCommands(ran *[]string) (window, screenshot Command) {
	record := func(name string) func(context.Context, []string, io.Writer, io.Writer) int {
		return func(_ context.Context, args []string, _, _ io.Writer) int {
			*ran = append(*ran, strings.TrimSpace(name+" "+strings.Join(args, " ")))
			return ExitOK
		}
	}
	return Command{Usage: "[--data DIR]", Summary: "open the Fashion Lens window", Run: record("window")},
		Command{Name: "screenshot", Usage: "--out FILE.png", Summary: "open the window, save a picture of it, and quit", Run: record("screenshot")}
}

// The usage text is built from the registry: with the main package's
// window commands in their old places, it is the old text to the byte.
func TestUsageText(t *testing.T) {
	window, screenshot := windowCommands(new([]string))
	cmds := []Command{window}
	for _, c := range commands {
		if c.Name == "version" {
			cmds = append(cmds, screenshot)
		}
		cmds = append(cmds, c)
	}
	if got := usageText(cmds); got != usageBefore {
		t.Errorf("usage text:\n%s\nwant:\n%s", got, usageBefore)
	}
	// Every registered command is in the usage text.
	for _, c := range commands {
		if !strings.Contains(Usage(), "fashionlens "+c.Name+" ") {
			t.Errorf("the usage text does not list %s:\n%s", c.Name, Usage())
		}
	}
}

// The default command runs for an empty command line and for flags
// first; a command's name, help and unknown words do not reach it.
func TestDispatch(t *testing.T) {
	var ran []string
	window, screenshot := windowCommands(&ran)
	cmds := append([]Command{window, screenshot}, commands...)
	for _, c := range []struct {
		args []string
		code int
		ran  string // what the stand-ins ran, "" for none
	}{
		{nil, ExitOK, "window"},
		{[]string{"--data", "d"}, ExitOK, "window --data d"},
		{[]string{"screenshot", "--out", "x.png"}, ExitOK, "screenshot --out x.png"},
		{[]string{"--help"}, ExitOK, ""},
		{[]string{"-h"}, ExitOK, ""},
		{[]string{"help"}, ExitOK, ""},
		{[]string{"data", "help"}, ExitOK, ""},
		{[]string{"version"}, ExitOK, ""},
		{[]string{"frobnicate"}, ExitUsage, ""},
	} {
		ran = nil
		code := run(cmds, context.Background(), c.args, io.Discard, io.Discard)
		if code != c.code || strings.Join(ran, "; ") != c.ran {
			t.Errorf("%q: exit %d, ran %q; want exit %d, ran %q", c.args, code, ran, c.code, c.ran)
		}
	}
	// Without a default command (no window registered), an empty command
	// line is a usage error.
	for _, args := range [][]string{nil, {"--data", "d"}} {
		code, stdout, stderr := cli(t, args...)
		if code != ExitUsage || stdout != "" || !strings.HasPrefix(stderr, "fashionlens: missing command\n\nUsage:") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
}

// data's sub-commands keep their messages.
func TestSubCommandMessages(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"data"}, "fashionlens data: missing sub-command (info or fetch)\n\nUsage:\n"},
		{[]string{"data", "bogus"}, "fashionlens data: unknown sub-command \"bogus\" (want info or fetch)\n\nUsage:\n"},
		{[]string{"frobnicate"}, "fashionlens: unknown command \"frobnicate\"\n\nUsage:\n"},
	} {
		code, _, stderr := cli(t, c.args...)
		if code != ExitUsage || !strings.HasPrefix(stderr, c.want) {
			t.Errorf("%q: exit %d, stderr %q; want it to start %q", c.args, code, stderr, c.want)
		}
	}
	if got := subNames([]Command{{Name: "a"}, {Name: "b"}, {Name: "c"}}); got != "a, b or c" {
		t.Errorf("subNames: %q", got)
	}
}

// Register refuses a name taken and a command that can do nothing.
func TestRegisterRefuses(t *testing.T) {
	n := len(commands)
	for _, c := range []Command{
		{Name: "train", Run: func(context.Context, []string, io.Writer, io.Writer) int { return ExitOK }},
		{Name: "nothing"},
		{Name: "both", Run: func(context.Context, []string, io.Writer, io.Writer) int { return ExitOK }, Sub: []Command{{Name: "x"}}},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Register(%q) did not panic", c.Name)
				}
			}()
			Register(c)
		}()
	}
	if len(commands) != n {
		t.Errorf("the registry grew from %d to %d commands", n, len(commands))
	}
}
