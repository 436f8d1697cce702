package checkpoint

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/v1.ckpt from sample()")

// sample returns a small checkpoint that uses every field, with values
// that are easy to get wrong: NaN with a payload, -0, infinities, a
// subnormal, a non-UTC creation time with nanoseconds.
func sample() *Checkpoint {
	w := make([]float32, 2*1*3*3)
	for i := range w {
		w[i] = float32(i)*0.25 - 2
	}
	w[1] = math.Float32frombits(0x7fc01234) // NaN with a payload
	w[2] = float32(math.Copysign(0, -1))
	w[3] = float32(math.Inf(1))
	w[4] = float32(math.Inf(-1))
	w[5] = math.Float32frombits(1) // smallest subnormal
	return &Checkpoint{
		Preset:  "small",
		Scheme:  "fashion10",
		Classes: 10,
		Params: []Tensor{
			{Name: "conv1.w", Shape: []int{2, 1, 3, 3}, Data: w},
			{Name: "conv1.b", Shape: []int{2}, Data: []float32{0.5, -0.5}},
			{Name: "bn1.running_mean", Shape: []int{2}, Data: []float32{1e-30, 3e38}},
			{Name: "bn1.running_var", Shape: []int{1, 2}, Data: []float32{1, 2}},
		},
		History: []Epoch{
			{Epoch: 1, Loss: 0.61, Accuracy: 0.78, ValLoss: 0.45, ValAccuracy: 0.84, Seconds: 12.5, ImagesPerSecond: 4321.125},
			{Epoch: 2, Loss: math.NaN(), Accuracy: 0.1, ValLoss: math.Inf(1), ValAccuracy: 0.1, Seconds: 1e-300, ImagesPerSecond: math.Copysign(0, -1)},
		},
		BestEpoch:       1,
		Metrics:         map[string]float64{"test_accuracy": 0.8437, "test_loss": math.Inf(-1), "ünïcode <&>": 1.0 / 3},
		DataFingerprint: strings.Repeat("0123456789abcdef", 4),
		Settings:        map[string]string{"seed": "1", "lr": "0.01", "batch": "64", "note": "tab\tquote\" <html>"},
		Created:         time.Date(2026, 3, 14, 15, 9, 26, 535897932, time.FixedZone("CET", 3600)),
	}
}

// sameFloat64 reports whether a and b are the same value, any NaN being
// the same as any other (JSON keeps no NaN payload).
func sameFloat64(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || math.IsNaN(a) && math.IsNaN(b)
}

