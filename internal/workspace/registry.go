package workspace

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/fashionlens/fashionlens/analysis/plot"
	"github.com/fashionlens/fashionlens/internal/progress"
)

// Points are what a projection or a clustering works on: n feature
// vectors, with their true classes when they are known.
type Points struct {
	// Features is n×d.
	Features *mat.Dense
	// Labels are the true classes, indices into Classes, or nil.
	Labels []int
	// Classes names the label values.
	Classes []string
	// Pred is a model's predicted class of each point, and Probs its
	// n×len(Classes) probabilities; nil without a model.
	Pred  []int
	Probs []float32
	// Key identifies the features, for cache keys of results made from
	// them; empty means the results are not kept between runs.
	Key string
	// Index gives each point's image index in its split (filters by
	// image index read it); nil means point i is image i.
	Index []int

	memoState // results shared by methods (the k-distance curves)
}

// Len returns the number of points.
func (p *Points) Len() int {
	if p == nil || p.Features == nil {
		return 0
	}
	n, _ := p.Features.Dims()
	return n
}

// Dim returns the number of values per point.
func (p *Points) Dim() int {
	if p == nil || p.Features == nil {
		return 0
	}
	_, d := p.Features.Dims()
	return d
}

// Progress is the one progress report of every job (progress.Report):
// Done of Total steps, a line for a status bar, and, for a projection
// that converges, the layout so far.
type Progress = progress.Report

// ProgressFunc receives a job's progress; nil is allowed where a
// ProgressFunc is taken.
type ProgressFunc = progress.Func

// Field is one entry of a summary section: a key and a value that
// encoding/json can write.
type Field struct {
	Key   string
	Value any
}

// Fields is a summary section whose keys keep their order in JSON.
type Fields []Field

