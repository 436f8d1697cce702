package settings

import "math"

// String returns key's string, or "".
func (s *Store) String(key string) string { return s.StringWithFallback(key, "") }

// StringWithFallback returns key's string, or fallback when there is
// none.
func (s *Store) StringWithFallback(key, fallback string) string {
	if v, ok := s.get(key); ok {
		if str, ok := v.(string); ok {
			return str
		}
	}
	return fallback
}

// SetString sets key to value.
func (s *Store) SetString(key, value string) { s.set(key, value) }

// Bool returns key's boolean, or false.
func (s *Store) Bool(key string) bool { return s.BoolWithFallback(key, false) }

// BoolWithFallback returns key's boolean, or fallback when there is none.
func (s *Store) BoolWithFallback(key string, fallback bool) bool {
	if v, ok := s.get(key); ok {
		if b, ok := v.(bool); ok {
			return b
		}
	}
	return fallback
}

// SetBool sets key to value.
func (s *Store) SetBool(key string, value bool) { s.set(key, value) }

// Float returns key's number, or 0.
func (s *Store) Float(key string) float64 { return s.FloatWithFallback(key, 0) }

// FloatWithFallback returns key's number, or fallback when there is none.
func (s *Store) FloatWithFallback(key string, fallback float64) float64 {
	if v, ok := s.get(key); ok {
		switch f := v.(type) {
		case float64:
			return f
		case int:
			return float64(f)
		}
	}
	return fallback
}

// SetFloat sets key to value. NaN and infinities cannot be saved in
// JSON: they remove the value instead.
func (s *Store) SetFloat(key string, value float64) {
	if math.IsNaN(value) || math.IsInf(value, 0) {
		s.Remove(key)
		return
	}
	s.set(key, value)
}

// Int returns key's whole number, or 0.
func (s *Store) Int(key string) int { return s.IntWithFallback(key, 0) }

// IntWithFallback returns key's number if it is a whole number that an
// int holds, and fallback otherwise.
func (s *Store) IntWithFallback(key string, fallback int) int {
	if v, ok := s.get(key); ok {
		if i, ok := WholeNumber(v); ok {
			return i
		}
	}
	return fallback
}

// SetInt sets key to value.
func (s *Store) SetInt(key string, value int) { s.set(key, value) }

// WholeNumber returns v as an int when it is a number (int or float64)
// without a fraction that an int holds exactly (|v| ≤ 2⁵³).
func WholeNumber(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case float64:
		if n != math.Trunc(n) || math.Abs(n) > 1<<53 {
			return 0, false
		}
		return int(n), true
	}
	return 0, false
}
