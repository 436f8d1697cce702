package model

import (
	"fmt"
	"math"
	"strings"
)

// Schedule names.
const (
	// ScheduleConstant keeps the learning rate at its peak.
	ScheduleConstant = "constant"
	// ScheduleOneCycle rises from peak/25 to the peak along a half cosine
	// over the warm-up, then falls along a half cosine to peak/25·10⁻⁴
	// (PyTorch's OneCycleLR without momentum cycling).
	ScheduleOneCycle = "onecycle"
	// ScheduleCosine rises linearly from 0 to the peak over the warm-up,
	// then falls along a half cosine to 0.
	ScheduleCosine = "cosine"
)

// A Schedule gives the learning rate as a multiple of the peak at
// progress t in [0, 1] through the run's steps, for a warm-up share w.
type Schedule func(t, w float64) float64

var schedules = []struct {
	name string
	f    Schedule
}{
	{ScheduleConstant, func(float64, float64) float64 { return 1 }},
	{ScheduleOneCycle, oneCycle},
	{ScheduleCosine, cosineWarmup},
}

// Schedules lists the schedule names.
func Schedules() []string {
	names := make([]string, len(schedules))
	for i, s := range schedules {
		names[i] = s.name
	}
	return names
}

// ScheduleByName returns the schedule of that name.
func ScheduleByName(name string) (Schedule, error) {
	for _, s := range schedules {
		if s.name == name {
			return s.f, nil
		}
	}
	return nil, fmt.Errorf("unknown learning-rate schedule %q: choose one of %s", name, strings.Join(Schedules(), ", "))
}

// halfCos goes from a to b along a half cosine as t goes from 0 to 1.
func halfCos(a, b, t float64) float64 { return b + (a-b)*(1+math.Cos(math.Pi*t))/2 }

func oneCycle(t, w float64) float64 {
	const start, end = 1.0 / 25, 1.0 / 25 / 1e4
	t = min(max(t, 0), 1)
	if t < w {
		return halfCos(start, 1, t/w)
	}
	return halfCos(1, end, (t-w)/(1-w))
}

func cosineWarmup(t, w float64) float64 {
	t = min(max(t, 0), 1)
	if t < w {
		return t / w
	}
	return halfCos(1, 0, (t-w)/(1-w))
}

// LRAt returns the learning rate of step (0-based) out of total steps.
func (r *Recipe) LRAt(step, total int) float64 {
	f, err := ScheduleByName(r.Schedule)
	if err != nil || total <= 1 {
		return r.LR
	}
	// Step s trains at the rate of the middle of its interval, so that a
	// warm-up's first step is not at exactly zero.
	t := (float64(step) + 0.5) / float64(total)
	return r.LR * f(t, r.Warmup)
}
