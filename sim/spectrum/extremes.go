package spectrum

import (
	"errors"
	"fmt"
	"math"

	"sgdlab/sim/rng"
	"sgdlab/sim/vec"
)

// ExtremesTol: Extremes has converged when neither extreme Ritz value moved
// by more than ExtremesTol times itself over the last ExtremesWindow steps.
const (
	ExtremesTol    = 1e-9
	ExtremesWindow = 12
)

// Extremes estimates the smallest and the largest eigenvalue of a symmetric
// operator A on R^n (restricted to a subspace it leaves invariant, when a
// projection onto that subspace is given) by the plain three-term Lanczos
// recurrence, as a stepper with O(n) memory, for operators too large for the
// full reorthogonalisation of Lanczos (THEORY §3: σ_min and σ_max of
// A = D + μ L⊗I at large n·d, the null space deflated by the projection).
//
// Iteration j: w = A q_j, α_j = q_j·w, w −= α_j q_j + β_{j−1} q_{j−1} (with
// one local re-orthogonalisation against q_j), w ← Π w, β_j = ‖w‖,
// q_{j+1} = w/β_j.
// The extreme eigenvalues of the tridiagonal T_j (diagonal α, off-diagonal β)
// are found by Sturm-sequence bisection. Without full re-orthogonalisation
// T_j grows spurious copies of converged eigenvalues, but its extreme
// eigenvalues still converge monotonically to those of A (Paige), which is
// all this needs. The start vector is Π of a normalised N(0, I) draw from
// (seed, stream 4).
type Extremes struct {
	matvec, project func(x []float64)
	op              func(dst, x []float64)
	n, maxIter      int

	q0, q1, w   []float64
	alpha, beta []float64
	j           int
	lo, hi      float64
	histLo      []float64 // extremes at the last ExtremesWindow checks
	histHi      []float64
	done        bool
	err         error
}

// ErrExtremesNotConverged is returned when Extremes reaches maxIter first;
// the values are then the best estimates: an upper bound on the smallest
// eigenvalue and a lower bound on the largest.
var ErrExtremesNotConverged = errors.New("spectrum: extreme eigenvalues did not converge")

// NewExtremes returns the stepper for the operator op (dst = A x; it must not
// keep x or dst) on R^n; project, if not nil, maps x in place onto the
// invariant subspace to work in (e.g. off a known null space).
func NewExtremes(op func(dst, x []float64), project func(x []float64), n int, seed uint64, maxIter int) (*Extremes, error) {
	if n < 1 || maxIter < 1 {
		return nil, fmt.Errorf("spectrum: Extremes needs n ≥ 1 and maxIter ≥ 1, got n=%d maxIter=%d", n, maxIter)
	}
	e := &Extremes{op: op, project: project, n: n, maxIter: maxIter,
		q0: make([]float64, n), q1: make([]float64, n), w: make([]float64, n),
		alpha: make([]float64, 0, maxIter), beta: make([]float64, 0, maxIter)}
	g := rng.NewGauss(rng.New(seed, rng.StreamExtremes))
	for i := range e.q1 {
		e.q1[i] = g.Norm()
	}
	if project != nil {
		project(e.q1)
	}
	nn := vec.Norm2(e.q1)
	if !(nn > 0) {
		return nil, errors.New("spectrum: the subspace is {0}")
	}
	vec.Scale(e.q1, 1/math.Sqrt(nn))
	return e, nil
}

