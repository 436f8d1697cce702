package gui

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"

	"github.com/fashionlens/fashionlens/internal/atomicfile"
	"github.com/fashionlens/fashionlens/model/dataset"
	"github.com/fashionlens/fashionlens/resources"
)

// resultCache keeps expensive results (features, t-SNE layouts) on disk,
// keyed by the model's fingerprint, the data and the parameters, so that
// reopening the app restores them at once. A cache that cannot be used
// (no cache folder, a full disk) only costs recomputation.
type resultCache struct{ dir string }

// cacheMagic starts every cache file; a file without it, of the wrong
// size, whose SHA-256 (its last 32 bytes, of all before them) does not
// match, or holding a value that is not finite, is ignored and
// recomputed. FLCACHE1 files (no checksum) are of an older version.
const cacheMagic = "FLCACHE2"

// newResultCache returns the cache in the user's cache folder, or a
// disabled one if there is none.
func newResultCache() *resultCache {
	d, err := dataset.CacheDir()
	if err != nil {
		return &resultCache{}
	}
	return &resultCache{dir: filepath.Join(d, "results")}
}

// cacheKey hashes the parts that identify a result.
func cacheKey(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:%s\n", len(p), p)
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

func (c *resultCache) path(kind, key string) string { return filepath.Join(c.dir, kind+"-"+key+".bin") }

// storeFloats writes rows×cols float64 values (as float32 when f32).
func (c *resultCache) storeFloats(kind, key string, rows, cols int, vals []float64, f32 bool) error {
	if c.dir == "" {
		return nil
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return err
	}
	return atomicfile.Write(c.path(kind, key), func(w io.Writer) error {
		var b bytes.Buffer
		b.WriteString(cacheMagic)
		flag := uint32(0)
		if f32 {
			flag = 1
		}
		binary.Write(&b, binary.LittleEndian, [3]uint32{uint32(rows), uint32(cols), flag})
		for _, v := range vals {
			if f32 {
				binary.Write(&b, binary.LittleEndian, math.Float32bits(float32(v)))
			} else {
				binary.Write(&b, binary.LittleEndian, math.Float64bits(v))
			}
		}
		sum := sha256.Sum256(b.Bytes())
		b.Write(sum[:])
		_, err := w.Write(b.Bytes())
		return err
	})
}

// loadFloats reads what storeFloats wrote, if it is there and has the
// expected shape.
func (c *resultCache) loadFloats(kind, key string, rows, cols int) ([]float64, error) {
	if c.dir == "" {
		return nil, errors.New("no cache folder")
	}
	b, err := os.ReadFile(c.path(kind, key))
	if err != nil {
		return nil, err
	}
	return parseFloats(b, rows, cols)
}

// parseFloats reads the contents of a file that storeFloats wrote, if it
// has the expected shape.
func parseFloats(b []byte, rows, cols int) ([]float64, error) {
	if len(b) < len(cacheMagic)+12+sha256.Size || string(b[:len(cacheMagic)]) != cacheMagic {
		return nil, errors.New("not a cache file of this version")
	}
	body, sum := b[:len(b)-sha256.Size], b[len(b)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return nil, errors.New("damaged cache file: its checksum does not match")
	}
	b = body[len(cacheMagic):]
	r, cl, flag := binary.LittleEndian.Uint32(b), binary.LittleEndian.Uint32(b[4:]), binary.LittleEndian.Uint32(b[8:])
	b = b[12:]
	size := 8
	if flag == 1 {
		size = 4
	}
	if flag > 1 || int64(r) != int64(rows) || int64(cl) != int64(cols) || int64(len(b)) != int64(rows)*int64(cols)*int64(size) {
		return nil, errors.New("cache file of another shape")
	}
	vals := make([]float64, rows*cols)
	for i := range vals {
		if size == 4 {
			vals[i] = float64(math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:])))
		} else {
			vals[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
		}
		if math.IsNaN(vals[i]) || math.IsInf(vals[i], 0) {
			return nil, fmt.Errorf("damaged cache file: value %d is %v", i, vals[i])
		}
	}
	return vals, nil
}

// shippedFloats reads a result shipped in the binary (resources.Results):
// the cache file storeFloats would write for kind and key, compressed
// with gzip. The bundled models' features of the embedded test split are
// shipped, so that the first start shows its maps without running the
// network.
func shippedFloats(kind, key string, rows, cols int) ([]float64, error) {
	f, err := resources.Results.Open(shippedName(kind, key))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(io.LimitReader(z, int64(len(cacheMagic)+12+8*rows*cols)+1))
	if err != nil {
		return nil, err
	}
	return parseFloats(b, rows, cols)
}

// shippedName is the name in resources.Results of a shipped result.
func shippedName(kind, key string) string { return "results/" + kind + "-" + key + ".bin.gz" }
