package draw

import (
	"image/color"
	"math"
)

// This file holds the network panel's colour maps: viridis for node values,
// grey shades for edge values, both on the log scale of logPos.

// viridisStops are ten evenly spaced colours of matplotlib's viridis, dark
// purple to yellow, monotone in luminance.
var viridisStops = [...]color.RGBA{
	{0x44, 0x01, 0x54, 255}, {0x48, 0x28, 0x78, 255}, {0x3e, 0x49, 0x89, 255},
	{0x31, 0x68, 0x8e, 255}, {0x26, 0x82, 0x8e, 255}, {0x1f, 0x9e, 0x89, 255},
	{0x35, 0xb7, 0x79, 255}, {0x6d, 0xcd, 0x59, 255}, {0xb4, 0xde, 0x2c, 255},
	{0xfd, 0xe7, 0x25, 255},
}

// noValue is the colour of a node without a value on the scale.
var noValue = color.RGBA{190, 190, 190, 255}

// viridis returns the colour at t ∈ [0, 1] (clamped), interpolating the
// stops linearly.
func viridis(t float64) color.RGBA {
	t = math.Min(math.Max(t, 0), 1) * float64(len(viridisStops)-1)
	i := min(int(t), len(viridisStops)-2)
	f := t - float64(i)
	a, b := viridisStops[i], viridisStops[i+1]
	mix := func(x, y uint8) uint8 { return uint8(float64(x) + f*(float64(y)-float64(x)) + 0.5) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 255}
}

// nodeColor is the colour of a node valued v on the log scale lo … hi:
// viridis of its position, grey when it has none.
func nodeColor(v, lo, hi float64) color.RGBA {
	if t, ok := logPos(v, lo, hi); ok {
		return viridis(t)
	}
	return noValue
}

// edgeLevels is the number of shades edges are drawn in (one stroke batch
// each).
const edgeLevels = 8

// edgeLevel returns the shade of an edge valued v on the log scale lo … hi:
// 0 (faint, also for no value) to edgeLevels-1 (dark).
func edgeLevel(v, lo, hi float64) int {
	t, ok := logPos(v, lo, hi)
	if !ok {
		return 0
	}
	return int(math.Round(t * (edgeLevels - 1)))
}

// edgeShade returns the grey of shade level, from faint to dark.
func edgeShade(level int) color.RGBA {
	const faintest, darkest = 228, 60
	g := uint8(faintest - float64(level)*(faintest-darkest)/(edgeLevels-1) + 0.5)
	return color.RGBA{g, g, g, 255}
}

// edgePlain is the grey of edges without values.
var edgePlain = color.RGBA{200, 200, 200, 255}
