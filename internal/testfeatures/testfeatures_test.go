package testfeatures

import "testing"

func TestTest(t *testing.T) {
	s, err := Test()
	if err != nil {
		t.Fatal(err)
	}
	r, c := s.X.Dims()
	if r != 10000 || c != 64 || len(s.Labels) != 10000 || s.Labels[0] != 9 {
		t.Fatalf("%dx%d, %d labels, first %d", r, c, len(s.Labels), s.Labels[0])
	}
	if sub := s.Rows(100); sub.X.RawMatrix().Rows != 100 || len(sub.Labels) != 100 {
		t.Fatal("Rows(100)")
	}
}