// diff describes the first difference between a and b, or returns "".
// Tensor data must match bit for bit; Created is compared with Equal.
func diff(a, b *Checkpoint) string {
	switch {
	case a == nil || b == nil:
		if a != b {
			return "one checkpoint is nil"
		}
		return ""
	case a.Preset != b.Preset || a.Scheme != b.Scheme || a.Classes != b.Classes:
		return fmt.Sprintf("preset/scheme/classes %q/%q/%d vs %q/%q/%d", a.Preset, a.Scheme, a.Classes, b.Preset, b.Scheme, b.Classes)
	case a.BestEpoch != b.BestEpoch:
		return fmt.Sprintf("best epoch %d vs %d", a.BestEpoch, b.BestEpoch)
	case a.DataFingerprint != b.DataFingerprint:
		return fmt.Sprintf("data fingerprint %q vs %q", a.DataFingerprint, b.DataFingerprint)
	case !a.Created.Equal(b.Created):
		return fmt.Sprintf("created %v vs %v", a.Created, b.Created)
	case (a.Params == nil) != (b.Params == nil) || len(a.Params) != len(b.Params):
		return fmt.Sprintf("params %d (nil %v) vs %d (nil %v)", len(a.Params), a.Params == nil, len(b.Params), b.Params == nil)
	case (a.History == nil) != (b.History == nil) || len(a.History) != len(b.History):
		return fmt.Sprintf("history %d (nil %v) vs %d (nil %v)", len(a.History), a.History == nil, len(b.History), b.History == nil)
	case (a.Metrics == nil) != (b.Metrics == nil) || len(a.Metrics) != len(b.Metrics):
		return fmt.Sprintf("metrics %v vs %v", a.Metrics, b.Metrics)
	case (a.Settings == nil) != (b.Settings == nil) || len(a.Settings) != len(b.Settings):
		return fmt.Sprintf("settings %v vs %v", a.Settings, b.Settings)
	}
	for i, ta := range a.Params {
		tb := b.Params[i]
		if ta.Name != tb.Name || !slices.Equal(ta.Shape, tb.Shape) || len(ta.Data) != len(tb.Data) {
			return fmt.Sprintf("tensor %d: %q %v (%d values) vs %q %v (%d values)", i, ta.Name, ta.Shape, len(ta.Data), tb.Name, tb.Shape, len(tb.Data))
		}
		for j := range ta.Data {
			if x, y := math.Float32bits(ta.Data[j]), math.Float32bits(tb.Data[j]); x != y {
				return fmt.Sprintf("tensor %q value %d: bits %#08x vs %#08x", ta.Name, j, x, y)
			}
		}
	}
	for i, ea := range a.History {
		eb := b.History[i]
		if ea.Epoch != eb.Epoch || !sameFloat64(ea.Loss, eb.Loss) || !sameFloat64(ea.Accuracy, eb.Accuracy) ||
			!sameFloat64(ea.ValLoss, eb.ValLoss) || !sameFloat64(ea.ValAccuracy, eb.ValAccuracy) ||
			!sameFloat64(ea.Seconds, eb.Seconds) || !sameFloat64(ea.ImagesPerSecond, eb.ImagesPerSecond) {
			return fmt.Sprintf("history %d: %+v vs %+v", i, ea, eb)
		}
	}
	for k, v := range a.Metrics {
		if w, ok := b.Metrics[k]; !ok || !sameFloat64(v, w) {
			return fmt.Sprintf("metric %q: %v vs %v (present %v)", k, v, w, ok)
		}
	}
	for k, v := range a.Settings {
		if w, ok := b.Settings[k]; !ok || v != w {
			return fmt.Sprintf("setting %q: %q vs %q (present %v)", k, v, w, ok)
		}
	}
	return ""
}

func encode(tb testing.TB, c *Checkpoint) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := Write(&b, c); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// build returns a checkpoint file with the given version, header and
// data, and a correct checksum.
func build(version uint32, hdr string, data ...float32) []byte {
	return withChecksum(raw(version, uint32(len(hdr)), hdr, data...))
}

// raw returns the bytes of a checkpoint file up to its checksum, with
// the header length given separately from the header.
func raw(version, hdrLen uint32, hdr string, data ...float32) []byte {
	b := []byte(Magic)
	b = binary.LittleEndian.AppendUint32(b, version)
	b = binary.LittleEndian.AppendUint32(b, hdrLen)
	b = append(b, hdr...)
	return appendFloats(b, data)
}

// withChecksum appends the SHA-256 of b to b.
func withChecksum(b []byte) []byte {
	s := sha256.Sum256(b)
	return append(b, s[:]...)
}

