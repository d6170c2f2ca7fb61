// Package layout computes deterministic 2-D node positions for drawing the
// communication graphs of sim/graph (the plot.Network panel): fixed layouts
// for the structured generators — circle, serpentine line, grid, star,
// barbell — and a Fruchterman–Reingold force layout, as a stepper, for the
// random ones. Positions lie in the unit square [0, 1]², y up, inside a
// margin, and are bit-for-bit the same on every GOARCH: the arithmetic is
// + − × ÷ and math.Sqrt only (sines and cosines come from a plain-Go series,
// products are rounded explicitly so no FMA fusion can change a bit), and the
// random start is drawn from rng stream rng.StreamLayout.
package layout

import "math"

// Margin is the gap kept between the nodes and the edges of the unit square:
// every position lies in [Margin, 1 − Margin]².
const Margin = 0.05

// Positions holds node i's position (X[i], Y[i]) in the unit square, y up,
// within [Margin, 1 − Margin]².
type Positions struct{ X, Y []float64 }

// make2 returns Positions for n nodes, all zero.
func make2(n int) Positions {
	return Positions{X: make([]float64, max(n, 0)), Y: make([]float64, max(n, 0))}
}

// fit maps the points (x, y), in place, into [Margin, 1 − Margin]² by one
// uniform scale (the aspect ratio is kept) and centres them; a single point
// or coincident points go to the centre (½, ½).
func fit(p Positions) Positions {
	n := len(p.X)
	if n == 0 {
		return p
	}
	x0, x1, y0, y1 := p.X[0], p.X[0], p.Y[0], p.Y[0]
	for i := 1; i < n; i++ {
		x0, x1 = min(x0, p.X[i]), max(x1, p.X[i])
		y0, y1 = min(y0, p.Y[i]), max(y1, p.Y[i])
	}
	span := max(x1-x0, y1-y0)
	s := 0.0
	if span > 0 {
		s = (1 - 2*Margin) / span
	}
	cx, cy := x0+float64((x1-x0)/2), y0+float64((y1-y0)/2)
	for i := range n {
		p.X[i] = 0.5 + float64(s*(p.X[i]-cx))
		p.Y[i] = 0.5 + float64(s*(p.Y[i]-cy))
		// Rounding can leave a bound one ulp outside; clamp it back.
		p.X[i] = min(max(p.X[i], Margin), 1-Margin)
		p.Y[i] = min(max(p.Y[i], Margin), 1-Margin)
	}
	return p
}

// sinCos returns sin and cos of 2π·num/den (den > 0) in plain Go: the turn
// is reduced exactly with integers to an angle φ ∈ [0, π/4] in one octant,
// where Taylor series to φ¹⁷ are accurate to an ulp or two; no math.Sin, so
// the bits are the same on every GOARCH.
func sinCos(num, den int) (sin, cos float64) {
	num %= den
	if num < 0 {
		num += den
	}
	q := 4 * num / den // quadrant 0…3
	r := 4*num - q*den // 2π·num/den = q·π/2 + (π/2)·r/den, 0 ≤ r < den
	swap := 2*r > den  // past π/4 in the quadrant: use the complement
	if swap {
		r = den - r
	}
	phi := float64(math.Pi/2*float64(r)) / float64(den)
	s, c := taylorSin(phi), taylorCos(phi)
	if swap {
		s, c = c, s
	}
	switch q { // rotate by q quarter turns
	case 1:
		s, c = c, -s
	case 2:
		s, c = -s, -c
	case 3:
		s, c = -c, s
	}
	return s, c
}

// taylorSin is sin φ for |φ| ≤ π/4 by its Taylor series (Horner, explicit
// rounding).
func taylorSin(x float64) float64 {
	x2 := float64(x * x)
	p := 0.0
	// sin x = x(1 − x²/(2·3)(1 − x²/(4·5)(1 − …))), from the inside out.
	for k := 17; k >= 3; k -= 2 {
		p = float64(float64(1-p) * x2 / float64(k*(k-1)))
	}
	return x - float64(x*p)
}

// taylorCos is cos φ for |φ| ≤ π/4 by its Taylor series.
func taylorCos(x float64) float64 {
	x2 := float64(x * x)
	p := 0.0
	// cos x = 1 − x²/(1·2)(1 − x²/(3·4)(1 − …)), from the inside out.
	for k := 18; k >= 2; k -= 2 {
		p = float64(float64(1-p) * x2 / float64(k*(k-1)))
	}
	return 1 - p
}

