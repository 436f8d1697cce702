package plot

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestCP1252(t *testing.T) {
	for in, want := range map[string]string{
		"plain ASCII (1,000)": "plain ASCII (1,000)",
		"a · b … c":           "a \xb7 b \x85 c",
		"Café – €5 “q”":       "Caf\xe9 \x96 \x805 \x93q\x94",
		"日本":                  "??",
	} {
		if got := cp1252(in); got != want {
			t.Errorf("cp1252(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestPDFText checks, with pdftotext where it is installed, that a PDF's
// texts beyond ASCII (the caption's middle dots, a cut name's ellipsis)
// read as they were written.
func TestPDFText(t *testing.T) {
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext is not installed")
	}
	x, y, cat, opt := exportScatter(t, []string{"A name far longer than the legend's thirty-two letters", "Café"})
	p, err := Scatter(x, y, cat, opt)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "f.pdf")
	if err := Export(WithCaption(p, "model · 2,000 points · PCA"), path); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	txt := string(bytes.ToValidUTF8(out, []byte("�")))
	for _, want := range []string{"model · 2,000 points · PCA", "A name far longer than the lege… (1,000)", "Café (1,000)"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the PDF's text has no %q:\n%s", want, txt)
		}
	}
}
