// Package dgd is distributed gradient descent on a graph (THEORY §3, Mitra
// §III): node i holds one sample (x_i, y_i) and its own vector w_i, coupled to
// its neighbours by the elastic Laplacian penalty (μ/2) Σ_{(i,j)∈E} ‖w_i − w_j‖².
package dgd

import (
	"fmt"

	"sgdlab/sim/data"
	"sgdlab/sim/graph"
	"sgdlab/sim/linalg"
	"sgdlab/sim/vec"
)

// Sync is the synchronous update of every node from its neighbours' current
// vectors (THEORY §3):
//
//	w_i ← w_i − η [ (x_i·w_i − y_i) x_i + μ Σ_{j∼i} (w_i − w_j) ],
//
// i.e. δW ← (I − ηA) δW with A = D + μ(L ⊗ I_d), D = blockdiag(x_i x_iᵀ).
// One step costs O((n + |E|)·d) and allocates nothing.
type Sync struct {
	g       *graph.Graph
	ds      *data.Dataset
	eta, mu float64

	W []float64 // n×d: row i is w_i
	T int       // steps done

	lw []float64
	r  []float64
}

// NewSync starts from W = w0 (n×d, copied; nil means zero). It panics when
// the graph and the data disagree on n or w0 has the wrong size.
func NewSync(g *graph.Graph, ds *data.Dataset, eta, mu float64, w0 []float64) *Sync {
	n, d := ds.N, ds.D
	if g.N != n || (w0 != nil && len(w0) != n*d) {
		panic(fmt.Sprintf("dgd: %d nodes, %d samples of dimension %d, w0 of %d", g.N, n, d, len(w0)))
	}
	s := &Sync{g: g, ds: ds, eta: eta, mu: mu, W: make([]float64, n*d), lw: make([]float64, n*d), r: make([]float64, n)}
	copy(s.W, w0)
	return s
}

// Step does one synchronous update.
func (s *Sync) Step() {
	d := s.ds.D
	for i := range s.ds.N {
		s.r[i] = vec.Dot(s.ds.Row(i), s.W[i*d:(i+1)*d]) - s.ds.Y[i]
	}
	s.g.LaplacianMul(s.lw, s.W, d)
	for i := range s.ds.N {
		wi := s.W[i*d : (i+1)*d]
		vec.Axpy(wi, -s.eta*s.r[i], s.ds.Row(i))
		vec.Axpy(wi, -s.eta*s.mu, s.lw[i*d:(i+1)*d])
	}
	s.T++
}

// DataLoss is Σ_i ½ (x_i·w_i − y_i)².
func (s *Sync) DataLoss() float64 {
	d := s.ds.D
	var l float64
	for i := range s.ds.N {
		r := vec.Dot(s.ds.Row(i), s.W[i*d:(i+1)*d]) - s.ds.Y[i]
		l += r * r / 2
	}
	return l
}

// Disagreement is Σ_{(i,j)∈E} ‖w_i − w_j‖².
func (s *Sync) Disagreement() float64 {
	d := s.ds.D
	var sum float64
	for _, e := range s.g.Edges {
		sum += vec.Dist2(s.W[e.U*d:(e.U+1)*d], s.W[e.V*d:(e.V+1)*d])
	}
	return sum
}

// Error is Σ_i ‖w_i − w∞‖²: the iteration keeps the null part of δW, which
// w∞ already matches, so this is the visible error (THEORY §3).
func (s *Sync) Error(wInf []float64) float64 {
	d := s.ds.D
	var sum float64
	for i := range s.ds.N {
		sum += vec.Dist2(s.W[i*d:(i+1)*d], wInf)
	}
	return sum
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
