package graph

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/graph/graphs/gen"
	"gonum.org/v1/gonum/graph/simple"
)

// fromGonum builds a Graph from one of gonum's generators run on nodes
// 0…n−1; edges are re-sorted, so gonum's map order never shows.
func fromGonum(n int, build func(dst *simple.UndirectedGraph)) *Graph {
	g := simple.NewUndirectedGraph()
	for i := range n {
		g.AddNode(simple.Node(i))
	}
	build(g)
	var edges []Edge
	it := g.Edges()
	for it.Next() {
		e := it.Edge()
		edges = append(edges, Edge{int(e.From().ID()), int(e.To().ID())})
	}
	return New(n, edges)
}

func ids(n int) gen.IDRange { return gen.IDRange{First: 0, Last: int64(n - 1)} }

// Path is the path 0–1–…–(n−1) (gonum's gen.Path).
func Path(n int) *Graph { return fromGonum(n, func(g *simple.UndirectedGraph) { gen.Path(g, ids(n)) }) }

// Ring is the cycle 0–1–…–(n−1)–0 (gonum's gen.Cycle); n ≥ 3.
func Ring(n int) *Graph {
	return fromGonum(n, func(g *simple.UndirectedGraph) { gen.Cycle(g, ids(n)) })
}

// Complete is the complete graph K_n (gonum's gen.Complete).
func Complete(n int) *Graph {
	return fromGonum(n, func(g *simple.UndirectedGraph) { gen.Complete(g, ids(n)) })
}

// Star joins node 0 to every other node (gonum's gen.Star).
func Star(n int) *Graph {
	return fromGonum(n, func(g *simple.UndirectedGraph) {
		if n > 1 {
			gen.Star(g, 0, gen.IDRange{First: 1, Last: int64(n - 1)})
		}
	})
}

// Grid is the rows×cols grid graph, node r·cols + c; with wrap it is the
// torus (each row and column a cycle; rows, cols ≥ 3 keep it simple).
func Grid(rows, cols int, wrap bool) *Graph {
	var edges []Edge
	id := func(r, c int) int { return r*cols + c }
	for r := range rows {
		for c := range cols {
			if c+1 < cols || wrap && cols > 2 {
				edges = append(edges, Edge{id(r, c), id(r, (c+1)%cols)})
			}
			if r+1 < rows || wrap && rows > 2 {
				edges = append(edges, Edge{id(r, c), id((r+1)%rows, c)})
			}
		}
	}
	return New(rows*cols, edges)
}

// Barbell is two cliques of k nodes (0…k−1 and k+p…2k+p−1) joined by a path
// through p further nodes (k−1 → k → … → k+p−1 → k+p): the slow-mixing case.
func Barbell(k, p int) *Graph {
	n := 2*k + p
	var edges []Edge
	for _, off := range []int{0, k + p} {
		for i := range k {
			for j := i + 1; j < k; j++ {
				edges = append(edges, Edge{off + i, off + j})
			}
		}
	}
	for v := k - 1; v < k+p; v++ {
		edges = append(edges, Edge{v, v + 1})
	}
	return New(n, edges)
}

// ErrNotConnected is returned when a random generator draws MaxAttempts
// graphs without a connected one.
var ErrNotConnected = errors.New("graph: no connected graph drawn")

// MaxAttempts bounds the resampling of the random generators.
const MaxAttempts = 1000

// connected draws graphs with draw until one is connected, recording the
// attempts.
func connected(draw func() (*Graph, error)) (*Graph, error) {
	for a := 1; a <= MaxAttempts; a++ {
		g, err := draw()
		if err != nil {
			return nil, err
		}
		if g.Connected() {
			g.Attempts = a
			return g, nil
		}
	}
	return nil, fmt.Errorf("%w in %d attempts", ErrNotConnected, MaxAttempts)
}

