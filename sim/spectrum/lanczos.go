package spectrum

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"

	"sgdlab/sim/linalg"
	"sgdlab/sim/pmath"
	"sgdlab/sim/rng"
	"sgdlab/sim/vec"
)

// LanczosTol is the convergence test of Lanczos: the Ritz value θ_i counts as
// converged when its residual bound ‖A y_i − θ_i y_i‖ = β_j |s_{j,i}| is at
// most LanczosTol·θ_1. Then |θ_i − λ_i| ≤ that bound, and ≤ bound²/gap_i
// when θ_i is separated from the rest of the spectrum by gap_i.
const LanczosTol = 1e-12

// ErrNotConverged is returned when Lanczos reaches maxIter before the top k
// Ritz values pass LanczosTol; the values are then the best estimates.
var ErrNotConverged = errors.New("spectrum: Lanczos did not converge")

// MatVec returns the operator x ↦ s·A x for the dense symmetric n×n matrix a
// (row-major), each row summed by vec.Dot: e.g. MatVec(k, n, 1/n) is K/n
// (THEORY §1 in feature space). The operator aliases a.
func MatVec(a []float64, n int, s float64) func(dst, x []float64) {
	if len(a) != n*n {
		panic("spectrum: matrix size mismatch")
	}
	rows := func(dst, x []float64, lo, hi int) {
		for i := lo; i < hi; i++ {
			dst[i] = s * vec.Dot(a[i*n:(i+1)*n], x)
		}
	}
	// Natively the rows are shared among GOMAXPROCS goroutines (1 in wasm):
	// each entry is one row's dot product whoever computes it, so the bits
	// do not depend on the number of threads.
	w := min(runtime.GOMAXPROCS(0), n/matVecRows)
	if w <= 1 {
		return func(dst, x []float64) { rows(dst, x, 0, n) }
	}
	return func(dst, x []float64) {
		var wg sync.WaitGroup
		for r := range w {
			wg.Go(func() { rows(dst, x, r*n/w, (r+1)*n/w) })
		}
		wg.Wait()
	}
}

// matVecRows is the fewest rows a goroutine of MatVec gets.
const matVecRows = 256

// Lanczos computes the k largest eigenvalues λ_1 ≥ … ≥ λ_k of a symmetric
// positive-semidefinite operator A on R^n, given only x ↦ A x, as a stepper:
// each Step does one Lanczos iteration (one product with A) and updates the
// estimates, so a page can draw a progress bar (THEORY §1: λ_1, λ_2 and the
// top of the spectrum of H or K/n when a dense eigendecomposition is too slow).
//
// Iteration j: w = A q_j, α_j = q_j·w, w is orthogonalised against all of
// q_0..q_j by two passes of modified Gram–Schmidt (full reorthogonalisation),
// β_j = ‖w‖, q_{j+1} = w/β_j. The Ritz values are the eigenvalues of the
// tridiagonal T_j (diagonal α, off-diagonal β), found by
// linalg.SymEigenvalues; the residual bound of θ_i is β_j |s_{j,i}|, s_i the
// eigenvector of T_j, found by inverse iteration. The start vector is
// normalised N(0, I) from (seed, stream 3). If w vanishes (an invariant
// subspace), a fresh random vector orthogonal to the basis continues the run;
// after n iterations T_n is similar to A and its eigenvalues are exact. Like
// every single-vector Krylov method it may report an eigenvalue of
// multiplicity > 1 once. Cost per step: one product with A, 4·j·n flops of
// reorthogonalisation and O(j³) for the Ritz values (computed at every step
// up to 64, then at one step in j/32); memory (maxIter+1)·n floats.
type Lanczos struct {
	matvec        func(dst, x []float64)
	n, k, maxIter int
	gauss         *rng.Gauss

	q     []float64 // q_0..q_j, rows of n
	alpha []float64 // α_0..α_{j−1}
	beta  []float64 // β_0..β_{j−1}; β_i couples q_i and q_{i+1}; 0 after a restart
	w     []float64
	anorm float64 // max ‖A q_i‖: the scale that decides a breakdown

	j        int
	vals     []float64
	bounds   []float64
	smallest float64 // the smallest Ritz value
	tmat     []float64
	work     [6][]float64
	progress float64
	done     bool
	err      error
}

