package draw

import (
	"image"
	"image/color"
	"math"
	"strconv"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"sgdlab/sim/axis"
	"sgdlab/sim/plot"
)

// This file draws a plot.Network panel: edges as batched strokes, nodes as
// feathered discs in one DrawTriangles32 call (cheap for 10,000 nodes), a
// colour bar, a scrubber and a tooltip; and answers hit tests from the
// geometry of the last Draw.

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

// degrees returns the degree of each of n nodes of the edges u[k]–v[k]
// (edges naming a node out of range are ignored), in dst's storage.
func degrees(dst []int32, n int, u, v []int32) []int32 {
	if cap(dst) < n {
		dst = make([]int32, n)
	}
	dst = dst[:n]
	clear(dst)
	for k := range min(len(u), len(v)) {
		a, b := int(u[k]), int(v[k])
		if a < 0 || a >= n || b < 0 || b >= n {
			continue
		}
		dst[a]++
		dst[b]++
	}
	return dst
}

// tooltip is the text shown for node i: its index, degree and value.
func tooltip(i int, deg int32, label string, v float64, hasV bool) string {
	b := make([]byte, 0, 64)
	b = append(b, "node "...)
	b = strconv.AppendInt(b, int64(i), 10)
	b = append(b, " · degree "...)
	b = strconv.AppendInt(b, int64(deg), 10)
	if hasV {
		if label == "" {
			label = "value"
		}
		b = append(b, " · "...)
		b = append(b, label...)
		b = append(b, ' ')
		b = strconv.AppendFloat(b, v, 'g', 3, 64)
	}
	return string(b)
}

// tris collects filled triangles with per-vertex (premultiplied) colours and
// draws them with one DrawTriangles32 call; its buffers are reused.
type tris struct {
	vs    []ebiten.Vertex
	is    []uint32
	unit  []pt // the unit circle, at the number of segments in use
	white *ebiten.Image
	op    ebiten.DrawTrianglesOptions
}

// segments sets the number of segments of the circles that follow.
func (t *tris) segments(n int) {
	if len(t.unit) == n {
		return
	}
	t.unit = t.unit[:0]
	for i := range n {
		s, c := math.Sincos(2 * math.Pi * float64(i) / float64(n))
		t.unit = append(t.unit, pt{c, s})
	}
}

// segmentsFor returns a segment count for circles of radius r pixels.
func segmentsFor(r float64) int { return clamp(int(math.Ceil(1.2*r))+4, 6, 32) }

// vertex appends p in colour c and returns its index.
func (t *tris) vertex(p pt, c color.RGBA) uint32 {
	t.vs = append(t.vs, ebiten.Vertex{
		DstX: float32(p.X), DstY: float32(p.Y), SrcX: 1.5, SrcY: 1.5,
		ColorR: float32(c.R) / 255, ColorG: float32(c.G) / 255, ColorB: float32(c.B) / 255, ColorA: float32(c.A) / 255,
	})
	return uint32(len(t.vs) - 1)
}

// circle appends the points of the circle of radius r about c in colour col
// and returns the index of the first.
func (t *tris) circle(c pt, r float64, col color.RGBA) uint32 {
	first := uint32(len(t.vs))
	for _, u := range t.unit {
		t.vertex(pt{c.X + r*u.X, c.Y + r*u.Y}, col)
	}
	return first
}

// strip fills the band between two circles appended by circle.
func (t *tris) strip(a, b uint32) {
	n := uint32(len(t.unit))
	for i := range n {
		j := (i + 1) % n
		t.is = append(t.is, a+i, b+i, b+j, a+i, b+j, a+j)
	}
}

// disc fills the disc of radius r about c, its edge feathered over a pixel.
func (t *tris) disc(c pt, r float64, col color.RGBA) {
	centre := t.vertex(c, col)
	in := t.circle(c, math.Max(r-0.5, 0), col)
	out := t.circle(c, r+0.5, color.RGBA{})
	n := uint32(len(t.unit))
	for i := range n {
		t.is = append(t.is, centre, in+i, in+(i+1)%n)
	}
	t.strip(in, out)
}

