package data

import "sgdlab/sim/vec"

// Dataset is n samples x_i ∈ R^d (rows of X, row-major) with scalar targets y_i.
// WStar is the minimum-norm least-squares solution of X w = y: the interpolant
// SGD started from 0 converges to, when one exists (THEORY §1).
type Dataset struct {
	N, D  int
	X     []float64
	Y     []float64
	WStar []float64
	// Interpolates reports whether X·WStar = y holds (up to rounding).
	Interpolates bool
}

// Row returns x_i, aliasing X.
func (ds *Dataset) Row(i int) []float64 { return ds.X[i*ds.D : (i+1)*ds.D] }

// MSE returns the training MSE (1/n) Σ_i (x_i·w − y_i)² = 2 L(w) (THEORY §1).
func (ds *Dataset) MSE(w []float64) float64 {
	var s float64
	for i := 0; i < ds.N; i++ {
		r := vec.Dot(ds.Row(i), w) - ds.Y[i]
		s += float64(r * r)
	}
	return s / float64(ds.N)
}

// Beta returns β = max_i ‖x_i‖² (THEORY §1).
func (ds *Dataset) Beta() float64 { return Beta(ds.X[:ds.N*ds.D], ds.D) }

// Beta returns β = max_i ‖x_i‖² over the rows of the n×d row-major matrix x
// (THEORY §1): the step η = 1/β is stable for every batch size. It panics if
// d < 1 or len(x) is not a multiple of d.
func Beta(x []float64, d int) float64 {
	if d < 1 || len(x)%d != 0 {
		panic("data: size mismatch")
	}
	var b float64
	for i := 0; i < len(x); i += d {
		b = max(b, vec.Norm2(x[i:i+d]))
	}
	return b
}
