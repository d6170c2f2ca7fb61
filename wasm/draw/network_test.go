package draw

import (
	"image/color"
	"math"
	"testing"

	"sgdlab/sim/plot"
)

// These tests cover the network panel's pure parts: the colour scales, the
// layout and the hit testing; none touches the GPU.

// luminance is the Rec. 709 luma of c, 0 … 255.
func luminance(c color.RGBA) float64 {
	return 0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)
}

func TestViridisMonotone(t *testing.T) {
	prev := -1.0
	for i := 0; i <= 200; i++ {
		l := luminance(viridis(float64(i) / 200))
		if l < prev-0.5 { // rounding to bytes
			t.Fatalf("luminance falls at t=%v: %v after %v", float64(i)/200, l, prev)
		}
		prev = l
	}
	if viridis(0) != viridisStops[0] || viridis(1) != viridisStops[len(viridisStops)-1] {
		t.Errorf("ends: %v, %v", viridis(0), viridis(1))
	}
	if viridis(-3) != viridis(0) || viridis(7) != viridis(1) {
		t.Error("t outside [0, 1] is not clamped")
	}
}

func TestNodeColor(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	lo, hi := viridisStops[0], viridisStops[len(viridisStops)-1]
	tests := []struct {
		name      string
		v, lo, hi float64
		want      color.RGBA
	}{
		{"lo", 1e-6, 1e-6, 1, lo},
		{"hi", 1, 1e-6, 1, hi},
		{"below lo", 1e-9, 1e-6, 1, lo},
		{"above hi", 50, 1e-6, 1, hi},
		{"infinite", inf, 1e-6, 1, hi},
		{"geometric middle", 1e-3, 1e-6, 1, viridis(0.5)},
		{"zero", 0, 1e-6, 1, noValue},
		{"negative", -1, 1e-6, 1, noValue},
		{"NaN", nan, 1e-6, 1, noValue},
		{"scale from 0", 0.5, 0, 1, noValue},
		{"reversed scale", 0.5, 1, 0.1, noValue},
		{"NaN scale", 0.5, nan, 1, noValue},
		{"one-point scale", 2, 2, 2, viridis(0.5)},
		{"above a one-point scale", 3, 2, 2, hi},
	}
	for _, tt := range tests {
		if got := nodeColor(tt.v, tt.lo, tt.hi); got != tt.want {
			t.Errorf("%s: nodeColor(%v, %v, %v) = %v, want %v", tt.name, tt.v, tt.lo, tt.hi, got, tt.want)
		}
	}
}

func TestEdgeShades(t *testing.T) {
	tests := []struct {
		v    float64
		want int
	}{
		{1e-4, 0}, {1e-9, 0}, {math.NaN(), 0}, {0, 0}, {1, edgeLevels - 1}, {10, edgeLevels - 1}, {1e-3, 2},
	}
	for _, tt := range tests {
		if got := edgeLevel(tt.v, 1e-4, 1); got != tt.want {
			t.Errorf("edgeLevel(%v) = %d, want %d", tt.v, got, tt.want)
		}
	}
	for l := 1; l < edgeLevels; l++ {
		if !(luminance(edgeShade(l)) < luminance(edgeShade(l-1))) {
			t.Errorf("shade %d is not darker than shade %d", l, l-1)
		}
	}
}

func TestDegrees(t *testing.T) {
	u := []int32{0, 0, 1, 3, 9}
	v := []int32{1, 2, 2, 3, 0} // 3–3 a loop, 9–0 out of range
	got := degrees(make([]int32, 7), 4, u, v)
	want := []int32{2, 2, 2, 2}
	if len(got) != len(want) {
		t.Fatalf("degrees = %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("degrees = %v, want %v", got, want)
		}
	}
	// The cache counts again when the network changes.
	var ns netState
	net := &plot.Network{U: u[:1], V: v[:1]}
	if d := ns.degreesOf(net, 2); d[0] != 1 || d[1] != 1 {
		t.Errorf("one edge: %v", d)
	}
	net.U, net.V = u[:3], v[:3]
	if d := ns.degreesOf(net, 3); d[0] != 2 || d[2] != 2 {
		t.Errorf("three edges: %v", d)
	}
}