// hdr returns a minimal valid header (one tensor "a" of shape [2]) in
// JSON, with fields set or replaced by kv pairs.
func hdr(kv ...any) string {
	m := map[string]any{
		"preset": "p", "scheme": "s", "classes": 2,
		"tensors": []any{map[string]any{"name": "a", "shape": []int{2}}},
	}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	b, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func tensors(kv ...any) []any {
	var ts []any
	for i := 0; i+1 < len(kv); i += 2 {
		ts = append(ts, map[string]any{"name": kv[i], "shape": kv[i+1]})
	}
	return ts
}

func folder(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var n []string
	for _, e := range es {
		n = append(n, e.Name())
	}
	return n
}

func TestWriteReadRoundTrip(t *testing.T) {
	c := sample()
	b := encode(t, c)
	got, err := Read(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if d := diff(c, got); d != "" {
		t.Fatal(d)
	}
	if got.Created.Location() != time.UTC {
		t.Errorf("created is in %v, want UTC", got.Created.Location())
	}
	if again := encode(t, got); !bytes.Equal(again, b) {
		t.Error("writing what was read gives other bytes")
	}
	if again := encode(t, c); !bytes.Equal(again, b) {
		t.Error("writing the same checkpoint twice gives other bytes")
	}
}

func TestRoundTripNilAndEmpty(t *testing.T) {
	for _, c := range []*Checkpoint{
		{Classes: 2},
		{Classes: 2, Params: []Tensor{}, History: []Epoch{}, Metrics: map[string]float64{}, Settings: map[string]string{}},
	} {
		got, err := Read(bytes.NewReader(encode(t, c)))
		if err != nil {
			t.Fatal(err)
		}
		if d := diff(c, got); d != "" {
			t.Error(d)
		}
		if !got.Created.IsZero() {
			t.Errorf("created %v, want zero", got.Created)
		}
	}
}

func TestSaveLoad(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "model.ckpt")
	c := sample()
	if err := Save(p, c); err != nil {
		t.Fatal(err)
	}
	got, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if d := diff(c, got); d != "" {
		t.Fatal(d)
	}
	if n := folder(t, dir); len(n) != 1 || n[0] != "model.ckpt" {
		t.Fatalf("folder holds %v", n)
	}
	// Saving again replaces the file.
	c.Params[0].Data[0] = 42
	if err := Save(p, c); err != nil {
		t.Fatal(err)
	}
	if got, err = Load(p); err != nil || got.Params[0].Data[0] != 42 {
		t.Fatalf("after a second save: %v, %v", err, got)
	}
}

// TestGolden keeps version 1 files readable and Write's output stable.
// Run with -update to rewrite testdata/v1.ckpt after a deliberate change.
func TestGolden(t *testing.T) {
	p := filepath.Join("testdata", "v1.ckpt")
	want := encode(t, sample())
	if *update {
		if err := os.WriteFile(p, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if d := diff(sample(), c); d != "" {
		t.Fatal(d)
	}
	if b, _ := os.ReadFile(p); !bytes.Equal(b, want) {
		t.Error("Write no longer writes testdata/v1.ckpt byte for byte")
	}
}

// goldenFingerprint pins Fingerprint's algorithm: it is used as a cache
// key, so a change invalidates caches and must be deliberate.
const goldenFingerprint = "7aad58c89bae2bd6e61ed55e13f8867b853cb0e2ee459e5fe870e61de2989ed6"

// documentedFingerprint hashes c as Fingerprint's doc comment says.
func documentedFingerprint(c *Checkpoint) string {
	var b bytes.Buffer
	le := binary.LittleEndian
	str := func(s string) { binary.Write(&b, le, uint64(len(s))); b.WriteString(s) }
	b.WriteString("FLENSCKP fingerprint 1\n")
	str(c.Preset)
	str(c.Scheme)
	binary.Write(&b, le, int64(c.Classes))
	binary.Write(&b, le, int64(len(c.Params)))
	for _, t := range c.Params {
		str(t.Name)
		binary.Write(&b, le, int64(len(t.Shape)))
		for _, d := range t.Shape {
			binary.Write(&b, le, int64(d))
		}
		binary.Write(&b, le, int64(len(t.Data)))
		binary.Write(&b, le, t.Data)
	}
	return fmt.Sprintf("%x", sha256.Sum256(b.Bytes()))
}

func TestFingerprint(t *testing.T) {
	c := sample()
	fp := c.Fingerprint()
	if len(fp) != 64 || !validFingerprint(fp) {
		t.Fatalf("fingerprint %q is not 64 lowercase hex digits", fp)
	}
	if fp != goldenFingerprint {
		t.Errorf("fingerprint %s, want %s", fp, goldenFingerprint)
	}
	if doc := documentedFingerprint(c); fp != doc {
		t.Errorf("fingerprint %s, the documented encoding gives %s", fp, doc)
	}
	got, err := Read(bytes.NewReader(encode(t, c)))
	if err != nil {
		t.Fatal(err)
	}
	if got.Fingerprint() != fp {
		t.Error("fingerprint changed in a round trip")
	}

	same := map[string]func(c *Checkpoint){
		"history":          func(c *Checkpoint) { c.History = append(c.History, Epoch{Epoch: 3, Loss: 0.1}) },
		"history emptied":  func(c *Checkpoint) { c.History = nil },
		"best epoch":       func(c *Checkpoint) { c.BestEpoch = 2 },
		"metrics":          func(c *Checkpoint) { c.Metrics["test_accuracy"] = 0.99 },
		"data fingerprint": func(c *Checkpoint) { c.DataFingerprint = "" },
		"settings":         func(c *Checkpoint) { c.Settings["seed"] = "2" },
		"created":          func(c *Checkpoint) { c.Created = time.Now() },
	}
	for name, change := range same {
		c := sample()
		change(c)
		if c.Fingerprint() != fp {
			t.Errorf("changing %s changed the fingerprint", name)
		}
	}
	differ := map[string]func(c *Checkpoint){
		"one weight's last bit": func(c *Checkpoint) {
			c.Params[1].Data[1] = math.Float32frombits(math.Float32bits(c.Params[1].Data[1]) ^ 1)
		},
		"-0 to +0":     func(c *Checkpoint) { c.Params[0].Data[2] = 0 },
		"NaN payload":  func(c *Checkpoint) { c.Params[0].Data[1] = math.Float32frombits(0x7fc00000) },
		"a name":       func(c *Checkpoint) { c.Params[1].Name = "conv1.bias" },
		"a shape":      func(c *Checkpoint) { c.Params[3].Shape = []int{2, 1} },
		"tensor order": func(c *Checkpoint) { c.Params[2], c.Params[3] = c.Params[3], c.Params[2] },
		"a tensor less": func(c *Checkpoint) {
			c.Params = c.Params[:3]
		},
		"preset":  func(c *Checkpoint) { c.Preset = "seed" },
		"scheme":  func(c *Checkpoint) { c.Scheme = "groups5" },
		"classes": func(c *Checkpoint) { c.Classes = 5 },
		// Without length prefixes these two would hash the same bytes.
		"preset/scheme boundary": func(c *Checkpoint) { c.Preset, c.Scheme = "smallf", "ashion10" },
	}
	for name, change := range differ {
		c := sample()
		change(c)
		if c.Fingerprint() == fp {
			t.Errorf("changing %s left the fingerprint as it was", name)
		}
	}
	var nilc *Checkpoint
	if nilc.Fingerprint() == fp {
		t.Error("a nil checkpoint has the sample's fingerprint")
	}
}

func TestParam(t *testing.T) {
	c := sample()
	p, ok := c.Param("conv1.b")
	if !ok || p.Name != "conv1.b" || !slices.Equal(p.Data, []float32{0.5, -0.5}) {
		t.Fatalf("got %+v, %v", p, ok)
	}
	if _, ok := c.Param("nope"); ok {
		t.Error("found a tensor that is not there")
	}
	var nilc *Checkpoint
	if _, ok := nilc.Param("conv1.b"); ok {
		t.Error("found a tensor in a nil checkpoint")
	}
}

func TestWriteRejects(t *testing.T) {
	for name, change := range map[string]func(c *Checkpoint){
		"one class":          func(c *Checkpoint) { c.Classes = 1 },
		"no classes":         func(c *Checkpoint) { c.Classes = 0 },
		"negative best":      func(c *Checkpoint) { c.BestEpoch = -1 },
		"short data":         func(c *Checkpoint) { c.Params[1].Data = c.Params[1].Data[:1] },
		"long data":          func(c *Checkpoint) { c.Params[1].Data = append(c.Params[1].Data, 1) },
		"nil data":           func(c *Checkpoint) { c.Params[1].Data = nil },
		"empty name":         func(c *Checkpoint) { c.Params[2].Name = "" },
		"duplicate name":     func(c *Checkpoint) { c.Params[2].Name = "conv1.w" },
		"invalid UTF-8 name": func(c *Checkpoint) { c.Params[2].Name = "bn\xff" },
		"invalid UTF-8 set":  func(c *Checkpoint) { c.Settings["x"] = "\xc3" },
		"invalid UTF-8 key":  func(c *Checkpoint) { c.Metrics["\xc3"] = 1 },
		"invalid preset":     func(c *Checkpoint) { c.Preset = "\xff" },
		"no shape":           func(c *Checkpoint) { c.Params[1].Shape = nil },
		"zero dimension":     func(c *Checkpoint) { c.Params[1].Shape = []int{2, 0} },
		"negative dimension": func(c *Checkpoint) { c.Params[1].Shape = []int{-2, -1} },
		"tensor too big":     func(c *Checkpoint) { c.Params[1].Shape = []int{MaxTensorElems + 1} },
		"overflowing shape":  func(c *Checkpoint) { c.Params[1].Shape = []int{1 << 40, 1 << 40, 1 << 40} },
		"too much in all": func(c *Checkpoint) {
			for i := range 5 {
				c.Params = append(c.Params, Tensor{Name: fmt.Sprint("big", i), Shape: []int{MaxTensorElems}})
			}
		},
		"data fingerprint": func(c *Checkpoint) { c.DataFingerprint = "ABC" },
		"upper-case hex":   func(c *Checkpoint) { c.DataFingerprint = strings.ToUpper(c.DataFingerprint) },
		"year 10000":       func(c *Checkpoint) { c.Created = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) },
		"year -1 in UTC": func(c *Checkpoint) {
			c.Created = time.Date(0, 1, 1, 0, 30, 0, 0, time.FixedZone("", 3600))
		},
		"header too long": func(c *Checkpoint) { c.Settings["notes"] = strings.Repeat("x", MaxHeaderBytes) },
	} {
		t.Run(name, func(t *testing.T) {
			c := sample()
			change(c)
			var b bytes.Buffer
			err := Write(&b, c)
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("got %v, want ErrFormat", err)
			}
			if b.Len() != 0 {
				t.Errorf("wrote %d bytes of a bad checkpoint", b.Len())
			}
			t.Log(err)
		})
	}
	if err := Write(io.Discard, nil); !errors.Is(err, ErrFormat) {
		t.Errorf("nil checkpoint: got %v", err)
	}
}

// failingWriter accepts n bytes, then fails.
type failingWriter struct{ n int }

var errDiskFull = errors.New("disk full")

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errDiskFull
	}
	w.n -= len(p)
	return len(p), nil
}