// ring fills the annulus between radii a < b about c, feathered.
func (t *tris) ring(c pt, a, b float64, col color.RGBA) {
	mid0 := a + 0.5
	mid1 := math.Max(b-0.5, mid0)
	c0 := t.circle(c, math.Max(a-0.5, 0), color.RGBA{})
	c1 := t.circle(c, mid0, col)
	c2 := t.circle(c, mid1, col)
	c3 := t.circle(c, b+0.5, color.RGBA{})
	t.strip(c0, c1)
	t.strip(c1, c2)
	t.strip(c2, c3)
}

// quad fills r, shading from colour top at its top to bottom at its bottom.
func (t *tris) quad(r rect, top, bottom color.RGBA) {
	a := t.vertex(pt{r.X, r.Y}, top)
	b := t.vertex(pt{r.right(), r.Y}, top)
	c := t.vertex(pt{r.right(), r.bottom()}, bottom)
	d := t.vertex(pt{r.X, r.bottom()}, bottom)
	t.is = append(t.is, a, b, c, a, c, d)
}

// flush draws the collected triangles onto dst and empties the buffers.
func (t *tris) flush(dst *ebiten.Image) {
	if len(t.is) > 0 {
		if t.white == nil {
			img := ebiten.NewImage(3, 3)
			img.Fill(color.White)
			t.white = img.SubImage(image.Rect(1, 1, 2, 2)).(*ebiten.Image)
		}
		t.op = ebiten.DrawTrianglesOptions{ColorScaleMode: ebiten.ColorScaleModePremultipliedAlpha}
		dst.DrawTriangles32(t.vs, t.is, t.white, &t.op)
	}
	t.vs, t.is = t.vs[:0], t.is[:0]
}

// netDrawn is what hit testing keeps of a network panel drawn.
type netDrawn struct {
	panel  int
	pr     rect
	g      netGeom
	xs, ys []float64
}

// netLegend caches the colour bar's labels for one scale.
type netLegend struct {
	lo, hi   float64
	loS, hiS string
	decades  []int    // exponents strictly inside (lo, hi)
	labels   []string // their labels
}

// netState holds the network panels' buffers, reused from frame to frame,
// and what hit testing needs from the last Draw.
type netState struct {
	drawn []netDrawn
	hover struct{ panel, node int }
	tris  tris
	pos   []pt   // node screen positions; NaN X when not drawn
	level []int8 // edge shades

	degNet     *plot.Network // whose degrees deg holds
	degN, degE int
	deg        []int32

	leg   netLegend
	step  int
	stepS string
	tip   string
	tipOf struct {
		node  int
		deg   int32
		label string
		v     float64
		hasV  bool
	}
}

// degreesOf returns the node degrees of net, recounted only when net or its
// sizes changed since the last call.
func (ns *netState) degreesOf(net *plot.Network, n int) []int32 {
	if net != ns.degNet || n != ns.degN || len(net.U) != ns.degE || len(ns.deg) != n {
		ns.deg = degrees(ns.deg, n, net.U, net.V)
		ns.degNet, ns.degN, ns.degE = net, n, len(net.U)
	}
	return ns.deg
}

// record keeps what hit testing needs of the network panel drawn in panel
// pr.
func (r *Renderer) record(panel int, pr rect, g netGeom, net *plot.Network) {
	r.net.drawn = append(r.net.drawn, netDrawn{panel: panel, pr: pr, g: g, xs: net.X, ys: net.Y})
}

// NodeAt returns the network panel and the node at (x, y) in the last
// figure drawn: the nearest node within a few pixels of its disc, or -1, -1.
func (r *Renderer) NodeAt(x, y float64) (panel, node int) {
	p := pt{x, y}
	for i := range r.net.drawn {
		d := &r.net.drawn[i]
		if !d.pr.contains(p) {
			continue
		}
		if k := d.g.nodeAt(d.xs, d.ys, p); k >= 0 {
			return d.panel, k
		}
	}
	return -1, -1
}

