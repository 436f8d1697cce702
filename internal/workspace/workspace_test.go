package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"
)

// blobs returns n points in d dimensions around k centres, labelled by
// centre.
func blobs(n, d, k int, seed uint64) *Points {
	rng := rand.New(rand.NewPCG(seed, 1))
	x := mat.NewDense(n, d, nil)
	labels := make([]int, n)
	for i := range n {
		labels[i] = i % k
		for j := range d {
			x.Set(i, j, 10*float64((labels[i]+j)%k)+rng.NormFloat64())
		}
	}
	classes := make([]string, k)
	for c := range classes {
		classes[c] = string(rune('A' + c))
	}
	return &Points{Features: x, Labels: labels, Classes: classes, Key: "blobs"}
}

func TestBuiltInMethods(t *testing.T) {
	pts := blobs(300, 8, 3, 1)
	ctx := context.Background()
	for _, p := range Projections() {
		v := Defaults(p.Params)
		if p.Name == "tsne" {
			v["perplexity"], v["iterations"] = 10, 250
		}
		r, err := Project(ctx, p.Name, pts, v, nil, nil)
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		if n, c := r.XY.Dims(); n != 300 || c != 2 || r.Axes[0] == "" || r.About == "" {
			t.Errorf("%s: %d×%d, axes %q, about %q", p.Name, n, c, r.Axes, r.About)
		}
	}
	for _, c := range Clusterings() {
		v := Defaults(c.Params)
		if c.Name == "kmeans" {
			v["k"] = 3
		}
		r, err := Cluster(ctx, c.Name, pts, v, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		if r.K != 3 || r.Scores == nil || r.Scores.ARI < 0.95 {
			t.Errorf("%s: %d clusters, scores %+v", c.Name, r.K, r.Scores)
		}
	}
}

// fakeProjection maps point i to (i, −i); it reports its steps and can be
// held at a gate to test the job rules.
func fakeProjection(gate chan struct{}) Projection {
	return Projection{Name: "fake", Title: "Fake map", Params: []Param{
		{Name: "scale", Label: "scale", Kind: Float, Default: 1, Min: 0.5, Max: 4, Help: "the fake map's scale"},
	}, Run: func(ctx context.Context, pts *Points, v Values, progress ProgressFunc) (*Layout, error) {
		n := pts.Len()
		for i := range 3 {
			progress.Send(Progress{Done: i, Total: 3})
			if gate != nil {
				select {
				case <-gate:
				case <-ctx.Done():
					return nil, ctx.Err()
				}
			}
		}
		xy := mat.NewDense(n, 2, nil)
		for i := range n {
			xy.Set(i, 0, v["scale"]*float64(i))
			xy.Set(i, 1, -v["scale"]*float64(i))
		}
		return &Layout{XY: xy, Summary: Fields{{"scale", v["scale"]}}}, nil
	}}
}

// fakeClustering puts point i in cluster i mod parts.
func fakeClustering() Clustering {
	return Clustering{Name: "fakeclust", Title: "Fake clusters", Params: []Param{
		{Name: "parts", Label: "parts", Kind: Int, Default: 3, Min: 1, Max: 10, Enables: true},
	}, Run: func(_ context.Context, pts *Points, v Values, _ ProgressFunc) (*Clusters, error) {
		labels := make([]int, pts.Len())
		for i := range labels {
			labels[i] = i % v.Int("parts")
		}
		return &Clusters{Labels: labels, K: v.Int("parts"), Describe: "fake", Summary: Fields{{"parts", v.Int("parts")}}}, nil
	}}
}

// Register registers a fake projection and clustering for a test.
func register(t *testing.T, gate chan struct{}) {
	RegisterProjection(fakeProjection(gate))
	RegisterClustering(fakeClustering())
	t.Cleanup(func() { Unregister("fake"); Unregister("fakeclust") })
}

// recorded registers the fake methods (held at gate), and returns a
// workspace on 20 points with a recorder of its changes.
func recorded(t *testing.T, gate chan struct{}) (*Workspace, *recorder) {
	register(t, gate)
	w := New(context.Background(), Options{})
	rec := &recorder{}
	w.Observe(rec.add)
	w.SetPoints(blobs(20, 2, 2, 3))
	return w, rec
}

// recorder keeps the change stream.
type recorder struct {
	mu      sync.Mutex
	changes []Change
}

func (r *recorder) add(c Change) { r.mu.Lock(); r.changes = append(r.changes, c); r.mu.Unlock() }

func (r *recorder) kinds(name string) []ChangeKind {
	r.mu.Lock()
	defer r.mu.Unlock()
	var k []ChangeKind
	for _, c := range r.changes {
		if c.Name == name && c.Kind != Working {
			k = append(k, c.Kind)
		}
	}
	return k
}

func TestFakeMethodsRunThroughTheWorkspace(t *testing.T) {
	register(t, nil)
	w := New(context.Background(), Options{})
	var rec recorder
	w.Observe(rec.add)
	pts := blobs(30, 4, 3, 2)
	w.SetPoints(pts)
	w.Start("fake", Values{"scale": 2})
	w.Start("fakeclust", Values{"parts": 3})
	w.Wait()
	p := w.Projection("fake")
	if p == nil || p.XY.At(5, 0) != 10 || p.Axes != [2]string{"Fake map 1", "Fake map 2"} {
		t.Fatalf("fake layout %+v", p)
	}
	c := w.Clustering("fakeclust")
	if c == nil || c.K != 3 || c.Scores == nil || c.Scores.ARI != 1 {
		t.Fatalf("fake clustering %+v", c)
	}
	if k := rec.kinds("fake"); len(k) != 1 || k[0] != ProjectedNew {
		t.Errorf("fake's changes %v", k)
	}
	if k := rec.kinds("fakeclust"); len(k) != 1 || k[0] != ClusteredNew {
		t.Errorf("fakeclust's changes %v", k)
	}
	// Out of range values are refused with the parameter's name.
	w.Start("fake", Values{"scale": 9})
	w.Wait()
	if k := rec.kinds("fake"); len(k) != 2 || k[1] != Failed {
		t.Errorf("a bad scale: changes %v", k)
	}
	for _, c := range rec.changes {
		if c.Kind == Failed && !strings.Contains(c.Err.Error(), "scale") {
			t.Errorf("error %v does not name the parameter", c.Err)
		}
	}
}

func TestLatestRequestWins(t *testing.T) {
	gate := make(chan struct{})
	w, rec := recorded(t, gate)
	w.Start("fake", Values{"scale": 1})
	w.Start("fake", Values{"scale": 3}) // cancels the first
	close(gate)
	w.Wait()
	if p := w.Projection("fake"); p == nil || p.Values["scale"] != 3 {
		t.Fatalf("the layout kept is %+v, want the second request's", p)
	}
	if k := rec.kinds("fake"); len(k) != 1 || k[0] != ProjectedNew {
		t.Errorf("changes %v: want one new layout and no word of the cancelled job", k)
	}
}

func TestNewPointsDropResultsAndJobs(t *testing.T) {
	gate := make(chan struct{})
	w, rec := recorded(t, gate)
	w.Start("fakeclust", Values{"parts": 2})
	w.Wait()
	w.Select([]int{1, 2})
	w.Start("fake", Values{"scale": 1})
	w.SetPoints(blobs(10, 2, 2, 4)) // while fake waits at the gate
	close(gate)
	w.Wait()
	if w.Projection("fake") != nil || w.Clustering("fakeclust") != nil || len(w.Selection()) != 0 {
		t.Error("results or the selection of the old points survived new points")
	}
	if k := rec.kinds("fake"); len(k) != 0 {
		t.Errorf("the old points' job reported %v", k)
	}
}

func TestCancelReportsStopped(t *testing.T) {
	gate := make(chan struct{})
	w, rec := recorded(t, gate)
	w.Start("fake", Values{"scale": 1})
	for !w.Running("fake") {
		time.Sleep(time.Millisecond)
	}
	w.Cancel("fake")
	w.Wait()
	if k := rec.kinds("fake"); len(k) != 1 || k[0] != Stopped {
		t.Errorf("changes %v, want Stopped", k)
	}
}

// memStore is a Store in memory.
type memStore struct {
	vals  map[string][]float64
	saves int
}

func (m *memStore) Load(kind, key string, rows, cols int) ([]float64, error) {
	if v, ok := m.vals[kind+key]; ok && len(v) == rows*cols {
		return v, nil
	}
	return nil, errors.New("not kept")
}

func (m *memStore) Save(kind, key string, rows, cols int, vals []float64) error {
	m.vals[kind+key] = append([]float64(nil), vals...)
	m.saves++
	return nil
}

func TestKeptProjectionsComeFromTheStore(t *testing.T) {
	p := fakeProjection(nil)
	p.Name, p.Keep = "fakekept", true
	RegisterProjection(p)
	t.Cleanup(func() { Unregister("fakekept") })
	st := &memStore{vals: map[string][]float64{}}
	pts := blobs(10, 2, 2, 5)
	a, err := Project(context.Background(), "fakekept", pts, Values{"scale": 2}, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Project(context.Background(), "fakekept", pts, Values{"scale": 2}, st, nil)
	if err != nil || st.saves != 1 || !mat.Equal(a.XY, b.XY) {
		t.Errorf("second run: err %v, %d saves, equal %v", err, st.saves, err == nil && mat.Equal(a.XY, b.XY))
	}
	if _, err := Project(context.Background(), "fakekept", pts, Values{"scale": 3}, st, nil); err != nil || st.saves != 2 {
		t.Errorf("other values: err %v, %d saves", err, st.saves)
	}
}

func TestParamParse(t *testing.T) {
	eps := Param{Name: "eps", Label: "eps", Kind: Float, Auto: "auto", Enables: true}
	k := Param{Name: "k", Label: "k", Kind: Int, Min: 2, Max: 100}
	for _, c := range []struct {
		p    Param
		text string
		want float64
		ok   bool
	}{
		{eps, "auto", 0, true}, {eps, "0.5", 0.5, true}, {eps, "-1", 0, false}, {eps, "nan", 0, false},
		{k, "10", 10, true}, {k, "1", 0, false}, {k, "101", 0, false}, {k, "2.5", 0, false}, {k, " 7 ", 7, true},
		{Param{Label: "b", Kind: Bool}, "true", 1, true}, {Param{Label: "s", Kind: Seed}, "-1", 0, false},
		{Param{Label: "f", Kind: Float, Min: 2}, "+Inf", 0, false},
	} {
		v, err := c.p.Parse(c.text)
		if (err == nil) != c.ok || (c.ok && v != c.want) {
			t.Errorf("%s %q: %v, %v", c.p.Label, c.text, v, err)
		}
		if err != nil && !strings.Contains(err.Error(), c.p.Label) {
			t.Errorf("error %q does not name %s", err, c.p.Label)
		}
	}
	if got := eps.Format(0); got != "auto" {
		t.Errorf("eps 0 formats as %q", got)
	}
}

func TestFieldsKeepTheirOrder(t *testing.T) {
	b, err := json.Marshal(Fields{{"z", 1}, {"a", []float64{0.5}}, {"m", "x"}})
	if err != nil || string(b) != `{"z":1,"a":[0.5],"m":"x"}` {
		t.Errorf("%s, %v", b, err)
	}
	if _, err := json.Marshal(Fields{{"bad", func() {}}}); err == nil {
		t.Error("a function marshalled")
	}
}

func TestRegisterRefusesDuplicates(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("a second method named pca was registered")
		}
	}()
	RegisterProjection(Projection{Name: "pca", Title: "again", Run: fakeProjection(nil).Run})
}

