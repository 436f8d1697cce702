package analysis

// SelectNth reorders idx[lo:hi] so that position nth holds the element
// that would be there in key order, smaller or equal ones before it and
// greater or equal ones after it (Hoare's quickselect, median-of-three).
// key(p) is the key of the element now at position p. The k-d tree of
// package neighbors splits with it.
func SelectNth(idx []int32, lo, hi, nth int, key func(int) float64) {
	hi--
	for hi > lo {
		m := lo + (hi-lo)/2
		// Median of three as the pivot.
		a, b, c := key(lo), key(m), key(hi)
		var pv float64
		switch {
		case (a <= b) == (b <= c):
			pv = b
		case (b <= a) == (a <= c):
			pv = a
		default:
			pv = c
		}
		i, j := lo, hi
		for i <= j {
			for key(i) < pv {
				i++
			}
			for key(j) > pv {
				j--
			}
			if i <= j {
				idx[i], idx[j] = idx[j], idx[i]
				i++
				j--
			}
		}
		switch {
		case nth <= j:
			hi = j
		case nth >= i:
			lo = i
		default:
			return
		}
	}
}