// ScrubAt reports whether (x, y) is on the scrubber of a network panel in
// the last figure drawn, and then which panel and the fraction along the
// track (0 the first frame, 1 the last).
func (r *Renderer) ScrubAt(x, y float64) (panel int, frac float64, ok bool) {
	p := pt{x, y}
	for i := range r.net.drawn {
		d := &r.net.drawn[i]
		if f, ok := d.g.scrubAt(p); ok && d.pr.contains(p) {
			return d.panel, f, true
		}
	}
	return -1, 0, false
}

// SetHover chooses the node whose tooltip the next Draw shows: node of
// panel, or none when either is negative.
func (r *Renderer) SetHover(panel, node int) {
	if panel < 0 || node < 0 {
		panel, node = -1, -1
	}
	r.net.hover.panel, r.net.hover.node = panel+1, node // 0: none, so a zero Renderer hovers nothing
}

// hovered returns the node hovered in panel, or -1.
func (ns *netState) hovered(panel int) int {
	if ns.hover.panel == 0 || ns.hover.panel-1 != panel {
		return -1
	}
	return ns.hover.node
}

// panelIndex returns the index of the panel drawn in pr, or -1.
func (r *Renderer) panelIndex(pr rect) int {
	for i, q := range r.panels {
		if q == pr {
			return i
		}
	}
	return -1
}

// network draws the node-graph panel p in pr.
func (r *Renderer) network(dst *ebiten.Image, p *plot.Panel, pr rect, s float64) {
	net := p.Net
	n := min(len(net.X), len(net.Y))
	g := networkLayout(pr, n, s, p.Title != "", net.Frames > 1)
	if p.Title != "" {
		x, w := pr.X+8*s, pr.W-16*s
		if g.ok {
			x, w = g.sq.X, pr.right()-g.sq.X-8*s
		}
		r.text(dst, r.fit(p.Title, sizeTitle*s, w), sizeTitle*s, x, g.titleY, text.AlignStart, text.AlignStart, ink)
	}
	if !g.ok {
		return
	}
	panel := r.panelIndex(pr)
	if panel >= 0 {
		r.record(panel, pr, g, net)
	}
	if n == 0 {
		r.text(dst, "no data yet", 16*s, g.sq.X+g.sq.W/2, g.sq.Y+g.sq.H/2, text.AlignCenter, text.AlignCenter, muted)
		return
	}
	r.net.pos = r.net.pos[:0]
	for i := range n {
		q, ok := g.at(net.X[i], net.Y[i])
		if !ok {
			q.X = math.NaN()
		}
		r.net.pos = append(r.net.pos, q)
	}
	r.netEdges(dst, net, &g)
	hover := r.net.hovered(panel)
	if hover >= n {
		hover = -1
	}
	r.netNodes(net, &g, hover)
	r.netBar(net, &g)
	r.netScrubber(net, &g)
	r.net.tris.flush(dst)
	r.netBarLabels(dst, net, &g)
	if g.track.W > 0 {
		r.text(dst, r.stepLabel(net.Step), sizeTick*s, g.track.X+g.track.W/2, g.track.bottom()+6*s, text.AlignCenter, text.AlignStart, muted)
	}
	if hover >= 0 {
		r.netTooltip(dst, net, &g, pr, hover)
	}
}

// netEdges strokes the edges, faint ones first, in one batch per shade.
func (r *Renderer) netEdges(dst *ebiten.Image, net *plot.Network, g *netGeom) {
	pos, m := r.net.pos, min(len(net.U), len(net.V))
	shaded := net.Edge != nil
	r.net.level = r.net.level[:0]
	for k := range m {
		l := int8(-1) // not drawn
		a, b := int(net.U[k]), int(net.V[k])
		if a >= 0 && a < len(pos) && b >= 0 && b < len(pos) && a != b && !math.IsNaN(pos[a].X) && !math.IsNaN(pos[b].X) {
			l = 0
			if shaded && k < len(net.Edge) {
				l = int8(edgeLevel(net.Edge[k], net.EdgeLo, net.EdgeHi))
			}
		}
		r.net.level = append(r.net.level, l)
	}
	w := math.Min(math.Max(0.25*g.r/g.s, 0.6), 1.5) * g.s
	for level := range edgeLevels {
		r.dash.reset()
		for k, l := range r.net.level {
			if int(l) == level {
				r.dash.segment(pos[net.U[k]], pos[net.V[k]])
			}
		}
		c := edgePlain
		if shaded {
			c = edgeShade(level)
		}
		r.strokes.add(&r.dash, w, c)
		if !shaded {
			break
		}
	}
	r.strokes.flush(dst)
}

