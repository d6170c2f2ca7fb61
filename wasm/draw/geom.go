package draw

import "math"

// This file holds the renderer's geometry: plain functions of screen
// coordinates, tested natively without a display.

// pt is a point in screen pixels.
type pt struct{ X, Y float64 }

// rect is a screen rectangle.
type rect struct{ X, Y, W, H float64 }

func (r rect) right() float64  { return r.X + r.W }
func (r rect) bottom() float64 { return r.Y + r.H }

// inset shrinks r by d on every side (grows it for d < 0).
func (r rect) inset(d float64) rect { return rect{r.X + d, r.Y + d, r.W - 2*d, r.H - 2*d} }

func (r rect) contains(p pt) bool {
	return p.X >= r.X && p.X <= r.right() && p.Y >= r.Y && p.Y <= r.bottom()
}

func (r rect) overlaps(s rect) bool {
	return r.X < s.right() && s.X < r.right() && r.Y < s.bottom() && s.Y < r.bottom()
}

// splitPanels lays n panels out in area, side by side, or stacked when the
// area is taller than wide, appending them to dst.
func splitPanels(dst []rect, area rect, n int) []rect {
	for i := range n {
		if area.H > area.W {
			h := area.H / float64(n)
			dst = append(dst, rect{area.X, area.Y + float64(i)*h, area.W, h})
		} else {
			w := area.W / float64(n)
			dst = append(dst, rect{area.X + float64(i)*w, area.Y, w, area.H})
		}
	}
	return dst
}

// clipSegment clips the segment a–b to r (Liang–Barsky). It returns the
// visible part, with a and b themselves where they are inside, and false
// when nothing is visible.
func clipSegment(a, b pt, r rect) (pt, pt, bool) {
	dx, dy := b.X-a.X, b.Y-a.Y
	t0, t1 := 0.0, 1.0
	for _, c := range [4][2]float64{
		{-dx, a.X - r.X}, {dx, r.right() - a.X},
		{-dy, a.Y - r.Y}, {dy, r.bottom() - a.Y},
	} {
		p, q := c[0], c[1]
		if p == 0 {
			if q < 0 {
				return a, b, false
			}
			continue
		}
		t := q / p
		if p < 0 {
			if t > t1 {
				return a, b, false
			}
			t0 = math.Max(t0, t)
		} else {
			if t < t0 {
				return a, b, false
			}
			t1 = math.Min(t1, t)
		}
	}
	ca, cb := a, b
	if t0 > 0 {
		ca = pt{a.X + t0*dx, a.Y + t0*dy}
	}
	if t1 < 1 {
		cb = pt{a.X + t1*dx, a.Y + t1*dy}
	}
	return ca, cb, true
}

// lines is a list of screen polylines in one flat buffer, reused across
// frames: line i is pts[ends[i-1]:ends[i]].
type lines struct {
	pts  []pt
	ends []int
	open bool // the last line is still being built

	tol     float64 // thinning: minimum distance between kept points
	pending pt      // the last point dropped by thinning
	hasPend bool
}

func (l *lines) reset() {
	l.pts, l.ends, l.open, l.hasPend = l.pts[:0], l.ends[:0], false, false
}

// n returns the number of finished lines.
func (l *lines) n() int { return len(l.ends) }

// line returns line i.
func (l *lines) line(i int) []pt {
	start := 0
	if i > 0 {
		start = l.ends[i-1]
	}
	return l.pts[start:l.ends[i]]
}

// start opens a new line at p, finishing any open one.
func (l *lines) start(p pt) {
	l.end()
	l.pts = append(l.pts, p)
	l.open = true
}

// add extends the open line to p, dropping p while it is closer than tol to
// the last kept point (end keeps the last one dropped).
func (l *lines) add(p pt) {
	last := l.pts[len(l.pts)-1]
	if math.Hypot(p.X-last.X, p.Y-last.Y) < l.tol {
		l.pending, l.hasPend = p, true
		return
	}
	l.pts = append(l.pts, p)
	l.hasPend = false
}

// end finishes the open line, if any.
func (l *lines) end() {
	if !l.open {
		return
	}
	if l.hasPend {
		l.pts = append(l.pts, l.pending)
		l.hasPend = false
	}
	l.ends = append(l.ends, len(l.pts))
	l.open = false
}

// farAway bounds screen coordinates so that clipping arithmetic stays finite.
const farAway = 1e9

// project appends to l the polylines through the points (xs[i], ys[i]) mapped
// by m: a line breaks at a point m cannot map (non-finite, or non-positive on
// a log axis) and where it leaves clip, and points closer than l.tol to the
// previous kept one are dropped.
func (l *lines) project(xs, ys []float64, m mapping, clip rect) {
	var prev pt
	havePrev := false
	for i := range min(len(xs), len(ys)) {
		p, ok := m.at(xs[i], ys[i])
		if !ok {
			l.end()
			havePrev = false
			continue
		}
		p.X = math.Max(-farAway, math.Min(farAway, p.X))
		p.Y = math.Max(-farAway, math.Min(farAway, p.Y))
		if !havePrev {
			prev, havePrev = p, true
			if clip.contains(p) {
				l.start(p)
			}
			continue
		}
		a, b, vis := clipSegment(prev, p, clip)
		prev = p
		if !vis {
			l.end()
			continue
		}
		if !l.open {
			l.start(a)
		}
		l.add(b)
		if b != p { // left the clip rectangle
			l.end()
		}
	}
	l.end()
}

