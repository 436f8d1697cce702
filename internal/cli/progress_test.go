package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/fashionlens/fashionlens/internal/progress"
	"github.com/fashionlens/fashionlens/model/dataset"
)

func TestProgressPrinter(t *testing.T) {
	var b bytes.Buffer
	p := newFetchPrinter(&b) // a buffer: not a terminal
	for done := int64(0); done <= 1000; done += 100 {
		p.update(dataset.FetchProgress{File: "f.gz", Index: 1, Count: 4, Done: done, Total: 1000})
	}
	p.update(dataset.FetchProgress{File: "f.gz", Index: 1, Count: 4, Done: 1000, Total: 1000, Finished: true})
	p.Clear()
	want := "[1/4] f.gz: 25% (0.3 kB of 1.0 kB)\n[1/4] f.gz: 50% (0.5 kB of 1.0 kB)\n[1/4] f.gz: 75% (0.8 kB of 1.0 kB)\n[1/4] f.gz: 1.0 kB, verified\n"
	if b.String() != want {
		t.Errorf("plain progress:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	p = &fetchPrinter{statusLine: &statusLine{w: &b, terminal: true, interval: time.Second}}
	p.update(dataset.FetchProgress{File: "f.gz", Index: 2, Count: 4, Done: 500, Total: 1000})
	p.update(dataset.FetchProgress{File: "f.gz", Index: 2, Count: 4, Done: 1000, Total: 1000, Finished: true})
	if got := b.String(); !strings.HasPrefix(got, "\r[2/4] f.gz [===============               ]  50%") || !strings.HasSuffix(got, "\r\033[K[2/4] f.gz: 1.0 kB, verified\n") {
		t.Errorf("terminal progress: %q", got)
	}
}

// The status line draws work under way on a terminal only, at most every
// interval, and prints whole lines everywhere, clearing a drawn one.
func TestStatusLine(t *testing.T) {
	var b bytes.Buffer
	p := &statusLine{w: &b, terminal: true, interval: time.Hour}
	p.Show("one")
	p.Show("two") // within the interval: not drawn
	p.Println("done")
	p.Clear() // nothing drawn: nothing to clear
	if got, want := b.String(), "\rone\033[K\r\033[Kdone\n"; got != want {
		t.Errorf("terminal: %q, want %q", got, want)
	}
	b.Reset()
	p = newStatusLine(&b, 0) // a buffer: not a terminal
	p.Show("under way")
	p.Println("done")
	if got := b.String(); got != "done\n" {
		t.Errorf("not a terminal: %q", got)
	}
}

// Reports show what is being done: the work's own note, or its count.
func TestStatusLineFunc(t *testing.T) {
	var b bytes.Buffer
	s := newStatusLine(&b, 0)
	s.terminal = true // lines under way are drawn on terminals only
	f := s.Func("features")
	f(progress.Report{Done: 3, Total: 10, Note: "images"})
	s.Println("")
	f = s.Func("analyze: t-SNE")
	f(progress.Report{Done: 25, Total: 300, Note: "iteration 25 of 300, KL 1.5"})
	s.Println("")
	f(progress.Report{Done: 2, Total: 5})
	s.Println("")
	for _, want := range []string{"features: 3/10 images", "analyze: t-SNE: iteration 25 of 300, KL 1.5", "analyze: t-SNE: 2 of 5"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("%q does not show %q", b.String(), want)
		}
	}
}
