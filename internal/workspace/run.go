package workspace

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis/metrics"
)

// Projected is a projection's layout with how it was made.
type Projected struct {
	*Layout
	Method  Projection
	Values  Values
	Seconds float64
}

// Clustered is a clustering with how it was made and how it lines up
// with the true classes.
type Clustered struct {
	*Clusters
	Method  Clustering
	Values  Values
	Seconds float64
	// Scores and Mapping compare the clusters with the true classes
	// (metrics.Score); nil without labels.
	Scores  *metrics.Scores
	Mapping []metrics.ClusterInfo
}

// ErrNotKept is wrapped by the error of a projection whose layout was
// computed but could not be written to the Store: the layout is there
// all the same.
var ErrNotKept = errors.New("the map could not be kept in the results cache")

// Store keeps results between sessions: the window's results cache. Keys
// are made of the points' Key, the method and its values.
type Store interface {
	Load(kind, key string, rows, cols int) ([]float64, error)
	Save(kind, key string, rows, cols int, vals []float64) error
}

// memo returns the value computed under key for these points, computing
// it once; a failed computation is not kept.
func (p *Points) memo(key string, compute func() (any, error)) (any, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if v, ok := p.memos[key]; ok {
		return v, nil
	}
	v, err := compute()
	if err != nil {
		return nil, err
	}
	if p.memos == nil {
		p.memos = map[string]any{}
	}
	p.memos[key] = v
	return v, nil
}

// memoState is the part of Points that memo uses.
type memoState struct {
	mu    sync.Mutex
	memos map[string]any
}

// StoreKey identifies the result of method name with values v of pts in
// a Store.
func StoreKey(pts *Points, name string, v Values) string {
	return pts.Key + "\n" + name + "\n" + v.Key()
}

// Project computes the projection called name of pts with the values v
// (checked against its parameters), reading and writing store (may be
// nil) for the projections it keeps. It is the one path by which the
// window and the command line project.
func Project(ctx context.Context, name string, pts *Points, v Values, store Store, progress ProgressFunc) (*Projected, error) {
	p, ok := ProjectionNamed(name)
	if !ok {
		return nil, fmt.Errorf("no projection called %q", name)
	}
	if err := CheckPoints(name, pts, v); err != nil {
		return nil, err
	}
	n := pts.Len()
	keep := p.Keep && store != nil && pts.Key != ""
	if r := Kept(name, pts, v, store); r != nil {
		return r, nil
	}
	start := time.Now()
	l, err := p.Run(ctx, pts, v, progress)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.Title, withMethod(err, name))
	}
	if r, c := l.XY.Dims(); r != n || c != 2 {
		return nil, fmt.Errorf("%s: a layout of %d×%d for %d points", p.Title, r, c, n)
	}
	res := &Projected{Layout: p.describe(l), Method: p, Values: v, Seconds: time.Since(start).Seconds()}
	if keep {
		if err := store.Save(name, StoreKey(pts, name, v), n, 2, mat.DenseCopyOf(l.XY).RawMatrix().Data); err != nil {
			return res, fmt.Errorf("%s: %w: %w", p.Title, ErrNotKept, err)
		}
	}
	return res, nil
}

// describe fills l's axes and line from p's where the run left them
// empty (and for a layout read back from the store).
func (p Projection) describe(l *Layout) *Layout {
	if l.Axes == ([2]string{}) {
		l.Axes = p.AxisTitles()
	}
	if l.About == "" {
		l.About = p.About
		if l.About == "" {
			l.About = "mapped by " + p.Title
		}
	}
	return l
}

// Kept returns the layout of the projection called name of pts with
// values v if store keeps one, else nil; nothing is computed.
func Kept(name string, pts *Points, v Values, store Store) *Projected {
	p, ok := ProjectionNamed(name)
	if !ok || !p.Keep || store == nil || pts.Key == "" || Check(p.Params, v) != nil {
		return nil
	}
	n := pts.Len()
	vals, err := store.Load(name, StoreKey(pts, name, v), n, 2)
	if err != nil {
		return nil
	}
	return &Projected{Layout: p.describe(&Layout{XY: mat.NewDense(n, 2, vals)}), Method: p, Values: v}
}

// Cluster computes the clustering called name of pts with the values v,
// and scores it against the true classes when there are some. It is the
// one path by which the window and the command line cluster.
func Cluster(ctx context.Context, name string, pts *Points, v Values, progress ProgressFunc) (*Clustered, error) {
	c, ok := ClusteringNamed(name)
	if !ok {
		return nil, fmt.Errorf("no clustering method called %q", name)
	}
	if err := CheckPoints(name, pts, v); err != nil {
		return nil, err
	}
	start := time.Now()
	r, err := c.Run(ctx, pts, v, progress)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.Title, withMethod(err, name))
	}
	if len(r.Labels) != pts.Len() {
		return nil, fmt.Errorf("%s: %d labels for %d points", c.Title, len(r.Labels), pts.Len())
	}
	if r.What == "" {
		r.What = c.Title
	}
	if r.Outcome == "" {
		r.Outcome = fmt.Sprintf("%d clusters", r.K)
	}
	res := &Clustered{Clusters: r, Method: c, Values: v, Seconds: time.Since(start).Seconds()}
	if pts.Labels != nil {
		drop := c.DropNoise != "" && v.Bool(c.DropNoise)
		res.Scores, res.Mapping, err = metrics.Score(pts.Features, pts.Labels, r.Labels, len(pts.Classes), drop)
		if err != nil {
			return nil, fmt.Errorf("compare the %s clusters with the classes: %w", c.Title, err)
		}
	}
	return res, nil
}

// withMethod names the method in a ParamError that err holds.
func withMethod(err error, name string) error {
	var pe *ParamError
	if errors.As(err, &pe) && pe.Method == "" {
		pe.Method = name
	}
	return err
}

// CheckPoints checks the values v of method name, a projection or a
// clustering, against its parameters and against pts, before anything
// runs; a value that does not fit the points is a *ParamError.
func CheckPoints(name string, pts *Points, v Values) error {
	var title string
	var params []Param
	var check func(*Points, Values) error
	if p, ok := ProjectionNamed(name); ok {
		title, params, check = p.Title, p.Params, p.Check
	} else if c, ok := ClusteringNamed(name); ok {
		title, params, check = c.Title, c.Params, c.Check
	} else {
		return fmt.Errorf("no method called %q", name)
	}
	if err := Check(params, v); err != nil {
		return fmt.Errorf("%s: %w", title, err)
	}
	if check != nil {
		if err := check(pts, v); err != nil {
			return fmt.Errorf("%s: %w", title, withMethod(err, name))
		}
	}
	return nil
}
