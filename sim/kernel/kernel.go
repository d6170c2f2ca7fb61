package kernel

import (
	"fmt"
	"math"

	"sgdlab/sim/pmath"
	"sgdlab/sim/vec"
)

// Kernel maps the squared distance ‖x−z‖² and the inner product x·z of two
// samples to k(x, z).
type Kernel interface {
	Eval(dist2, dot float64) float64
	String() string
}

// Gaussian is k(x,z) = exp(−‖x−z‖²/(2σ²)).
type Gaussian struct{ Sigma float64 }

func (g Gaussian) Eval(dist2, _ float64) float64 { return pmath.Exp(-dist2 / (2 * g.Sigma * g.Sigma)) }
func (g Gaussian) String() string                { return fmt.Sprintf("gaussian(σ=%g)", g.Sigma) }

// Laplacian is k(x,z) = exp(−‖x−z‖/σ).
type Laplacian struct{ Sigma float64 }

func (l Laplacian) Eval(dist2, _ float64) float64 { return pmath.Exp(-math.Sqrt(dist2) / l.Sigma) }
func (l Laplacian) String() string                { return fmt.Sprintf("laplacian(σ=%g)", l.Sigma) }

// Linear is k(x,z) = x·z: kernel SGD with it is linear SGD (THEORY §2.1).
type Linear struct{}

func (Linear) Eval(_, dot float64) float64 { return dot }
func (Linear) String() string              { return "linear" }

// Matrix fills dst (n×n, row-major) with K_ij = k(x_i, x_j) for the n rows of
// x (each of length d), computing each pair once from ‖x_i‖² + ‖x_j‖² − 2x_i·x_j
// (negative rounding clamped to 0; the diagonal uses distance 0 exactly).
// It panics if the sizes do not match.
func Matrix(dst []float64, x []float64, n, d int, k Kernel) {
	if len(dst) != n*n || len(x) != n*d {
		panic("kernel: size mismatch")
	}
	norms := make([]float64, n)
	for i := range norms {
		norms[i] = vec.Norm2(x[i*d : (i+1)*d])
	}
	for i := 0; i < n; i++ {
		xi := x[i*d : (i+1)*d]
		for j := 0; j <= i; j++ {
			dot := vec.Dot(xi, x[j*d:(j+1)*d])
			d2 := 0.0
			if i != j {
				d2 = math.Max(0, norms[i]+norms[j]-2*dot)
			}
			v := k.Eval(d2, dot)
			dst[i*n+j], dst[j*n+i] = v, v
		}
	}
}
