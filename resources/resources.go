// Package resources holds the assets embedded in the Fashion Lens binary:
// the Fashion-MNIST test split with its licence notice, and the bundled
// trained models.
//
// The package only exposes bytes; parsing them is the job of
// model/dataset, so that nothing here can fail at start-up.
package resources

import "embed"

// TestImagesGz is t10k-images-idx3-ubyte.gz, the 10,000 test images of
// Fashion-MNIST, gzip-compressed IDX.
//
//go:embed fashion-mnist/t10k-images-idx3-ubyte.gz
var TestImagesGz []byte

// TestLabelsGz is t10k-labels-idx1-ubyte.gz, the labels of the test images.
//
//go:embed fashion-mnist/t10k-labels-idx1-ubyte.gz
var TestLabelsGz []byte

// FashionMNISTLicense is the MIT licence notice (copyright Zalando SE) that
// must travel with the bundled split; the About dialog shows it.
//
//go:embed fashion-mnist/LICENSE
var FashionMNISTLicense string

// Names of the embedded files, as they would be named on disk.
const (
	TestImagesName = "t10k-images-idx3-ubyte.gz"
	TestLabelsName = "t10k-labels-idx1-ubyte.gz"
)

// Models holds the bundled model checkpoints, models/<preset>-<scheme>.ckpt,
// and a README saying how they were made.
//
//go:embed models
var Models embed.FS

// Results holds results shipped with the binary, so that the first start
// needs no computation: the bundled models' encoded features, predictions
// and probabilities of the embedded test split, results/features-KEY.bin.gz,
// in the app's cache format (gui/cache.go) under the app's cache keys.
// `make shipped-results` writes them; a test in gui checks that they
// match the bundled models. The README says how they were made.
//
//go:embed results
var Results embed.FS