// dashes appends to l the dashes of the polyline src: on pixels drawn, off
// pixels skipped, measured along the line from its start.
func (l *lines) dashes(src []pt, on, off float64) {
	if len(src) < 2 || !(on > 0) || !(off > 0) {
		return
	}
	l.end()
	drawing, left := true, on
	l.start(src[0])
	for i := 1; i < len(src); i++ {
		a, b := src[i-1], src[i]
		seg := math.Hypot(b.X-a.X, b.Y-a.Y)
		pos := 0.0
		for seg-pos > 1e-9 {
			step := math.Min(left, seg-pos)
			pos += step
			left -= step
			t := pos / seg
			q := pt{a.X + (b.X-a.X)*t, a.Y + (b.Y-a.Y)*t}
			if drawing {
				l.pts = append(l.pts, q)
			}
			if left <= 1e-9 {
				if drawing {
					l.end()
					left = off
				} else {
					l.start(q)
					left = on
				}
				drawing = !drawing
			}
		}
	}
	if l.open && len(l.pts)-l.lastStart() < 2 {
		l.pts = l.pts[:l.lastStart()]
		l.open = false
	}
	l.end()
}

// lastStart returns the index in pts where the open (or next) line starts.
func (l *lines) lastStart() int {
	if len(l.ends) == 0 {
		return 0
	}
	return l.ends[len(l.ends)-1]
}

// axisMap maps data values to a screen coordinate: a·v + b, or a·log10(v) + b.
type axisMap struct {
	log  bool
	a, b float64
}

// newAxisMap maps lo to p0 and hi to p1 (lo < hi; lo > 0 when log is set).
func newAxisMap(lo, hi float64, log bool, p0, p1 float64) axisMap {
	if log {
		lo, hi = math.Log10(lo), math.Log10(hi)
	}
	a := (p1 - p0) / (hi - lo)
	return axisMap{log: log, a: a, b: p0 - a*lo}
}

// at returns the screen coordinate of v; ok is false when v has none.
func (m axisMap) at(v float64) (float64, bool) {
	if m.log {
		if !(v > 0) {
			return 0, false
		}
		v = math.Log10(v)
	}
	s := m.a*v + m.b
	return s, !math.IsNaN(s) && !math.IsInf(s, 0)
}

// mapping maps data points to the screen.
type mapping struct{ x, y axisMap }

func (m mapping) at(x, y float64) (pt, bool) {
	sx, okx := m.x.at(x)
	sy, oky := m.y.at(y)
	return pt{sx, sy}, okx && oky
}

// labelStride returns the smallest k ≥ 1 such that every k-th of the labels,
// centred at pos (increasing) with the given extents along the axis, are at
// least gap apart.
func labelStride(pos, size []float64, gap float64) int {
	for k := 1; k < len(pos); k++ {
		ok := true
		for i := k; i < len(pos); i += k {
			if math.Abs(pos[i]-pos[i-k]) < (size[i]+size[i-k])/2+gap {
				ok = false
				break
			}
		}
		if ok {
			return k
		}
	}
	return max(1, len(pos))
}

// place returns r moved down (then up) in steps of its height until it
// overlaps none of placed and lies within bounds, or r clamped into bounds
// if no such spot is found.
func place(r rect, placed []rect, bounds rect) rect {
	r.X = math.Max(bounds.X, math.Min(r.X, bounds.right()-r.W))
	r.Y = math.Max(bounds.Y, math.Min(r.Y, bounds.bottom()-r.H))
	for _, dir := range []float64{1, -1} {
		for k := 0; k < 20; k++ {
			c := r
			c.Y += dir * float64(k) * r.H
			if c.Y < bounds.Y || c.bottom() > bounds.bottom() {
				break
			}
			free := true
			for _, p := range placed {
				if c.overlaps(p) {
					free = false
					break
				}
			}
			if free {
				return c
			}
		}
	}
	return r
}

// placeNear returns the first of cands that lies within bounds and overlaps
// none of placed; failing that, place(cands[0], placed, bounds).
func placeNear(cands []rect, placed []rect, bounds rect) rect {
	for _, c := range cands {
		if c.X < bounds.X || c.right() > bounds.right() || c.Y < bounds.Y || c.bottom() > bounds.bottom() {
			continue
		}
		free := true
		for _, p := range placed {
			if c.overlaps(p) {
				free = false
				break
			}
		}
		if free {
			return c
		}
	}
	return place(cands[0], placed, bounds)
}

// corner is a corner of a plot area.
type corner int

const (
	topRight corner = iota
	topLeft
	bottomRight
	bottomLeft
)

// box returns a w×h box in corner c of r, margin m from its edges.
func (c corner) box(r rect, w, h, m float64) rect {
	b := rect{r.X + m, r.Y + m, w, h}
	if c == topRight || c == bottomRight {
		b.X = r.right() - m - w
	}
	if c == bottomLeft || c == bottomRight {
		b.Y = r.bottom() - m - h
	}
	return b
}

// occupancy counts screen points falling in one candidate box per corner.
type occupancy struct {
	boxes [4]rect
	n     [4]int
}

// count adds the points of pts to the counts.
func (o *occupancy) count(pts []pt) {
	for _, p := range pts {
		for c, b := range o.boxes {
			if b.contains(p) {
				o.n[c]++
			}
		}
	}
}

// quietest returns the first of prefs unless a later one holds fewer than
// half as many points as the best so far.
func (o *occupancy) quietest(prefs ...corner) corner {
	best := prefs[0]
	for _, c := range prefs[1:] {
		if 2*o.n[c] < o.n[best] {
			best = c
		}
	}
	return best
}
