package dataset

import (
	"reflect"
	"testing"
)

func TestGroups5(t *testing.T) {
	// The original study's groups, by class name.
	want := [][]string{
		{"T-shirt/top", "Shirt"},
		{"Sandal"},
		{"Trouser", "Pullover"},
		{"Sneaker", "Bag"},
		{"Dress", "Coat", "Ankle boot"},
	}
	if Groups5.NumClasses() != 5 {
		t.Fatalf("%d classes", Groups5.NumClasses())
	}
	for g, names := range want {
		var got []string
		for _, l := range Groups5.Members(g) {
			got = append(got, ClassNames[l])
		}
		if len(got) != len(names) {
			t.Fatalf("group %d holds %v, want %v", g, got, names)
		}
		for _, n := range names {
			found := false
			for _, m := range got {
				found = found || m == n
			}
			if !found {
				t.Errorf("group %d (%s) holds %v, want %v", g, Groups5.Classes[g], got, names)
			}
		}
	}
}

func TestFashion10IsIdentity(t *testing.T) {
	for l := uint8(0); l < NumClasses; l++ {
		if Fashion10.Class(l) != int(l) {
			t.Fatalf("label %d maps to %d", l, Fashion10.Class(l))
		}
	}
	if !reflect.DeepEqual(Fashion10.Classes, ClassNames[:]) {
		t.Fatal("class names differ")
	}
}

func TestSchemeByName(t *testing.T) {
	for _, s := range Schemes {
		got, err := SchemeByName(s.Name)
		if err != nil || got != s {
			t.Fatalf("%s: %v %v", s.Name, got, err)
		}
	}
	if _, err := SchemeByName("groups7"); err == nil {
		t.Fatal("unknown scheme accepted")
	}
}
