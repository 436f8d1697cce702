package model

import (
	"math"
	"slices"
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

func TestRegisteredRecipesAreValid(t *testing.T) {
	names := Recipes()
	if names[0] != DefaultRecipe().Name || !slices.Contains(names, RecipeBest) || !slices.Contains(names, RecipeStudy) {
		t.Fatalf("recipes %v", names)
	}
	for _, name := range names {
		r, err := RecipeByName(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if r.Description == "" {
			t.Errorf("%s has no description", name)
		}
		if ch := r.Changes(); ch != nil {
			t.Errorf("%s differs from itself: %v", name, ch)
		}
	}
	if _, err := RecipeByName("magic"); err == nil || !strings.Contains(err.Error(), "best") {
		t.Errorf("unknown recipe: %v", err)
	}
}

// The study recipe is the Keras protocol the study used; if it changes,
// the study is no longer reproduced.
func TestStudyRecipeIsKeras(t *testing.T) {
	r, _ := RecipeByName(RecipeStudy)
	want := Recipe{Name: RecipeStudy, Description: r.Description, Epochs: 20, LR: 1e-3, Schedule: ScheduleConstant,
		Select: SelectValLoss, Patience: 2, ValShare: 0.2, BNMomentum: 0.99}
	if r != want {
		t.Errorf("study recipe %+v\nwant %+v", r, want)
	}
}

func TestRecipeChanges(t *testing.T) {
	r := DefaultRecipe()
	r.Epochs, r.Flip = 3, !r.Flip
	ch := r.Changes()
	if len(ch) != 2 || ch[0] != "epochs=3" || !strings.HasPrefix(ch[1], "flip=") {
		t.Errorf("changes %v", ch)
	}
	if s := r.String(); !strings.HasPrefix(s, r.Name+" (epochs=3, flip=") {
		t.Errorf("String %q", s)
	}
	if got := len(r.Settings()); got != len(settingOrder)+1 {
		t.Errorf("%d settings, %d listed in order", got, len(settingOrder))
	}
}

func TestAugments(t *testing.T) {
	r := Recipe{Epochs: 5, CleanEpochs: 2, Flip: true}
	var got []bool
	for e := 1; e <= 5; e++ {
		got = append(got, r.Augments(e))
	}
	if !slices.Equal(got, []bool{true, true, true, false, false}) {
		t.Errorf("augmented epochs %v", got)
	}
	r.Flip = false
	if r.Augments(1) {
		t.Error("no transform, yet augmented")
	}
}

// A clean phase as long as a shortened budget leaves one augmented epoch;
// one that fits is kept.
func TestFitClean(t *testing.T) {
	for _, c := range []struct{ epochs, clean, want int }{{5, 2, 2}, {2, 2, 1}, {1, 2, 0}, {3, 0, 0}} {
		r := Recipe{Epochs: c.epochs, CleanEpochs: c.clean, Flip: true}.FitClean()
		if r.CleanEpochs != c.want || r.Epochs != c.epochs {
			t.Errorf("%d epochs, clean %d: fitted to %d epochs, clean %d, want clean %d", c.epochs, c.clean, r.Epochs, r.CleanEpochs, c.want)
		}
	}
}

func TestSchedules(t *testing.T) {
	for _, name := range Schedules() {
		r := Recipe{LR: 0.01, Schedule: name, Warmup: 0.25}
		const total = 1000
		lrs := make([]float64, total)
		for s := range lrs {
			lrs[s] = r.LRAt(s, total)
			if !(lrs[s] > 0 && lrs[s] <= r.LR*(1+1e-12)) {
				t.Fatalf("%s: step %d at %g, outside (0, peak]", name, s, lrs[s])
			}
		}
		peak := slices.Index(lrs, slices.Max(lrs))
		switch name {
		case ScheduleConstant:
			if lrs[0] != r.LR || lrs[total-1] != r.LR {
				t.Errorf("constant: %g … %g", lrs[0], lrs[total-1])
			}
			continue
		case ScheduleOneCycle:
			if math.Abs(lrs[0]-r.LR/25) > r.LR/25*0.01 {
				t.Errorf("onecycle starts at %g, want peak/25", lrs[0])
			}
		case ScheduleCosine:
			if lrs[0] > r.LR/100 {
				t.Errorf("cosine starts at %g, want about 0", lrs[0])
			}
		}
		// It rises to the peak at the end of the warm-up, then falls
		// steadily to almost nothing.
		if math.Abs(float64(peak)-0.25*total) > 2 || math.Abs(lrs[peak]-r.LR) > r.LR*1e-4 {
			t.Errorf("%s: peak %g at step %d, want %g at step 250", name, lrs[peak], peak, r.LR)
		}
		for s := 1; s < total; s++ {
			if (s <= peak && lrs[s] < lrs[s-1]) || (s > peak && lrs[s] > lrs[s-1]) {
				t.Fatalf("%s: not unimodal at step %d: %g then %g", name, s, lrs[s-1], lrs[s])
			}
		}
		if lrs[total-1] > r.LR*1e-4 {
			t.Errorf("%s ends at %g", name, lrs[total-1])
		}
	}
}

// param is a parameter and its gradient, as a solver sees them.
type param2 struct{ w, g *tensor.Dense }

func (p param2) Value() G.Value         { return p.w }
func (p param2) Grad() (G.Value, error) { return p.g, nil }
func newParam2(vals ...float32) param2 {
	return param2{tensor.New(tensor.WithShape(len(vals)), tensor.WithBacking(slices.Clone(vals))),
		tensor.New(tensor.WithShape(len(vals)), tensor.WithBacking(make([]float32, len(vals))))}
}

// AdamW without weight decay takes the same steps as gorgonia's Adam (the
// solver the project used before), and the decay shrinks only the marked
// parameters, by LR·decay·w. It zeroes the gradients it used.
func TestAdamWMatchesGorgoniaAdam(t *testing.T) {
	grads := [][]float32{{0.5, -1, 2}, {0.1, 0.3, -0.7}, {-2, 0.01, 0.4}, {1, 1, 1}}
	a, b := newParam2(1, -2, 3), newParam2(1, -2, 3)
	mine := NewAdamW(0.01, 0, nil)
	theirs := G.NewAdamSolver(G.WithLearnRate(0.01), G.WithBeta1(0.9), G.WithBeta2(0.999), G.WithEps(1e-7))
	for _, g := range grads {
		copy(a.g.Float32s(), g)
		copy(b.g.Float32s(), g)
		if err := mine.Step([]G.ValueGrad{a}); err != nil {
			t.Fatal(err)
		}
		if err := theirs.Step([]G.ValueGrad{b}); err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(a.g.Float32s(), func(v float32) bool { return v != 0 }) {
			t.Fatalf("gradient left at %v", a.g.Float32s())
		}
	}
	wa, wb := a.w.Float32s(), b.w.Float32s()
	for i := range wa {
		if math.Abs(float64(wa[i]-wb[i])) > 1e-6 {
			t.Errorf("weight %d: AdamW %v, gorgonia Adam %v", i, wa[i], wb[i])
		}
	}
	if math.Abs(float64(wa[0]-1)) < 0.005 {
		t.Errorf("weights barely moved: %v", wa)
	}

	// With a zero gradient, Adam's move is zero, so only the decay acts.
	c, d := newParam2(2, 4), newParam2(2, 4)
	dec := NewAdamW(0.1, 0.5, []bool{true, false})
	if err := dec.Step([]G.ValueGrad{c, d}); err != nil {
		t.Fatal(err)
	}
	if wc, wd := c.w.Float32s(), d.w.Float32s(); math.Abs(float64(wc[0]-1.9)) > 1e-6 || math.Abs(float64(wc[1]-3.8)) > 1e-6 || wd[0] != 2 || wd[1] != 4 {
		t.Errorf("decayed %v (want 1.9, 3.8), undecayed %v (want 2, 4)", wc, wd)
	}
	if err := dec.Step([]G.ValueGrad{c}); err == nil {
		t.Error("a changed parameter list: no error")
	}
}
