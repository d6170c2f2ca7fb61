package layout

import (
	"fmt"
	"math"
	"testing"

	"sgdlab/sim/graph"
	"sgdlab/sim/rng"
)

func dist(p Positions, i, j int) float64 { return math.Hypot(p.X[i]-p.X[j], p.Y[i]-p.Y[j]) }

// checkBox fails unless p has n finite positions inside the margin.
func checkBox(t *testing.T, name string, p Positions, n int) {
	t.Helper()
	if len(p.X) != n || len(p.Y) != n {
		t.Fatalf("%s: %d, %d positions, want %d", name, len(p.X), len(p.Y), n)
	}
	for i := range n {
		x, y := p.X[i], p.Y[i]
		if math.IsNaN(x) || math.IsNaN(y) || x < Margin || x > 1-Margin || y < Margin || y > 1-Margin {
			t.Errorf("%s: node %d at (%v, %v), outside [%v, %v]²", name, i, x, y, Margin, 1-Margin)
		}
	}
}

// checkDistinct fails if two nodes are closer than eps.
func checkDistinct(t *testing.T, name string, p Positions, eps float64) {
	t.Helper()
	for i := range p.X {
		for j := i + 1; j < len(p.X); j++ {
			if d := dist(p, i, j); !(d > eps) {
				t.Fatalf("%s: nodes %d and %d only %v apart", name, i, j, d)
			}
		}
	}
}

func TestInsideUnitSquare(t *testing.T) {
	layouts := []struct {
		name string
		f    func(n int) Positions
		size func(n int) int // number of nodes for argument n
	}{
		{"Circle", Circle, nil},
		{"Complete", Complete, nil},
		{"Line", Line, nil},
		{"Star", Star, nil},
		{"GridSquare", func(n int) Positions { return Grid(n, n) }, func(n int) int { return n * n }},
		{"GridRow", func(n int) Positions { return Grid(1, n) }, nil},
		{"GridCol", func(n int) Positions { return Grid(n, 3) }, func(n int) int { return 3 * n }},
		{"BarbellK", func(n int) Positions { return Barbell(n, 2) }, func(n int) int { return 2*n + 2 }},
		{"BarbellP", func(n int) Positions { return Barbell(3, n) }, func(n int) int { return 6 + n }},
		{"BarbellNoPath", func(n int) Positions { return Barbell(n, 0) }, func(n int) int { return 2 * n }},
		{"ForcePath", func(n int) Positions { return ForceLayout(graph.Path(n), 1, 0) }, nil},
		{"ForceComplete", func(n int) Positions { return ForceLayout(graph.Complete(n), 2, 50) }, nil},
	}
	for _, l := range layouts {
		for _, n := range []int{1, 2, 3, 10, 100} {
			name := fmt.Sprintf("%s(%d)", l.name, n)
			want := n
			if l.size != nil {
				want = l.size(n)
			}
			p := l.f(n)
			checkBox(t, name, p, want)
			if n <= 100 {
				checkDistinct(t, name, p, 1e-6)
			}
		}
	}
	for _, p := range []Positions{Circle(0), Line(0), Star(0), Grid(0, 4), Barbell(0, 0), ForceLayout(graph.New(0, nil), 1, 5)} {
		if len(p.X) != 0 || len(p.Y) != 0 {
			t.Errorf("empty layout has %d nodes", len(p.X))
		}
	}
}

func TestGridNeighbours(t *testing.T) {
	for _, c := range []struct{ rows, cols int }{{1, 5}, {4, 1}, {3, 3}, {4, 7}, {10, 10}} {
		g := graph.Grid(c.rows, c.cols, false)
		p := Grid(c.rows, c.cols)
		step := dist(p, 0, 1) // (0, 1) is an edge whether cols > 1 or not
		for _, e := range g.Edges {
			if d := dist(p, e.U, e.V); math.Abs(d-step) > 1e-12 {
				t.Errorf("Grid(%d, %d): edge %d–%d has length %v, want %v", c.rows, c.cols, e.U, e.V, d, step)
			}
		}
		// Row 0 is at the top, column 0 on the left.
		if n := c.rows * c.cols; c.rows > 1 && !(p.Y[0] > p.Y[n-1]) || c.cols > 1 && !(p.X[0] < p.X[c.cols-1]) {
			t.Errorf("Grid(%d, %d): node 0 not at the top left", c.rows, c.cols)
		}
	}
}

func TestLineNeighbours(t *testing.T) {
	for _, n := range []int{2, 3, 10, 17, 100} {
		p := Line(n)
		step := dist(p, 0, 1)
		for i := 1; i < n; i++ {
			if d := dist(p, i-1, i); math.Abs(d-step) > 1e-12 {
				t.Errorf("Line(%d): step %d–%d is %v, want %v", n, i-1, i, d, step)
			}
		}
	}
}

