package settings

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// FuzzParse: any bytes give a clear error or values of the store's types
// only (string, bool, int, finite float64), which save and parse back to
// the same values.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.json")
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"a": 1e308, "b": -9223372036854775808, "c": 9223372036854775808}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := Parse(b)
		if err != nil {
			return
		}
		for k, x := range v {
			switch x := x.(type) {
			case string, bool, int, []string, []bool:
			case []float64:
				for _, f := range x {
					if math.IsNaN(f) || math.IsInf(f, 0) {
						t.Fatalf("%q holds %v", k, f)
					}
				}
			case float64:
				if math.IsNaN(x) || math.IsInf(x, 0) {
					t.Fatalf("%q = %v", k, x)
				}
			default:
				t.Fatalf("%q has type %T", k, x)
			}
		}
		out, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		again, err := Parse(out)
		if err != nil {
			t.Fatalf("saved values do not parse: %v", err)
		}
		if len(again) != len(v) {
			t.Fatalf("round trip: %v, then %v", v, again)
		}
		for k, x := range v {
			if y := again[k]; !reflect.DeepEqual(x, y) {
				if fx, ok := x.(float64); ok {
					if iy, ok := y.(int); ok && float64(iy) == fx {
						continue // 2.0 is written as 2
					}
				}
				t.Fatalf("round trip of %q: %v (%T), then %v (%T)", k, x, x, y, y)
			}
		}
	})
}
