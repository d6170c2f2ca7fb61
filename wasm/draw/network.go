package draw

import (
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
// feathered discs in one DrawTriangles32 call (cheap for 10,000 nodes; the
// batcher is in tris.go), a colour bar (colormap.go), a scrubber and a
// tooltip. The layout and the hit testing are in network_geom.go, what the
// last Draw keeps for them and the hover state in network_hover.go.

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
