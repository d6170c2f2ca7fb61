package linalg

import (
	"errors"
	"math"
	"sort"
)

// ErrNoConvergence is returned when the QL iteration does not converge.
var ErrNoConvergence = errors.New("linalg: eigenvalue iteration did not converge")

// SymEigenvalues returns the eigenvalues of the symmetric n×n matrix a (row-major,
// only the lower triangle is read) in decreasing order. a is overwritten.
// The method is Householder reduction to tridiagonal form followed by the
// implicit QL iteration with Wilkinson-like shifts (EISPACK tred2/tql2, values
// only): O(n³) flops, 4/3·n³ of them in the reduction.
// It panics if len(a) != n·n.
func SymEigenvalues(a []float64, n int) ([]float64, error) {
	if len(a) != n*n {
		panic("linalg: matrix size mismatch")
	}
	d := make([]float64, n)
	e := make([]float64, n)
	tridiagonalize(a, n, d, e)
	if err := tql(d, e); err != nil {
		return nil, err
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(d)))
	return d, nil
}

// tridiagonalize reduces the symmetric a to tridiagonal form by Householder
// reflections H = I − 2vvᵀ/vᵀv from the left and right, column by column.
// On return d holds the diagonal and e[i] the entry (i+1, i), e[n−1] = 0.
func tridiagonalize(a []float64, n int, d, e []float64) {
	// Symmetrize from the lower triangle so that rows can be read contiguously.
	for i := 0; i < n; i++ {
		for j := 0; j < i; j++ {
			a[j*n+i] = a[i*n+j]
		}
	}
	v := make([]float64, n)
	p := make([]float64, n)
	for k := 0; k+2 < n; k++ {
		// x = a[k+1:n, k] (read as row k: the matrix is symmetric).
		row := a[k*n : k*n+n]
		var sc float64
		for i := k + 1; i < n; i++ {
			sc += math.Abs(row[i])
		}
		d[k] = row[k]
		if sc == 0 {
			e[k] = 0
			continue
		}
		var xn float64
		for i := k + 1; i < n; i++ {
			v[i] = row[i] / sc
			xn += float64(v[i] * v[i])
		}
		alpha := math.Sqrt(xn)
		if v[k+1] > 0 {
			alpha = -alpha
		}
		v[k+1] -= alpha
		vtv := xn - float64(2*alpha*(v[k+1]+alpha)) + float64(alpha*alpha) // ‖x − αe₁‖²
		e[k] = alpha * sc
		if vtv == 0 {
			continue
		}
		// p = A v · 2/vᵀv on the trailing block, then q = p − (vᵀp/vᵀv) v.
		var vp float64
		for i := k + 1; i < n; i++ {
			ri := a[i*n : i*n+n]
			var s float64
			for j := k + 1; j < n; j++ {
				s += float64(ri[j] * v[j])
			}
			p[i] = 2 * s / vtv
			vp += float64(v[i] * p[i])
		}
		kk := vp / vtv
		for i := k + 1; i < n; i++ {
			p[i] -= float64(kk * v[i])
		}
		// A ← A − v qᵀ − q vᵀ on the trailing block.
		for i := k + 1; i < n; i++ {
			ri := a[i*n : i*n+n]
			vi, pi := v[i], p[i]
			for j := k + 1; j < n; j++ {
				ri[j] -= float64(vi*p[j]) + float64(pi*v[j])
			}
		}
	}
	if n >= 2 {
		d[n-2] = a[(n-2)*n+n-2]
		e[n-2] = a[(n-1)*n+n-2]
	}
	if n >= 1 {
		d[n-1] = a[(n-1)*n+n-1]
		e[n-1] = 0
	}
}

// tql finds the eigenvalues of the symmetric tridiagonal matrix with diagonal d
// and subdiagonal e (e[i] couples i and i+1) by the implicit QL method; on
// return d holds them, unsorted.
func tql(d, e []float64) error {
	n := len(d)
	if n == 0 {
		return nil
	}
	const eps = 0x1p-52
	var f, tst1 float64
	for l := 0; l < n; l++ {
		tst1 = math.Max(tst1, math.Abs(d[l])+math.Abs(e[l]))
		m := l
		for m < n-1 && math.Abs(e[m]) > eps*tst1 {
			m++
		}
		if m > l {
			for iter := 0; ; iter++ {
				if iter > 60 {
					return ErrNoConvergence
				}
				g := d[l]
				p := (d[l+1] - g) / (2 * e[l])
				r := hypot(p, 1)
				if p < 0 {
					r = -r
				}
				d[l] = e[l] / (p + r)
				d[l+1] = e[l] * (p + r)
				dl1 := d[l+1]
				h := g - d[l]
				for i := l + 2; i < n; i++ {
					d[i] -= h
				}
				f += h
				p = d[m]
				c, c2, c3 := 1.0, 1.0, 1.0
				el1 := e[l+1]
				s, s2 := 0.0, 0.0
				for i := m - 1; i >= l; i-- {
					c3 = c2
					c2 = c
					s2 = s
					g = c * e[i]
					h = float64(c * p)
					r = hypot(p, e[i])
					e[i+1] = s * r
					s = e[i] / r
					c = p / r
					p = float64(c*d[i]) - float64(s*g)
					d[i+1] = h + float64(s*(float64(c*g)+float64(s*d[i])))
				}
				p = -s * s2 * c3 * el1 * e[l] / dl1
				e[l] = s * p
				d[l] = c * p
				if math.Abs(e[l]) <= eps*tst1 {
					break
				}
			}
		}
		d[l] += f
		e[l] = 0
	}
	return nil
}

// hypot returns sqrt(a²+b²) without undue overflow, in plain Go (math.Hypot is
// assembly on amd64).
func hypot(a, b float64) float64 {
	a, b = math.Abs(a), math.Abs(b)
	if a < b {
		a, b = b, a
	}
	if a == 0 {
		return 0
	}
	q := b / a
	return a * math.Sqrt(1+float64(q*q))
}
