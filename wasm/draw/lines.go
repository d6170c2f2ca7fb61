package draw

import "math"

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

// segment appends the line a–b to l.
func (l *lines) segment(a, b pt) {
	l.start(a)
	l.pts = append(l.pts, b)
	l.end()
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
