package graph

import (
	"fmt"
	"math"
	"sort"
	"testing"

	"sgdlab/sim/linalg"
	"sgdlab/sim/rng"
)

// spectrum returns the Laplacian's eigenvalues in increasing order.
func spectrum(t *testing.T, g *Graph) []float64 {
	t.Helper()
	ev, err := linalg.SymEigenvalues(g.Laplacian(), g.N)
	if err != nil {
		t.Fatal(err)
	}
	sort.Float64s(ev)
	return ev
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// Known Laplacian spectra: path 2−2cos(πk/n), ring 2−2cos(2πk/n), complete
// {0, n^(n−1)}, star {0, 1^(n−2), n}; the torus is a sum of two rings'.
func TestKnownSpectra(t *testing.T) {
	const n = 9
	tests := []struct {
		name string
		g    *Graph
		want func() []float64
	}{
		{"path", Path(n), func() (v []float64) {
			for k := range n {
				v = append(v, 2-2*math.Cos(math.Pi*float64(k)/n))
			}
			return
		}},
		{"ring", Ring(n), func() (v []float64) {
			for k := range n {
				v = append(v, 2-2*math.Cos(2*math.Pi*float64(k)/n))
			}
			return
		}},
		{"complete", Complete(n), func() []float64 {
			v := []float64{0}
			for range n - 1 {
				v = append(v, n)
			}
			return v
		}},
		{"star", Star(n), func() []float64 {
			v := []float64{0}
			for range n - 2 {
				v = append(v, 1)
			}
			return append(v, n)
		}},
		{"torus 3×4", Grid(3, 4, true), func() (v []float64) {
			for a := range 3 {
				for b := range 4 {
					v = append(v, 4-2*math.Cos(2*math.Pi*float64(a)/3)-2*math.Cos(2*math.Pi*float64(b)/4))
				}
			}
			return
		}},
		{"grid 3×4", Grid(3, 4, false), func() (v []float64) {
			for a := range 3 {
				for b := range 4 {
					v = append(v, 4-2*math.Cos(math.Pi*float64(a)/3)-2*math.Cos(math.Pi*float64(b)/4))
				}
			}
			return
		}},
	}
	for _, tc := range tests {
		got, want := spectrum(t, tc.g), tc.want()
		sort.Float64s(want)
		if len(got) != len(want) {
			t.Fatalf("%s: %d eigenvalues, want %d", tc.name, len(got), len(want))
		}
		for i := range got {
			if !near(got[i], want[i]) {
				t.Errorf("%s: λ_%d = %v, want %v", tc.name, i, got[i], want[i])
			}
		}
	}
}

// Every generator: a simple graph whose Laplacian rows sum to zero, λ₂ > 0
// exactly when connected, the sparse product equal to the dense one, and the
// same graph for the same seed.
func TestGenerators(t *testing.T) {
	draw := map[string]func(seed uint64) (*Graph, error){
		"path":     func(uint64) (*Graph, error) { return Path(12), nil },
		"ring":     func(uint64) (*Graph, error) { return Ring(12), nil },
		"grid":     func(uint64) (*Graph, error) { return Grid(3, 5, false), nil },
		"torus":    func(uint64) (*Graph, error) { return Grid(4, 5, true), nil },
		"complete": func(uint64) (*Graph, error) { return Complete(7), nil },
		"star":     func(uint64) (*Graph, error) { return Star(8), nil },
		"barbell":  func(uint64) (*Graph, error) { return Barbell(5, 3), nil },
		"er":       func(s uint64) (*Graph, error) { return ErdosRenyi(30, 0.1, rng.New(s, 7)) },
		"ws":       func(s uint64) (*Graph, error) { return WattsStrogatz(30, 4, 0.3, rng.New(s, 7)) },
		"regular":  func(s uint64) (*Graph, error) { return Regular(20, 3, rng.New(s, 7)) },
	}
	for name, f := range draw {
		g, err := f(1)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		h, _ := f(1)
		if fmt.Sprint(g.Edges) != fmt.Sprint(h.Edges) {
			t.Errorf("%s: the same seed drew another graph", name)
		}
		l := g.Laplacian()
		for i := range g.N {
			var s float64
			for j := range g.N {
				s += l[i*g.N+j]
			}
			if s != 0 || l[i*g.N+i] != float64(g.Degree(i)) {
				t.Errorf("%s: row %d sums to %v", name, i, s)
			}
			for k := 1; k < len(g.Adj[i]); k++ {
				if g.Adj[i][k] <= g.Adj[i][k-1] || g.Adj[i][k] == i {
					t.Errorf("%s: adjacency of %d not simple and sorted: %v", name, i, g.Adj[i])
				}
			}
		}
		ev := spectrum(t, g)
		if g.Connected() != (ev[1] > 1e-9) || !g.Connected() {
			t.Errorf("%s: connected %v, λ₂ = %v", name, g.Connected(), ev[1])
		}
		const d = 3
		w := make([]float64, g.N*d)
		for i := range w {
			w[i] = math.Sin(float64(i*i + 1))
		}
		got := make([]float64, g.N*d)
		g.LaplacianMul(got, w, d)
		for i := range g.N {
			for c := range d {
				var want float64
				for j := range g.N {
					want += l[i*g.N+j] * w[j*d+c]
				}
				if !near(got[i*d+c], want) {
					t.Fatalf("%s: (L⊗I)w at %d,%d = %v, dense %v", name, i, c, got[i*d+c], want)
				}
			}
		}
	}
	if g, _ := ErdosRenyi(30, 0.1, rng.New(2, 7)); g != nil {
		if h, _ := ErdosRenyi(30, 0.1, rng.New(1, 7)); h != nil && fmt.Sprint(g.Edges) == fmt.Sprint(h.Edges) {
			t.Error("two seeds drew the same G(n, p)")
		}
	}
}

func TestShapes(t *testing.T) {
	if g, _ := Regular(50, 4, rng.New(3, 1)); g == nil || g.MaxDegree() != 4 || len(g.Edges) != 100 {
		t.Errorf("4-regular: %+v", g)
	}
	if g := Barbell(4, 2); g.N != 10 || len(g.Edges) != 2*6+3 || g.Degree(3) != 4 || g.Degree(4) != 2 {
		t.Errorf("barbell: n=%d |E|=%d", g.N, len(g.Edges))
	}
	if g, _ := WattsStrogatz(40, 6, 0, rng.New(1, 1)); g == nil || len(g.Edges) != 120 || g.MaxDegree() != 6 {
		t.Errorf("β=0 is the ring lattice")
	}
	g := New(4, []Edge{{1, 0}, {0, 1}, {2, 2}, {3, 2}})
	if len(g.Edges) != 2 || g.Components() != 2 || g.Connected() {
		t.Errorf("New: %+v, %d components", g.Edges, g.Components())
	}
	if _, err := ErdosRenyi(40, 0, rng.New(1, 1)); err == nil {
		t.Error("G(40, 0) is never connected")
	}
	for _, bad := range []func() error{
		func() error { _, err := Regular(5, 3, rng.New(1, 1)); return err },
		func() error { _, err := WattsStrogatz(10, 3, 0.1, rng.New(1, 1)); return err },
		func() error { _, err := ErdosRenyi(10, 1.5, rng.New(1, 1)); return err },
	} {
		if bad() == nil {
			t.Error("bad parameters accepted")
		}
	}
}

func ExampleGraph_LaplacianMul() {
	g := Path(3) // 0–1–2
	w := []float64{1, 4, 9}
	dst := make([]float64, 3)
	g.LaplacianMul(dst, w, 1)
	fmt.Println(dst, g.Degree(1), g.Connected())
	// Output: [-3 -2 5] 2 true
}
