package draw

import (
	"strconv"

	"sgdlab/sim/plot"
)

// This file holds what the network panels keep for hit testing and hovering
// (the panels drawn, the hovered node, the tooltip's text) and the Renderer's
// methods that answer from it; none draws, none touches ebiten.

// netDrawn is what hit testing keeps of a network panel drawn.
type netDrawn struct {
	panel  int
	pr     rect
	g      netGeom
	xs, ys []float64
}

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
