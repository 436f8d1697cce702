package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/fashionlens/fashionlens/internal/progress"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// statusLine is the command line's progress printer, which every command
// uses: on a terminal, a line redrawn in place (at most every interval)
// for work under way; everywhere, whole lines for what is done.
type statusLine struct {
	w        io.Writer
	terminal bool
	interval time.Duration
	last     time.Time
	drawn    bool
}

// newStatusLine returns a printer to w, redrawing at most every interval
// when w is a terminal.
func newStatusLine(w io.Writer, interval time.Duration) *statusLine {
	return &statusLine{w: w, terminal: isTerminal(w), interval: interval}
}

// Show redraws the line under way as s, on a terminal only and at most
// every interval.
func (p *statusLine) Show(s string) {
	if !p.terminal || time.Since(p.last) < p.interval {
		return
	}
	p.last = time.Now()
	fmt.Fprintf(p.w, "\r%s\033[K", s)
	p.drawn = true
}

// Println prints s as a whole line, everywhere, in place of a line under
// way.
func (p *statusLine) Println(s string) {
	p.Clear()
	fmt.Fprintln(p.w, s)
}

// Clear removes a line under way.
func (p *statusLine) Clear() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
		p.drawn = false
	}
}

// isTerminal reports whether w is a character device, such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// Func returns the progress.Func that shows reports of the work called
// what on p: "what: 3,000/10,000 images", or "what: NOTE" when the work
// says what it is doing in its own words.
func (p *statusLine) Func(what string) progress.Func {
	return func(r progress.Report) {
		switch {
		case r.Note != "" && r.Note != "images":
			p.Show(what + ": " + r.Note)
		case r.Note == "images":
			p.Show(fmt.Sprintf("%s: %d/%d images", what, r.Done, r.Total))
		default:
			p.Show(fmt.Sprintf("%s: %d of %d", what, r.Done, r.Total))
		}
	}
}

// fetchPrinter shows download progress on a statusLine: a bar redrawn in
// place on a terminal, plain lines at each quarter otherwise.
type fetchPrinter struct {
	*statusLine
	quarter int // last quarter printed, in plain mode
}

func newFetchPrinter(w io.Writer) *fetchPrinter {
	return &fetchPrinter{statusLine: newStatusLine(w, 100*time.Millisecond)}
}

func (p *fetchPrinter) update(e dataset.FetchProgress) {
	prefix := fmt.Sprintf("[%d/%d] %s", e.Index, e.Count, e.File)
	switch {
	case e.Skipped:
		p.quarter = 0
		p.Println(prefix + ": already there and verified")
	case e.Finished:
		p.quarter = 0
		p.Println(fmt.Sprintf("%s: %s, verified", prefix, mb(e.Done)))
	case p.terminal:
		p.Show(prefix + " " + bar(e.Done, e.Total))
	case e.Total > 0:
		if q := int(4 * e.Done / e.Total); q > p.quarter && q < 4 {
			p.quarter = q
			p.Println(fmt.Sprintf("%s: %d%% (%s of %s)", prefix, 25*q, mb(e.Done), mb(e.Total)))
		}
	}
}

func bar(done, total int64) string {
	if total <= 0 {
		return mb(done)
	}
	const width = 30
	n := int(width * done / total)
	return fmt.Sprintf("[%s%s] %3d%% %s of %s", strings.Repeat("=", n), strings.Repeat(" ", width-n), 100*done/total, mb(done), mb(total))
}

// mb formats a byte count for people: kB below a megabyte, MB above.
func mb(n int64) string {
	if n < 1e6 {
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}