func TestCircleEquidistant(t *testing.T) {
	for _, n := range []int{2, 3, 5, 10, 100, 1001} {
		p := Circle(n)
		want := dist(p, 0, 1)
		for i := range n {
			if d := dist(p, i, (i+1)%n); math.Abs(d-want) > 1e-12 {
				t.Errorf("Circle(%d): %d–%d is %v apart, want %v", n, i, (i+1)%n, d, want)
			}
			if r := math.Hypot(p.X[i]-0.5, p.Y[i]-0.5); math.Abs(r-(0.5-Margin)) > 1e-15 {
				t.Errorf("Circle(%d): node %d at radius %v", n, i, r)
			}
		}
		// Node 0 at the top, then clockwise (node 1 to its right).
		if p.X[0] != 0.5 || p.Y[0] != 1-Margin || n > 2 && !(p.X[1] > 0.5) {
			t.Errorf("Circle(%d): node 0 at (%v, %v), node 1 at x %v", n, p.X[0], p.Y[0], p.X[1])
		}
	}
}

func TestSinCos(t *testing.T) {
	for _, den := range []int{1, 2, 3, 4, 7, 8, 12, 100, 997} {
		for num := -den; num <= 2*den; num++ {
			s, c := sinCos(num, den)
			// The reference: math.Sin and math.Cos of the angle reduced to
			// [−π, π] (the larger angles lose bits to rounding in a).
			m := (num%den + den) % den
			if 2*m > den {
				m -= den
			}
			a := 2 * math.Pi * float64(m) / float64(den)
			if math.Abs(s-math.Sin(a)) > 1e-15 || math.Abs(c-math.Cos(a)) > 1e-15 {
				t.Fatalf("sinCos(%d, %d) = %v, %v; want %v, %v", num, den, s, c, math.Sin(a), math.Cos(a))
			}
		}
	}
}

func TestStar(t *testing.T) {
	p := Star(9)
	if p.X[0] != 0.5 || p.Y[0] != 0.5 {
		t.Errorf("centre at (%v, %v)", p.X[0], p.Y[0])
	}
	for i := 1; i < 9; i++ {
		if d := dist(p, 0, i); math.Abs(d-(0.5-Margin)) > 1e-15 {
			t.Errorf("leaf %d at distance %v", i, d)
		}
	}
}

func TestBarbellSides(t *testing.T) {
	for _, c := range []struct{ k, p int }{{2, 0}, {3, 1}, {5, 3}, {10, 4}, {20, 0}, {4, 30}} {
		pos := Barbell(c.k, c.p)
		g := graph.Barbell(c.k, c.p)
		left, right := 0.0, 1.0
		for i := range c.k {
			left = max(left, pos.X[i])
			right = min(right, pos.X[c.k+c.p+i])
		}
		if !(left < 0.5 && right > 0.5) {
			t.Errorf("Barbell(%d, %d): left clique reaches x %v, right from x %v", c.k, c.p, left, right)
		}
		// The bridge nodes face each other; the path runs left to right on
		// the horizontal through them.
		if pos.X[c.k-1] != left || pos.X[c.k+c.p] != right {
			t.Errorf("Barbell(%d, %d): bridge nodes not innermost", c.k, c.p)
		}
		for i := c.k - 1; i < c.k+c.p; i++ {
			if !(pos.X[i] < pos.X[i+1]) || math.Abs(pos.Y[i]-0.5) > 1e-12 {
				t.Errorf("Barbell(%d, %d): path node %d at (%v, %v)", c.k, c.p, i, pos.X[i], pos.Y[i])
			}
		}
		if len(pos.X) != g.N {
			t.Errorf("Barbell(%d, %d): %d positions for %d nodes", c.k, c.p, len(pos.X), g.N)
		}
		checkDistinct(t, "Barbell", pos, 1e-6)
	}
}

func same(a, b Positions) bool {
	for i := range a.X {
		if math.Float64bits(a.X[i]) != math.Float64bits(b.X[i]) || math.Float64bits(a.Y[i]) != math.Float64bits(b.Y[i]) {
			return false
		}
	}
	return len(a.X) == len(b.X)
}

