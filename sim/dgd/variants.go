package dgd

import (
	"math/rand/v2"

	"sgdlab/sim/data"
	"sgdlab/sim/graph"
	"sgdlab/sim/sgd"
	"sgdlab/sim/vec"
)

// Async activates each node independently with probability q at every step
// (one uniform draw per node per step, in node order, from r); the active
// nodes take the step of Sync from the vectors at the start of the step, the
// others keep theirs. In expectation a step does q·n node updates.
//
// When only one end of an edge is active the coupling acts on one side, so
// Q·mean_i w_i is not kept: from a W(0) with a part in Null(H) the nodes
// still reach exact consensus on an interpolant, but one that may differ
// from w∞ in its Null(H) part (the Error then levels off). From W(0) = 0
// the Null(H) parts stay zero and the limit is w∞ = P w*.
type Async struct {
	net
	q      float64
	r      *rand.Rand
	active []int
}

// NewAsync is Sync with activation probability q ∈ (0, 1].
func NewAsync(g *graph.Graph, ds *data.Dataset, eta, mu, q float64, r *rand.Rand, w0 []float64) *Async {
	return &Async{net: newNet(g, ds, eta, mu, w0), q: q, r: r, active: make([]int, 0, ds.N)}
}

// Step does one asynchronous step.
func (s *Async) Step() {
	d := s.ds.D
	s.active = s.active[:0]
	for i := range s.ds.N {
		if s.r.Float64() < s.q {
			s.active = append(s.active, i)
		}
	}
	for _, i := range s.active {
		s.grad(s.lw[i*d:(i+1)*d], i)
	}
	for _, i := range s.active {
		vec.Axpy(s.row(i), -s.eta, s.lw[i*d:(i+1)*d])
	}
	s.T++
	s.updates += len(s.active)
}

// Gossip picks one edge (u, v) uniformly at random per step (one draw from
// r); u and v take the step of Sync with that edge as their only neighbour:
//
//	w_u ← w_u − η [ (x_u·w_u − y_u) x_u + μ (w_u − w_v) ], and the same for v,
//
// both from the vectors at the start of the step: 2 node updates per step.
// The coupling terms cancel in the mean, so Q·mean w_i is kept and the limit
// is the same w∞ as Sync's.
type Gossip struct {
	net
	r *rand.Rand
}

// NewGossip is the one-edge variant of Sync.
func NewGossip(g *graph.Graph, ds *data.Dataset, eta, mu float64, r *rand.Rand, w0 []float64) *Gossip {
	return &Gossip{net: newNet(g, ds, eta, mu, w0), r: r}
}

// Step activates one edge.
func (s *Gossip) Step() {
	s.T++
	if len(s.g.Edges) == 0 {
		return
	}
	e := s.g.Edges[s.r.IntN(len(s.g.Edges))]
	d := s.ds.D
	gu, gv := s.lw[:d], s.lw[d:2*d]
	wu, wv := s.row(e.U), s.row(e.V)
	for p := range d {
		gu[p] = s.mu * (wu[p] - wv[p])
	}
	copy(gv, gu)
	vec.Scale(gv, -1)
	vec.Axpy(gu, s.residual(e.U), s.ds.Row(e.U))
	vec.Axpy(gv, s.residual(e.V), s.ds.Row(e.V))
	vec.Axpy(wu, -s.eta, gu)
	vec.Axpy(wv, -s.eta, gv)
	s.updates += 2
}

// Decoupled separates the gradient step from the diffusion: every node takes
// a local step on its own sample, then the network does r rounds of
// neighbour averaging with the max-degree weights ε = 1/(1 + max degree):
//
//	w_i ← w_i − η (x_i·w_i − y_i) x_i,   then r times   W ← (I − ε L⊗I) W.
//
// I − εL is doubly stochastic and (as ε < 2/λ_max(L)) a contraction off the
// consensus, so the limit is the same w∞ as Sync's. μ is not used. Each step
// is n node updates and r·2|E| vector messages.
type Decoupled struct {
	net
	rounds int
	eps    float64
}

// NewDecoupled is the local-step-then-average variant.
func NewDecoupled(g *graph.Graph, ds *data.Dataset, eta float64, rounds int, w0 []float64) *Decoupled {
	return &Decoupled{net: newNet(g, ds, eta, 0, w0), rounds: rounds, eps: 1 / float64(1+g.MaxDegree())}
}

// Eps is the averaging weight ε = 1/(1 + max degree).
func (s *Decoupled) Eps() float64 { return s.eps }

// Step does the local step and the averaging rounds.
func (s *Decoupled) Step() {
	d := s.ds.D
	for i := range s.ds.N {
		vec.Axpy(s.row(i), -s.eta*s.residual(i), s.ds.Row(i))
	}
	for range s.rounds {
		s.g.LaplacianMul(s.lw, s.W, d)
		vec.Axpy(s.W, -s.eps, s.lw)
	}
	s.T++
	s.updates += s.ds.N
}

// Central is a centralised baseline on the same data: one vector w, updated
// by mini-batch SGD (THEORY §2.1; m = n with the subset sampler is full GD).
// Its metrics are those of a network whose every node holds w: Error =
// Σ_i ‖w − w∞_i‖², Data = Σ_i ½ (x_i·w − y_i)², Disagree = 0, AvgError =
// ‖w − mean_i w∞_i‖².
type Central struct {
	*sgd.SGD
	n   int
	avg []float64
}

// NewCentral wraps s, which runs on the n samples of the network.
func NewCentral(s *sgd.SGD, n int) *Central { return &Central{SGD: s, n: n} }

// Updates is the number of gradient evaluations.
func (c *Central) Updates() int { return c.Grads }

// Nodes is nil: there is no network.
func (c *Central) Nodes() []float64 { return nil }

// Measure fills m as for a network whose every node holds w.
func (c *Central) Measure(m *Metrics, wInf []float64) {
	ds := c.Data()
	var e float64
	for i := range c.n {
		e += vec.Dist2(c.W, lim(wInf, i, ds.D))
	}
	var l float64
	for i := range ds.N {
		r := vec.Dot(ds.Row(i), c.W) - ds.Y[i]
		l += float64(r * r / 2)
	}
	if c.avg == nil {
		c.avg = make([]float64, ds.D)
	}
	copy(c.avg, c.W) // ‖w − mean_i w∞_i‖²
	for i := range c.n {
		vec.Axpy(c.avg, -1/float64(c.n), lim(wInf, i, ds.D))
	}
	*m = Metrics{Error: e, Data: l, AvgError: vec.Norm2(c.avg)}
}