func TestWriteWriterFails(t *testing.T) {
	size := len(encode(t, sample()))
	for _, n := range []int{0, 10, size - 1} {
		err := Write(&failingWriter{n}, sample())
		if !errors.Is(err, errDiskFull) || errors.Is(err, ErrFormat) {
			t.Errorf("writer failing after %d bytes: got %v", n, err)
		}
	}
}

// failingReader returns its data, then err.
type failingReader struct {
	data []byte
	err  error
}

func (r *failingReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

func TestReadReaderFails(t *testing.T) {
	b := encode(t, sample())
	boom := errors.New("i/o error")
	for _, n := range []int{0, 5, 20, 300, len(b) - 10, len(b)} {
		_, err := Read(&failingReader{b[:n], boom})
		if !errors.Is(err, boom) || errors.Is(err, ErrFormat) {
			t.Errorf("reader failing after %d bytes: got %v", n, err)
		}
	}
}

func TestReadRejects(t *testing.T) {
	good := encode(t, sample())
	flipped := func(i int) []byte {
		b := slices.Clone(good)
		b[i] ^= 0x10
		return b
	}
	data := []float32{1, 2}
	for _, tc := range []struct {
		name string
		in   []byte
		msg  string // the error says this
	}{
		{"empty", nil, "empty, not a Fashion Lens checkpoint"},
		{"wrong magic", append([]byte("FLENSCKQ"), good[8:]...), "not a Fashion Lens checkpoint"},
		{"a PNG", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "not a Fashion Lens checkpoint"},
		{"short wrong magic", []byte("FX"), "not a Fashion Lens checkpoint"},
		{"magic only", []byte(Magic[:5]), "truncated"},
		{"version 0", build(0, hdr(), data...), "version 0"},
		{"future version", build(Version+1, hdr(), data...), "written by a newer version"},
		{"far future version", build(math.MaxUint32, hdr(), data...), "written by a newer version"},
		{"header too long", withChecksum(raw(1, MaxHeaderBytes+1, hdr(), data...)), "header too long"},
		{"header length beyond the file", withChecksum(raw(1, MaxHeaderBytes, hdr(), data...)), "truncated"},
		{"header length short", withChecksum(raw(1, 10, hdr(), data...)), "bad JSON"},
		{"bad JSON", build(1, `{"preset":`, data...), "bad JSON"},
		{"JSON array", build(1, `[1,2]`, data...), "bad JSON"},
		{"JSON and more", build(1, hdr()+`{}`, data...), "bad JSON"},
		{"empty header", build(1, ``, data...), "bad JSON"},
		{"null header", build(1, `null`, data...), "classes"},
		{"invalid UTF-8", build(1, strings.Replace(hdr(), `"p"`, "\"\xff\"", 1), data...), "UTF-8"},
		{"one class", build(1, hdr("classes", 1), data...), "classes"},
		{"classes not a number", build(1, hdr("classes", "10"), data...), "bad JSON"},
		{"classes fractional", build(1, hdr("classes", 2.5), data...), "bad JSON"},
		{"negative best epoch", build(1, hdr("best_epoch", -3), data...), "best epoch"},
		{"bad data fingerprint", build(1, hdr("data_fingerprint", "xyz"), data...), "data fingerprint"},
		{"bad created", build(1, hdr("created", "yesterday"), data...), "creation time"},
		{"created before year 0 in UTC", build(1, hdr("created", "0000-01-01T00:30:00+01:00"), data...), "creation time"},
		{"metric not a number", build(1, hdr("metrics", map[string]any{"a": "lots"}), data...), "bad JSON"},
		{"metric out of range", build(1, strings.Replace(hdr(), `"classes"`, `"metrics":{"a":1e400},"classes"`, 1), data...), "bad JSON"},
		{"history not a list", build(1, hdr("history", 3), data...), "bad JSON"},
		{"tensors not a list", build(1, hdr("tensors", "a"), data...), "bad JSON"},
		{"empty name", build(1, hdr("tensors", tensors("", []int{2})), data...), "no name"},
		{"duplicate names", build(1, hdr("tensors", tensors("a", []int{1}, "a", []int{1})), data...), "two tensors named"},
		{"no shape", build(1, hdr("tensors", tensors("a", []int{})), data...), "no dimensions"},
		{"null shape", build(1, hdr("tensors", tensors("a", nil)), data...), "no dimensions"},
		{"zero dimension", build(1, hdr("tensors", tensors("a", []int{2, 0})), data...), "below 1"},
		{"negative dimension", build(1, hdr("tensors", tensors("a", []int{-1, -2})), data...), "below 1"},
		{"fractional dimension", build(1, hdr("tensors", tensors("a", []float64{1.5})), data...), "bad JSON"},
		{"dimension beyond int64", build(1, strings.Replace(hdr(), `[2]`, `[1e30]`, 1), data...), "bad JSON"},
		{"overflowing shape", build(1, hdr("tensors", tensors("a", []int{1 << 32, 1 << 32, 1 << 32})), data...), "limit"},
		{"tensor over the limit", build(1, hdr("tensors", tensors("a", []int{MaxTensorElems + 1})), data...), "limit"},
		{"too much in all", build(1, hdr("tensors", tensors("a", []int{MaxTensorElems}, "b", []int{MaxTensorElems},
			"c", []int{MaxTensorElems}, "d", []int{MaxTensorElems}, "e", []int{1})), data...), "in all"},
		{"data short", build(1, hdr(), 1), "truncated"},
		{"no checksum", raw(1, uint32(len(hdr())), hdr(), data...), "truncated"},
		{"data long", build(1, hdr(), 1, 2, 3), "corrupt"},
		{"trailing bytes", append(slices.Clone(good), 0), "trailing bytes"},
		{"trailing checkpoint", append(slices.Clone(good), good...), "trailing bytes"},
		{"a data byte flipped", flipped(len(good) - 40), "corrupt"},
		{"a checksum byte flipped", flipped(len(good) - 1), "corrupt"},
		{"a header digit changed", bytes.Replace(good, []byte(`"classes":10`), []byte(`"classes":11`), 1), "corrupt"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Read(bytes.NewReader(tc.in))
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("got %v, want ErrFormat", err)
			}
			if c != nil {
				t.Error("returned a checkpoint with the error")
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not say %q", err, tc.msg)
			}
			if !strings.HasPrefix(err.Error(), "checkpoint: ") {
				t.Errorf("error %q does not start with \"checkpoint: \"", err)
			}
		})
	}
}