// netNodes adds the node discs, the outlines of pinned nodes and the ring
// of the hovered one to the triangle batch.
func (r *Renderer) netNodes(net *plot.Network, g *netGeom, hover int) {
	t := &r.net.tris
	t.segments(segmentsFor(g.r + g.ring))
	for i, q := range r.net.pos {
		if math.IsNaN(q.X) {
			continue
		}
		v := math.NaN()
		if i < len(net.Node) {
			v = net.Node[i]
		}
		t.disc(q, g.r, nodeColor(v, net.NodeLo, net.NodeHi))
	}
	for _, i := range net.Pinned {
		if i >= 0 && i < len(r.net.pos) && !math.IsNaN(r.net.pos[i].X) {
			t.ring(r.net.pos[i], g.r, g.r+g.ring, color.RGBA{0, 0, 0, 255})
		}
	}
	if hover >= 0 && !math.IsNaN(r.net.pos[hover].X) {
		t.ring(r.net.pos[hover], g.r+g.ring, g.r+g.ring+math.Max(1.5*g.s, 0.5*g.ring), rgb(plot.Palette[1]))
	}
}

// hasScale reports whether the node colour scale can be drawn.
func hasScale(net *plot.Network) bool {
	_, ok := logPos(net.NodeLo, net.NodeLo, net.NodeHi)
	return ok
}

// netBar adds the colour bar (cool at the bottom, hot at the top) to the
// triangle batch.
func (r *Renderer) netBar(net *plot.Network, g *netGeom) {
	if !hasScale(net) {
		return
	}
	k := len(viridisStops) - 1
	h := g.bar.H / float64(k)
	for i := range k {
		slice := rect{g.bar.X, g.bar.bottom() - float64(i+1)*h, g.bar.W, h}
		r.net.tris.quad(slice, viridisStops[i+1], viridisStops[i])
	}
}

// netBarLabels draws the colour bar's frame, its ticks at NodeLo, NodeHi and
// the decades between that do not crowd them, and NodeLabel along it.
func (r *Renderer) netBarLabels(dst *ebiten.Image, net *plot.Network, g *netGeom) {
	if !hasScale(net) {
		return
	}
	s, b := g.s, g.bar
	lw := float32(math.Max(1, math.Round(s)))
	vector.StrokeRect(dst, float32(b.X), float32(b.Y), float32(b.W), float32(b.H), lw, frame, false)
	l := r.legendLabels(net.NodeLo, net.NodeHi)
	fs := sizeTick * s
	gap := lineH(fs)
	y := func(v float64) float64 {
		t, _ := logPos(v, net.NodeLo, net.NodeHi)
		return b.bottom() - t*b.H
	}
	tick := func(yy float64, label string) {
		vector.StrokeLine(dst, float32(b.right()), float32(yy), float32(b.right()+3*s), float32(yy), lw, frame, false)
		r.text(dst, label, fs, b.right()+5*s, yy, text.AlignStart, text.AlignCenter, muted)
	}
	yLo, yHi := y(net.NodeLo), y(net.NodeHi)
	tick(yLo, l.loS)
	if net.NodeHi > net.NodeLo {
		tick(yHi, l.hiS)
	}
	last := yLo
	for i, e := range l.decades {
		yy := y(math.Pow(10, float64(e)))
		if last-yy >= gap && yy-yHi >= gap {
			tick(yy, l.labels[i])
			last = yy
		}
	}
	if net.NodeLabel != "" {
		x := b.right() + (5+netTickW)*s + lineH(sizeLabel*s)/2
		r.textUp(dst, r.fit(net.NodeLabel, sizeLabel*s, g.sq.H), sizeLabel*s, x, b.Y+b.H/2, ink)
	}
}

