package draw

import (
	"math"

	"sgdlab/sim/axis"
	"sgdlab/sim/plot"
)

// drawable reports whether v can be placed on an axis (log: positive).
func drawable(v float64, log bool) bool {
	return !math.IsNaN(v) && !math.IsInf(v, 0) && (!log || v > 0)
}

// scales returns the panel's x and y scales and whether any series has a
// drawable point. An axis with a usable Min < Max keeps it; otherwise it
// spans the drawable points and the reference markers, padded (axis.Range).
func scales(p *plot.Panel) (sx, sy axis.Scale, ok bool) {
	inf := math.Inf(1)
	xlo, xhi, ylo, yhi := inf, -inf, inf, -inf
	for _, se := range p.Series {
		for i := range min(len(se.X), len(se.Y)) {
			x, y := se.X[i], se.Y[i]
			if drawable(x, p.X.Log) && drawable(y, p.Y.Log) {
				xlo, xhi = math.Min(xlo, x), math.Max(xhi, x)
				ylo, yhi = math.Min(ylo, y), math.Max(yhi, y)
				ok = true
			}
		}
	}
	for _, m := range p.Markers {
		if drawable(m.X, p.X.Log) {
			xlo, xhi = math.Min(xlo, m.X), math.Max(xhi, m.X)
		}
		if drawable(m.Y, p.Y.Log) {
			ylo, yhi = math.Min(ylo, m.Y), math.Max(yhi, m.Y)
		}
	}
	return scaleFor(p.X, xlo, xhi), scaleFor(p.Y, ylo, yhi), ok
}

// scaleFor returns the scale of axis a for data spanning [lo, hi] (empty
// when lo > hi): [0, 1] on an empty linear axis, [0.01, 1] on a log one.
func scaleFor(a plot.Axis, lo, hi float64) axis.Scale {
	if drawable(a.Min, a.Log) && drawable(a.Max, a.Log) && a.Min < a.Max {
		return axis.Scale{Min: a.Min, Max: a.Max, Log: a.Log}
	}
	if mn, mx, ok := axis.Range(a.Log, []float64{lo, hi}); ok {
		return axis.Scale{Min: mn, Max: mx, Log: a.Log}
	}
	if a.Log {
		return axis.Scale{Min: 0.01, Max: 1, Log: true}
	}
	return axis.Scale{Min: 0, Max: 1}
}