// TestReadHeaderVariants accepts what the format allows besides what
// Write writes.
func TestReadHeaderVariants(t *testing.T) {
	for _, tc := range []struct {
		name, hdr string
		check     func(c *Checkpoint) bool
	}{
		{"unknown field", hdr("future_field", map[string]int{"x": 1}), func(c *Checkpoint) bool { return c.Classes == 2 }},
		{"whitespace", strings.ReplaceAll(hdr(), ",", " ,\n\t"), func(c *Checkpoint) bool { return c.Preset == "p" }},
		{"created with offset", hdr("created", "2026-01-02T03:04:05.5+02:00"), func(c *Checkpoint) bool {
			return c.Created.Equal(time.Date(2026, 1, 2, 1, 4, 5, 5e8, time.UTC)) && c.Created.Location() == time.UTC
		}},
		{"non-finite metrics", hdr("metrics", map[string]any{"n": "NaN", "p": "+Inf", "m": "-Inf", "z": nil}), func(c *Checkpoint) bool {
			return math.IsNaN(c.Metrics["n"]) && math.IsInf(c.Metrics["p"], 1) && math.IsInf(c.Metrics["m"], -1) && c.Metrics["z"] == 0
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Read(bytes.NewReader(build(1, tc.hdr, -1, 1)))
			if err != nil {
				t.Fatal(err)
			}
			if !tc.check(c) {
				t.Errorf("read %+v", c)
			}
		})
	}
}

