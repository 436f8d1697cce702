// Package settings keeps the values an app remembers between sessions
// (its choices and entries) in one JSON object in one file.
//
// It replaces Fyne's preferences store, which rewrites its file in place
// (truncate, then write) and watches the folder for changes: a reload that
// runs between the two reads an empty file and logs "Preferences load
// error: EOF", and a process killed between them loses every setting.
// Here the file is replaced atomically (internal/atomicfile), nothing
// watches it, and a file that cannot be read is set aside, not lost.
//
// Store has the methods of Fyne's preferences (fyne.Preferences), so that
// the app can hand it to Fyne (see gui.SettingsProvider) while this
// package needs no Fyne. Values keep their JSON types: strings, booleans,
// numbers (an int when the number is written as one, so that seeds
// survive exactly, and a float64 otherwise; the Int getters take whole
// numbers only) and lists of these. A value of the wrong type reads as
// the fallback. Store checks no meaning: the app validates the values
// it knows when it starts (see Values and Remove).
package settings

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/fashionlens/fashionlens/internal/atomicfile"
)

// MaxFileSize is the largest settings file Parse reads. The app's own
// files are a few kilobytes.
const MaxFileSize = 1 << 20

// SaveDelay is how long Store waits after a change before it writes the
// file, so that a burst of changes is written once.
const SaveDelay = 300 * time.Millisecond

// Store holds the settings in memory and, when it has a path, saves them
// there a moment after every change (SaveDelay) and at Flush. Its methods
// are safe for concurrent use.
type Store struct {
	path string
	logf func(format string, args ...any)

	mu     sync.Mutex
	values map[string]any
	timer  *time.Timer
	dirty  bool
	// lastErr is the last save error, logged once until a save succeeds.
	lastErr   string
	listeners []func()
}

// NewMemory returns a store that is never saved, for tests.
func NewMemory() *Store { return &Store{values: map[string]any{}, logf: func(string, ...any) {}} }

// Open reads the settings file at path, or starts empty when there is
// none. A file that cannot be parsed is renamed to path+".damaged" (so
// that nothing the user had is lost), the store starts empty, and logf
// says so; Open fails only when the file exists and cannot be read at all.
// logf reports save errors later on; nil means no reports.
func Open(path string, logf func(format string, args ...any)) (*Store, error) {
	if logf == nil {
		logf = func(string, ...any) {}
	}
	s := &Store{path: path, logf: logf, values: map[string]any{}}
	b, err := readFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return s, nil
	case err != nil:
		return s, err
	}
	v, err := Parse(b)
	if err != nil {
		aside := path + ".damaged"
		if rerr := os.Rename(path, aside); rerr != nil {
			logf("settings: %v; starting with the defaults (could not set the file aside: %v)", err, rerr)
		} else {
			logf("settings: %s: %v; starting with the defaults, the file is kept as %s", path, err, aside)
		}
		return s, nil
	}
	s.values = v
	return s, nil
}

// Import adds the values of the settings file at path that the store does
// not hold yet, such as the file of an earlier version, and saves them
// with the next save. A missing file imports nothing and is no error.
func (s *Store) Import(path string) error {
	b, err := readFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	v, err := Parse(b)
	if err != nil {
		return fmt.Errorf("import settings from %s: %w", path, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, x := range v {
		if _, ok := s.values[k]; !ok {
			s.values[k] = x
			s.changed()
		}
	}
	return nil
}

// readFile reads path, refusing one over MaxFileSize.
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read settings %s: %w", path, err)
	}
	if len(b) > MaxFileSize {
		return nil, fmt.Errorf("read settings %s: larger than %d bytes", path, MaxFileSize)
	}
	return b, nil
}

