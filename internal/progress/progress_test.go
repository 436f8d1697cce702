package progress

import (
	"context"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"
)

func TestThrottle(t *testing.T) {
	var got []Report
	f := Throttle(context.Background(), func(r Report) { got = append(got, r) })
	frame := mat.NewDense(1, 2, nil)
	for i := 1; i <= 100; i++ {
		f(Report{Done: i, Total: 100, Frame: frame})
	}
	// Far faster than Every: the first and the final one.
	if len(got) != 2 || got[0].Done != 1 || got[1].Done != 100 {
		t.Fatalf("passed on %d reports: %+v", len(got), got)
	}
	if got[0].Frame == nil || got[1].Frame != nil {
		t.Errorf("frames passed on: first %v, final %v (want the first only)", got[0].Frame != nil, got[1].Frame != nil)
	}
	time.Sleep(Every + 10*time.Millisecond)
	f(Report{Done: 5, Total: 10})
	if len(got) != 3 {
		t.Errorf("a report after Every was not passed on")
	}
}

func TestThrottleStopsWithTheContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	f := Throttle(ctx, func(Report) { n++ })
	cancel()
	f(Report{Done: 1, Total: 1})
	if n != 0 {
		t.Error("a report after the context ended was passed on")
	}
}

func TestNilFunc(t *testing.T) {
	var f Func
	f.Send(Report{Done: 1})
	f.Steps(1, 2)
	if (Report{Done: 3, Total: 2}).Fraction() != 1 || (Report{}).Fraction() != 0 || !(Report{Done: 2, Total: 2}).Final() {
		t.Error("Fraction or Final wrong")
	}
}