// TestReadTruncated reads every proper prefix of a checkpoint.
func TestReadTruncated(t *testing.T) {
	b := encode(t, sample())
	for n := range len(b) {
		c, err := Read(bytes.NewReader(b[:n]))
		if !errors.Is(err, ErrFormat) || c != nil {
			t.Fatalf("first %d of %d bytes: got %v, %v", n, len(b), c, err)
		}
		if n > 0 && !strings.Contains(err.Error(), "truncated") && !strings.Contains(err.Error(), "bad JSON") {
			t.Fatalf("first %d of %d bytes: %v does not say truncated", n, len(b), err)
		}
	}
}

// TestReadEveryByteChanged changes each byte of a checkpoint in turn:
// every change must be caught.
func TestReadEveryByteChanged(t *testing.T) {
	b := encode(t, sample())
	for i := range b {
		for _, x := range []byte{0x01, 0x80, 0xff} {
			b[i] ^= x
			c, err := Read(bytes.NewReader(b))
			b[i] ^= x
			if !errors.Is(err, ErrFormat) || c != nil {
				t.Fatalf("byte %d ^ %#x: got %v, %v", i, x, c, err)
			}
		}
	}
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestReadHugeClaimsAllocateLittle reads small files whose headers claim
// far more data than they hold.
func TestReadHugeClaimsAllocateLittle(t *testing.T) {
	const limit = 4 << 20
	for _, tc := range []struct {
		name string
		in   []byte
		msg  string
	}{
		{"one tensor at the limit", build(1, hdr("tensors", tensors("a", []int{1024, MaxTensorElems / 1024})), 1, 2, 3), "truncated"},
		{"four tensors at the limit", build(1, hdr("tensors", tensors("a", []int{MaxTensorElems}, "b", []int{MaxTensorElems},
			"c", []int{MaxTensorElems}, "d", []int{MaxTensorElems})), 1, 2, 3), "truncated"},
		{"4 billion values", build(1, hdr("tensors", tensors("a", []int{4_000_000_000})), 1, 2, 3), "limit"},
		{"many tensors", build(1, hdr("tensors", func() []any {
			var kv []any
			for i := range 4000 {
				kv = append(kv, fmt.Sprint(i), []int{65536})
			}
			return tensors(kv...)
		}()), 1, 2, 3), "truncated"},
		{"header at the limit", withChecksum(raw(1, MaxHeaderBytes, "{")), "truncated"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			n := allocated(func() { _, err = Read(bytes.NewReader(tc.in)) })
			if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("got %v, want ErrFormat saying %q", err, tc.msg)
			}
			if n > limit+uint64(len(tc.in))*8 {
				t.Errorf("reading a %d-byte file allocated %d bytes", len(tc.in), n)
			}
			t.Logf("%d-byte file, %d bytes allocated: %v", len(tc.in), n, err)
		})
	}
}

