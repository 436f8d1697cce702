package augment

import (
	"math"
	"testing"
)

// ref is the transform written the slow, obvious way: output pixel (x, y)
// is source pixel (x−DX, y−DY) of the (mirrored) image, 0 outside.
func ref(src []uint8, t Transform) []float32 {
	out := make([]float32, Size)
	for y := range Side {
		for x := range Side {
			sx, sy := x-t.DX, y-t.DY
			if sx < 0 || sx >= Side || sy < 0 || sy >= Side {
				continue
			}
			if t.Flip {
				sx = Side - 1 - sx
			}
			out[y*Side+x] = float32(src[sy*Side+sx]) / 255
		}
	}
	return out
}

func testImage() []uint8 {
	src := make([]uint8, Size)
	for i := range src {
		src[i] = uint8((i*37 + i/Side*11) % 256)
	}
	return src
}

func TestImageToMatchesReference(t *testing.T) {
	src := testImage()
	dst := make([]float32, Size)
	for dx := -3; dx <= 3; dx++ {
		for dy := -3; dy <= 3; dy++ {
			for _, flip := range []bool{false, true} {
				tr := Transform{DX: dx, DY: dy, Flip: flip}
				for i := range dst {
					dst[i] = -1 // every value must be written
				}
				ImageTo(dst, src, tr)
				want := ref(src, tr)
				for i := range want {
					if math.Abs(float64(dst[i]-want[i])) > 1e-7 {
						t.Fatalf("%+v: pixel (%d, %d) is %v, want %v", tr, i%Side, i/Side, dst[i], want[i])
					}
				}
			}
		}
	}
}

func TestIdentityIsPlainScaling(t *testing.T) {
	src := testImage()
	dst := make([]float32, Size)
	ImageTo(dst, src, Transform{})
	for i, p := range src {
		if dst[i] != float32(p)*(1.0/255) {
			t.Fatalf("pixel %d: %v from %d", i, dst[i], p)
		}
	}
}

func TestFlipTwiceIsIdentity(t *testing.T) {
	src := testImage()
	once := make([]float32, Size)
	ImageTo(once, src, Transform{Flip: true})
	back := make([]uint8, Size)
	for i, v := range once {
		back[i] = uint8(math.Round(float64(v) * 255))
	}
	twice := make([]float32, Size)
	ImageTo(twice, back, Transform{Flip: true})
	for i, p := range src {
		if twice[i] != float32(p)*(1.0/255) {
			t.Fatalf("pixel %d: %v after two flips, was %d", i, twice[i], p)
		}
	}
}

// The draws cover every shift and both mirror states about equally, and
// a policy that is off draws the identity.
func TestDrawIsUniform(t *testing.T) {
	p := Policy{Shift: 2, Flip: true}
	const n = 50000
	dx, dy := map[int]int{}, map[int]int{}
	flips := 0
	for i := range uint64(n) {
		tr := p.Draw(Mix(7, 3, i))
		if tr.DX < -2 || tr.DX > 2 || tr.DY < -2 || tr.DY > 2 {
			t.Fatalf("draw %d: %+v outside the policy", i, tr)
		}
		dx[tr.DX]++
		dy[tr.DY]++
		if tr.Flip {
			flips++
		}
	}
	for v := -2; v <= 2; v++ {
		for name, m := range map[string]map[int]int{"dx": dx, "dy": dy} {
			if got := float64(m[v]) / n; math.Abs(got-0.2) > 0.01 {
				t.Errorf("%s = %d in %.3f of draws, want 0.2", name, v, got)
			}
		}
	}
	if got := float64(flips) / n; math.Abs(got-0.5) > 0.01 {
		t.Errorf("flips in %.3f of draws", got)
	}
	if tr := (Policy{}).Draw(12345); tr != (Transform{}) {
		t.Errorf("an empty policy drew %+v", tr)
	}
	if (Policy{}).On() || !(Policy{Flip: true}).On() || !(Policy{Shift: 1}).On() {
		t.Error("On is wrong")
	}
}

func TestMixDependsOnEveryInput(t *testing.T) {
	base := Mix(1, 2, 3)
	for _, v := range []uint64{Mix(2, 2, 3), Mix(1, 3, 3), Mix(1, 2, 4), Mix(1, 3, 2)} {
		if v == base {
			t.Errorf("Mix collides: %x", v)
		}
	}
	if Mix(1, 2, 3) != base {
		t.Error("Mix is not a function of its inputs")
	}
}

func BenchmarkImageTo(b *testing.B) {
	src := testImage()
	dst := make([]float32, Size)
	p := Policy{Shift: 2, Flip: true}
	var i uint64
	for b.Loop() {
		ImageTo(dst, src, p.Draw(Mix(1, 0, i)))
		i++
	}
}
