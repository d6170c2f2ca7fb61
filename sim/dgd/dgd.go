// Package dgd is distributed gradient descent on a graph (THEORY §3, Mitra
// §III): node i holds one sample (x_i, y_i) and its own vector w_i, coupled to
// its neighbours by the elastic Laplacian penalty (μ/2) Σ_{(i,j)∈E} ‖w_i − w_j‖².
//
// Every algorithm is a stepper with the same metrics (Measure): the
// synchronous update of THEORY §3 (Sync), random activation of a fraction of
// the nodes (Async), one random edge per step (Gossip), a local gradient step
// followed by r rounds of neighbour averaging (Decoupled), and the
// centralised baselines on the same data (Central: full GD and mini-batch
// SGD). Costs are counted in node updates (gradient evaluations), so a
// "round" of n updates compares every algorithm at equal work.
package dgd

import (
	"fmt"

	"sgdlab/sim/data"
	"sgdlab/sim/graph"
	"sgdlab/sim/internal/par"
	"sgdlab/sim/linalg"
	"sgdlab/sim/vec"
)

// Algorithm is one run on the network.
type Algorithm interface {
	// Step advances by one step of the algorithm.
	Step()
	// Updates is the number of node updates (local gradient evaluations)
	// done so far.
	Updates() int
	// Measure fills m for the limit w∞ (see Metrics).
	Measure(m *Metrics, wInf []float64)
	// Nodes returns the node vectors, n×d (row i is w_i), or nil for a
	// centralised baseline.
	Nodes() []float64
}

// net is the state every decentralised algorithm shares.
type net struct {
	g       *graph.Graph
	ds      *data.Dataset
	eta, mu float64

	W       []float64 // n×d: row i is w_i
	T       int       // steps done
	updates int

	lw  []float64 // n×d scratch: Sync's next W, the updates of active nodes, or (L⊗I)W
	avg []float64 // d scratch for Measure
}

func newNet(g *graph.Graph, ds *data.Dataset, eta, mu float64, w0 []float64) net {
	n, d := ds.N, ds.D
	if g.N != n || (w0 != nil && len(w0) != n*d) {
		panic(fmt.Sprintf("dgd: %d nodes, %d samples of dimension %d, w0 of %d", g.N, n, d, len(w0)))
	}
	s := net{g: g, ds: ds, eta: eta, mu: mu, W: make([]float64, n*d), lw: make([]float64, n*d),
		avg: make([]float64, d)}
	copy(s.W, w0)
	return s
}

func (s *net) Updates() int        { return s.updates }
func (s *net) Nodes() []float64    { return s.W }
func (s *net) row(i int) []float64 { d := s.ds.D; return s.W[i*d : (i+1)*d] }

// residual is x_i·w_i − y_i.
func (s *net) residual(i int) float64 { return vec.Dot(s.ds.Row(i), s.row(i)) - s.ds.Y[i] }

// grad sets dst = (x_i·w_i − y_i) x_i + μ Σ_{j∼i} (w_i − w_j), node i's
// gradient of F (THEORY §3), from the current W.
func (s *net) grad(dst []float64, i int) {
	wi := s.row(i)
	vec.Zero(dst)
	for _, j := range s.g.Adj[i] {
		vec.Axpy(dst, -1, s.row(j))
	}
	vec.Axpy(dst, float64(len(s.g.Adj[i])), wi)
	vec.Scale(dst, s.mu)
	vec.Axpy(dst, s.residual(i), s.ds.Row(i))
}

// Sync is the synchronous update of every node from its neighbours' current
// vectors (THEORY §3):
//
//	w_i ← w_i − η [ (x_i·w_i − y_i) x_i + μ Σ_{j∼i} (w_i − w_j) ],
//
// i.e. δW ← (I − ηA) δW with A = D + μ(L⊗I_d), D = blockdiag(x_i x_iᵀ).
// One step costs O((n + |E|)·d), n node updates, and allocates nothing.
//
// A step is one pass over the nodes that reads the current W and writes the
// next one into a second n×d buffer (the two are swapped after the step, so
// Nodes must be called again after each step): for node i, its residual
// r_i = x_i·w_i − y_i (vec.Dot), then for each coordinate c its Laplacian
// entry l = 0 + Σ_{j∼i} (w_ic − w_jc) (neighbours in g.Adj order) and
//
//	w'_ic = (w_ic + (−η r_i)·x_ic) + (−η μ)·l,
//
// each product and sum rounded in that order (no FMA). Those are the
// numbers of the residuals, graph.LaplacianMul and the two vec.Axpy passes
// of the plain formula, bit for bit (TestSyncOnePass), with one pass of
// memory traffic (x_i and w_i are read from memory once, the next W written
// once) instead of five.
//
// Natively a large step shares the nodes among GOMAXPROCS goroutines
// (par.Team) in contiguous chunks; as every chunk reads the current W and
// writes its own rows of the next, no chunk waits for another. Each node's
// numbers are computed as on one thread, whoever computes them, so the bits
// do not depend on the number of threads.
type Sync struct {
	net
	team par.Team
	w    int // chunks of the step under way
}

// NewSync starts from W = w0 (n×d, copied; nil means zero). It panics when
// the graph and the data disagree on n or w0 has the wrong size.
func NewSync(g *graph.Graph, ds *data.Dataset, eta, mu float64, w0 []float64) *Sync {
	return &Sync{net: newNet(g, ds, eta, mu, w0)}
}

