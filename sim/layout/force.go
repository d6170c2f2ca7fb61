package layout

import (
	"math"

	"sgdlab/sim/graph"
	"sgdlab/sim/rng"
)

// maxNear bounds the repulsion work per node and iteration: beyond it the
// neighbourhood is sampled (see Step).
const maxNear = 64

// DefaultIters is the number of iterations NewForce runs (and ForceLayout
// when asked for iters ≤ 0).
const DefaultIters = 300

// Force is the Fruchterman–Reingold force-directed layout of a graph, run as
// a stepper. In a square of side √n, so that the ideal edge length is k = 1,
// nodes start uniformly at random (rng.StreamLayout); every iteration
// each node is pushed away from every node closer than 2k by k²/d
// (repulsion, found through a uniform grid of cells of side ≥ 2k, so only
// the 3×3 cells around a node are searched) and pulled towards each
// neighbour by d²/k (attraction along the edges); then each node moves along
// its net force by at most the temperature, which cools linearly from √n/10
// to 0 over the fixed iteration count. With a cut-off repulsion a random
// graph (an expander) contracts into a dense core, where the 3×3 cells hold
// hundreds of nodes; there a node visits only an evenly strided sample of
// at most 64 of them, each force weighted by the stride, so an iteration
// costs O(n + |E|) at any density. An iteration allocates nothing.
type Force struct {
	n, iters, iter int
	t0             float64   // starting temperature
	x, y           []float64 // positions (side-√n square at the start)
	dx, dy         []float64 // net displacement this iteration
	eu, ev         []int32   // the edges
	cellOf         []int32   // node i lies in cell cellOf[i]
	start          []int32   // cell c holds order[start[c]:start[c+1]]
	order          []int32   // nodes sorted by cell (counting sort)
	maxSide        int       // at most maxSide×maxSide cells
}

// NewForce starts the force layout of g from random positions drawn with
// seed (stream rng.StreamLayout); it runs DefaultIters iterations.
func NewForce(g *graph.Graph, seed uint64) *Force { return newForce(g, seed, DefaultIters) }

func newForce(g *graph.Graph, seed uint64, iters int) *Force {
	n := g.N
	side := math.Sqrt(float64(n))
	f := &Force{
		n: n, iters: iters, t0: side / 10,
		x: make([]float64, n), y: make([]float64, n),
		dx: make([]float64, n), dy: make([]float64, n),
		eu: make([]int32, len(g.Edges)), ev: make([]int32, len(g.Edges)),
		cellOf: make([]int32, n), order: make([]int32, n),
		maxSide: int(side) + 2,
	}
	f.start = make([]int32, f.maxSide*f.maxSide+1)
	r := rng.New(seed, rng.StreamLayout)
	for i := range n {
		f.x[i] = float64(side * r.Float64())
		f.y[i] = float64(side * r.Float64())
	}
	for e, ed := range g.Edges {
		f.eu[e], f.ev[e] = int32(ed.U), int32(ed.V)
	}
	return f
}

// Iter returns the number of iterations done.
func (f *Force) Iter() int { return f.iter }

// Done reports whether all iterations are done.
func (f *Force) Done() bool { return f.iter >= f.iters }

