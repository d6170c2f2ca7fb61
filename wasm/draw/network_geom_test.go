package draw

import (
	"math"
	"testing"
)

// Table tests of network_geom.go: pure functions of screen coordinates.

func TestNodeRadius(t *testing.T) {
	tests := []struct {
		side float64
		n    int
		s    float64
		want float64
	}{
		{400, 16, 1, 9},        // 35 at scale 1, capped
		{400, 10000, 1, 1.5},   // 1.4, raised to the floor
		{400, 400, 1, 7},       // 0.35·400/20
		{800, 400, 2, 14},      // the same at scale 2
		{400, 0, 1, 9},         // no nodes counts as one
		{100, 10000, 2, 3},     // the floor at scale 2
		{1000, 2500, 1, 7},     // 0.35·1000/50
		{1000, 2500, 0.5, 4.5}, // 14 at scale 1, capped at 9, times 0.5
	}
	for _, tt := range tests {
		if got := nodeRadius(tt.side, tt.n, tt.s); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("nodeRadius(%v, %d, %v) = %v, want %v", tt.side, tt.n, tt.s, got, tt.want)
		}
	}
}

func TestLogPos(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		v, lo, hi float64
		want      float64
		ok        bool
	}{
		{1, 1, 100, 0, true},
		{100, 1, 100, 1, true},
		{10, 1, 100, 0.5, true},
		{1e-3, 1e-4, 1, 0.25, true},
		{1000, 1, 100, 1, true}, // clamped
		{0.1, 1, 100, 0, true},  // clamped
		{inf, 1, 100, 1, true},
		{2, 2, 2, 0.5, true}, // one-point scale: below, at, above
		{1, 2, 2, 0, true},
		{3, 2, 2, 1, true},
		{0, 1, 100, 0, false},
		{-1, 1, 100, 0, false},
		{nan, 1, 100, 0, false},
		{1, 0, 100, 0, false},   // lo ≤ 0
		{1, 100, 1, 0, false},   // hi < lo
		{1, 1, inf, 0, false},   // non-finite hi
		{1, nan, 100, 0, false}, // NaN lo
		{1, 1, nan, 0, false},   // NaN hi
	}
	for _, tt := range tests {
		got, ok := logPos(tt.v, tt.lo, tt.hi)
		if ok != tt.ok || math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("logPos(%v, %v, %v) = %v, %v, want %v, %v", tt.v, tt.lo, tt.hi, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFrameFrac(t *testing.T) {
	tests := []struct {
		frame, frames int
		want          float64
	}{
		{0, 1, 0}, {0, 0, 0}, {5, 1, 0}, // one frame or none: the start
		{0, 10, 0}, {3, 10, 1.0 / 3}, {9, 10, 1},
		{20, 10, 1}, {-1, 10, 0}, // clamped
		{1, 2, 1},
	}
	for _, tt := range tests {
		if got := frameFrac(tt.frame, tt.frames); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("frameFrac(%d, %d) = %v, want %v", tt.frame, tt.frames, got, tt.want)
		}
	}
}

func TestNetGeomAtTable(t *testing.T) {
	g := networkLayout(rect{0, 0, 600, 400}, 4, 1, false, false)
	x0, x1 := g.sq.X+g.m, g.sq.right()-g.m  // x = 0, 1
	y0, y1 := g.sq.bottom()-g.m, g.sq.Y+g.m // y = 0, 1 (y up)
	tests := []struct {
		x, y float64
		want pt
		ok   bool
	}{
		{0, 0, pt{x0, y0}, true},
		{1, 1, pt{x1, y1}, true},
		{1, 0, pt{x1, y0}, true},
		{0.5, 0.5, pt{(x0 + x1) / 2, (y0 + y1) / 2}, true},
		{-1, 2, pt{x0, y1}, true}, // clamped into the unit square
		{math.Inf(1), math.Inf(-1), pt{x1, y0}, true},
		{math.NaN(), 0.5, pt{}, false},
		{0.5, math.NaN(), pt{}, false},
	}
	for _, tt := range tests {
		got, ok := g.at(tt.x, tt.y)
		if ok != tt.ok || math.Abs(got.X-tt.want.X) > 1e-9 || math.Abs(got.Y-tt.want.Y) > 1e-9 {
			t.Errorf("at(%v, %v) = %v, %v, want %v, %v", tt.x, tt.y, got, ok, tt.want, tt.ok)
		}
	}
}

func TestNetGeomNodeAt(t *testing.T) {
	g := networkLayout(rect{0, 0, 600, 400}, 5, 1, false, false)
	// Node 1 has no position, 2 and 3 coincide, and node 4 has an x but
	// no y (ignored).
	xs := []float64{0.2, math.NaN(), 0.8, 0.8, 0.5}
	ys := []float64{0.2, 0.5, 0.8, 0.8}
	p0, _ := g.at(0.2, 0.2)
	p2, _ := g.at(0.8, 0.8)
	p4, _ := g.at(0.5, 0.5)
	reach := g.r + netHitSlop*g.s
	tests := []struct {
		name string
		p    pt
		want int
	}{
		{"on node 0", p0, 0},
		{"just inside the reach", pt{p0.X + reach - 0.01, p0.Y}, 0},
		{"just outside the reach", pt{p0.X + reach + 0.01, p0.Y}, -1},
		{"diagonally inside", pt{p0.X + 0.7*reach, p0.Y - 0.7*reach}, 0},
		{"diagonally outside", pt{p0.X + 0.72*reach, p0.Y - 0.72*reach}, -1},
		{"two nodes at one place: the last, drawn on top", p2, 3},
		{"where the node without y would be", p4, -1},
		{"far outside the square", pt{-100, -100}, -1},
	}
	for _, tt := range tests {
		if got := g.nodeAt(xs, ys, tt.p); got != tt.want {
			t.Errorf("%s: nodeAt(%v) = %d, want %d", tt.name, tt.p, got, tt.want)
		}
	}
	var none netGeom // a panel with no room: nothing is hit
	if got := none.nodeAt(xs, ys, p0); got != -1 {
		t.Errorf("a panel without room: nodeAt = %d", got)
	}
}

func TestNetGeomScrubAt(t *testing.T) {
	g := networkLayout(rect{0, 0, 600, 400}, 5, 2, true, true)
	tr, h := g.track, netHandleR*g.s
	cy := tr.Y + tr.H/2
	tests := []struct {
		name string
		p    pt
		frac float64
		ok   bool
	}{
		{"start", pt{tr.X, cy}, 0, true},
		{"three quarters", pt{tr.X + 0.75*tr.W, cy}, 0.75, true},
		{"the handle's reach before the start", pt{tr.X - h, cy}, 0, true},
		{"beyond it", pt{tr.X - h - 0.01, cy}, 0, false},
		{"the handle's reach after the end", pt{tr.right() + h, cy}, 1, true},
		{"beyond it", pt{tr.right() + h + 0.01, cy}, 0, false},
		{"1.5 handle radii below the track's middle", pt{tr.X + tr.W/2, cy + 1.5*h}, 0.5, true},
		{"further below", pt{tr.X + tr.W/2, cy + 1.5*h + 0.01}, 0, false},
		{"above", pt{tr.X + tr.W/2, cy - 1.5*h - 0.01}, 0, false},
	}
	for _, tt := range tests {
		frac, ok := g.scrubAt(tt.p)
		if ok != tt.ok || math.Abs(frac-tt.frac) > 1e-9 {
			t.Errorf("%s: scrubAt(%v) = %v, %v, want %v, %v", tt.name, tt.p, frac, ok, tt.frac, tt.ok)
		}
	}
	for _, g := range []netGeom{
		networkLayout(rect{0, 0, 600, 400}, 5, 1, true, false), // no scrubber
		{}, // no room
	} {
		if _, ok := g.scrubAt(pt{g.sq.X + g.sq.W/2, g.sq.bottom() + netTrackY*g.s}); ok {
			t.Errorf("scrubber hit in %+v", g)
		}
	}
}
