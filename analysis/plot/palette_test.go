package plot

import (
	"image/color"
	"math"
	"testing"

	"gonum.org/v1/plot/vg/draw"
)

func TestPaletteDistinct(t *testing.T) {
	seen := map[color.NRGBA]int{}
	for i, c := range Palette {
		if c.A != 0xFF {
			t.Errorf("Palette[%d] = %v is not opaque", i, c)
		}
		if j, ok := seen[c]; ok {
			t.Errorf("Palette[%d] = Palette[%d] = %v", i, j, c)
		}
		seen[c] = i
	}
	if len(seen) != 10 {
		t.Errorf("%d distinct colours, want 10", len(seen))
	}
}

// TestPaletteColourBlindSafe checks that every two palette colours differ
// by a CIEDE2000 ΔE of at least 10 under normal vision and under simulated
// protanopia, deuteranopia and tritanopia (Machado et al. 2009, severity
// 1), and that every colour stands apart from the white background and
// the noise grey.
func TestPaletteColourBlindSafe(t *testing.T) {
	const minDE = 10
	for _, v := range visions {
		for i := range Palette {
			for j := i + 1; j < len(Palette); j++ {
				if d := deltaE(v.see(Palette[i]), v.see(Palette[j])); d < minDE {
					t.Errorf("%s: colours %d %v and %d %v differ by ΔE %.1f < %d", v.name, i, Palette[i], j, Palette[j], d, minDE)
				}
			}
		}
	}
	white := color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
	for i, c := range Palette {
		if d := deltaE(c, white); d < 12 {
			t.Errorf("colour %d %v is too close to white: ΔE %.1f", i, c, d)
		}
		if d := deltaE(c, NoiseColor); d < 10 {
			t.Errorf("colour %d %v is too close to the noise grey: ΔE %.1f", i, c, d)
		}
	}
	// The checker itself: identical colours are 0 apart, black and white
	// 100.
	if d := deltaE(white, color.NRGBA{0, 0, 0, 0xFF}); math.Abs(d-100) > 0.01 {
		t.Errorf("ΔE(white, black) = %v, want 100", d)
	}
}

// TestDeltaE checks the colour difference against pairs of Sharma, Wu and
// Dalal's test data.
func TestDeltaE(t *testing.T) {
	for _, c := range []struct{ l1, a1, b1, l2, a2, b2, want float64 }{
		{50, 2.6772, -79.7751, 50, 0, -82.7485, 2.0425},
		{50, 0, 0, 50, -1, 2, 2.3669},
		{50, 2.5, 0, 73, 25, -18, 27.1492},
		{60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644},
	} {
		if got := deltaELab(c.l1, c.a1, c.b1, c.l2, c.a2, c.b2); math.Abs(got-c.want) > 1e-4 {
			t.Errorf("ΔE(%v %v %v; %v %v %v) = %.4f, want %.4f", c.l1, c.a1, c.b1, c.l2, c.a2, c.b2, got, c.want)
		}
	}
}

func TestCategoryColorAndGlyph(t *testing.T) {
	if CategoryColor(Noise) != NoiseColor {
		t.Errorf("noise colour = %v", CategoryColor(Noise))
	}
	for c := range 30 {
		if CategoryColor(c) != Palette[c%10] {
			t.Errorf("CategoryColor(%d) = %v, want Palette[%d]", c, CategoryColor(c), c%10)
		}
	}
	if _, ok := CategoryGlyph(3).(draw.CircleGlyph); !ok {
		t.Errorf("category 3 glyph is %T, want a circle", CategoryGlyph(3))
	}
	if _, ok := CategoryGlyph(13).(draw.CircleGlyph); ok {
		t.Error("category 13 has the same glyph as category 3")
	}
	if CategoryGlyph(13) != CategoryGlyph(19) {
		t.Error("categories 13 and 19 should share a glyph")
	}
	if _, ok := CategoryGlyph(Noise).(draw.CircleGlyph); !ok {
		t.Errorf("noise glyph is %T", CategoryGlyph(Noise))
	}
}

// visions are normal vision and the three dichromacies, as simulated by
// Machado, Oliveira and Fernandes (2009) at severity 1 (matrices on
// linear RGB).
var visions = []vision{
	{"normal vision", nil},
	{"protanopia", &[3][3]float64{{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}}},
	{"deuteranopia", &[3][3]float64{{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}}},
	{"tritanopia", &[3][3]float64{{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}}},
}