// NewLanczos returns a Lanczos stepper for the k largest eigenvalues of the
// operator matvec (which sets dst = A x and must not keep x or dst) on R^n,
// stopping after at most maxIter products (capped at n).
func NewLanczos(matvec func(dst, x []float64), n, k int, seed uint64, maxIter int) (*Lanczos, error) {
	if n < 1 || k < 1 || k > n || maxIter < 1 {
		return nil, fmt.Errorf("spectrum: Lanczos needs 1 ≤ k ≤ n and maxIter ≥ 1, got n=%d k=%d maxIter=%d", n, k, maxIter)
	}
	maxIter = min(maxIter, n)
	l := &Lanczos{matvec: matvec, n: n, k: k, maxIter: maxIter,
		gauss: rng.NewGauss(rng.New(seed, rng.StreamLanczos)),
		q:     make([]float64, (maxIter+1)*n), w: make([]float64, n),
		alpha: make([]float64, 0, maxIter), beta: make([]float64, 0, maxIter)}
	for i := range l.work {
		l.work[i] = make([]float64, maxIter)
	}
	q0 := l.q[:n]
	for range 8 { // a zero vector has probability 0; retry anyway
		for i := range q0 {
			q0[i] = l.gauss.Norm()
		}
		if nn := vec.Norm2(q0); nn > 0 {
			vec.Scale(q0, 1/math.Sqrt(nn))
			return l, nil
		}
	}
	return nil, errors.New("spectrum: Lanczos start vector is zero")
}

// Step does one iteration and reports whether the run has ended (converged,
// exhausted R^n, or reached maxIter: see Err). Steps after the end do nothing.
func (l *Lanczos) Step() bool {
	if l.done {
		return true
	}
	n, j := l.n, l.j
	qj := l.q[j*n : (j+1)*n]
	w := l.w
	l.matvec(w, qj)
	l.anorm = max(l.anorm, math.Sqrt(vec.Norm2(w)))
	a := vec.Dot(qj, w)
	l.orthogonalise(w, j+1)
	b := math.Sqrt(vec.Norm2(w))
	l.alpha = append(l.alpha, a)
	l.j = j + 1
	breakdown := !(b > 1e-12*l.anorm)
	last := l.j == l.maxIter
	switch {
	case last:
		l.beta = append(l.beta, b)
	case breakdown:
		l.beta = append(l.beta, 0)
		if !l.restart() {
			last = true // R^n is exhausted (cannot happen before j = n in exact arithmetic)
		}
	default:
		l.beta = append(l.beta, b)
		qn := l.q[(j+1)*n : (j+2)*n]
		for i, v := range w {
			qn[i] = v / b
		}
	}
	if last || (!breakdown && l.j >= l.k && (l.j <= 64 || l.j%(l.j/32) == 0)) {
		l.ritz(b)
		conv := l.j >= l.k
		for _, e := range l.bounds {
			conv = conv && e <= LanczosTol*l.vals[0]
		}
		l.done = conv || last
		if l.done && !conv && l.j < l.n {
			l.err = ErrNotConverged
		}
	}
	l.progress = max(l.progress, float64(l.j)/float64(l.maxIter))
	if len(l.bounds) > 0 && l.vals[0] > 0 {
		worst := 0.0
		for _, e := range l.bounds {
			worst = max(worst, e/l.vals[0])
		}
		if worst > 0 && worst < 1 {
			l.progress = max(l.progress, min(1, pmath.Log(worst)/pmath.Log(LanczosTol)))
		}
	}
	if l.done {
		l.progress = 1
	}
	return l.done
}

// orthogonalise removes from w its components along q_0..q_{m−1}, two passes
// of modified Gram–Schmidt in index order.
func (l *Lanczos) orthogonalise(w []float64, m int) {
	for range 2 {
		for i := 0; i < m; i++ {
			qi := l.q[i*l.n : (i+1)*l.n]
			vec.Axpy(w, -vec.Dot(qi, w), qi)
		}
	}
}

// restart puts a random unit vector orthogonal to q_0..q_{j−1} in q_j.
func (l *Lanczos) restart() bool {
	n, j := l.n, l.j
	if j >= n {
		return false
	}
	qn := l.q[j*n : (j+1)*n]
	for range 8 {
		for i := range qn {
			qn[i] = l.gauss.Norm()
		}
		l.orthogonalise(qn, j)
		if nn := vec.Norm2(qn); nn > 1e-20 {
			vec.Scale(qn, 1/math.Sqrt(nn))
			return true
		}
	}
	return false
}

// ritz sets vals to the top min(k, j) eigenvalues of T_j and bounds to
// b·|last component| of their unit eigenvectors.
func (l *Lanczos) ritz(b float64) {
	m := l.j
	if cap(l.tmat) < m*m {
		l.tmat = make([]float64, l.maxIter*l.maxIter)
	}
	t := l.tmat[:m*m]
	vec.Zero(t)
	var scale float64
	for i := 0; i < m; i++ {
		t[i*m+i] = l.alpha[i]
		scale = max(scale, math.Abs(l.alpha[i]))
		if i+1 < m {
			t[(i+1)*m+i] = l.beta[i]
			scale = max(scale, math.Abs(l.beta[i]))
		}
	}
	ev, err := linalg.SymEigenvalues(t, m)
	if err != nil {
		l.err, l.done = err, true
		return
	}
	kk := min(l.k, m)
	l.vals = append(l.vals[:0], ev[:kk]...)
	l.smallest = ev[m-1]
	l.bounds = l.bounds[:0]
	for _, th := range l.vals {
		l.bounds = append(l.bounds, b*math.Abs(lastComponent(l.alpha, l.beta[:m-1], th, scale, &l.work)))
	}
}