// ErdosRenyi draws G(n, p) — each of the n(n−1)/2 pairs, in row order, is an
// edge when r.Float64() < p — until it is connected. (gonum's gen.Gnp skips
// geometrically with math.Log, whose last bit differs between amd64 and
// wasm; one uniform per pair keeps the graph the same on every target.)
func ErdosRenyi(n int, p float64, r *rand.Rand) (*Graph, error) {
	if !(p >= 0 && p <= 1) {
		return nil, fmt.Errorf("graph: G(n, p) needs 0 ≤ p ≤ 1, got %v", p)
	}
	return connected(func() (*Graph, error) {
		var edges []Edge
		for i := range n {
			for j := i + 1; j < n; j++ {
				if r.Float64() < p {
					edges = append(edges, Edge{i, j})
				}
			}
		}
		return New(n, edges), nil
	})
}

// WattsStrogatz draws a small world until it is connected: the ring lattice
// where each node joins its k/2 nearest neighbours on each side (k even,
// 2 ≤ k < n), then each lattice edge (i, i+j), for i = 0…n−1 and j = 1…k/2
// in that order, is rewired with probability beta to (i, u), u uniform among
// the nodes that are neither i nor already joined to i. (Not in gonum.)
func WattsStrogatz(n, k int, beta float64, r *rand.Rand) (*Graph, error) {
	if k < 2 || k%2 != 0 || k >= n || !(beta >= 0 && beta <= 1) {
		return nil, fmt.Errorf("graph: Watts–Strogatz needs an even k with 2 ≤ k < n and 0 ≤ β ≤ 1, got n=%d k=%d β=%v", n, k, beta)
	}
	return connected(func() (*Graph, error) {
		adj := make([]map[int]bool, n)
		for i := range adj {
			adj[i] = map[int]bool{}
		}
		link := func(a, b int, on bool) {
			if on {
				adj[a][b], adj[b][a] = true, true
			} else {
				delete(adj[a], b)
				delete(adj[b], a)
			}
		}
		for i := range n {
			for j := 1; j <= k/2; j++ {
				link(i, (i+j)%n, true)
			}
		}
		for i := range n {
			for j := 1; j <= k/2; j++ {
				v := (i + j) % n
				if !adj[i][v] || !(r.Float64() < beta) || len(adj[i]) >= n-1 {
					continue
				}
				u := r.IntN(n)
				for u == i || adj[i][u] {
					u = r.IntN(n)
				}
				link(i, v, false)
				link(i, u, true)
			}
		}
		var edges []Edge
		for i := range n {
			for v := range adj[i] { // New sorts: map order does not survive
				if i < v {
					edges = append(edges, Edge{i, v})
				}
			}
		}
		return New(n, edges), nil
	})
}

// Regular draws a random d-regular graph until it is connected, by the
// pairing model with Steger–Wormald's rejection: n·d points (d per node),
// paired at random, a pair that would make a loop or a repeated edge redrawn;
// a dead end starts over. n·d must be even and 1 ≤ d < n. (Not in gonum.)
func Regular(n, d int, r *rand.Rand) (*Graph, error) {
	if d < 1 || d >= n || n*d%2 != 0 {
		return nil, fmt.Errorf("graph: a d-regular graph needs 1 ≤ d < n and n·d even, got n=%d d=%d", n, d)
	}
	return connected(func() (*Graph, error) {
		for range MaxAttempts {
			if g, ok := pairing(n, d, r); ok {
				return g, nil
			}
		}
		return nil, fmt.Errorf("graph: no %d-regular pairing of %d nodes found", d, n)
	})
}

// pairing tries once to pair the n·d points into a simple d-regular graph.
func pairing(n, d int, r *rand.Rand) (*Graph, bool) {
	points := make([]int, 0, n*d)
	for i := range n {
		for range d {
			points = append(points, i)
		}
	}
	has := map[Edge]bool{}
	var edges []Edge
	for len(points) > 0 {
		ok := false
		for range 100 {
			a, b := r.IntN(len(points)), r.IntN(len(points))
			u, v := points[a], points[b]
			e := Edge{min(u, v), max(u, v)}
			if a == b || u == v || has[e] {
				continue
			}
			has[e] = true
			edges = append(edges, e)
			// Remove both points (the larger index first).
			for _, x := range []int{max(a, b), min(a, b)} {
				points[x] = points[len(points)-1]
				points = points[:len(points)-1]
			}
			ok = true
			break
		}
		if !ok {
			return nil, false
		}
	}
	return New(n, edges), true
}
