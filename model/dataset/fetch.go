package dataset

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net/http"
	neturl "net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fashionlens/fashionlens/internal/atomicfile"
)

// DefaultBaseURL is where upstream publishes the gzip files.
const DefaultBaseURL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"

// DefaultStallTimeout is how long a download may go without receiving a
// byte before it is abandoned.
const DefaultStallTimeout = 30 * time.Second

// ErrVerify is matched by errors that say downloaded content is not the
// published Fashion-MNIST file: corrupt, truncated or different.
var ErrVerify = errors.New("download failed verification")

// FetchOptions configure Fetch. The zero value downloads from upstream.
type FetchOptions struct {
	// BaseURL is the folder URL the <name>.gz files are fetched from.
	BaseURL string
	// Client makes the requests; nil means a client with no overall
	// time limit (the context and StallTimeout bound it).
	Client *http.Client
	// StallTimeout abandons a download that receives nothing for this
	// long; zero means DefaultStallTimeout.
	StallTimeout time.Duration
	// Progress, if not nil, is called from the downloading goroutine as
	// bytes arrive and when a file is skipped or done.
	Progress func(FetchProgress)
}

// FetchProgress reports a download's progress.
type FetchProgress struct {
	File         string // the file being fetched, e.g. "train-images-idx3-ubyte.gz"
	Index, Count int    // this is file Index (from 1) of Count
	Done         int64  // bytes received of this file
	Total        int64  // the file's size, or -1 if the server did not say
	Skipped      bool   // the file was already there and verified
	Finished     bool   // the file is verified and in place
}

// Fetch downloads the files of the named splits into dir, skipping files
// already there whose content verifies. Each file is written to a
// temporary file in dir, its decompressed content is checked against
// KnownSHA256, and only then is it renamed into place: a failed, cancelled
// or corrupt download never leaves a file that later looks valid.
func Fetch(ctx context.Context, dir string, splits []string, opts FetchOptions) error {
	var bases []string
	for _, s := range splits {
		ib, lb, err := fileBase(s)
		if err != nil {
			return err
		}
		bases = append(bases, ib, lb)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create download folder: %w", err)
	}
	for i, base := range bases {
		if err := fetchFile(ctx, dir, base, i+1, len(bases), opts); err != nil {
			return err
		}
	}
	return nil
}

// verifiedCopy returns the path of base or base.gz in dir if its content
// has the known checksum.
func verifiedCopy(dir, base string) string {
	for _, name := range []string{base + ".gz", base} {
		p := filepath.Join(dir, name)
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		sum, err := contentSum(f, p)
		f.Close()
		if err == nil && sum == KnownSHA256[base] {
			return p
		}
	}
	return ""
}

// contentSum returns the hex SHA-256 of r's decompressed content.
func contentSum(r io.Reader, name string) (string, error) {
	src, _, err := decompressed(r, name)
	if err != nil {
		return "", err
	}
	// Content longer than the file's known size cannot match its sum:
	// reading stops one byte past it (a gzip bomb is not inflated).
	if size, ok := KnownSize[strings.TrimSuffix(filepath.Base(name), ".gz")]; ok {
		src = io.LimitReader(src, size+1)
	}
	h := sha256.New()
	if _, err := io.Copy(h, src); err != nil {
		return "", err
	}
	return hexSum(h), nil
}

