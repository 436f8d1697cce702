package checkpoint

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"slices"
	"testing"
)

// fixChecksum returns in with its last 32 bytes replaced by the SHA-256
// of the bytes before them, so that the fuzzer's changes to the header
// and data reach the checks behind the checksum.
func fixChecksum(in []byte) []byte {
	if len(in) < sha256.Size {
		return in
	}
	body := in[:len(in)-sha256.Size]
	return withChecksum(slices.Clone(body))
}

func FuzzRead(f *testing.F) {
	good := encode(f, sample())
	f.Add(good)
	f.Add(encode(f, &Checkpoint{Classes: 2}))
	f.Add(build(1, hdr(), 1, 2))
	f.Add(build(1, hdr("tensors", tensors("a", []int{1}, "b", []int{1, 1})), -1, 1))
	f.Add(good[:len(good)-1])
	f.Add(good[:40])
	f.Add(append(slices.Clone(good), 0))
	bad := slices.Clone(good)
	bad[len(bad)-40] ^= 1
	f.Add(bad)
	f.Add(build(Version+1, hdr(), 1, 2))
	f.Add(build(1, hdr("tensors", tensors("a", []int{4_000_000_000})), 1, 2))
	f.Add(build(1, hdr("tensors", tensors("a", []int{1024, MaxTensorElems / 1024})), 1, 2))
	f.Add(build(1, hdr("tensors", tensors("a", []int{1}, "a", []int{1})), 1, 2))
	f.Add(build(1, hdr("metrics", map[string]any{"n": "NaN", "i": "+Inf"}, "created", "2026-01-02T03:04:05.5+02:00"), 1, 2))
	f.Add(withChecksum(raw(1, MaxHeaderBytes+1, hdr())))
	f.Add([]byte(Magic))
	f.Add([]byte{})

	f.Fuzz(func(t *testing.T, in []byte) {
		check(t, in)
		check(t, fixChecksum(in))
	})
}

// check reads in: it must fail with ErrFormat, or give a checkpoint that
// writes, reads back the same, and writes the same bytes again.
func check(t *testing.T, in []byte) {
	c, err := Read(bytes.NewReader(in))
	if err != nil {
		if !errors.Is(err, ErrFormat) {
			t.Fatalf("a bytes.Reader cannot fail, yet: %v", err)
		}
		if c != nil {
			t.Fatal("a checkpoint came with the error")
		}
		return
	}
	var b1 bytes.Buffer
	if err := Write(&b1, c); err != nil {
		t.Fatalf("what Read accepted, Write refuses: %v", err)
	}
	c2, err := Read(bytes.NewReader(b1.Bytes()))
	if err != nil {
		t.Fatalf("what Write wrote, Read refuses: %v", err)
	}
	if d := diff(c, c2); d != "" {
		t.Fatalf("read back differs: %s", d)
	}
	if c.Fingerprint() != c2.Fingerprint() {
		t.Fatal("fingerprint changed in a round trip")
	}
	var b2 bytes.Buffer
	if err := Write(&b2, c2); err != nil || !bytes.Equal(b1.Bytes(), b2.Bytes()) {
		t.Fatalf("writing again gives other bytes (%v)", err)
	}
}
