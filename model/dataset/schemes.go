package dataset

import (
	"fmt"
	"strings"
)

// ClassNames are the ten Fashion-MNIST classes, indexed by original label.
var ClassNames = [NumClasses]string{
	"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
	"Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
}

// Scheme is a labelling of the data: the ten original classes, or a
// grouping of them. Its mapping is a pure function of the original label.
type Scheme struct {
	// Name identifies the scheme in flags, files and preferences.
	Name string
	// Title is a short human description.
	Title string
	// Classes are the display names of the scheme's classes.
	Classes []string
	// of maps an original label (0..9) to the scheme's class.
	of [NumClasses]uint8
}

// NumClasses returns how many classes the scheme has.
func (s *Scheme) NumClasses() int { return len(s.Classes) }

// Class maps an original Fashion-MNIST label (0..9) to the scheme's class.
// It panics on a label out of range; labels read by this package are
// always in range.
func (s *Scheme) Class(label uint8) int { return int(s.of[label]) }

// Members returns the original labels that make up class c.
func (s *Scheme) Members(c int) []int {
	var m []int
	for l, g := range s.of {
		if int(g) == c {
			m = append(m, l)
		}
	}
	return m
}

// Fashion10 is the identity scheme: the ten standard classes.
var Fashion10 = &Scheme{
	Name:    "fashion10",
	Title:   "10 classes",
	Classes: ClassNames[:],
	of:      [NumClasses]uint8{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
}

// Groups5 is the original study's grouping of the ten classes into five:
// 0 = {T-shirt/top, Shirt}, 1 = {Sandal}, 2 = {Trouser, Pullover},
// 3 = {Sneaker, Bag}, 4 = {Dress, Coat, Ankle boot}.
var Groups5 = &Scheme{
	Name:  "groups5",
	Title: "5 groups of the original study",
	Classes: []string{
		"T-shirt/top + Shirt",
		"Sandal",
		"Trouser + Pullover",
		"Sneaker + Bag",
		"Dress + Coat + Ankle boot",
	},
	//                   T  Tr P  D  C  Sa Sh Sn B  AB
	of: [NumClasses]uint8{0, 2, 2, 4, 4, 1, 0, 3, 3, 4},
}

// Schemes lists the available label schemes, the default first.
var Schemes = []*Scheme{Fashion10, Groups5}

// SchemeByName returns the scheme with the given name.
func SchemeByName(name string) (*Scheme, error) {
	for _, s := range Schemes {
		if s.Name == name {
			return s, nil
		}
	}
	names := make([]string, len(Schemes))
	for i, s := range Schemes {
		names[i] = s.Name
	}
	return nil, fmt.Errorf("unknown label scheme %q (want one of %s)", name, strings.Join(names, ", "))
}
