// Package polyfit fits polynomials by weighted least squares: the fit of
// var(g_t | F₀) as a polynomial in 1/b (THEORY §4, Theorem 4: no constant
// term for the two-layer network; Lemma 1 gives c_b = (n/(n−1))(1/b − 1/n)
// for least squares at t = 0, with one).
package polyfit

import (
	"errors"
	"fmt"
	"math"
)

// Poly is Σ_{k=Lo}^{Lo+len(C)−1} C[k−Lo] x^k.
type Poly struct {
	Lo int
	C  []float64
}

// Eval returns the polynomial at x.
func (p Poly) Eval(x float64) float64 {
	var s float64
	for k := len(p.C) - 1; k >= 0; k-- {
		s = float64(s*x) + p.C[k]
	}
	for range p.Lo {
		s *= x
	}
	return s
}

// ErrRank is returned when the points do not determine the coefficients.
var ErrRank = errors.New("polyfit: too few distinct points for the degree")

// Fit returns the Poly with powers lo…deg minimising Σ_i w_i (p(x_i) − y_i)²
// (w nil: all 1), by modified Gram–Schmidt QR of the
// weighted design matrix (stable for the ranges of 1/b used here).
func Fit(x, y, w []float64, lo, deg int) (Poly, error) {
	m := len(x)
	k := deg - lo + 1
	if lo < 0 || k < 1 || len(y) != m || w != nil && len(w) != m {
		return Poly{}, fmt.Errorf("polyfit: bad sizes (lo=%d deg=%d, %d x, %d y)", lo, deg, m, len(y))
	}
	if m < k {
		return Poly{}, ErrRank
	}
	// Columns q_j = √w_i x_i^(lo+j), right-hand side √w_i y_i.
	q := make([][]float64, k)
	rhs := make([]float64, m)
	for i := range m {
		s := 1.0
		if w != nil {
			s = math.Sqrt(w[i])
		}
		rhs[i] = s * y[i]
		pw := s
		for range lo {
			pw *= x[i]
		}
		for j := range k { // s·x^(lo+j) by repeated products: the same bits everywhere
			if q[j] == nil {
				q[j] = make([]float64, m)
			}
			q[j][i] = pw
			pw *= x[i]
		}
	}
	r := make([]float64, k*k)
	for j := range k {
		n0 := math.Sqrt(dot(q[j], q[j]))
		for l := range j {
			d := dot(q[l], q[j])
			r[l*k+j] = d
			axpy(q[j], -d, q[l])
		}
		n := math.Sqrt(dot(q[j], q[j]))
		if !(n > 1e-10*n0) {
			return Poly{}, ErrRank
		}
		r[j*k+j] = n
		for i := range q[j] {
			q[j][i] /= n
		}
	}
	c := make([]float64, k)
	for j := range k {
		c[j] = dot(q[j], rhs)
	}
	for j := k - 1; j >= 0; j-- { // back substitution R c = Qᵀ rhs
		for l := j + 1; l < k; l++ {
			c[j] -= float64(r[j*k+l] * c[l])
		}
		c[j] /= r[j*k+j]
	}
	return Poly{Lo: lo, C: c}, nil
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += float64(a[i] * b[i])
	}
	return s
}

func axpy(y []float64, a float64, x []float64) {
	for i := range y {
		y[i] += float64(a * x[i])
	}
}
