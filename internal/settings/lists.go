package settings

import (
	"math"
	"slices"
)

// The lists of Fyne's preferences interface (fyne.Preferences), which
// Fyne's own widgets may use.

func list[T any](s *Store, key string, fallback []T) []T {
	if v, ok := s.get(key); ok {
		if l, ok := v.([]T); ok {
			return slices.Clone(l)
		}
	}
	return fallback
}

// StringList returns key's list of strings, or nil.
func (s *Store) StringList(key string) []string { return list[string](s, key, nil) }

// StringListWithFallback returns key's list of strings, or fallback.
func (s *Store) StringListWithFallback(key string, fallback []string) []string {
	return list(s, key, fallback)
}

// SetStringList sets key to a copy of value.
func (s *Store) SetStringList(key string, value []string) { s.set(key, slices.Clone(value)) }

// BoolList returns key's list of booleans, or nil.
func (s *Store) BoolList(key string) []bool { return list[bool](s, key, nil) }

// BoolListWithFallback returns key's list of booleans, or fallback.
func (s *Store) BoolListWithFallback(key string, fallback []bool) []bool {
	return list(s, key, fallback)
}

// SetBoolList sets key to a copy of value.
func (s *Store) SetBoolList(key string, value []bool) { s.set(key, slices.Clone(value)) }

// FloatList returns key's list of numbers, or nil.
func (s *Store) FloatList(key string) []float64 { return s.FloatListWithFallback(key, nil) }

// FloatListWithFallback returns key's list of numbers, or fallback. NaN
// and infinities cannot be saved in JSON: SetFloatList drops such lists.
func (s *Store) FloatListWithFallback(key string, fallback []float64) []float64 {
	return list(s, key, fallback)
}

// SetFloatList sets key to a copy of value, or removes key's value when
// value holds a NaN or an infinity.
func (s *Store) SetFloatList(key string, value []float64) {
	for _, f := range value {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			s.Remove(key)
			return
		}
	}
	s.set(key, slices.Clone(value))
}

// IntList returns key's list of whole numbers, or nil.
func (s *Store) IntList(key string) []int { return s.IntListWithFallback(key, nil) }

// IntListWithFallback returns key's list of whole numbers, or fallback
// when it is not one.
func (s *Store) IntListWithFallback(key string, fallback []int) []int {
	fl := list[float64](s, key, nil)
	if fl == nil {
		return fallback
	}
	out := make([]int, len(fl))
	for i, f := range fl {
		n, ok := WholeNumber(f)
		if !ok {
			return fallback
		}
		out[i] = n
	}
	return out
}

// SetIntList sets key to value, kept as a list of numbers.
func (s *Store) SetIntList(key string, value []int) {
	fl := make([]float64, len(value))
	for i, n := range value {
		fl[i] = float64(n)
	}
	s.set(key, fl)
}
