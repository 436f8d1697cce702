package metrics

import "gonum.org/v1/gonum/mat"

// Scores are how a clustering lines up with the true classes.
type Scores struct {
	ARI, NMI, Purity float64
	// Points is the number of points scored (a clustering without its
	// noise may score fewer than all).
	Points int
}

// Score compares the cluster ids pred with the true classes truth (each
// in [0, classes)): the ARI, NMI and purity of the points, leaving out
// those whose id is Noise (−1) when dropNoise is set, and the Mapping of
// every cluster (all points, minimum share 0.1; x orders the misclustered
// members, as in Mapping). If dropNoise leaves no point, the scores are
// zero with Points 0. Errors are those of the metrics.
//
// It is the one scoring of the command line's analyze and the window's
// Clusters tab.
func Score(x *mat.Dense, truth, pred []int, classes int, dropNoise bool) (*Scores, []ClusterInfo, error) {
	mapping, err := Mapping(x, truth, pred, classes, 0.1)
	if err != nil {
		return nil, nil, err
	}
	t, p := truth, pred
	if dropNoise {
		t, p = nil, nil
		for i, c := range pred {
			if c != Noise {
				t, p = append(t, truth[i]), append(p, c)
			}
		}
	}
	if len(p) == 0 {
		return &Scores{}, mapping, nil
	}
	s := &Scores{Points: len(p)}
	if s.ARI, err = ARI(t, p); err != nil {
		return nil, nil, err
	}
	if s.NMI, err = NMI(t, p); err != nil {
		return nil, nil, err
	}
	if s.Purity, err = Purity(t, p); err != nil {
		return nil, nil, err
	}
	return s, mapping, nil
}