func TestTooltip(t *testing.T) {
	tests := []struct {
		i     int
		deg   int32
		label string
		v     float64
		hasV  bool
		want  string
	}{
		{3, 2, "error", 0.0012345, true, "node 3 · degree 2 · error 0.00123"},
		{0, 5, "", 1.5e-7, true, "node 0 · degree 5 · value 1.5e-07"},
		{7, 0, "error", 0, false, "node 7 · degree 0"},
	}
	for _, tt := range tests {
		if got := tooltip(tt.i, tt.deg, tt.label, tt.v, tt.hasV); got != tt.want {
			t.Errorf("tooltip = %q, want %q", got, tt.want)
		}
	}
}

func inside(in, out rect) bool {
	const eps = 1e-9
	return in.X >= out.X-eps && in.Y >= out.Y-eps && in.right() <= out.right()+eps && in.bottom() <= out.bottom()+eps
}

func TestNetworkLayout(t *testing.T) {
	tests := []struct {
		pr           rect
		n            int
		s            float64
		title, scrub bool
	}{
		{rect{0, 0, 600, 400}, 16, 1, true, true},
		{rect{600, 0, 600, 400}, 10000, 1, true, false},
		{rect{0, 0, 400, 900}, 100, 2, false, true},
		{rect{10, 20, 1800, 700}, 2, 2, true, true},
		{rect{0, 0, 250, 180}, 1, 1, true, true},
	}
	for _, tt := range tests {
		g := networkLayout(tt.pr, tt.n, tt.s, tt.title, tt.scrub)
		if !g.ok {
			t.Errorf("%v at scale %v: no room", tt.pr, tt.s)
			continue
		}
		sq := g.sq
		if sq.W != sq.H || !inside(sq, tt.pr) || !inside(g.bar, tt.pr) || g.bar.X < sq.right() {
			t.Errorf("%v: square %v, bar %v", tt.pr, sq, g.bar)
		}
		if tt.title && g.titleY+lineH(sizeTitle*tt.s) > sq.Y {
			t.Errorf("%v: title at %v overlaps the square %v", tt.pr, g.titleY, sq)
		}
		if tt.scrub {
			below := rect{g.track.X, g.track.Y, g.track.W, netScrubH*tt.s - netTrackY*tt.s}
			if !(g.track.W > 0) || g.track.Y < sq.bottom() || !inside(below, tt.pr) {
				t.Errorf("%v: track %v under square %v", tt.pr, g.track, sq)
			}
		} else if g.track != (rect{}) {
			t.Errorf("%v: a track without a scrubber: %v", tt.pr, g.track)
		}
		r := g.r / tt.s
		if r < 1.5 || r > 9 || (tt.n == 10000 && r != 1.5) || (tt.n <= 2 && r != 9) {
			t.Errorf("%v, %d nodes: radius %v at scale 1", tt.pr, tt.n, r)
		}
		// Every position, with its disc and outline, maps inside the square.
		for _, p := range [][2]float64{{0, 0}, {1, 1}, {0, 1}, {0.5, 0.5}, {-1, 3}} {
			q, ok := g.at(p[0], p[1])
			d := g.r + g.ring
			if !ok || !inside(rect{q.X - d, q.Y - d, 2 * d, 2 * d}, sq) {
				t.Errorf("%v: position %v at %v, outside %v", tt.pr, p, q, sq)
			}
		}
	}
	if g := networkLayout(rect{0, 0, 120, 80}, 10, 1, true, true); g.ok {
		t.Errorf("120×80 panel laid out: %+v", g)
	}
}

