package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fashionlens/fashionlens/internal/testfeatures"
)

// A bad output path is refused at once, with a usage error naming the
// flag, before any data is read or any epoch trained; an output that is
// an input or another output is refused too, and the input is intact.
func TestOutputPathsCheckedFirst(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	model := filepath.Join(dir, "m.ckpt")
	ckpt, err := os.ReadFile(filepath.Join("..", "..", "resources", "models", "seed-groups5.ckpt"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(model, ckpt, 0o644)
	if err := os.Symlink(model, filepath.Join(dir, "link.ckpt")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	data := testfeatures.TrainDir(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"train", "--data", data, "--subset", "512", "--epochs", "2", "--out", filepath.Join(dir, "nodir", "x.ckpt")}, "--out: cannot write"},
		{[]string{"train", "--data", data, "--subset", "512", "--epochs", "2", "--out", dir}, "is a folder"},
		{[]string{"train", "--data", data, "--subset", "512", "--epochs", "2", "--out", filepath.Join(dir, "link.ckpt")}, "symbolic link"},
		{[]string{"train", "--data", data, "--subset", "512", "--epochs", "2", "--out", filepath.Join(file, "x.ckpt")}, "is not a folder"},
		{[]string{"features", "--model", model, "--data", data, "--out", model}, "--out " + model + " is the same file as --model"},
		{[]string{"features", "--model", filepath.Join(dir, "link.ckpt"), "--data", data, "--out", filepath.Join(dir, ".", "m.ckpt")}, "same file as --model"},
		{[]string{"features", "--model", "bundled", "--data", data, "--out", filepath.Join(dir, "s.tsv"), "--metadata", filepath.Join(dir, "s.tsv")}, "same file as"},
		{[]string{"features", "--model", "bundled", "--data", data, "--out", filepath.Join(dir, "v.tsv"), "--metadata", dir}, "--metadata: cannot write " + dir},
	} {
		code, stdout, stderr := cli(t, c.args...)
		if code != ExitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d saying %q", c.args, code, stderr, ExitUsage, c.want)
		}
		if strings.Contains(stdout, "epoch") || strings.Contains(stdout, "Training") {
			t.Errorf("%v: work started before the output was checked:\n%s", c.args, stdout)
		}
	}
	if b, _ := os.ReadFile(model); string(b) != string(ckpt) {
		t.Error("the model file was changed")
	}
}
