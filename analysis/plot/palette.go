package plot

import (
	"image/color"

	"gonum.org/v1/plot/vg/draw"
)

// Palette holds the ten category colours, in the order categories take
// them. The first seven are Okabe and Ito's colour-blind-safe set
// ("Color Universal Design", M. Okabe and K. Ito, 2002,
// https://jfly.uni-koeln.de/color/; also B. Wong, "Points of view: Color
// blindness", Nature Methods 8, 441, 2011) without its black, reordered
// so that the first five stay far apart. The last three are dark colours
// that differ from those seven and from each other in lightness as well as
// hue: indigo (#332288) from Paul Tol's "muted" scheme and dark cyan
// (#225555) from his "dark" scheme (https://personal.sron.nl/~pault/), and
// the darkest brown (#7F3B08) of ColorBrewer's PuOr scheme
// (https://colorbrewer2.org). They were picked from those schemes by
// maximising the smallest CIEDE2000 difference between any two colours
// under normal vision and under simulated protanopia, deuteranopia and
// tritanopia (Machado, Oliveira and Fernandes, 2009); the tests check that
// every pair stays apart in all four.
var Palette = [10]color.NRGBA{
	{0x00, 0x72, 0xB2, 0xFF}, // blue (Okabe–Ito)
	{0xE6, 0x9F, 0x00, 0xFF}, // orange (Okabe–Ito)
	{0x00, 0x9E, 0x73, 0xFF}, // bluish green (Okabe–Ito)
	{0xD5, 0x5E, 0x00, 0xFF}, // vermillion (Okabe–Ito)
	{0xCC, 0x79, 0xA7, 0xFF}, // reddish purple (Okabe–Ito)
	{0x56, 0xB4, 0xE9, 0xFF}, // sky blue (Okabe–Ito)
	{0xF0, 0xE4, 0x42, 0xFF}, // yellow (Okabe–Ito)
	{0x33, 0x22, 0x88, 0xFF}, // indigo (Tol, muted)
	{0x7F, 0x3B, 0x08, 0xFF}, // dark brown (ColorBrewer PuOr)
	{0x22, 0x55, 0x55, 0xFF}, // dark cyan (Tol, dark)
}

// NoiseColor is the light grey of noise points (category −1).
var NoiseColor = color.NRGBA{0xC4, 0xC4, 0xC4, 0xFF}

// OutlineColor is the dark outline of highlighted points.
var OutlineColor = color.NRGBA{0x1A, 0x1A, 0x1A, 0xFF}

// CategoryColor returns the colour of category c: Palette[c mod 10] for
// c ≥ 0 and NoiseColor for a negative c. Beyond ten categories the colours
// repeat, and CategoryGlyph tells the rounds apart.
func CategoryColor(c int) color.NRGBA {
	if c < 0 {
		return NoiseColor
	}
	return Palette[c%len(Palette)]
}

// glyphs are the shapes of the rounds of ten categories.
var glyphs = [...]draw.GlyphDrawer{
	draw.CircleGlyph{},
	draw.BoxGlyph{},
	draw.PyramidGlyph{},
	draw.CrossGlyph{},
	draw.PlusGlyph{},
	draw.RingGlyph{},
	draw.SquareGlyph{},
	draw.TriangleGlyph{},
}

// CategoryGlyph returns the shape of category c's points: filled circles
// for the first ten categories (and noise), then filled squares, filled
// triangles, crosses, plus signs, rings, squares and triangles for each
// further round of ten, repeating after eighty.
func CategoryGlyph(c int) draw.GlyphDrawer {
	if c < 0 {
		return glyphs[0]
	}
	return glyphs[(c/len(Palette))%len(glyphs)]
}
