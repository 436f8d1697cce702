// Package augment makes label-preserving variants of 28×28 training
// images on the fly: a random translation with zero padding and a random
// left–right mirror. Every draw comes from a seed and the image's place in
// the run, so a run is reproducible whatever the timing of the goroutine
// that prepares its batches.
package augment

// Side is the width and height of an image, in pixels.
const Side = 28

// Size is the number of pixels of an image.
const Size = Side * Side

// Policy says which transforms to draw.
type Policy struct {
	Shift int  // largest translation in either direction, pixels; 0: none
	Flip  bool // mirror left–right with probability ½
}

// On reports whether the policy changes any image.
func (p Policy) On() bool { return p.Shift > 0 || p.Flip }

// Transform is one drawn variant: the image moves DX pixels right and DY
// down (negative: left, up), after an optional mirror.
type Transform struct {
	DX, DY int
	Flip   bool
}

// Draw returns the transform for the random value r (64 uniform bits, see
// Mix). DX and DY are uniform in [−Shift, Shift].
func (p Policy) Draw(r uint64) Transform {
	var t Transform
	if p.Shift > 0 {
		n := uint64(2*p.Shift + 1)
		t.DX = int(r%n) - p.Shift
		t.DY = int((r>>16)%n) - p.Shift
	}
	t.Flip = p.Flip && (r>>40)&1 == 1
	return t
}

// Mix returns 64 well-mixed bits from a seed and up to two counters (the
// epoch and the image's position, say): a SplitMix64 finaliser over their
// combination.
func Mix(seed, a, b uint64) uint64 {
	x := seed ^ mix(a+0x9e3779b97f4a7c15) ^ mix(b^0xbf58476d1ce4e5b9)
	return mix(x)
}

func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// ImageTo writes src (Size pixels, row-major, 0–255) transformed by t into
// dst (Size values) as float32 in [0, 1]. Pixels moved in from outside
// the image are 0, the background of Fashion-MNIST.
func ImageTo(dst []float32, src []uint8, t Transform) {
	dst, src = dst[:Size], src[:Size]
	const inv = 1.0 / 255
	for y := range Side {
		row := dst[y*Side : (y+1)*Side]
		sy := y - t.DY
		if sy < 0 || sy >= Side {
			clear(row)
			continue
		}
		in := src[sy*Side : (sy+1)*Side]
		// Output column x reads source column x−DX, mirrored if Flip.
		lo, hi := max(0, t.DX), min(Side, Side+t.DX)
		clear(row[:lo])
		clear(row[hi:])
		if t.Flip {
			for x := lo; x < hi; x++ {
				row[x] = float32(in[Side-1-(x-t.DX)]) * inv
			}
			continue
		}
		for x := lo; x < hi; x++ {
			row[x] = float32(in[x-t.DX]) * inv
		}
	}
}
