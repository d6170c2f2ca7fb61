package dgd

import (
	"fmt"

	"sgdlab/sim/data"
	"sgdlab/sim/graph"
	"sgdlab/sim/linalg"
	"sgdlab/sim/spectrum"
	"sgdlab/sim/vec"
)

// Operator returns x ↦ A x for A = blockdiag(x_i x_iᵀ) + μ(L ⊗ I_d) on
// R^{n·d}, applied sparsely in O((n + |E|)·d) without allocating.
func Operator(g *graph.Graph, ds *data.Dataset, mu float64) func(dst, x []float64) {
	d := ds.D
	return func(dst, x []float64) {
		g.LaplacianMul(dst, x, d)
		vec.Scale(dst, mu)
		for i := range ds.N {
			xi := ds.Row(i)
			vec.Axpy(dst[i*d:(i+1)*d], vec.Dot(xi, x[i*d:(i+1)*d]), xi)
		}
	}
}

// Deflation returns the projection of R^{n·d} off Null(A) = {(v, …, v) :
// v ∈ Null(H)} (THEORY §3): x ↦ x − 1 ⊗ Q(mean_i x_i), Q = I − P, with
// P v = Xᵀ (X Xᵀ)⁻¹ X v when n ≤ d (the Gram matrix factored once); when
// n > d and XᵀX is nonsingular, Null(H) = {0} and it returns nil (nothing to
// deflate). It reports dim Null(A) and an error when the samples are
// linearly dependent.
func Deflation(ds *data.Dataset) (project func(x []float64), null int, err error) {
	n, d := ds.N, ds.D
	if n > d {
		if err := linalg.Cholesky(data.Cov(ds), d); err != nil {
			return nil, 0, fmt.Errorf("dgd: the samples do not span R^%d: %w", d, err)
		}
		return nil, 0, nil
	}
	l := data.Gram(ds)
	if err := linalg.Cholesky(l, n); err != nil {
		return nil, 0, fmt.Errorf("dgd: the samples are not linearly independent: %w", err)
	}
	m, xm, c := make([]float64, d), make([]float64, n), make([]float64, n)
	return func(x []float64) {
		vec.Zero(m)
		for i := range n {
			vec.Axpy(m, 1/float64(n), x[i*d:(i+1)*d])
		}
		for i := range n {
			xm[i] = vec.Dot(ds.Row(i), m)
		}
		linalg.CholeskyFactorSolve(c, l, n, xm)
		for i := range n { // m ← Q m
			vec.Axpy(m, -c[i], ds.Row(i))
		}
		for i := range n {
			vec.Axpy(x[i*d:(i+1)*d], -1, m)
		}
	}, d - n, nil
}

// Estimate computes the Analysis of A by spectrum.Extremes on the complement
// of Null(A), as a stepper (O(n·d) memory): for problems too large for the
// dense Analyse.
type Estimate struct {
	*spectrum.Extremes
	null int
	// Undeflated is set when n > d and H is numerically singular, so that
	// Null(A) could not be split off: σ_min then includes H's near-null
	// directions (it may be ~0).
	Undeflated bool
}

// NewEstimate starts the estimate; maxIter caps the products with A.
func NewEstimate(g *graph.Graph, ds *data.Dataset, mu float64, seed uint64, maxIter int) (*Estimate, error) {
	project, null, err := Deflation(ds)
	undeflated := false
	if err != nil {
		if ds.N <= ds.D {
			return nil, err
		}
		project, null, undeflated = nil, 0, true
	}
	ex, err := spectrum.NewExtremes(Operator(g, ds, mu), project, ds.N*ds.D, seed, maxIter)
	if err != nil {
		return nil, err
	}
	return &Estimate{Extremes: ex, null: null, Undeflated: undeflated}, nil
}

// Analysis is the current estimate.
func (e *Estimate) Analysis() Analysis {
	return Analysis{SigmaMin: e.Min(), SigmaMax: e.Max(), Null: e.null}
}

// CG solves A W = b, b_i = y_i x_i (row i for node i), for the minimiser
// W∞ of F (THEORY §3) by conjugate gradients with the sparse operator, as a
// stepper: the limit in the under-parametrised regime (n > d), where the
// nodes cannot agree on an interpolant and A is nonsingular. Each step is
// one product with A, O((n + |E|)·d).
type CG struct {
	op            func(dst, x []float64)
	x, r, p, ap   []float64
	rr, stop      float64
	tol           float64
	iter, maxIter int
	done          bool
	err           error
}

// NewCG starts conjugate gradients from W = 0; it ends at a relative
// residual ‖b − A W‖ ≤ tol·‖b‖ or, with an error, after maxIter steps.
func NewCG(g *graph.Graph, ds *data.Dataset, mu, tol float64, maxIter int) *CG {
	n, d := ds.N, ds.D
	N := n * d
	c := &CG{op: Operator(g, ds, mu), x: make([]float64, N), r: make([]float64, N), p: make([]float64, N), ap: make([]float64, N), tol: tol, maxIter: maxIter}
	for i := range n {
		vec.Axpy(c.r[i*d:(i+1)*d], ds.Y[i], ds.Row(i))
	}
	copy(c.p, c.r)
	c.rr = vec.Norm2(c.r)
	c.stop = tol * tol * c.rr
	c.done = !(c.rr > c.stop)
	return c
}

// Step does one iteration and reports whether the solve has ended.
func (c *CG) Step() bool {
	if c.done {
		return true
	}
	if c.iter == c.maxIter {
		c.done = true
		c.err = fmt.Errorf("dgd: conjugate gradients did not reach %.0e in %d steps", c.tol, c.maxIter)
		return true
	}
	c.op(c.ap, c.p)
	alpha := c.rr / vec.Dot(c.p, c.ap)
	vec.Axpy(c.x, alpha, c.p)
	vec.Axpy(c.r, -alpha, c.ap)
	rr2 := vec.Norm2(c.r)
	vec.Scale(c.p, rr2/c.rr)
	vec.Axpy(c.p, 1, c.r)
	c.rr = rr2
	c.iter++
	c.done = !(c.rr > c.stop)
	return c.done
}

// X is the current iterate W (row i for node i).
func (c *CG) X() []float64 { return c.x }

// Err is non-nil when the solve ended without reaching tol.
func (c *CG) Err() error { return c.err }

// Iter is the number of steps done.
func (c *CG) Iter() int { return c.iter }

// Progress is the fraction of maxIter done, or 1 when finished.
func (c *CG) Progress() float64 {
	if c.done {
		return 1
	}
	return float64(c.iter) / float64(max(1, c.maxIter))
}

// Minimiser runs CG to the end and returns W∞ (see CG).
func Minimiser(g *graph.Graph, ds *data.Dataset, mu, tol float64, maxIter int) ([]float64, error) {
	c := NewCG(g, ds, mu, tol, maxIter)
	for !c.Step() {
	}
	return c.X(), c.Err()
}
