package axis

import "sgdlab/sim/pmath"

// LogGrid is k ≥ 2 points from lo to hi, log-spaced, for drawing a smooth
// curve on a log axis; the points are repeated products of one ratio (the
// same bits on every target) and the last is hi exactly. hi ≤ lo gives {lo}.
func LogGrid(lo, hi float64, k int) []float64 {
	if !(hi > lo) || k < 2 {
		return []float64{lo}
	}
	r := pmath.Pow(hi/lo, 1/float64(k-1))
	g := make([]float64, k)
	x := lo
	for i := range g {
		g[i] = x
		x *= r
	}
	g[k-1] = hi
	return g
}