// Parse decodes a settings file: one JSON object whose values are
// strings, numbers, booleans, or lists of one of these types ([]string,
// []float64, []bool). Members of other types (null, objects, mixed lists)
// are dropped; anything else is an error.
func Parse(b []byte) (map[string]any, error) {
	if len(b) > MaxFileSize {
		return nil, fmt.Errorf("larger than %d bytes", MaxFileSize)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("not a JSON object: %w", err)
	}
	if raw == nil {
		return nil, errors.New("not a JSON object: null")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("not one JSON object: more follows it")
	}
	for k, v := range raw {
		switch v := v.(type) {
		case string, bool:
		case json.Number:
			if i, err := strconv.ParseInt(string(v), 10, 0); err == nil {
				raw[k] = int(i)
			} else if f, err := strconv.ParseFloat(string(v), 64); err == nil {
				raw[k] = f
			} else {
				delete(raw, k) // out of float64's range
			}
		case []any:
			if l, ok := parseList(v); ok {
				raw[k] = l
			} else {
				delete(raw, k)
			}
		default:
			delete(raw, k)
		}
	}
	return raw, nil
}

// parseList returns a JSON list as []string, []float64 or []bool, or false
// when its items are of other or mixed types. An empty list is []string.
func parseList(items []any) (any, bool) {
	strs, nums, bools := []string{}, []float64{}, []bool{}
	for _, it := range items {
		switch v := it.(type) {
		case string:
			strs = append(strs, v)
		case bool:
			bools = append(bools, v)
		case json.Number:
			f, err := strconv.ParseFloat(string(v), 64)
			if err != nil {
				return nil, false
			}
			nums = append(nums, f)
		default:
			return nil, false
		}
	}
	switch len(items) {
	case len(strs):
		return strs, true
	case len(nums):
		return nums, true
	case len(bools):
		return bools, true
	}
	return nil, false
}

// Path returns the file the store is saved to, "" for a memory store.
func (s *Store) Path() string { return s.path }

// Values returns a copy of every value, for validation.
func (s *Store) Values() map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.values)
}

// ReadValues calls fn with the values, which fn must not keep or change;
// Fyne's preferences have the same method.
func (s *Store) ReadValues(fn func(map[string]any)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn(s.values)
}

// Keys returns the keys that have a value, sorted.
func (s *Store) Keys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := make([]string, 0, len(s.values))
	for k := range s.values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (s *Store) get(key string) (any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.values[key]
	return v, ok
}

func (s *Store) set(key string, v any) {
	s.mu.Lock()
	if old, ok := s.values[key]; ok && equal(old, v) {
		s.mu.Unlock()
		return
	}
	s.values[key] = v
	s.changed()
	s.mu.Unlock()
	s.notify()
}

// equal compares two values of the store.
func equal(a, b any) bool {
	switch a.(type) {
	case string, bool, int, float64:
		return a == b
	}
	return reflect.DeepEqual(a, b)
}

// Remove forgets key's value, so that its fallback is read.
func (s *Store) Remove(key string) {
	s.mu.Lock()
	if _, ok := s.values[key]; !ok {
		s.mu.Unlock()
		return
	}
	delete(s.values, key)
	s.changed()
	s.mu.Unlock()
	s.notify()
}

// AddChangeListener adds a function called after every change.
func (s *Store) AddChangeListener(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.listeners = append(s.listeners, f)
}

// ChangeListeners returns the functions called after every change.
func (s *Store) ChangeListeners() []func() {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.listeners)
}

func (s *Store) notify() {
	for _, f := range s.ChangeListeners() {
		f()
	}
}

// RemoveValue is Remove, under the name of Fyne's preferences.
func (s *Store) RemoveValue(key string) { s.Remove(key) }

// changed schedules a save; s.mu is held.
func (s *Store) changed() {
	if s.path == "" {
		return
	}
	s.dirty = true
	if s.timer == nil {
		s.timer = time.AfterFunc(SaveDelay, func() { s.Flush() })
	}
}

// Flush writes the settings now if they changed since the last save, and
// returns the error of that write.
func (s *Store) Flush() error {
	s.mu.Lock()
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	if !s.dirty || s.path == "" {
		s.mu.Unlock()
		return nil
	}
	b, err := json.MarshalIndent(s.values, "", "  ")
	s.dirty = false
	s.mu.Unlock()
	if err == nil {
		err = writeFile(s.path, append(b, '\n'))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.dirty = true // try again at the next change or Flush
		if msg := err.Error(); msg != s.lastErr {
			s.lastErr = msg
			s.logf("settings: could not save: %v", err)
		}
		return err
	}
	s.lastErr = ""
	return nil
}

// writeFile writes b to path atomically, creating its folder.
func writeFile(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	return atomicfile.Write(path, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}
