package dataset

import (
	"fmt"
	"io"
	"strings"
)

// Report describes where a data set came from and what it holds: the
// source report of `fashionlens data info` and the Dataset tab.
type Report struct {
	// Source is the origin of the data set as a whole (see Dataset.Source).
	Source Origin `json:"source"`
	// Splits holds the available splits by name; a missing split is absent.
	Splits map[string]SplitReport `json:"splits"`
	// Searched lists the folders looked in, in order.
	Searched []Location `json:"searched"`
	// Missing names the splits that no source has.
	Missing []string `json:"missing,omitempty"`
	// Damaged says, by split, why a split that was found could not be
	// read (Dataset.Damaged).
	Damaged map[string]string `json:"damaged,omitempty"`
	// Help says how to get the missing splits.
	Help string `json:"help,omitempty"`
}

// SplitReport describes one split.
type SplitReport struct {
	Count    int        `json:"count"`
	PerClass []int      `json:"per_class"`
	Origin   Origin     `json:"origin"`
	Dir      string     `json:"dir,omitempty"`
	Files    []FileInfo `json:"files"`
}

// Report returns the data set's source report.
func (d *Dataset) Report() Report {
	r := Report{Source: d.Source(), Splits: map[string]SplitReport{}, Searched: d.Searched}
	for _, name := range SplitNames {
		s := d.Split(name)
		if s == nil {
			r.Missing = append(r.Missing, name)
			continue
		}
		r.Splits[name] = SplitReport{
			Count:    s.Len(),
			PerClass: s.ClassCounts(),
			Origin:   s.Origin,
			Dir:      s.Dir,
			Files:    []FileInfo{s.Images, s.Label},
		}
	}
	for name, err := range d.Damaged {
		if r.Damaged == nil {
			r.Damaged = map[string]string{}
		}
		r.Damaged[name] = err.Error()
	}
	if d.Train == nil {
		r.Help = MissingTrainHelp
	}
	return r
}

// WriteText writes the report for people to read.
func (r Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Source: %s\n", r.Source.Describe())
	for _, name := range SplitNames {
		s, ok := r.Splits[name]
		if !ok {
			continue
		}
		where := s.Dir
		if where == "" {
			where = "inside the binary"
		}
		fmt.Fprintf(&b, "\n%s split: %d images, from the %s (%s)\n", name, s.Count, s.Origin.Describe(), where)
		for _, f := range s.Files {
			v := "verified: matches Fashion-MNIST's SHA-256"
			if !f.Verified {
				v = "NOT verified: content differs from Fashion-MNIST's published file"
			}
			fmt.Fprintf(&b, "  %s (%s)\n", f.Path, v)
		}
		for c, n := range s.PerClass {
			fmt.Fprintf(&b, "  %d %-12s %6d\n", c, ClassNames[c], n)
		}
	}
	for _, name := range SplitNames {
		if why, ok := r.Damaged[name]; ok {
			fmt.Fprintf(&b, "\n%s split: could not be read: %s\n", name, why)
		}
	}
	for _, name := range r.Missing {
		if _, ok := r.Damaged[name]; !ok {
			fmt.Fprintf(&b, "\n%s split: not available\n", name)
		}
	}
	if len(r.Searched) > 0 {
		b.WriteString("\nSearched:\n")
		for _, l := range r.Searched {
			fmt.Fprintf(&b, "  %-8s %s\n", l.Origin, l.Dir)
		}
	}
	if r.Help != "" {
		fmt.Fprintf(&b, "\nNote: %s.\n", r.Help)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