// A request for a result already there is answered at once, without a
// job; other values run.
func TestStartAnswersFromResults(t *testing.T) {
	runs := 0
	p := fakeProjection(nil)
	p.Name = "fakecounted"
	run := p.Run
	p.Run = func(ctx context.Context, pts *Points, v Values, progress ProgressFunc) (*Layout, error) {
		runs++
		return run(ctx, pts, v, progress)
	}
	RegisterProjection(p)
	t.Cleanup(func() { Unregister("fakecounted") })
	w := New(context.Background(), Options{})
	var rec recorder
	w.Observe(rec.add)
	w.SetPoints(blobs(20, 2, 2, 3))
	w.Start("fakecounted", Values{"scale": 2})
	w.Wait()
	w.Start("fakecounted", Values{"scale": 2})
	if w.Running("fakecounted") || runs != 1 {
		t.Errorf("the same values ran again: %d runs", runs)
	}
	if k := rec.kinds("fakecounted"); len(k) != 2 || k[1] != ProjectedNew {
		t.Errorf("changes %v: want the result announced twice", k)
	}
	w.Start("fakecounted", Values{"scale": 3})
	w.Wait()
	if runs != 2 {
		t.Errorf("other values did not run: %d runs", runs)
	}
}

// failStore keeps nothing.
type failStore struct{}