// lastComponent returns the last component of the unit eigenvector of the
// symmetric tridiagonal T (diagonal a, off-diagonal e) for its eigenvalue th,
// by two steps of inverse iteration from (1, …, 1) with Gaussian elimination
// with partial pivoting (LAPACK dgtsv); zero pivots become ε·scale.
func lastComponent(a, e []float64, th, scale float64, work *[6][]float64) float64 {
	m := len(a)
	if m == 1 {
		return 1
	}
	x := work[0][:m]
	for i := range x {
		x[i] = 1
	}
	tiny := 0x1p-52 * max(scale, math.SmallestNonzeroFloat64)
	for range 2 {
		d, dl, du := work[1][:m], work[2][:m-1], work[3][:m-1]
		for i := range d {
			d[i] = a[i] - th
		}
		copy(dl, e)
		copy(du, e)
		for i := 0; i < m-1; i++ {
			if math.Abs(d[i]) >= math.Abs(dl[i]) {
				if d[i] == 0 {
					d[i] = tiny
				}
				f := dl[i] / d[i]
				d[i+1] -= float64(f * du[i])
				x[i+1] -= float64(f * x[i])
				dl[i] = 0 // from here on dl[i] is the second superdiagonal
			} else {
				f := d[i] / dl[i]
				d[i] = dl[i]
				tmp := d[i+1]
				d[i+1] = du[i] - float64(f*tmp)
				if i+1 < m-1 {
					dl[i] = du[i+1]
					du[i+1] = -f * dl[i]
				} else {
					dl[i] = 0
				}
				du[i] = tmp
				x[i], x[i+1] = x[i+1], x[i]-float64(f*x[i+1])
			}
		}
		if d[m-1] == 0 {
			d[m-1] = tiny
		}
		x[m-1] /= d[m-1]
		x[m-2] = (x[m-2] - float64(du[m-2]*x[m-1])) / d[m-2]
		for i := m - 3; i >= 0; i-- {
			x[i] = (x[i] - float64(du[i]*x[i+1]) - float64(dl[i]*x[i+2])) / d[i]
		}
		var big float64
		for _, v := range x {
			big = max(big, math.Abs(v))
		}
		vec.Scale(x, 1/big)
		vec.Scale(x, 1/math.Sqrt(vec.Norm2(x)))
	}
	return x[m-1]
}

// Values returns the current estimates of λ_1 ≥ … ≥ λ_k (fewer before k
// iterations), aliasing the stepper's buffer until the next Step.
func (l *Lanczos) Values() []float64 { return l.vals }

// Smallest returns the smallest Ritz value θ_min, an upper bound on the
// smallest eigenvalue of A (Ritz values lie in [λ_min, λ_max]; Cauchy
// interlacing). Lanczos finds the top of a spectrum first, so θ_min is a
// loose bound unless the bottom has converged too.
func (l *Lanczos) Smallest() float64 { return l.smallest }

// Bounds returns the residual bounds of Values, aliased likewise.
func (l *Lanczos) Bounds() []float64 { return l.bounds }

// Iter returns the number of iterations (products with A) done.
func (l *Lanczos) Iter() int { return l.j }

// Done reports whether the run has ended.
func (l *Lanczos) Done() bool { return l.done }

// Err returns nil, ErrNotConverged after maxIter steps without convergence,
// or the error of the small eigenproblem.
func (l *Lanczos) Err() error { return l.err }

// Progress returns the fraction of the run done, in [0, 1], non-decreasing:
// the larger of Iter/maxIter and log(worst bound/θ_1)/log(LanczosTol); 1 at the end.
func (l *Lanczos) Progress() float64 { return l.progress }

// TopEigen appends to dst[:0] the k largest eigenvalues of the symmetric
// positive-semidefinite operator matvec on R^n, in decreasing order, by
// Lanczos with full reorthogonalisation (see Lanczos) started from seed, in
// at most maxIter products. After maxIter steps without convergence it
// returns the estimates and ErrNotConverged.
func TopEigen(dst []float64, matvec func(dst, x []float64), n, k int, seed uint64, maxIter int) ([]float64, error) {
	l, err := NewLanczos(matvec, n, k, seed, maxIter)
	if err != nil {
		return dst[:0], err
	}
	for !l.Step() {
	}
	return append(dst[:0], l.Values()...), l.Err()
}