// MarshalJSON writes the fields as a JSON object, in order.
func (f Fields) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, x := range f {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(x.Key)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(x.Value)
		if err != nil {
			return nil, fmt.Errorf("summary field %s: %w", x.Key, err)
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// Figure is an extra figure of a method, written beside its map.
type Figure struct {
	Name string // the file's name without its extension, "kdistance"
	Fig  plot.Figure
}

// Layout is a projection's result: where each point lies on the map.
type Layout struct {
	// XY is n×2.
	XY *mat.Dense
	// Axes name the map's two axes.
	Axes [2]string
	// Summary is the method's section of summary.json, without the time
	// (the workspace adds seconds).
	Summary Fields
	// About says in a line what the map keeps, for the window's header.
	About string
}

// Projection is an entry of the projection registry: a way to draw the
// points on a plane.
type Projection struct {
	// Name is the key in the registry, the command line and file names
	// ("tsne" → --tsne-perplexity, tsne.csv).
	Name string
	// Title is the name users read, "t-SNE".
	Title  string
	Params []Param
	// Axes and About describe its layouts where a run does not (PCA's
	// axes name their share of the variance); empty ones become "TITLE 1",
	// "TITLE 2" and "mapped by TITLE".
	Axes  [2]string
	About string
	// Immediate projections are computed as soon as the points are known
	// (in the window) and by default (on the command line).
	Immediate bool
	// Keep marks projections slow enough to keep in the results cache.
	Keep bool
	// Check, if set, checks values against the points before anything
	// runs (no more components than values per point), returning a
	// *ParamError.
	Check func(pts *Points, v Values) error
	// Run computes the layout; it stops with ctx's error when ctx ends.
	Run func(ctx context.Context, pts *Points, v Values, progress ProgressFunc) (*Layout, error)
}

// Clusters is a clustering's result.
type Clusters struct {
	// Labels gives each point's cluster, 0…K−1, or −1 for noise.
	Labels []int
	// K is the number of clusters, noise not counted.
	K int
	// Summary is the method's section of summary.json, without the time
	// and the scores (the workspace adds them).
	Summary Fields
	// Describe is a short account for titles: "K-means, k=10".
	Describe string
	// What says what ran and Outcome what came of it, for the window's
	// header: "K-means (k = 10, 10 restarts, seed 1)", "inertia 1.2e+04";
	// empty ones become the title and the number of clusters.
	What, Outcome string
	// Used are the values the method used: Auto values resolved.
	Used Values
	// Figures are extra figures (the k-distance curve).
	Figures []Figure
}

// Clustering is an entry of the clustering registry: a way to group the
// points.
type Clustering struct {
	// Name is the key in the registry, the command line and the
	// assignments file's column ("kmeans" → kmeans_cluster).
	Name  string
	Title string // "K-means"
	// Params are its parameters; DropNoise, if set, names a Bool
	// parameter that leaves the noise out of the scores.
	Params    []Param
	DropNoise string
	// ExtraFigures name the Figures its results carry, for the files a
	// run may leave behind.
	ExtraFigures []string
	// Check, if set, checks values against the points, as Projection's.
	Check func(pts *Points, v Values) error
	// Run clusters the points; it stops with ctx's error when ctx ends.
	Run func(ctx context.Context, pts *Points, v Values, progress ProgressFunc) (*Clusters, error)
}

// registry holds the methods in the order they were registered.
var registry struct {
	sync.RWMutex
	projections []Projection
	clusterings []Clustering
}

// RegisterProjection adds p to the registry; it panics on a name already
// taken or a malformed entry, which are programming errors found at
// start-up.
func RegisterProjection(p Projection) {
	mustBeNew(p.Name, p.Title, p.Params, p.Run == nil)
	registry.Lock()
	defer registry.Unlock()
	registry.projections = append(registry.projections, p)
}

// RegisterClustering adds c to the registry, as RegisterProjection.
func RegisterClustering(c Clustering) {
	mustBeNew(c.Name, c.Title, c.Params, c.Run == nil)
	registry.Lock()
	defer registry.Unlock()
	registry.clusterings = append(registry.clusterings, c)
}

// Unregister removes the method called name; tests use it to take back
// a fake method.
func Unregister(name string) {
	registry.Lock()
	defer registry.Unlock()
	var ps []Projection
	for _, p := range registry.projections {
		if p.Name != name {
			ps = append(ps, p)
		}
	}
	var cs []Clustering
	for _, c := range registry.clusterings {
		if c.Name != name {
			cs = append(cs, c)
		}
	}
	registry.projections, registry.clusterings = ps, cs
}

func mustBeNew(name, title string, params []Param, noRun bool) {
	if name == "" || title == "" || noRun {
		panic(fmt.Sprintf("workspace: method %q needs a name, a title and Run", name))
	}
	if _, ok := ProjectionNamed(name); ok {
		panic("workspace: two methods named " + name)
	}
	if _, ok := ClusteringNamed(name); ok {
		panic("workspace: two methods named " + name)
	}
	seen := map[string]bool{}
	for _, p := range params {
		if p.Name == "" || seen[p.Name] {
			panic(fmt.Sprintf("workspace: method %s: parameter %q is empty or repeated", name, p.Name))
		}
		seen[p.Name] = true
	}
}

// Projections returns the registered projections, in order.
func Projections() []Projection {
	registry.RLock()
	defer registry.RUnlock()
	return append([]Projection(nil), registry.projections...)
}

// Clusterings returns the registered clustering methods, in order.
func Clusterings() []Clustering {
	registry.RLock()
	defer registry.RUnlock()
	return append([]Clustering(nil), registry.clusterings...)
}

// ProjectionNamed returns the projection called name.
func ProjectionNamed(name string) (Projection, bool) {
	for _, p := range Projections() {
		if p.Name == name {
			return p, true
		}
	}
	return Projection{}, false
}

// ClusteringNamed returns the clustering method called name.
func ClusteringNamed(name string) (Clustering, bool) {
	for _, c := range Clusterings() {
		if c.Name == name {
			return c, true
		}
	}
	return Clustering{}, false
}