func (failStore) Load(string, string, int, int) ([]float64, error) { return nil, errors.New("empty") }
func (failStore) Save(string, string, int, int, []float64) error   { return errors.New("disk full") }

// A map that cannot be kept is shown all the same; the error says it was
// not kept (ErrNotKept), so the window only logs it.
func TestMapNotKeptIsStillShown(t *testing.T) {
	p := fakeProjection(nil)
	p.Name, p.Keep = "fakefull", true
	RegisterProjection(p)
	t.Cleanup(func() { Unregister("fakefull") })
	w := New(context.Background(), Options{Store: failStore{}})
	var rec recorder
	w.Observe(rec.add)
	w.SetPoints(blobs(10, 2, 2, 5))
	w.Start("fakefull", Values{"scale": 1})
	w.Wait()
	if w.Projection("fakefull") == nil {
		t.Fatal("the map was dropped")
	}
	var err error
	for _, c := range rec.changes {
		if c.Kind == Failed {
			err = c.Err
		}
	}
	if !errors.Is(err, ErrNotKept) || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("error %v", err)
	}
}

// An observer may call the workspace: a Start answered from the results
// inside a change does not deadlock.
func TestObserverMayCallTheWorkspace(t *testing.T) {
	register(t, nil)
	w := New(context.Background(), Options{})
	w.SetPoints(blobs(10, 2, 2, 5))
	w.Start("fake", Values{"scale": 1})
	w.Wait()
	again := 0
	w.Observe(func(c Change) {
		if c.Kind == SelectionChanged {
			w.Start("fake", Values{"scale": 1}) // answered at once, through publish
		}
		if c.Kind == ProjectedNew {
			again++
		}
	})
	done := make(chan struct{})
	go func() { w.Select([]int{1}); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("deadlock")
	}
	if again != 1 {
		t.Errorf("%d announcements", again)
	}
}
