package gui

import (
	"fmt"

	"github.com/fashionlens/fashionlens/model"
	"github.com/fashionlens/fashionlens/model/checkpoint"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// Change says what part of the State changed.
type Change int

// The parts of the State that tabs observe.
const (
	DatasetChanged Change = iota // the data set (source, splits)
	SchemeChanged                // the label scheme used to show the data
	ModelChanged                 // the current model, or the list of models
)

// Model is a trained network the app knows: bundled, opened from a file,
// or trained in this session.
type Model struct {
	// Name is shown in selectors: "bundled seed (fashion10)", a file
	// name, or "trained 14:02 (small, fashion10)".
	Name string
	Net  *model.Net
	// Checkpoint holds the history and metrics; for a model trained in
	// this session it is made when training ends.
	Checkpoint *checkpoint.Checkpoint
	// Path is the file the model was opened from or saved to; empty for a
	// bundled model or an unsaved one.
	Path string
	// Bundled is true for a model embedded in the binary.
	Bundled bool
}

// Fingerprint identifies the model's weights (checkpoint.Fingerprint), for
// cache keys. It hashes about a megabyte: call it off the UI goroutine.
func (m *Model) Fingerprint() string {
	if m.Checkpoint != nil {
		return m.Checkpoint.Fingerprint()
	}
	return m.Net.Checkpoint().Fingerprint()
}

// Accuracy returns the model's recorded test accuracy, or a negative
// number if none is recorded.
func (m *Model) Accuracy() float64 {
	if m.Checkpoint != nil {
		if a, ok := m.Checkpoint.Metrics["test_accuracy"]; ok {
			return a
		}
	}
	return -1
}

// Describe is a one-line description for the status line.
func (m *Model) Describe() string {
	s := fmt.Sprintf("Model: %s", m.Name)
	if a := m.Accuracy(); a >= 0 {
		s += fmt.Sprintf(", test accuracy %.2f%%", 100*a)
	}
	return s
}

// State is the one application state that the tabs observe: the data
// set, the label scheme it is shown in, and the models. It must only be
// used on the UI goroutine (background work hands results over with
// fyne.Do); listeners run there, synchronously, in the order they were
// added.
type State struct {
	data      *dataset.Dataset
	scheme    *dataset.Scheme
	models    []*Model
	current   int
	listeners []func(Change)
}

// NewState returns a state with no data, the fashion10 scheme and no
// models.
func NewState() *State { return &State{scheme: dataset.Fashion10, current: -1} }

// OnChange adds a listener.
func (s *State) OnChange(f func(Change)) { s.listeners = append(s.listeners, f) }

func (s *State) notify(c Change) {
	for _, f := range s.listeners {
		f(c)
	}
}

// Dataset returns the data set, or nil before one is loaded.
func (s *State) Dataset() *dataset.Dataset { return s.data }

// SetDataset replaces the data set.
func (s *State) SetDataset(d *dataset.Dataset) {
	s.data = d
	s.notify(DatasetChanged)
}

// Scheme returns the label scheme the data is shown in.
func (s *State) Scheme() *dataset.Scheme { return s.scheme }

// SetScheme changes the label scheme the data is shown in.
func (s *State) SetScheme(sc *dataset.Scheme) {
	if sc == nil || sc == s.scheme {
		return
	}
	s.scheme = sc
	s.notify(SchemeChanged)
}

// Models lists the known models.
func (s *State) Models() []*Model { return s.models }

// Current returns the current model, or nil if there is none.
func (s *State) Current() *Model {
	if s.current < 0 || s.current >= len(s.models) {
		return nil
	}
	return s.models[s.current]
}

// AddModel adds a model and, if current, makes it the current one.
func (s *State) AddModel(m *Model, current bool) {
	s.models = append(s.models, m)
	if current || s.current < 0 {
		s.current = len(s.models) - 1
	}
	s.notify(ModelChanged)
}

// SetCurrent makes models[i] the current model.
func (s *State) SetCurrent(i int) {
	if i < 0 || i >= len(s.models) || i == s.current {
		return
	}
	s.current = i
	s.notify(ModelChanged)
}