func TestForceDeterministic(t *testing.T) {
	g, err := graph.ErdosRenyi(200, 0.04, rng.New(3, 0))
	if err != nil {
		t.Fatal(err)
	}
	a, b, c := ForceLayout(g, 7, 0), ForceLayout(g, 7, 0), ForceLayout(g, 8, 0)
	if !same(a, b) {
		t.Error("two runs with seed 7 differ")
	}
	if same(a, c) {
		t.Error("seeds 7 and 8 give the same layout")
	}
	// The stepper and ForceLayout agree.
	f := NewForce(g, 7)
	steps := 0
	for !f.Done() {
		f.Step()
		steps++
	}
	if steps != DefaultIters || f.Iter() != DefaultIters || !f.Step() || f.Iter() != DefaultIters {
		t.Errorf("%d steps, Iter %d", steps, f.Iter())
	}
	if !same(a, f.Positions()) {
		t.Error("stepper differs from ForceLayout")
	}
}

// TestForceShortEdges checks that the layout draws edges short: the mean
// edge length is well below the mean distance between non-adjacent nodes.
func TestForceShortEdges(t *testing.T) {
	graphs := []struct {
		name string
		g    *graph.Graph
	}{
		{"Ring(30)", graph.Ring(30)},
		{"Ring(200)", graph.Ring(200)},
		{"Grid(10,10)", graph.Grid(10, 10, false)},
		{"Grid(20,30)", graph.Grid(20, 30, false)},
		{"Torus(8,8)", graph.Grid(8, 8, true)},
	}
	for _, c := range graphs {
		for seed := uint64(1); seed <= 3; seed++ {
			p := ForceLayout(c.g, seed, 0)
			name := fmt.Sprintf("%s seed %d", c.name, seed)
			checkBox(t, name, p, c.g.N)
			checkDistinct(t, name, p, 1e-4)
			adj := map[graph.Edge]bool{}
			var edge float64
			for _, e := range c.g.Edges {
				adj[e] = true
				edge += dist(p, e.U, e.V)
			}
			edge /= float64(len(c.g.Edges))
			var non float64
			cnt := 0
			for i := range c.g.N {
				for j := i + 1; j < c.g.N; j++ {
					if !adj[graph.Edge{U: i, V: j}] {
						non += dist(p, i, j)
						cnt++
					}
				}
			}
			non /= float64(cnt)
			if !(edge < 0.5*non) {
				t.Errorf("%s: mean edge %v, mean non-edge distance %v", name, edge, non)
			}
			t.Logf("%s: mean edge %.4f, non-edge %.4f", name, edge, non)
		}
	}
}

func TestForceStepAllocates(t *testing.T) {
	g, err := graph.ErdosRenyi(300, 0.03, rng.New(1, 0))
	if err != nil {
		t.Fatal(err)
	}
	f := NewForce(g, 1)
	if a := testing.AllocsPerRun(50, func() { f.Step() }); a != 0 {
		t.Errorf("Step allocates %v times", a)
	}
}

// erdosRenyi draws a connected G(n, p) with mean degree deg for the
// benchmark. graph.ErdosRenyi redraws until the graph is connected, which
// below the threshold ln n hardly ever happens for large n (at n = 10⁴ and
// degree 6 about n·e⁻⁶ ≈ 25 nodes are isolated), so when more than 5
// isolated nodes are expected deg is raised to ln n + 3.
func erdosRenyi(b *testing.B, n int, deg float64) *graph.Graph {
	if float64(n)*math.Exp(-deg) > 5 {
		deg = math.Log(float64(n)) + 3
	}
	g, err := graph.ErdosRenyi(n, deg/float64(n-1), rng.New(1, 0))
	if err != nil {
		b.Fatal(err)
	}
	return g
}

func BenchmarkForce(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			g := erdosRenyi(b, n, 6)
			for b.Loop() {
				ForceLayout(g, 1, 0)
			}
			b.ReportMetric(2*float64(len(g.Edges))/float64(n), "degree")
		})
	}
}

// bitsHash is an FNV-1a hash of the bits of every coordinate.
func bitsHash(ps ...Positions) uint64 {
	h := uint64(14695981039346656037)
	for _, p := range ps {
		for i := range p.X {
			for _, v := range []float64{p.X[i], p.Y[i]} {
				b := math.Float64bits(v)
				for range 8 {
					h = (h ^ b&0xff) * 1099511628211
					b >>= 8
				}
			}
		}
	}
	return h
}

// TestGolden pins the bits of a few layouts, so a change of platform
// (amd64 or wasm: GOOS=js GOARCH=wasm go test) or of the code shows.
func TestGolden(t *testing.T) {
	g, err := graph.ErdosRenyi(300, 0.02, rng.New(9, 0))
	if err != nil {
		t.Fatal(err)
	}
	got := bitsHash(ForceLayout(g, 5, 0), ForceLayout(graph.Grid(7, 9, true), 1, 0),
		Circle(13), Star(8), Line(23), Grid(4, 6), Barbell(7, 5))
	const want = 0x62b73e07473fe001
	if got != want {
		t.Errorf("layout bits hash %#x, want %#x", got, want)
	}
}
