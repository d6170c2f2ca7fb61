// Package graph holds the communication graphs of distributed gradient
// descent (THEORY §3): undirected simple graphs on nodes 0…n−1 with sorted
// adjacency (so no map order ever reaches a number), their generators —
// path, ring, grid, torus, complete, star, Erdős–Rényi G(n, p) resampled
// until connected, Watts–Strogatz, random d-regular, barbell — and the graph
// Laplacian L = D − A applied sparsely.
package graph

import (
	"fmt"
	"slices"
)

// Edge joins nodes U < V.
type Edge struct{ U, V int }

// Graph is an undirected simple graph on nodes 0…N−1.
type Graph struct {
	N     int
	Edges []Edge  // sorted by (U, V), U < V, no duplicates
	Adj   [][]int // Adj[i]: the neighbours of i, increasing
	// Attempts is how many graphs a random generator drew to get a
	// connected one (1 for the deterministic generators).
	Attempts int
}

// New builds a graph from edges in any order; it drops self-loops and
// duplicates and panics on a node outside 0…n−1.
func New(n int, edges []Edge) *Graph {
	g := &Graph{N: n, Adj: make([][]int, n), Attempts: 1}
	for _, e := range edges {
		u, v := min(e.U, e.V), max(e.U, e.V)
		if u < 0 || v >= n {
			panic(fmt.Sprintf("graph: edge %d–%d outside 0…%d", e.U, e.V, n-1))
		}
		if u != v {
			g.Edges = append(g.Edges, Edge{u, v})
		}
	}
	slices.SortFunc(g.Edges, func(a, b Edge) int {
		if a.U != b.U {
			return a.U - b.U
		}
		return a.V - b.V
	})
	g.Edges = slices.Compact(g.Edges)
	for _, e := range g.Edges {
		g.Adj[e.U] = append(g.Adj[e.U], e.V)
		g.Adj[e.V] = append(g.Adj[e.V], e.U)
	}
	for _, a := range g.Adj {
		slices.Sort(a)
	}
	return g
}

// Degree returns the number of neighbours of node i.
func (g *Graph) Degree(i int) int { return len(g.Adj[i]) }

// MaxDegree returns the largest degree.
func (g *Graph) MaxDegree() int {
	m := 0
	for i := range g.N {
		m = max(m, g.Degree(i))
	}
	return m
}

// Components returns the number of connected components (breadth-first search).
func (g *Graph) Components() int {
	seen := make([]bool, g.N)
	queue := make([]int, 0, g.N)
	c := 0
	for s := range g.N {
		if seen[s] {
			continue
		}
		c++
		seen[s] = true
		queue = append(queue[:0], s)
		for len(queue) > 0 {
			u := queue[0]
			queue = queue[1:]
			for _, v := range g.Adj[u] {
				if !seen[v] {
					seen[v] = true
					queue = append(queue, v)
				}
			}
		}
	}
	return c
}

// Connected reports whether the graph has one component (n ≥ 1).
func (g *Graph) Connected() bool { return g.N > 0 && g.Components() == 1 }

// LaplacianMul sets dst = (L ⊗ I_d) w for the n×d matrix w (row i is node
// i's vector, row-major): dst_i = Σ_{j∼i} (w_i − w_j), neighbours in
// increasing order. Cost O((n + |E|)·d); it panics on sizes that do not fit.
func (g *Graph) LaplacianMul(dst, w []float64, d int) { g.LaplacianMulRows(dst, w, d, 0, g.N) }

// LaplacianMulRows is LaplacianMul for the rows lo ≤ i < hi of dst alone
// (the others are left as they are), with the same bits: goroutines can
// share the rows.
func (g *Graph) LaplacianMulRows(dst, w []float64, d, lo, hi int) {
	if len(dst) != g.N*d || len(w) != g.N*d || lo < 0 || hi > g.N {
		panic("graph: size mismatch")
	}
	for i := lo; i < hi; i++ {
		out := dst[i*d : (i+1)*d]
		wi := w[i*d : (i+1)*d]
		clear(out)
		for _, j := range g.Adj[i] {
			wj := w[j*d : (j+1)*d]
			for c := range out {
				out[c] += wi[c] - wj[c]
			}
		}
	}
}

// Laplacian returns the dense n×n Laplacian L = D − A (row-major), for the
// exact spectral analysis of small graphs.
func (g *Graph) Laplacian() []float64 {
	n := g.N
	l := make([]float64, n*n)
	for _, e := range g.Edges {
		l[e.U*n+e.V] = -1
		l[e.V*n+e.U] = -1
		l[e.U*n+e.U]++
		l[e.V*n+e.V]++
	}
	return l
}