// vision is a way of seeing colours: m maps linear RGB to what a viewer
// with a colour-vision deficiency sees; nil is normal vision.
type vision struct {
	name string
	m    *[3][3]float64
}

// see returns c as seen with v.
func (v vision) see(c color.NRGBA) color.NRGBA {
	if v.m == nil {
		return c
	}
	l := [3]float64{linear(c.R), linear(c.G), linear(c.B)}
	var out [3]uint8
	for i, row := range v.m {
		s := row[0]*l[0] + row[1]*l[1] + row[2]*l[2]
		s = max(0, min(1, s))
		if s <= 0.0031308 {
			s *= 12.92
		} else {
			s = 1.055*math.Pow(s, 1/2.4) - 0.055
		}
		out[i] = uint8(math.Round(255 * s))
	}
	return color.NRGBA{out[0], out[1], out[2], 0xFF}
}

// lab converts an opaque sRGB colour to CIELAB (D65).
func lab(c color.NRGBA) (l, a, b float64) {
	r, g, bl := linear(c.R), linear(c.G), linear(c.B)
	x := (0.4124564*r + 0.3575761*g + 0.1804375*bl) / 0.95047
	y := 0.2126729*r + 0.7151522*g + 0.0721750*bl
	z := (0.0193339*r + 0.1191920*g + 0.9503041*bl) / 1.08883
	f := func(t float64) float64 {
		if t > 216.0/24389 {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	fx, fy, fz := f(x), f(y), f(z)
	return 116*fy - 16, 500 * (fx - fy), 200 * (fy - fz)
}

// deltaE returns the CIEDE2000 colour difference of two colours.
func deltaE(c1, c2 color.NRGBA) float64 {
	L1, a1, b1 := lab(c1)
	L2, a2, b2 := lab(c2)
	return deltaELab(L1, a1, b1, L2, a2, b2)
}

// deltaELab returns the CIEDE2000 difference of two CIELAB colours (G.
// Sharma, W. Wu and E. N. Dalal, "The CIEDE2000 color-difference
// formula", Color Research and Application 30, 2005).
func deltaELab(L1, a1, b1, L2, a2, b2 float64) float64 {
	rad := math.Pi / 180
	pow7 := func(v float64) float64 { return v * v * v * v * v * v * v }
	cb := (math.Hypot(a1, b1) + math.Hypot(a2, b2)) / 2
	g := 0.5 * (1 - math.Sqrt(pow7(cb)/(pow7(cb)+pow7(25))))
	a1, a2 = (1+g)*a1, (1+g)*a2
	C1, C2 := math.Hypot(a1, b1), math.Hypot(a2, b2)
	hue := func(b, a float64) float64 {
		if a == 0 && b == 0 {
			return 0
		}
		return math.Mod(math.Atan2(b, a)/rad+360, 360)
	}
	h1, h2 := hue(b1, a1), hue(b2, a2)
	dL, dC := L2-L1, C2-C1
	var dh float64
	if C1*C2 != 0 {
		dh = h2 - h1
		switch {
		case dh > 180:
			dh -= 360
		case dh < -180:
			dh += 360
		}
	}
	dH := 2 * math.Sqrt(C1*C2) * math.Sin(dh*rad/2)
	Lm, Cm := (L1+L2)/2, (C1+C2)/2
	hm := h1 + h2
	if C1*C2 != 0 {
		switch {
		case math.Abs(h1-h2) <= 180:
			hm /= 2
		case h1+h2 < 360:
			hm = (hm + 360) / 2
		default:
			hm = (hm - 360) / 2
		}
	}
	T := 1 - 0.17*math.Cos((hm-30)*rad) + 0.24*math.Cos(2*hm*rad) + 0.32*math.Cos((3*hm+6)*rad) - 0.20*math.Cos((4*hm-63)*rad)
	dTheta := 30 * math.Exp(-math.Pow((hm-275)/25, 2))
	RC := 2 * math.Sqrt(pow7(Cm)/(pow7(Cm)+pow7(25)))
	SL := 1 + 0.015*(Lm-50)*(Lm-50)/math.Sqrt(20+(Lm-50)*(Lm-50))
	SC := 1 + 0.045*Cm
	SH := 1 + 0.015*Cm*T
	RT := -math.Sin(2*dTheta*rad) * RC
	return math.Sqrt((dL/SL)*(dL/SL) + (dC/SC)*(dC/SC) + (dH/SH)*(dH/SH) + RT*(dC/SC)*(dH/SH))
}
