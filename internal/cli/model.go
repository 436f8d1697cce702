package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/fashionlens/fashionlens/model"
	"github.com/fashionlens/fashionlens/model/checkpoint"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// loadData finds the data set as the window does (dir, if given, is the
// only folder searched), without downloading.
func loadData(ctx context.Context, dir string) (*dataset.Dataset, error) {
	return dataset.Load(ctx, dataset.LoadOptions{Locations: dataset.Search(dir)})
}

// computeDevice names where the network runs.
func computeDevice() string { return "CPU (" + model.Backend() + ")" }

// openModel loads --model: a checkpoint file, or "bundled" for the
// embedded model of the scheme.
func openModel(spec string, scheme *dataset.Scheme) (*model.Net, *checkpoint.Checkpoint, error) {
	if spec == "bundled" {
		if scheme == nil {
			scheme = dataset.Fashion10
		}
		return model.Bundled(scheme)
	}
	n, c, err := model.Load(spec)
	if err != nil {
		return nil, nil, err
	}
	if scheme != nil && n.Scheme != scheme {
		return nil, nil, fmt.Errorf("%s was trained on the %s scheme, not %s", spec, n.Scheme.Name, scheme.Name)
	}
	return n, c, nil
}

// schemeFlag parses an optional --scheme value.
func schemeFlag(name string) (*dataset.Scheme, error) {
	if name == "" {
		return nil, nil
	}
	return dataset.SchemeByName(name)
}

// modelFlags checks the --model and --scheme flags of a command that
// runs a model: --model is required, and --scheme names a scheme or is
// empty. It returns the scheme (nil for none).
func modelFlags(model, scheme string) (*dataset.Scheme, error) {
	s, err := schemeFlag(scheme)
	if err == nil && model == "" {
		err = errors.New("--model is required: a checkpoint file, or bundled")
	}
	return s, err
}