// Step runs one iteration (nothing once done) and reports whether the
// layout is done.
func (f *Force) Step() bool {
	if f.Done() {
		return true
	}
	const k = 1.0 // ideal edge length
	const cut2 = 4 * k * k
	n := f.n
	x, y, dx, dy := f.x, f.y, f.dx, f.dy
	clear(dx)
	clear(dy)

	// Bin the nodes into cells of side cs ≥ 2k, at most maxSide a side.
	gx, gy := f.bin()

	// Repulsion from the nodes within 2k, found in the 3×3 cells around
	// each node. Where those cells hold more than maxNear nodes (the dense
	// core a random graph contracts into) only every s-th of them is
	// visited, s = ⌈count/maxNear⌉, from an offset that turns with i and the
	// iteration, and its force counts s times: an unbiased estimate at a
	// bounded cost.
	for i := range n {
		ci := int(f.cellOf[i])
		cx, cy := ci%gx, ci/gx
		ax0, ax1 := max(cx-1, 0), min(cx+1, gx-1)
		ay0, ay1 := max(cy-1, 0), min(cy+1, gy-1)
		count := 0
		for ay := ay0; ay <= ay1; ay++ {
			count += int(f.start[ay*gx+ax1+1] - f.start[ay*gx+ax0])
		}
		stride := (count + maxNear - 1) / maxNear
		off := (i + 7*f.iter) % max(stride, 1)
		w := float64(max(stride, 1)) * k * k
		xi, yi := x[i], y[i]
		var fx, fy float64
		pos := 0 // index of the row's first node in the concatenated neighbourhood
		for ay := ay0; ay <= ay1; ay++ {
			// The cells of a row are contiguous in order.
			row := f.order[f.start[ay*gx+ax0]:f.start[ay*gx+ax1+1]]
			first := 0
			if stride > 1 {
				first = ((off-pos)%stride + stride) % stride
			}
			pos += len(row)
			for m := first; m < len(row); m += max(stride, 1) {
				j := int(row[m])
				if j == i {
					continue
				}
				ddx, ddy := xi-x[j], yi-y[j]
				d2 := float64(ddx*ddx) + float64(ddy*ddy)
				if d2 >= cut2 {
					continue
				}
				if d2 == 0 { // coincident: split them apart by index
					ddx, ddy = 1e-3, 0.5e-3
					if j > i {
						ddx, ddy = -ddx, -ddy
					}
					d2 = float64(ddx*ddx) + float64(ddy*ddy)
				}
				// Force w·k²/d along the unit vector (ddx, ddy)/d.
				fx += float64(ddx * w / d2)
				fy += float64(ddy * w / d2)
			}
		}
		dx[i], dy[i] = fx, fy
	}

	// Attraction d²/k along every edge.
	for e := range f.eu {
		u, v := f.eu[e], f.ev[e]
		ddx, ddy := x[u]-x[v], y[u]-y[v]
		d := math.Sqrt(float64(ddx*ddx) + float64(ddy*ddy))
		ax, ay := float64(ddx*d)/k, float64(ddy*d)/k
		dx[u] -= ax
		dy[u] -= ay
		dx[v] += ax
		dy[v] += ay
	}

	// Move by at most the temperature, cooling linearly to 0.
	t := f.t0 * float64(f.iters-f.iter) / float64(f.iters)
	for i := range n {
		l := math.Sqrt(float64(dx[i]*dx[i]) + float64(dy[i]*dy[i]))
		if l == 0 {
			continue
		}
		s := min(l, t) / l
		x[i] += float64(dx[i] * s)
		y[i] += float64(dy[i] * s)
	}
	f.iter++
	return f.Done()
}

// bin sorts the nodes into a gx×gy grid of square cells of side cs ≥ 2k
// covering the nodes' bounding box (counting sort into order and start).
func (f *Force) bin() (gx, gy int) {
	n := f.n
	if n == 0 {
		return 1, 1
	}
	x0, x1, y0, y1 := f.x[0], f.x[0], f.y[0], f.y[0]
	for i := 1; i < n; i++ {
		x0, x1 = min(x0, f.x[i]), max(x1, f.x[i])
		y0, y1 = min(y0, f.y[i]), max(y1, f.y[i])
	}
	m := float64(f.maxSide - 1)
	cs := max(2.0, (x1-x0)/m, (y1-y0)/m)
	gx = min(int((x1-x0)/cs)+1, f.maxSide)
	gy = min(int((y1-y0)/cs)+1, f.maxSide)
	cells := gx * gy
	cnt := f.start[:cells+1]
	clear(cnt)
	for i := range n {
		cx := min(int((f.x[i]-x0)/cs), gx-1)
		cy := min(int((f.y[i]-y0)/cs), gy-1)
		c := cy*gx + cx
		f.cellOf[i] = int32(c)
		cnt[c+1]++
	}
	for c := 1; c <= cells; c++ {
		cnt[c] += cnt[c-1]
	}
	// Fill, using cnt[c] as the next free slot of cell c, then shift back.
	for i := range n {
		c := f.cellOf[i]
		f.order[cnt[c]] = int32(i)
		cnt[c]++
	}
	for c := cells; c > 0; c-- {
		cnt[c] = cnt[c-1]
	}
	cnt[0] = 0
	return gx, gy
}

// Positions returns the current layout scaled uniformly (aspect kept) into
// [Margin, 1 − Margin]² and centred; a fresh copy each call.
func (f *Force) Positions() Positions {
	p := make2(f.n)
	copy(p.X, f.x)
	copy(p.Y, f.y)
	return fit(p)
}

// ForceLayout runs the force layout of g from seed for iters iterations
// (DefaultIters if iters ≤ 0) and returns the positions.
func ForceLayout(g *graph.Graph, seed uint64, iters int) Positions {
	if iters <= 0 {
		iters = DefaultIters
	}
	f := newForce(g, seed, iters)
	for !f.Step() {
	}
	return f.Positions()
}