// Step does one synchronous update.
func (s *Sync) Step() {
	n := s.ds.N
	if s.w = s.workers(); s.w <= 1 {
		s.update(0, n)
	} else {
		s.team.Do((*syncChunks)(s), s.w)
	}
	s.W, s.lw = s.lw, s.W // lw holds the next W
	s.T++
	s.updates += n
}

// syncWork is the least work (multiply-adds, about (n + |E|)·d a step) a
// goroutine of Sync.Step gets, and syncNodes the fewest nodes.
const (
	syncWork  = 1 << 17
	syncNodes = 16
)

// workers returns the number of goroutines for a step: GOMAXPROCS natively
// (1 in wasm), fewer for a small network.
func (s *Sync) workers() int {
	n := s.ds.N
	work := (2*n + 2*len(s.g.Edges)) * s.ds.D
	if work < 2*syncWork {
		return 1
	}
	return min(par.Procs(), work/syncWork, n/syncNodes)
}

// syncChunks is a Sync as the par.Chunker of its step.
type syncChunks Sync

func (c *syncChunks) Chunk(k int) {
	s := (*Sync)(c)
	lo, hi := par.Range(s.ds.N, s.w, k, 1)
	s.update(lo, hi)
}

// update writes the next vectors of the nodes lo ≤ i < hi into s.lw from
// the current W (see Sync).
func (s *Sync) update(lo, hi int) {
	d := s.ds.D
	W, next := s.W, s.lw
	a := -s.eta * s.mu
	for i := lo; i < hi; i++ {
		wi := W[i*d : (i+1)*d : (i+1)*d]
		xi := s.ds.Row(i)[:d:d]
		out := next[i*d : (i+1)*d : (i+1)*d]
		b := -s.eta * (vec.Dot(xi, wi) - s.ds.Y[i])
		adj := s.g.Adj[i]
		switch len(adj) {
		case 1:
			w1 := W[adj[0]*d : (adj[0]+1)*d : (adj[0]+1)*d]
			for c, v := range wi {
				l := 0 + (v - w1[c])
				out[c] = (v + float64(b*xi[c])) + float64(a*l)
			}
		case 2: // a ring, a path
			w1 := W[adj[0]*d : (adj[0]+1)*d : (adj[0]+1)*d]
			w2 := W[adj[1]*d : (adj[1]+1)*d : (adj[1]+1)*d]
			for c, v := range wi {
				l := 0 + (v - w1[c])
				l += v - w2[c]
				out[c] = (v + float64(b*xi[c])) + float64(a*l)
			}
		default: // the Laplacian row summed in out, two neighbours a pass
			clear(out)
			k := 0
			for ; k+2 <= len(adj); k += 2 {
				w1 := W[adj[k]*d : (adj[k]+1)*d : (adj[k]+1)*d]
				w2 := W[adj[k+1]*d : (adj[k+1]+1)*d : (adj[k+1]+1)*d]
				for c, v := range wi {
					l := out[c] + (v - w1[c])
					out[c] = l + (v - w2[c])
				}
			}
			if k < len(adj) {
				w1 := W[adj[k]*d : (adj[k]+1)*d : (adj[k]+1)*d]
				for c, v := range wi {
					out[c] += v - w1[c]
				}
			}
			for c, v := range wi {
				out[c] = (v + float64(b*xi[c])) + float64(a*out[c])
			}
		}
	}
}

// DataLoss is Σ_i ½ (x_i·w_i − y_i)².
func (s *net) DataLoss() float64 { return DataLoss(s.ds, s.W) }

// Disagreement is Σ_{(i,j)∈E} ‖w_i − w_j‖².
func (s *net) Disagreement() float64 { return Disagreement(s.g, s.W, s.ds.D) }

// Error is Σ_i ‖w_i − w∞‖² (see Metrics).
func (s *net) Error(wInf []float64) float64 { return Error(s.W, wInf, s.ds.D) }

// Measure fills m from the node vectors.
func (s *net) Measure(m *Metrics, wInf []float64) {
	*m = Metrics{Error: s.Error(wInf), Data: s.DataLoss(), Disagree: s.Disagreement(),
		AvgError: AvgError(s.avg, s.W, wInf)}
}

// Limit returns w∞ = P w* + Q·mean_i w_i(0), the common limit of every node
// (THEORY §3), for an interpolating dataset whose samples are linearly
// independent (n ≤ d): P v = Xᵀ (X Xᵀ)⁻¹ X v by a Cholesky solve, and w* the
// minimum-norm interpolant Xᵀ (X Xᵀ)⁻¹ y. w0 nil means zero.
func Limit(ds *data.Dataset, w0 []float64) ([]float64, error) {
	n, d := ds.N, ds.D
	mean := make([]float64, d)
	if w0 != nil {
		for i := range n {
			vec.Axpy(mean, 1/float64(n), w0[i*d:(i+1)*d])
		}
	}
	// w∞ = Xᵀ G⁻¹ (y − X m) + m: P w* + Q m with P m = Xᵀ G⁻¹ X m.
	rhs := make([]float64, n)
	for i := range n {
		rhs[i] = ds.Y[i] - vec.Dot(ds.Row(i), mean)
	}
	gram := data.Gram(ds)
	c := make([]float64, n)
	if err := linalg.CholeskySolve(c, gram, n, rhs); err != nil {
		return nil, fmt.Errorf("dgd: the samples are not linearly independent: %w", err)
	}
	for i := range n {
		vec.Axpy(mean, c[i], ds.Row(i))
	}
	return mean, nil
}
