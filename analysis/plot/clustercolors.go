package plot

import "image/color"

// ClusterPalette holds the colours of clusters that do not take a class's
// colour (ClusterColors): black, then Paul Tol's purple (#AA3377, his
// "bright" scheme) and light cyan (#99DDFF, "light"), then two very dark
// colours, purple (#40004B) and wine (#67001F) from ColorBrewer's PRGn
// and RdBu schemes. They were picked greedily among those schemes for the
// largest smallest CIEDE2000 difference from the ten class colours, the
// noise grey, white and each other, under normal vision and simulated
// protanopia, deuteranopia and tritanopia (Machado et al. 2009): at least
// 8.5 apart in all four (the tests check it), so that a cluster in one of
// them is never read as a class it is not.
var ClusterPalette = [5]color.NRGBA{
	{0x00, 0x00, 0x00, 0xFF}, // black
	{0xAA, 0x33, 0x77, 0xFF}, // purple (Tol, bright)
	{0x99, 0xDD, 0xFF, 0xFF}, // light cyan (Tol, light)
	{0x40, 0x00, 0x4B, 0xFF}, // dark purple (ColorBrewer PRGn)
	{0x67, 0x00, 0x1F, 0xFF}, // wine (ColorBrewer RdBu)
}

// ClusterColors returns the colours of clusters 0 … len(majority)−1 from
// each one's majority true class (majority[c]; −1 when unknown), so that
// colours mean the same thing in every view: a cluster that is the only
// one whose majority is class m takes m's colour, CategoryColor(m); the
// others (two clusters of mostly Shirt, or a cluster whose majority is
// unknown) take ClusterPalette's colours, which no class has, in cluster
// order, repeating after five. DBSCAN's noise is not a cluster: it stays
// NoiseColor.
func ClusterColors(majority []int) []color.NRGBA {
	count := map[int]int{}
	for _, m := range majority {
		if m >= 0 {
			count[m]++
		}
	}
	out := make([]color.NRGBA, len(majority))
	next := 0
	for c, m := range majority {
		if m >= 0 && count[m] == 1 {
			out[c] = CategoryColor(m)
			continue
		}
		out[c] = ClusterPalette[next%len(ClusterPalette)]
		next++
	}
	return out
}
