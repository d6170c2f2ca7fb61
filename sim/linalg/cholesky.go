package linalg

import (
	"errors"
	"math"
)

// ErrNotPositiveDefinite is returned by CholeskySolve when a pivot is not
// positive (the matrix is singular or indefinite to working precision).
var ErrNotPositiveDefinite = errors.New("linalg: matrix is not positive definite")

// CholeskySolve solves A x = b for the symmetric positive-definite n×n matrix a
// (row-major, lower triangle read; a is overwritten by its factor L with
// A = L Lᵀ) and stores x in dst, which may alias b. It panics on size mismatch.
func CholeskySolve(dst, a []float64, n int, b []float64) error {
	if len(b) != n || len(dst) != n {
		panic("linalg: size mismatch")
	}
	if err := Cholesky(a, n); err != nil {
		return err
	}
	CholeskyFactorSolve(dst, a, n, b)
	return nil
}

// Cholesky overwrites the lower triangle of the symmetric positive-definite
// n×n matrix a (row-major) by its factor L, A = L Lᵀ, column by column.
func Cholesky(a []float64, n int) error {
	if len(a) != n*n {
		panic("linalg: size mismatch")
	}
	for j := 0; j < n; j++ {
		rj := a[j*n : j*n+n]
		s := rj[j]
		for k := 0; k < j; k++ {
			s -= float64(rj[k] * rj[k])
		}
		if !(s > 0) {
			return ErrNotPositiveDefinite
		}
		ljj := math.Sqrt(s)
		rj[j] = ljj
		for i := j + 1; i < n; i++ {
			ri := a[i*n : i*n+n]
			t := ri[j]
			for k := 0; k < j; k++ {
				t -= float64(ri[k] * rj[k])
			}
			ri[j] = t / ljj
		}
	}
	return nil
}

// CholeskyFactorSolve solves L Lᵀ x = b for the factor l of Cholesky and
// stores x in dst, which may alias b; it allocates nothing.
func CholeskyFactorSolve(dst, l []float64, n int, b []float64) {
	if len(l) != n*n || len(b) != n || len(dst) != n {
		panic("linalg: size mismatch")
	}
	copy(dst, b)
	for i := 0; i < n; i++ { // L y = b
		ri := l[i*n : i*n+n]
		t := dst[i]
		for k := 0; k < i; k++ {
			t -= float64(ri[k] * dst[k])
		}
		dst[i] = t / ri[i]
	}
	for i := n - 1; i >= 0; i-- { // Lᵀ x = y
		t := dst[i]
		for k := i + 1; k < n; k++ {
			t -= float64(l[k*n+i] * dst[k])
		}
		dst[i] = t / l[i*n+i]
	}
}