func TestNetGeomAt(t *testing.T) {
	g := networkLayout(rect{0, 0, 600, 400}, 4, 1, false, false)
	lo, _ := g.at(0, 0)
	hi, _ := g.at(1, 1)
	mid, _ := g.at(0.5, 0.5)
	if !(lo.X < hi.X && lo.Y > hi.Y) { // y up
		t.Errorf("(0,0) at %v, (1,1) at %v", lo, hi)
	}
	if math.Abs(mid.X-(g.sq.X+g.sq.W/2)) > 1e-9 || math.Abs(mid.Y-(g.sq.Y+g.sq.H/2)) > 1e-9 {
		t.Errorf("centre at %v, square %v", mid, g.sq)
	}
	if _, ok := g.at(math.NaN(), 0.5); ok {
		t.Error("NaN position mapped")
	}
}

// drawnRenderer returns a Renderer that remembers two panels side by side,
// as Draw leaves it: panel 0 plain, panel 1 a network of three nodes with a
// scrubber.
func drawnRenderer(net *plot.Network) (*Renderer, netGeom) {
	r := &Renderer{}
	r.panels = splitPanels(nil, rect{0, 0, 1200, 400}, 2)
	g := networkLayout(r.panels[1], len(net.X), 1, true, net.Frames > 1)
	r.record(1, r.panels[1], g, net)
	return r, g
}

func TestNodeAt(t *testing.T) {
	net := &plot.Network{X: []float64{0.1, 0.5, 0.52}, Y: []float64{0.1, 0.5, 0.5}, Frames: 5}
	r, g := drawnRenderer(net)
	p0, _ := g.at(0.1, 0.1)
	p1, _ := g.at(0.5, 0.5)
	p2, _ := g.at(0.52, 0.5)
	tests := []struct {
		name        string
		x, y        float64
		panel, node int
	}{
		{"on node 0", p0.X, p0.Y, 1, 0},
		{"at node 0's rim", p0.X + g.r + 1, p0.Y, 1, 0},
		{"beyond the slop", p0.X + g.r + netHitSlop + 1, p0.Y, -1, -1},
		{"nearer node 2 than node 1", p2.X - 1, p2.Y, 1, 2},
		{"nearer node 1", p1.X + 1, p1.Y + 1, 1, 1},
		{"empty space", p0.X + 60, p0.Y - 60, -1, -1},
		{"the plain panel", 100, 100, -1, -1},
		{"outside the figure", -50, -50, -1, -1},
	}
	for _, tt := range tests {
		if panel, node := r.NodeAt(tt.x, tt.y); panel != tt.panel || node != tt.node {
			t.Errorf("%s: NodeAt(%v, %v) = %d, %d, want %d, %d", tt.name, tt.x, tt.y, panel, node, tt.panel, tt.node)
		}
	}
	// NodePos is NodeAt's inverse.
	for i := range net.X {
		x, y, ok := r.NodePos(1, i)
		if panel, node := r.NodeAt(x, y); !ok || panel != 1 || node != i {
			t.Errorf("NodePos(1, %d) = %v, %v, %v: NodeAt gives %d, %d", i, x, y, ok, panel, node)
		}
	}
	if _, _, ok := r.NodePos(0, 0); ok {
		t.Error("NodePos on the plain panel")
	}
	// Nothing drawn: nothing found.
	if panel, node := (&Renderer{}).NodeAt(p0.X, p0.Y); panel != -1 || node != -1 {
		t.Errorf("empty renderer: %d, %d", panel, node)
	}
}

