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

// clearOf reports whether r overlaps none of placed.
func (r rect) clearOf(placed []rect) bool {
	for _, p := range placed {
		if r.overlaps(p) {
			return false
		}
	}
	return true
}

// splitPanels divides area into n panels on a grid: of every cols × rows
// layout (rows = ⌈n/cols⌉), the one whose panels are largest measured by
// min(w/1.5, h), so panels stay near 3:2 — side by side in a wide area,
// stacked in a tall one, 2×2 for four in a roughly square one. Panels fill
// rows left to right.
func splitPanels(dst []rect, area rect, n int) []rect {
	if n <= 0 {
		return dst
	}
	best, cols := -1.0, 1
	for c := 1; c <= n; c++ {
		rows := (n + c - 1) / c
		if sc := math.Min(area.W/float64(c)/1.5, area.H/float64(rows)); sc > best+1e-9 {
			best, cols = sc, c
		}
	}
	rows := (n + cols - 1) / cols
	w, h := area.W/float64(cols), area.H/float64(rows)
	for i := range n {
		dst = append(dst, rect{area.X + float64(i%cols)*w, area.Y + float64(i/cols)*h, w, h})
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
			if c.clearOf(placed) {
				return c
			}
		}
	}
	return r
}

// placeNear returns the first of cands that lies within bounds and overlaps
// none of placed; failing that, the first clear spot place finds from each
// of cands in turn; failing that, cands[0] clamped into bounds, with ok
// false.
func placeNear(cands []rect, placed []rect, bounds rect) (b rect, ok bool) {
	for _, c := range cands {
		if c.X < bounds.X || c.right() > bounds.right() || c.Y < bounds.Y || c.bottom() > bounds.bottom() {
			continue
		}
		if c.clearOf(placed) {
			return c, true
		}
	}
	for _, c := range cands {
		if b := place(c, placed, bounds); b.clearOf(placed) {
			return b, true
		}
	}
	return place(cands[0], placed, bounds), false
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