// legendLabels returns the colour bar's labels for the scale lo … hi,
// computed again only when the scale changes.
func (r *Renderer) legendLabels(lo, hi float64) *netLegend {
	l := &r.net.leg
	if l.loS != "" && l.lo == lo && l.hi == hi {
		return l
	}
	l.lo, l.hi = lo, hi
	l.loS, l.hiS = axis.Format(lo), axis.Format(hi)
	l.decades, l.labels = l.decades[:0], l.labels[:0]
	for e := int(math.Floor(math.Log10(lo))) + 1; float64(e) < math.Log10(hi) && len(l.decades) < 64; e++ {
		l.decades = append(l.decades, e)
		l.labels = append(l.labels, axis.Decade(e))
	}
	return l
}

// netScrubber adds the scrubber (track, the part played and the handle) to
// the triangle batch.
func (r *Renderer) netScrubber(net *plot.Network, g *netGeom) {
	tr := g.track
	if !(tr.W > 0) {
		return
	}
	t := &r.net.tris
	t.quad(tr, grid, grid)
	x := tr.X + frameFrac(net.Frame, net.Frames)*tr.W
	accent := rgb(plot.Palette[0])
	t.quad(rect{tr.X, tr.Y, x - tr.X, tr.H}, accent, accent)
	h := netHandleR * g.s
	t.segments(segmentsFor(h))
	c := pt{x, tr.Y + tr.H/2}
	t.disc(c, h, white)
	t.ring(c, h-1.5*g.s, h, accent)
}

// stepLabel returns "step <step>", cached.
func (r *Renderer) stepLabel(step int) string {
	if r.net.stepS == "" || r.net.step != step {
		r.net.step, r.net.stepS = step, "step "+strconv.Itoa(step)
	}
	return r.net.stepS
}

// netTooltip draws the tooltip of node i on a translucent box beside it,
// kept inside the panel pr below the title.
func (r *Renderer) netTooltip(dst *ebiten.Image, net *plot.Network, g *netGeom, pr rect, i int) {
	q := r.net.pos[i]
	if math.IsNaN(q.X) {
		return
	}
	deg := r.net.degreesOf(net, len(r.net.pos))[i]
	v, hasV := 0.0, i < len(net.Node)
	if hasV {
		v = net.Node[i]
	}
	tip := &r.net.tipOf
	if r.net.tip == "" || tip.node != i || tip.deg != deg || tip.label != net.NodeLabel || tip.hasV != hasV || !(tip.v == v || math.IsNaN(v) && math.IsNaN(tip.v)) {
		tip.node, tip.deg, tip.label, tip.v, tip.hasV = i, deg, net.NodeLabel, v, hasV
		r.net.tip = tooltip(i, deg, net.NodeLabel, v, hasV)
	}
	s, fs, pad := g.s, sizeNote*g.s, 4*g.s
	w, h := r.measure(r.net.tip, fs)
	w, h = w+2*pad, h+2*pad
	d := g.r + g.ring + 4*s
	cands := [4]rect{
		{q.X + d, q.Y - d - h, w, h}, {q.X - d - w, q.Y - d - h, w, h},
		{q.X + d, q.Y + d, w, h}, {q.X - d - w, q.Y + d, w, h},
	}
	below := rect{pr.X, g.sq.Y, pr.W, pr.bottom() - g.sq.Y} // clear of the title
	b, _ := placeNear(cands[:], nil, below)
	r.boxedText(dst, r.net.tip, fs, b.X, b.Y, pad, ink)
	lw := math.Max(1, math.Round(s))
	vector.StrokeRect(dst, float32(b.X), float32(b.Y), float32(b.W), float32(b.H), float32(lw), grid, false)
}

// NodePos returns where node of network panel was drawn in the last figure,
// in the pixels of the image given to Draw (ok false when it was not drawn):
// the inverse of NodeAt, for tests and for pointing at a node.
func (r *Renderer) NodePos(panel, node int) (x, y float64, ok bool) {
	for i := range r.net.drawn {
		d := &r.net.drawn[i]
		if d.panel != panel || !d.g.ok || node < 0 || node >= len(d.xs) || node >= len(d.ys) {
			continue
		}
		p, ok := d.g.at(d.xs[node], d.ys[node])
		return p.X, p.Y, ok
	}
	return 0, 0, false
}