func TestSaveFailureKeepsOld(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "model.ckpt")
	if err := Save(p, sample()); err != nil {
		t.Fatal(err)
	}
	old, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	bad := sample()
	bad.Params[0].Data = bad.Params[0].Data[:5]
	err = Save(p, bad)
	if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), p) {
		t.Fatalf("got %v, want ErrFormat naming %s", err, p)
	}
	if now, _ := os.ReadFile(p); !bytes.Equal(now, old) {
		t.Error("a failed save changed the old file")
	}
	if n := folder(t, dir); len(n) != 1 || n[0] != "model.ckpt" {
		t.Errorf("a failed save left %v", n)
	}
}

func TestSaveBadPlaces(t *testing.T) {
	dir := t.TempDir()
	t.Run("missing folder", func(t *testing.T) {
		p := filepath.Join(dir, "no", "such", "model.ckpt")
		err := Save(p, sample())
		if err == nil || !strings.Contains(err.Error(), p) || !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("parent is a file", func(t *testing.T) {
		file := filepath.Join(dir, "plain")
		if err := os.WriteFile(file, []byte("not a folder"), 0o644); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(file, "model.ckpt")
		err := Save(p, sample())
		if err == nil || !strings.Contains(err.Error(), p) {
			t.Fatalf("got %v", err)
		}
		if b, _ := os.ReadFile(file); string(b) != "not a folder" {
			t.Error("the file in the way changed")
		}
	})
	t.Run("target is a folder", func(t *testing.T) {
		p := filepath.Join(dir, "taken")
		if err := os.Mkdir(p, 0o755); err != nil {
			t.Fatal(err)
		}
		err := Save(p, sample())
		if err == nil || !strings.Contains(err.Error(), p) {
			t.Fatalf("got %v", err)
		}
		if n := folder(t, dir); slices.ContainsFunc(n, func(s string) bool { return strings.Contains(s, ".part-") }) {
			t.Errorf("a failed save left %v", n)
		}
	})
	t.Run("read-only folder", func(t *testing.T) {
		ro := filepath.Join(dir, "ro")
		if err := os.Mkdir(ro, 0o555); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(ro, 0o755)
		if f, err := os.Create(filepath.Join(ro, "probe")); err == nil {
			f.Close()
			t.Skip("permissions are not enforced here (running as root?)")
		}
		p := filepath.Join(ro, "model.ckpt")
		err := Save(p, sample())
		if err == nil || !strings.Contains(err.Error(), p) || !errors.Is(err, os.ErrPermission) {
			t.Fatalf("got %v", err)
		}
	})
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.ckpt")
	if _, err := Load(missing); err == nil || !strings.Contains(err.Error(), missing) || !errors.Is(err, os.ErrNotExist) || errors.Is(err, ErrFormat) {
		t.Errorf("missing file: got %v", err)
	}
	bad := filepath.Join(dir, "bad.ckpt")
	b := encode(t, sample())
	b[len(b)/2] ^= 1
	if err := os.WriteFile(bad, b, 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(bad)
	if c != nil || !errors.Is(err, ErrFormat) || !strings.HasPrefix(err.Error(), bad+": ") {
		t.Errorf("corrupt file: got %v", err)
	}
	var fe *FormatError
	if !errors.As(err, &fe) || fe.File != bad {
		t.Errorf("corrupt file: %#v is not a FormatError for %s", err, bad)
	}
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("a folder: got %v", err)
	}
}
