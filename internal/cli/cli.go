// Package cli holds fashionlens's headless sub-commands (data, train,
// evaluate, features, analyze, suspects, version) and the registry that
// dispatches a command line to them and builds the usage text.
//
// The commands that open a window (the window itself and screenshot) are
// not here: the main package registers them with Register, so that this
// package never imports gui/... or Fyne and its tests need no display.
//
// Each command parses its flags into an options struct and hands it to
// the function that does the work; all of them write to the stdout and
// stderr they are given and return an exit code (ExitOK, ExitError or
// ExitUsage).
package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitError = 1 // the command failed: bad file, failed download, ...
	ExitUsage = 2 // the command line was wrong
)

// Version is the release that the version command prints. The main
// package sets it from its own version variable (which -ldflags
// "-X main.version=..." can set) before running a command.
var Version = "dev"

// A Command is one entry of the registry: a sub-command of fashionlens.
type Command struct {
	// Name is the word that selects the command, such as "train". The
	// empty name is the default command, run when the command line is
	// empty or starts with a flag (the window).
	Name string
	// Usage is the command's synopsis after its name, for the usage
	// text: "[--data DIR] [--json]".
	Usage string
	// Summary says in one line what the command does.
	Summary string
	// Run runs the command with the arguments after its name and
	// returns the exit code. It is nil for a command with Sub.
	Run func(ctx context.Context, args []string, stdout, stderr io.Writer) int
	// Sub holds the sub-commands of a command that has them, such as
	// data's info and fetch; the word after the command's name chooses
	// one.
	Sub []Command
}

// commands is the registry, in the order of the usage text: the
// package's own commands (registered by init), then those of the main
// package.
var commands []Command

func init() {
	for _, c := range []Command{
		{Name: "data", Sub: []Command{
			{Name: "info", Usage: "[--data DIR] [--json]", Summary: "show where the data set comes from and what it holds", Run: runDataInfo},
			{Name: "fetch", Usage: "[--dir DIR]", Summary: "download and verify Fashion-MNIST", Run: runDataFetch},
		}},
		{Name: "train", Usage: "[--preset seed|small] [--scheme fashion10|groups5] [--epochs N] [--out FILE]",
			Summary: "train the network on the train split and save it", Run: runTrain},
		{Name: "evaluate", Usage: "--model FILE|bundled", Summary: "test accuracy, per class, and the confusion matrix", Run: runEvaluate},
		{Name: "features", Usage: "--model FILE|bundled --out vectors.tsv [--metadata metadata.tsv]",
			Summary: "write the encoded Dense(64) features of a split", Run: runFeatures},
		{Name: "analyze", Usage: "--features FILE [--metadata FILE] [--kmeans K] [--dbscan-eps E|auto] [--tsne-perplexity P] --out DIR",
			Summary: "PCA, t-SNE, K-means and DBSCAN of a feature file, with figures", Run: runAnalyze},
		{Name: "suspects", Usage: "--model FILE|bundled [--split test|train] [--labels FILE] [--k K] --out ranking.csv",
			Summary: "rank a split's images by how likely their label is wrong", Run: runSuspects},
		{Name: "version", Summary: "print version information", Run: runVersion},
	} {
		Register(c)
	}
}

// Register adds c to the registry, after the commands registered before
// it. It panics if c has no Run and no Sub, or if its name is taken: the
// registry is built once, at start-up, by code.
func Register(c Command) {
	if (c.Run == nil) == (len(c.Sub) == 0) {
		panic(fmt.Sprintf("cli.Register: command %q needs either Run or Sub", c.Name))
	}
	if find(commands, c.Name) != nil {
		panic(fmt.Sprintf("cli.Register: command %q registered twice", c.Name))
	}
	commands = append(commands, c)
}

// Run executes the command line args (without the program's name) with
// the registered commands and returns the exit code. It opens no window
// unless the main package registered a command that does.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return run(commands, ctx, args, stdout, stderr)
}

// Usage returns the usage text of the registered commands.
func Usage() string { return usageText(commands) }

// run dispatches args to the commands cmds.
func run(cmds []Command, ctx context.Context, args []string, stdout, stderr io.Writer) int {
	usage := usageText(cmds)
	if len(args) == 0 || strings.HasPrefix(args[0], "-") && !isHelp(args[0]) {
		if c := find(cmds, ""); c != nil {
			return c.Run(ctx, args, stdout, stderr)
		}
		fmt.Fprint(stderr, "fashionlens: missing command\n\n"+usage)
		return ExitUsage
	}
	if isHelp(args[0]) {
		fmt.Fprint(stdout, usage)
		return ExitOK
	}
	c := find(cmds, args[0])
	if c == nil {
		fmt.Fprintf(stderr, "fashionlens: unknown command %q\n\n%s", args[0], usage)
		return ExitUsage
	}
	if len(c.Sub) == 0 {
		return c.Run(ctx, args[1:], stdout, stderr)
	}
	if len(args) < 2 {
		fmt.Fprintf(stderr, "fashionlens %s: missing sub-command (%s)\n\n%s", c.Name, subNames(c.Sub), usage)
		return ExitUsage
	}
	if isHelp(args[1]) {
		fmt.Fprint(stdout, usage)
		return ExitOK
	}
	if s := find(c.Sub, args[1]); s != nil {
		return s.Run(ctx, args[2:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "fashionlens %s: unknown sub-command %q (want %s)\n\n%s", c.Name, args[1], subNames(c.Sub), usage)
	return ExitUsage
}

// find returns the command of cmds named name, or nil.
func find(cmds []Command, name string) *Command {
	for i := range cmds {
		if cmds[i].Name == name {
			return &cmds[i]
		}
	}
	return nil
}

// subNames lists the sub-commands' names for people: "info or fetch",
// "a, b or c".
func subNames(cmds []Command) string {
	names := make([]string, len(cmds))
	for i, c := range cmds {
		names[i] = c.Name
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// summaryColumn is where the usage text's summaries start; a longer
// synopsis puts its summary on a line of its own.
const summaryColumn = 46

// usageText is the usage text of cmds: the default command first, then
// one line per command (per sub-command, for those that have them), in
// the registry's order.
func usageText(cmds []Command) string {
	var b strings.Builder
	b.WriteString("Usage:\n")
	line := func(words []string, c Command) {
		if c.Usage != "" {
			words = append(words, c.Usage)
		}
		synopsis := "  " + strings.Join(words, " ")
		if len(synopsis) < summaryColumn {
			fmt.Fprintf(&b, "%-*s%s\n", summaryColumn, synopsis, c.Summary)
		} else {
			fmt.Fprintf(&b, "%s\n%*s%s\n", synopsis, summaryColumn, "", c.Summary)
		}
	}
	if c := find(cmds, ""); c != nil {
		line([]string{"fashionlens"}, *c)
	}
	for _, c := range cmds {
		switch {
		case c.Name == "":
		case len(c.Sub) > 0:
			for _, s := range c.Sub {
				line([]string{"fashionlens", c.Name, s.Name}, s)
			}
		default:
			line([]string{"fashionlens", c.Name}, c)
		}
	}
	b.WriteString("\nRun 'fashionlens COMMAND --help' for a command's options.\n")
	return b.String()
}

// isHelp reports whether a command-line word asks for help.
func isHelp(a string) bool { return a == "help" || a == "-h" || a == "-help" || a == "--help" }
