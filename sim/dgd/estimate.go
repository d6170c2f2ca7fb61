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
}

// NewEstimate starts the estimate; maxIter caps the products with A.
func NewEstimate(g *graph.Graph, ds *data.Dataset, mu float64, seed uint64, maxIter int) (*Estimate, error) {
	project, null, err := Deflation(ds)
	if err != nil {
		return nil, err
	}
	ex, err := spectrum.NewExtremes(Operator(g, ds, mu), project, ds.N*ds.D, seed, maxIter)
	if err != nil {
		return nil, err
	}
	return &Estimate{Extremes: ex, null: null}, nil
}

// Analysis is the current estimate.
func (e *Estimate) Analysis() Analysis {
	return Analysis{SigmaMin: e.Min(), SigmaMax: e.Max(), Null: e.null}
}

// Minimiser returns the minimiser W∞ = A⁻¹ b of F (THEORY §3), b_i = y_i x_i,
// row i for node i, by conjugate gradients with the sparse operator: the
// limit in the under-parametrised regime (n > d), where the nodes cannot
// agree on an interpolant and A is nonsingular. It stops at a relative
// residual of tol or after maxIter products and then reports an error.
func Minimiser(g *graph.Graph, ds *data.Dataset, mu, tol float64, maxIter int) ([]float64, error) {
	n, d := ds.N, ds.D
	N := n * d
	op := Operator(g, ds, mu)
	x, r, p, ap := make([]float64, N), make([]float64, N), make([]float64, N), make([]float64, N)
	for i := range n {
		vec.Axpy(r[i*d:(i+1)*d], ds.Y[i], ds.Row(i))
	}
	copy(p, r)
	rr := vec.Norm2(r)
	stop := tol * tol * rr
	for k := 0; rr > stop; k++ {
		if k == maxIter {
			return x, fmt.Errorf("dgd: conjugate gradients did not reach %.0e in %d steps", tol, maxIter)
		}
		op(ap, p)
		alpha := rr / vec.Dot(p, ap)
		vec.Axpy(x, alpha, p)
		vec.Axpy(r, -alpha, ap)
		rr2 := vec.Norm2(r)
		vec.Scale(p, rr2/rr)
		vec.Axpy(p, 1, r)
		rr = rr2
	}
	return x, nil
}
