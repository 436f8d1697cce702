package dataset

import (
	"path/filepath"
	"strings"
)

// KnownSHA256 holds the SHA-256 of the decompressed Fashion-MNIST files,
// by upstream file name without .gz. Upstream's gzip files and Debian's
// recompressed ones decompress to the same bytes, so both verify.
var KnownSHA256 = map[string]string{
	"train-images-idx3-ubyte": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
	"train-labels-idx1-ubyte": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
	"t10k-images-idx3-ubyte":  "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
	"t10k-labels-idx1-ubyte":  "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
}

// KnownSize holds the size of the decompressed Fashion-MNIST files, by
// upstream file name without .gz: the IDX header and one byte per label
// or pixel.
var KnownSize = map[string]int64{
	"train-images-idx3-ubyte": 16 + 60000*28*28,
	"train-labels-idx1-ubyte": 8 + 60000,
	"t10k-images-idx3-ubyte":  16 + 10000*28*28,
	"t10k-labels-idx1-ubyte":  8 + 10000,
}

// knownSum returns the published SHA-256 for a file path, judged by its
// base name, or "" if the name is not a Fashion-MNIST file name.
func knownSum(path string) string {
	base := filepath.Base(strings.TrimPrefix(path, "embedded:"))
	return KnownSHA256[strings.TrimSuffix(base, ".gz")]
}