// ring sets nodes first…first+m−1 of p evenly on the circle of radius rad
// about (cx, cy): node first+j at angle 2πj/m clockwise from the top.
func ring(p Positions, first, m int, cx, cy, rad float64) {
	for j := range m {
		s, c := sinCos(j, m)
		// Clamp: ½ − (½ − Margin) can round to just below Margin.
		p.X[first+j] = min(max(cx+float64(rad*s), Margin), 1-Margin)
		p.Y[first+j] = min(max(cy+float64(rad*c), Margin), 1-Margin)
	}
}

// Circle places n nodes evenly on the circle of radius ½ − Margin about
// (½, ½): node 0 at the top, then clockwise (node i at angle 2πi/n from
// the top). A single node sits at the centre. It suits Ring and Complete.
func Circle(n int) Positions {
	p := make2(n)
	if n == 1 {
		p.X[0], p.Y[0] = 0.5, 0.5
		return p
	}
	ring(p, 0, n, 0.5, 0.5, 0.5-Margin)
	return p
}

// Complete is the layout of graph.Complete(n): the same as Circle(n).
func Complete(n int) Positions { return Circle(n) }

// Line draws the path 0–1–…–(n−1) as a serpentine on a square-ish lattice:
// ⌈√n⌉ nodes a row, rows from the top down, left to right on even rows and
// right to left on odd ones, so consecutive nodes are always one lattice
// step apart and a long path fills the square; the lattice is scaled
// uniformly into the margin and centred.
func Line(n int) Positions {
	p := make2(n)
	if n == 0 {
		return p
	}
	cols := int(math.Ceil(math.Sqrt(float64(n))))
	for cols*cols < n { // guard against Sqrt rounding down
		cols++
	}
	for i := range n {
		r, c := i/cols, i%cols
		if r%2 == 1 {
			c = cols - 1 - c
		}
		p.X[i], p.Y[i] = float64(c), -float64(r)
	}
	return fit(p)
}

// Grid places node r·cols + c (graph.Grid's numbering, grid or torus) at
// column c, row r of a rows×cols lattice, row 0 at the top, scaled uniformly
// (unit lattice steps, aspect kept) into the margin and centred.
func Grid(rows, cols int) Positions {
	n := max(rows, 0) * max(cols, 0)
	p := make2(n)
	for r := range rows {
		for c := range cols {
			p.X[r*cols+c], p.Y[r*cols+c] = float64(c), -float64(r)
		}
	}
	return fit(p)
}

// Star places graph.Star(n)'s centre, node 0, at (½, ½) and nodes 1…n−1
// evenly on the circle of radius ½ − Margin about it, node 1 at the top,
// then clockwise.
func Star(n int) Positions {
	p := make2(n)
	if n == 0 {
		return p
	}
	p.X[0], p.Y[0] = 0.5, 0.5
	ring(p, 1, n-1, 0.5, 0.5, 0.5-Margin)
	return p
}

// Barbell lays out graph.Barbell(k, p): the clique 0…k−1 on a circle on
// the left with node k−1 (the one joined to the path) its rightmost point,
// the clique k+p…2k+p−1 on the mirror-image circle on the right with node
// k+p its leftmost point, and the path nodes k…k+p−1 evenly on the straight
// segment between them, left to right. Adjacent clique nodes and path
// nodes are about one unit apart before the whole is scaled uniformly into
// the margin and centred.
func Barbell(k, p int) Positions {
	k, p = max(k, 0), max(p, 0)
	pos := make2(2*k + p)
	if len(pos.X) == 0 {
		return pos
	}
	// Circle radius with unit chords between neighbours (½ for k = 2).
	rad := 0.0
	if k >= 2 {
		s, _ := sinCos(1, 2*k) // sin(π/k)
		rad = 0.5 / s
	}
	// Left clique: node k−1−j at angle π/2 + 2πj/k clockwise from the top,
	// i.e. node k−1 due east, the others going anticlockwise around it.
	for j := range k {
		s, c := sinCos(k-4*j, 4*k) // angle ¼ − j/k of a turn from the top
		pos.X[k-1-j] = float64(rad * s)
		pos.Y[k-1-j] = float64(rad * c)
	}
	// Path: unit steps after the left clique's east point.
	for j := range p {
		pos.X[k+j] = rad + float64(j+1)
	}
	// Right clique: the mirror image about the middle of the path.
	right := 2*rad + float64(p+1)
	for j := range k {
		pos.X[k+p+j] = right - pos.X[k-1-j]
		pos.Y[k+p+j] = pos.Y[k-1-j]
	}
	return fit(pos)
}