func fetchFile(ctx context.Context, dir, base string, index, count int, opts FetchOptions) error {
	report := func(p FetchProgress) {
		if opts.Progress != nil {
			p.Index, p.Count = index, count
			opts.Progress(p)
		}
	}
	if p := verifiedCopy(dir, base); p != "" {
		report(FetchProgress{File: filepath.Base(p), Skipped: true, Finished: true, Total: -1})
		return nil
	}
	baseURL := opts.BaseURL
	if baseURL == "" {
		baseURL = DefaultBaseURL
	}
	url := strings.TrimSuffix(baseURL, "/") + "/" + base + ".gz"
	name := base + ".gz"
	fail := func(format string, args ...any) error {
		return fmt.Errorf("download %s: %s", url, fmt.Sprintf(format, args...))
	}

	stall := opts.StallTimeout
	if stall <= 0 {
		stall = DefaultStallTimeout
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	errStalled := fmt.Errorf("no data received for %v: the server stalled", stall)
	watchdog := time.AfterFunc(stall, func() { cancel(errStalled) })
	defer watchdog.Stop()
	// cause turns a context error into the reason the context ended.
	cause := func(e error) error {
		if c := context.Cause(ctx); c != nil && ctx.Err() != nil {
			return c
		}
		return e
	}

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fail("%v", err)
	}
	client := opts.Client
	if client == nil {
		client = &http.Client{}
	}
	resp, err := client.Do(req)
	if err != nil {
		var ue *neturl.Error
		if errors.As(err, &ue) {
			err = ue.Err // the message already names the URL
		}
		return fail("%v", cause(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fail("the server answered %s", resp.Status)
	}

	final := filepath.Join(dir, name)
	// Temporary files of earlier downloads that were killed are litter.
	atomicfile.RemoveStale(final)
	// A compressed file is smaller than its content; a server that sends
	// more than that and a megabyte is sending something else, without
	// end perhaps.
	limit := KnownSize[base] + 1<<20
	body := &progressReader{r: resp.Body, limit: limit, onRead: func(done int64) {
		watchdog.Reset(stall)
		report(FetchProgress{File: name, Done: done, Total: resp.ContentLength})
	}}
	// The served bytes go to a temporary file while their decompressed
	// content is hashed; the file is renamed into place only if it verifies.
	var errWrite error // a failure to write the temporary file
	var errContent error
	err = atomicfile.Write(final, func(f io.Writer) (err error) {
		defer func() { errContent = err }()
		tee := io.TeeReader(body, writeErrRecorder{f, &errWrite})
		sum, err := contentSum(tee, name)
		if err == nil {
			// Save whatever follows the compressed stream too, so the
			// file on disk is exactly what was served.
			_, err = io.Copy(io.Discard, tee)
		}
		if err != nil {
			return err
		}
		if want := KnownSHA256[base]; sum != want {
			return fmt.Errorf("%w: %s: content SHA-256 is %s, Fashion-MNIST's %s is %s; nothing was saved", ErrVerify, url, sum, base, want)
		}
		return nil
	})
	if err != nil && err != errContent {
		return fmt.Errorf("download %s: %w", name, err) // creating, flushing or renaming the file
	}
	if err != nil {
		err = cause(err)
		switch {
		case errWrite != nil:
			return fmt.Errorf("download %s: save to %s: %w", name, dir, errWrite)
		case errors.Is(err, ErrVerify):
			return err
		case errors.Is(err, errTooLarge):
			return fmt.Errorf("%w: %s: the server sent more than %d bytes, more than this file can be; nothing was saved", ErrVerify, url, limit)
		case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded), errors.Is(err, errStalled):
			return fail("%v; nothing was saved", err)
		case errors.Is(err, io.ErrUnexpectedEOF):
			return fmt.Errorf("%w: %s: truncated after %d bytes; nothing was saved", ErrVerify, url, body.done)
		case errors.Is(err, ErrFormat):
			return fmt.Errorf("%w: %s: %v; nothing was saved", ErrVerify, url, err)
		}
		return fmt.Errorf("%w: %s: %v; nothing was saved", ErrVerify, url, err)
	}
	// A stale uncompressed copy would shadow the verified file.
	if raw := filepath.Join(dir, base); raw != final {
		if _, serr := os.Stat(raw); serr == nil {
			if rerr := os.Remove(raw); rerr != nil {
				return fmt.Errorf("download %s: remove stale %s: %w", name, raw, rerr)
			}
		}
	}
	report(FetchProgress{File: name, Done: body.done, Total: body.done, Finished: true})
	return nil
}

// writeErrRecorder remembers a write error, so it can be told apart from
// a read error when both surface through one TeeReader.
type writeErrRecorder struct {
	w   io.Writer
	err *error
}

func (r writeErrRecorder) Write(b []byte) (int, error) {
	n, err := r.w.Write(b)
	if err != nil && *r.err == nil {
		*r.err = err
	}
	return n, err
}

// errTooLarge ends a download that exceeds its limit.
var errTooLarge = errors.New("too large")

// progressReader counts bytes, reports each read, and fails with
// errTooLarge once more than limit bytes (if positive) have come.
type progressReader struct {
	r      io.Reader
	done   int64
	limit  int64
	onRead func(done int64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.done += int64(n)
		p.onRead(p.done)
	}
	if p.limit > 0 && p.done > p.limit {
		return n, errTooLarge
	}
	return n, err
}
