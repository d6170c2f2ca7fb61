package draw

import (
	"image/color"
	"math"
	"strings"

	"sgdlab/sim/plot"
)

// label is a marker's or a series end's text, placed by plan.
type label struct {
	text string
	box  rect
	c    color.RGBA
}

// plan lays out panel p in pr and decides where everything goes before
// anything is drawn. The series are projected once (curves draws from that
// projection). The legend takes the first corner of the plot that no series,
// end cross or shade label crosses, in the order top right, top left, bottom
// right, bottom left; when there is none it stands right of the plot (a wide
// panel) or under it in columns, so it never covers data. The notes do the
// same, clear of the legend, or go under everything. Marker and end labels
// then keep clear of both and of each other, or are left out. has is false when p has no
// drawable point; ok is false when pr is too small for axes.
func (r *Renderer) plan(p *plot.Panel, pr rect, s float64) (f frameOf, has, ok bool) {
	sx, sy, has := scales(p)
	legAt, notesOut, force := inCorner, false, false
	for range 6 {
		f, ok = r.layout(p, pr, sx, sy, s, legAt, notesOut)
		if !ok && (legAt != inCorner || notesOut) && !force {
			// No room for the legend or notes outside: back in the plot,
			// where they cover as little as they can.
			legAt, notesOut, force = inCorner, false, true
			continue
		}
		if !ok {
			return f, has, false
		}
		r.project(p, &f)
		r.obstacles(p, &f)
		again := false
		if f.leg.n > 0 && legAt == inCorner {
			box, clear := r.clearCorner(p, &f, f.leg.w, f.leg.h, 8*s, rect{}, topRight, topLeft, bottomRight, bottomLeft)
			switch {
			case clear && f.leg.more == 0, force && f.leg.w > 0:
				f.legBox = box
			case !force:
				legAt, again = r.outside(p, pr, s), true
			}
		}
		if !again && f.notesW > 0 && !notesOut {
			avoid := rect{}
			if legAt == inCorner {
				avoid = f.legBox
			}
			box, clear := r.clearCorner(p, &f, f.notesW, f.notesH, 6*s, avoid, bottomLeft, bottomRight, topLeft, topRight)
			switch {
			case clear || force:
				f.notesBox = box
			default:
				notesOut, again = true, true
			}
		}
		if !again {
			break
		}
	}
	r.placeLabels(p, &f)
	return f, has, true
}

// outside returns where p's legend goes when no corner of the plot is clear:
// right of the plot in a wide panel when one column takes at most a third
// of its width, else under the plot.
func (r *Renderer) outside(p *plot.Panel, pr rect, s float64) where {
	if pr.W >= 600*s {
		if l := r.legendFor(p, s, 0.4*pr.W, pr.H-16*s, false); l.w > 0 && l.more == 0 && l.w <= pr.W/3 {
			return atRight
		}
	}
	return below
}

// project projects every series of p onto the screen (clipped a little
// outside the plot area) into r.proj; series i is lines r.projAt[i] to
// r.projAt[i+1].
func (r *Renderer) project(p *plot.Panel, f *frameOf) {
	clip := f.plot.inset(-6 * f.s) // caps past the edge are cut when drawn
	r.proj.reset()
	r.proj.tol = f.s // thinner detail hides under a 1.5-2 px stroke
	r.projAt = r.projAt[:0]
	for i := range p.Series {
		r.projAt = append(r.projAt, r.proj.n())
		r.proj.project(p.Series[i].X, p.Series[i].Y, f.m, clip)
	}
	r.projAt = append(r.projAt, r.proj.n())
}

// obstacles collects in r.obst the boxes a legend must not cover besides the
// curves: the crosses at series ends and the shade labels.
func (r *Renderer) obstacles(p *plot.Panel, f *frameOf) {
	r.obst = r.obst[:0]
	d := 4.5*f.s + 2*f.s
	for i := range p.Series {
		if q, ok := endPoint(&p.Series[i], f); ok && p.Series[i].End != "" {
			r.obst = append(r.obst, rect{q.X - d, q.Y - d, 2 * d, 2 * d})
		}
	}
	for _, sh := range p.Shades {
		if b, ok := r.shadeLabel(sh, f); ok {
			r.obst = append(r.obst, b)
		}
	}
}

// hits counts what box b would cover: segments and points of the projected
// series (b grown by 3 px for their strokes) and obstacles; and, apart,
// marker lines.
func (r *Renderer) hits(p *plot.Panel, f *frameOf, b rect) (data, markers int) {
	g := b.inset(-3 * f.s)
	for j := range r.proj.n() {
		l := r.proj.line(j)
		if len(l) == 1 && g.contains(l[0]) {
			data++
		}
		for k := 1; k < len(l); k++ {
			if _, _, ok := clipSegment(l[k-1], l[k], g); ok {
				data++
			}
		}
	}
	for _, o := range r.obst {
		if o.overlaps(b) {
			data++
		}
	}
	for _, m := range p.Markers {
		if a, c, _, ok := markerLine(m, p, f); ok {
			if _, _, ok := clipSegment(a, c, b); ok {
				markers++
			}
		}
	}
	return data, markers
}