// Step does one iteration and reports whether the run has ended.
func (e *Extremes) Step() bool {
	if e.done {
		return true
	}
	e.op(e.w, e.q1)
	a := vec.Dot(e.q1, e.w)
	vec.Axpy(e.w, -a, e.q1)
	if e.j > 0 {
		vec.Axpy(e.w, -e.beta[e.j-1], e.q0)
	}
	c := vec.Dot(e.q1, e.w) // local re-orthogonalisation
	vec.Axpy(e.w, -c, e.q1)
	a += c
	if e.project != nil {
		// Project last: w may now be tiny, and the projection's rounding
		// is relative to what it is given.
		e.project(e.w)
	}
	b := math.Sqrt(vec.Norm2(e.w))
	e.alpha = append(e.alpha, a)
	e.j++
	scale := math.Max(math.Abs(e.hi), math.Abs(e.lo))
	scale = math.Max(scale, math.Abs(a))
	e.lo, e.hi = e.ritz()
	switch {
	case !(b > 1e-13*scale) || e.j >= e.n:
		// An invariant subspace: T_j's eigenvalues are exact eigenvalues of A.
		e.done = true
		return true
	case e.j >= e.maxIter:
		e.done, e.err = true, ErrExtremesNotConverged
		return true
	}
	e.beta = append(e.beta, b)
	e.q0, e.q1, e.w = e.q1, e.w, e.q0
	vec.Scale(e.q1, 1/b)
	e.histLo = append(e.histLo, e.lo)
	e.histHi = append(e.histHi, e.hi)
	if k := len(e.histLo); k > ExtremesWindow {
		e.histLo, e.histHi = e.histLo[k-ExtremesWindow:], e.histHi[k-ExtremesWindow:]
		if math.Abs(e.histLo[0]-e.lo) <= ExtremesTol*math.Abs(e.lo) &&
			math.Abs(e.histHi[0]-e.hi) <= ExtremesTol*math.Abs(e.hi) {
			e.done = true
		}
	}
	return e.done
}

// ritz returns the extreme eigenvalues of T_j by bisection.
func (e *Extremes) ritz() (lo, hi float64) {
	a, b := e.alpha, e.beta[:len(e.alpha)-1]
	glo, ghi := math.Inf(1), math.Inf(-1) // Gershgorin bounds
	for i := range a {
		r := 0.0
		if i > 0 {
			r += math.Abs(b[i-1])
		}
		if i < len(b) {
			r += math.Abs(b[i])
		}
		glo, ghi = math.Min(glo, a[i]-r), math.Max(ghi, a[i]+r)
	}
	m := len(a)
	bisect := func(k int) float64 { // the k-th smallest eigenvalue, k ≥ 1
		l, h := glo, ghi
		for range 200 {
			mid := l + float64((h-l)/2)
			if mid <= l || mid >= h {
				break
			}
			if sturm(a, b, mid) >= k {
				h = mid
			} else {
				l = mid
			}
		}
		return l + float64((h-l)/2)
	}
	return bisect(1), bisect(m)
}

// sturm counts the eigenvalues of the tridiagonal (a, b) below x.
func sturm(a, b []float64, x float64) int {
	count := 0
	q := 1.0
	for i := range a {
		if i == 0 {
			q = a[0] - x
		} else {
			q = a[i] - x - b[i-1]*b[i-1]/q
		}
		if q == 0 {
			q = -1e-300
		}
		if q < 0 {
			count++
		}
	}
	return count
}

// Min and Max are the current estimates of the extreme eigenvalues.
func (e *Extremes) Min() float64 { return e.lo }

// Max is the estimate of the largest eigenvalue.
func (e *Extremes) Max() float64 { return e.hi }

// Iter is the number of products with A done.
func (e *Extremes) Iter() int { return e.j }

// MaxSettled reports whether the largest Ritz value has met the
// convergence test (moved by at most ExtremesTol relative over the last
// ExtremesWindow steps) — it converges much sooner than the smallest.
func (e *Extremes) MaxSettled() bool {
	if e.done && e.err == nil {
		return true
	}
	k := len(e.histHi)
	return k >= ExtremesWindow && math.Abs(e.histHi[0]-e.hi) <= ExtremesTol*math.Abs(e.hi)
}

// Done reports whether the run has ended.
func (e *Extremes) Done() bool { return e.done }

// Err is nil, or ErrExtremesNotConverged after maxIter steps.
func (e *Extremes) Err() error { return e.err }

// Progress is a rough fraction of the work done.
func (e *Extremes) Progress() float64 {
	if e.done {
		return 1
	}
	return float64(e.j) / float64(e.maxIter)
}
