package dataset

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Origin says where a split came from.
type Origin string

// The places a split can come from, in the order they are searched
// (embedded last, and only for the test split).
const (
	OriginFolder   Origin = "folder"   // a folder the user chose (--data, or in the app)
	OriginEnv      Origin = "env"      // $FASHIONLENS_DATA
	OriginCache    Origin = "cache"    // the user cache dir
	OriginSystem   Origin = "system"   // Debian's dataset-fashion-mnist
	OriginDownload Origin = "download" // downloaded into the cache just now
	OriginEmbedded Origin = "embedded" // the test split bundled in the binary
)

// Describe returns a short human description of the origin.
func (o Origin) Describe() string {
	switch o {
	case OriginFolder:
		return "chosen folder"
	case OriginEnv:
		return "$" + EnvVar
	case OriginCache:
		return "download cache"
	case OriginSystem:
		return "Debian package dataset-fashion-mnist"
	case OriginDownload:
		return "downloaded"
	case OriginEmbedded:
		return "bundled test split"
	}
	return string(o)
}

// EnvVar names the environment variable that points at a data folder.
const EnvVar = "FASHIONLENS_DATA"

// SystemDir is where Debian's dataset-fashion-mnist installs the files.
// Search looks there on systems that have such a folder (systemData), not
// on Windows, where the path would name a folder of the current drive.
const SystemDir = "/usr/share/datasets/fashion-mnist"

// Location is a folder to search, and what kind of source it is.
type Location struct {
	Origin Origin `json:"origin"`
	Dir    string `json:"dir"`
}

// CacheDir returns the folder downloads go to: os.UserCacheDir()/fashionlens.
func CacheDir() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("find the user cache folder: %w", err)
	}
	return filepath.Join(d, "fashionlens"), nil
}

// Search returns the folders to look in, in order. A folder the user chose
// (dir, from a flag or the app) is the only one searched: the user's
// choice is never silently replaced by another source. Otherwise the
// order is $FASHIONLENS_DATA, the user cache dir, then Debian's package
// (not on Windows).
func Search(dir string) []Location {
	if dir != "" {
		return []Location{{OriginFolder, dir}}
	}
	var locs []Location
	if env := os.Getenv(EnvVar); env != "" {
		locs = append(locs, Location{OriginEnv, env})
	}
	if c, err := CacheDir(); err == nil {
		locs = append(locs, Location{OriginCache, c})
	}
	if systemData {
		locs = append(locs, Location{OriginSystem, SystemDir})
	}
	return locs
}

// Dataset is the data the app works on: the train split if one was
// found, and always a test split (the embedded one if no folder has it).
type Dataset struct {
	Train *Split // nil when no source has the train split
	Test  *Split
	// Searched lists the folders that were looked in, in order.
	Searched []Location
	// Damaged holds, with LoadOptions.Lenient, the error of each split
	// (by name) whose files were found but could not be read; it names the
	// folder and the file (a FileError where one file was at fault). Such
	// a split is missing, or for the test split the embedded one.
	Damaged map[string]error
}

// Split returns the named split, or nil if it is not available.
func (d *Dataset) Split(name string) *Split {
	switch name {
	case Train:
		return d.Train
	case Test:
		return d.Test
	}
	return nil
}

// DamagedFile returns the base name of the file that made a split
// unusable (Damaged), or "" when there is none or no single file was at
// fault.
func (d *Dataset) DamagedFile(split string) string {
	var fe *FileError
	if errors.As(d.Damaged[split], &fe) {
		return filepath.Base(fe.Path)
	}
	return ""
}

// Source returns where the data set came from: the train split's origin,
// or the test split's if there is no train split.
func (d *Dataset) Source() Origin {
	if d.Train != nil {
		return d.Train.Origin
	}
	return d.Test.Origin
}

// MissingTrainHelp says how to get the train split, for messages shown
// when it is missing.
const MissingTrainHelp = "the train split is missing: run 'fashionlens data fetch' to download it (about 30 MB), " +
	"install Debian's package with 'sudo apt-get install dataset-fashion-mnist', " +
	"or point --data or $" + EnvVar + " at a folder holding train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz]"

// LoadOptions control Load.
type LoadOptions struct {
	// Locations are searched in order; see Search.
	Locations []Location
	// DownloadTo, if not empty, is the folder the train split is downloaded
	// into when no location has it. Empty means never download.
	DownloadTo string
	// Fetch configures the download.
	Fetch FetchOptions
	// Lenient makes a split whose files cannot be read missing instead
	// of failing the load, its error kept in Dataset.Damaged: the test
	// split then falls back to the embedded one. The window loads so;
	// the command line, which needs what it asked for, does not.
	Lenient bool
}

// Load finds each split in the first location that has it. A file that
// exists but is malformed is an error, never skipped (with opts.Lenient,
// the split is missing and the error kept in Damaged; later locations are
// not searched for it). When no location has the test split, the
// embedded one is used; when none has the train split
// and opts.DownloadTo is set, it is downloaded and verified first.
func Load(ctx context.Context, opts LoadOptions) (*Dataset, error) {
	d := &Dataset{Searched: opts.Locations}
	for _, name := range SplitNames {
		for _, loc := range opts.Locations {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			s, err := ReadSplit(loc.Dir, name)
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				err = fmt.Errorf("load the %s split from the %s (%s): %w", name, loc.Origin.Describe(), loc.Dir, err)
				if !opts.Lenient {
					return nil, err
				}
				if d.Damaged == nil {
					d.Damaged = map[string]error{}
				}
				d.Damaged[name] = err
				break
			}
			s.Origin = loc.Origin
			if name == Train {
				d.Train = s
			} else {
				d.Test = s
			}
			break
		}
	}
	if d.Train == nil && opts.DownloadTo != "" {
		if err := Fetch(ctx, opts.DownloadTo, []string{Train}, opts.Fetch); err != nil {
			return nil, err
		}
		s, err := ReadSplit(opts.DownloadTo, Train)
		if err != nil {
			return nil, fmt.Errorf("load the downloaded train split: %w", err)
		}
		s.Origin = OriginDownload
		d.Train = s
	}
	if d.Test == nil {
		s, err := Embedded()
		if err != nil {
			return nil, fmt.Errorf("load the bundled test split: %w", err)
		}
		d.Test = s
	}
	return d, nil
}