// clearCorner returns a w×h box in the first of corners, margin m inside the
// plot, that covers no data and does not overlap avoid, preferring one that
// crosses no marker line either; failing that, the box covering the least
// data, with clear false.
func (r *Renderer) clearCorner(p *plot.Panel, f *frameOf, w, h, m float64, avoid rect, corners ...corner) (box rect, clear bool) {
	best, bestN, found := rect{}, math.MaxInt, false
	for _, c := range corners {
		b := c.box(f.plot, w, h, m)
		if avoid.W > 0 && b.overlaps(avoid) {
			continue
		}
		if b.X < f.plot.X || b.Y < f.plot.Y || b.right() > f.plot.right() || b.bottom() > f.plot.bottom() {
			continue // larger than the plot
		}
		data, markers := r.hits(p, f, b)
		switch {
		case data == 0 && markers == 0:
			return b, true
		case data == 0 && !found:
			box, found = b, true
		}
		if n := 4*data + markers; n < bestN {
			best, bestN = b, n
		}
	}
	if found {
		return box, true
	}
	if bestN == math.MaxInt { // no corner holds it: the first, as it is
		best = corners[0].box(f.plot, w, h, m)
	}
	return best, false
}

// placeLabels places the marker labels and the end labels of p in r.labels,
// clear of the legend and notes inside the plot, the shade labels and each
// other.
func (r *Renderer) placeLabels(p *plot.Panel, f *frameOf) {
	s, fs := f.s, sizeTick*f.s
	r.labels, r.placed = r.labels[:0], r.placed[:0]
	if f.leg.w > 0 && f.legAt == inCorner {
		r.placed = append(r.placed, f.legBox)
	}
	if f.notesW > 0 && !f.notesOut {
		r.placed = append(r.placed, f.notesBox)
	}
	for _, sh := range p.Shades {
		if b, ok := r.shadeLabel(sh, f); ok {
			r.placed = append(r.placed, b)
		}
	}
	pad := 2 * s
	// A label with no clear spot is left out (its line or cross stays):
	// a crowded small figure is better than labels over labels.
	add := func(text string, c color.RGBA, cands []rect) {
		if b, ok := placeNear(cands, r.placed, f.plot); ok {
			r.placed = append(r.placed, b)
			r.labels = append(r.labels, label{text, b, c})
		}
	}
	for _, m := range p.Markers {
		a, _, vertical, ok := markerLine(m, p, f)
		if !ok || m.Label == "" {
			continue
		}
		w, h := r.measure(m.Label, fs)
		bw, bh := w+2*pad, h+2*pad
		if vertical { // at the top, right of the line, else left of it
			add(m.Label, rgb(m.Color), []rect{
				{a.X + 3*s, f.plot.Y + 3*s, bw, bh},
				{a.X - 3*s - bw, f.plot.Y + 3*s, bw, bh},
			})
		} else { // at the left end, above the line, else below it
			add(m.Label, rgb(m.Color), []rect{
				{f.plot.X + 4*s, a.Y - 2*s - bh, bw, bh},
				{f.plot.X + 4*s, a.Y + 2*s, bw, bh},
			})
		}
	}
	for i := range p.Series {
		se := &p.Series[i]
		if strings.TrimSpace(se.End) == "" { // no End, or a cross without a label
			continue
		}
		q, ok := endPoint(se, f)
		if !ok {
			continue
		}
		text := r.fit(se.End, fs, f.plot.W-16*s)
		w, h := r.measure(text, fs)
		bw, bh, d := w+2*pad, h+2*pad, 8*s
		// Right of the cross, left of it, then below or above it.
		add(text, ink, []rect{
			{q.X + d, q.Y - bh/2, bw, bh},
			{q.X - d - bw, q.Y - bh/2, bw, bh},
			{q.X - bw/2, q.Y + d, bw, bh},
			{q.X - bw/2, q.Y - d - bh, bw, bh},
			{q.X + d, q.Y + d, bw, bh},
			{q.X - d - bw, q.Y + d, bw, bh},
		})
	}
}

// shadeLabel returns the box of sh's label at the foot of its band, and
// false when it has none or it does not fit the band.
func (r *Renderer) shadeLabel(sh plot.Shade, f *frameOf) (rect, bool) {
	if sh.Label == "" {
		return rect{}, false
	}
	x0, x1, ok := shadeSpan(sh, f)
	if !ok {
		return rect{}, false
	}
	size := sizeNote * f.s
	tw, th := r.measure(sh.Label, size)
	if tw > x1-x0-8*f.s {
		return rect{}, false
	}
	return rect{(x0+x1)/2 - tw/2, f.plot.bottom() - 4*f.s - th, tw, th}, true
}

// shadeSpan returns the screen extent of sh's band within the plot area.
func shadeSpan(sh plot.Shade, f *frameOf) (x0, x1 float64, ok bool) {
	pl := f.plot
	x0, ok0 := f.m.x.at(sh.X0)
	x1, ok1 := f.m.x.at(sh.X1)
	if !ok0 {
		x0 = pl.X
	}
	if !ok1 {
		x1 = pl.right()
	}
	x0, x1 = math.Max(math.Min(x0, x1), pl.X), math.Min(math.Max(x0, x1), pl.right())
	return x0, x1, x1 > x0
}