func TestScrubAt(t *testing.T) {
	net := &plot.Network{X: []float64{0.5}, Y: []float64{0.5}, Frames: 10, Frame: 3}
	r, g := drawnRenderer(net)
	tr := g.track
	cy := tr.Y + tr.H/2
	tests := []struct {
		name string
		x, y float64
		frac float64
		ok   bool
	}{
		{"start", tr.X, cy, 0, true},
		{"middle", tr.X + tr.W/2, cy, 0.5, true},
		{"a quarter, on the handle's reach", tr.X + tr.W/4, cy + netHandleR, 0.25, true},
		{"end", tr.right(), cy, 1, true},
		{"just past the end", tr.right() + 3, cy, 1, true},
		{"just before the start", tr.X - 3, cy, 0, true},
		{"far past the end", tr.right() + 40, cy, 0, false},
		{"above", tr.X + tr.W/2, cy - 30, 0, false},
		{"below", tr.X + tr.W/2, cy + 30, 0, false},
	}
	for _, tt := range tests {
		panel, frac, ok := r.ScrubAt(tt.x, tt.y)
		if ok != tt.ok || (ok && (panel != 1 || math.Abs(frac-tt.frac) > 1e-9)) {
			t.Errorf("%s: ScrubAt(%v, %v) = %d, %v, %v, want 1, %v, %v", tt.name, tt.x, tt.y, panel, frac, ok, tt.frac, tt.ok)
		}
	}
	// No scrubber for a single frame.
	r, g = drawnRenderer(&plot.Network{X: []float64{0.5}, Y: []float64{0.5}, Frames: 1})
	if _, _, ok := r.ScrubAt(g.sq.X+g.sq.W/2, g.sq.bottom()+netTrackY+netTrackH/2); ok {
		t.Error("scrubber hit with Frames = 1")
	}
	if f := frameFrac(3, 10); math.Abs(f-1.0/3) > 1e-12 || frameFrac(20, 10) != 1 || frameFrac(0, 1) != 0 {
		t.Errorf("frameFrac: %v, %v, %v", f, frameFrac(20, 10), frameFrac(0, 1))
	}
}

func TestSetHover(t *testing.T) {
	var r Renderer
	if r.net.hovered(0) != -1 {
		t.Error("a zero Renderer hovers a node")
	}
	r.SetHover(1, 7)
	if r.net.hovered(1) != 7 || r.net.hovered(0) != -1 {
		t.Errorf("hover 1/7: %d, %d", r.net.hovered(1), r.net.hovered(0))
	}
	r.SetHover(-1, -1)
	if r.net.hovered(1) != -1 {
		t.Error("hover not cleared")
	}
}

func TestTris(t *testing.T) {
	var tr tris
	tr.segments(8)
	tr.disc(pt{10, 10}, 3, viridis(0.3))
	tr.ring(pt{10, 10}, 3, 5, color.RGBA{0, 0, 0, 255})
	tr.quad(rect{0, 0, 4, 4}, white, ink)
	if len(tr.is)%3 != 0 {
		t.Fatalf("%d indices", len(tr.is))
	}
	for _, i := range tr.is {
		if int(i) >= len(tr.vs) {
			t.Fatalf("index %d of %d vertices", i, len(tr.vs))
		}
	}
	// Disc: centre, inner and outer circles; ring: four circles; quad: four.
	if want := 1 + 2*8 + 4*8 + 4; len(tr.vs) != want {
		t.Errorf("%d vertices, want %d", len(tr.vs), want)
	}
	// Every vertex lies within the feathered outlines.
	for _, v := range tr.vs[:1+2*8+4*8] {
		if d := math.Hypot(float64(v.DstX)-10, float64(v.DstY)-10); d > 5.5+1e-4 {
			t.Errorf("vertex %v at distance %v", v, d)
		}
	}
}

func TestLegendLabels(t *testing.T) {
	var r Renderer
	l := r.legendLabels(3e-7, 0.5)
	if l.loS != "3e-7" || l.hiS != "0.5" {
		t.Errorf("ends %q, %q", l.loS, l.hiS)
	}
	want := []string{"1e-6", "1e-5", "1e-4", "1e-3", "0.01", "0.1"}
	if len(l.labels) != len(want) {
		t.Fatalf("decades %v", l.labels)
	}
	for i := range want {
		if l.labels[i] != want[i] {
			t.Fatalf("decades %v, want %v", l.labels, want)
		}
	}
	// Powers of ten at the ends are not repeated between them.
	if l := r.legendLabels(1e-4, 1); len(l.decades) != 3 || l.labels[0] != "1e-3" {
		t.Errorf("decades of 1e-4 … 1: %v", l.labels)
	}
}
