package draw

import "math"

// This file holds the network panel's geometry — its layout, the mapping of
// node positions to the screen, the hit tests of nodes and of the scrubber,
// and the log scale of its colours — as plain functions of screen
// coordinates, free of ebiten, tested natively (network_geom_test.go).

// Sizes of a network panel at scale 1, in pixels.
const (
	netLegW    = 100 // room right of the square: gap, colour bar, tick labels, rotated label
	netBarGap  = 14  // square to colour bar
	netBarW    = 12
	netTickW   = 42 // room for the colour bar's tick labels
	netScrubH  = 42 // room under the square for the scrubber and its label
	netTrackY  = 14 // square to scrubber track
	netTrackH  = 4
	netHandleR = 6
	netHitSlop = 3 // a node answers NodeAt this far outside its disc
	netMinSide = 40
)

// lineH is the height of a line of text at size (the Go font's line
// spacing), so that layouts need no font.
func lineH(size float64) float64 { return 1.16 * size }

// netGeom is the layout of a network panel, shared by drawing and hit
// testing.
type netGeom struct {
	ok     bool    // false: too little room, only the title is drawn
	s      float64 // device scale
	titleY float64
	sq     rect    // the square holding the nodes
	m      float64 // margin inside sq kept clear so discs and rings stay in it
	r      float64 // node radius
	ring   float64 // width of the outline of pinned and hovered nodes
	bar    rect    // the colour bar
	track  rect    // the scrubber track; zero when there is no scrubber
}

// networkLayout lays out a network panel of n nodes in pr at scale s, with
// room for a title and a scrubber when asked: a square centred (together
// with the colour bar right of it) in what is left.
func networkLayout(pr rect, n int, s float64, title, scrub bool) netGeom {
	g := netGeom{s: s}
	pad := 8 * s
	top, bottom := pr.Y+pad, pr.bottom()-pad
	if title {
		g.titleY = top
		top += lineH(sizeTitle*s) + 6*s
	}
	if scrub {
		bottom -= netScrubH * s
	}
	legW := netLegW * s
	side := math.Min(pr.W-2*pad-legW, bottom-top)
	if !(side >= netMinSide*s) {
		return g
	}
	g.ok = true
	g.sq = rect{pr.X + (pr.W-side-legW)/2, top + (bottom-top-side)/2, side, side}
	g.r = nodeRadius(side, n, s)
	g.ring = math.Max(1.5*s, 0.3*g.r)
	g.m = g.r + g.ring + s
	g.bar = rect{g.sq.right() + netBarGap*s, g.sq.Y + 0.1*side, netBarW * s, 0.8 * side}
	if scrub {
		g.track = rect{g.sq.X + g.m, g.sq.bottom() + netTrackY*s, side - 2*g.m, netTrackH * s}
	}
	return g
}

// nodeRadius returns the disc radius for n nodes in a square of side pixels:
// 0.35·side/√n at scale 1, within [1.5, 9], times s.
func nodeRadius(side float64, n int, s float64) float64 {
	r := 0.35 * side / s / math.Sqrt(float64(max(n, 1)))
	return math.Min(math.Max(r, 1.5), 9) * s
}

// at maps a node position in the unit square (y up, clamped into it) to the
// screen; ok is false for a NaN coordinate.
func (g *netGeom) at(x, y float64) (pt, bool) {
	if math.IsNaN(x) || math.IsNaN(y) {
		return pt{}, false
	}
	x, y = math.Min(math.Max(x, 0), 1), math.Min(math.Max(y, 0), 1)
	span := g.sq.W - 2*g.m
	return pt{g.sq.X + g.m + x*span, g.sq.bottom() - g.m - y*span}, true
}

// nodeAt returns the node nearest p among those whose disc, grown by the
// hit slop, holds p, or -1.
func (g *netGeom) nodeAt(xs, ys []float64, p pt) int {
	reach := g.r + netHitSlop*g.s
	if !g.ok || !g.sq.inset(-reach).contains(p) {
		return -1
	}
	best, bestD := -1, reach*reach
	for i := range min(len(xs), len(ys)) {
		q, ok := g.at(xs[i], ys[i])
		if !ok {
			continue
		}
		if d := (q.X-p.X)*(q.X-p.X) + (q.Y-p.Y)*(q.Y-p.Y); d <= bestD {
			best, bestD = i, d
		}
	}
	return best
}

// scrubAt returns the fraction of the scrubber track under p (clamped to
// [0, 1]); ok is false when p is not on the track or its handle's reach.
func (g *netGeom) scrubAt(p pt) (frac float64, ok bool) {
	tr := g.track
	if !g.ok || !(tr.W > 0) {
		return 0, false
	}
	h := netHandleR * g.s
	cy := tr.Y + tr.H/2
	if p.X < tr.X-h || p.X > tr.right()+h || math.Abs(p.Y-cy) > 1.5*h {
		return 0, false
	}
	return math.Min(math.Max((p.X-tr.X)/tr.W, 0), 1), true
}

// frameFrac returns where frame lies among frames recorded, in [0, 1].
func frameFrac(frame, frames int) float64 {
	if frames <= 1 {
		return 0
	}
	return math.Min(math.Max(float64(frame)/float64(frames-1), 0), 1)
}

// logPos returns where v lies between lo and hi on a log scale, clamped to
// [0, 1]; ok is false when v ≤ 0 or NaN or the scale is unusable (lo ≤ 0,
// hi < lo, non-finite). When lo = hi, v below, at or above it gives 0, ½, 1.
func logPos(v, lo, hi float64) (t float64, ok bool) {
	if !(v > 0) || !(lo > 0) || !(hi >= lo) || math.IsInf(hi, 0) {
		return 0, false
	}
	if hi == lo {
		switch {
		case v < lo:
			return 0, true
		case v > hi:
			return 1, true
		}
		return 0.5, true
	}
	t = (math.Log(v) - math.Log(lo)) / (math.Log(hi) - math.Log(lo))
	return math.Min(math.Max(t, 0), 1), true
}
