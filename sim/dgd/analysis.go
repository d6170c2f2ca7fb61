package dgd

import (
	"fmt"
	"math"

	"sgdlab/sim/data"
	"sgdlab/sim/graph"
	"sgdlab/sim/linalg"
)

// RelTol: an eigenvalue of A counts as zero at most RelTol·σ_max.
const RelTol = 1e-10

// Analysis is the exact spectral picture of A = D + μ(L ⊗ I_d) on the
// complement of its null space (THEORY §3).
type Analysis struct {
	SigmaMin, SigmaMax float64 // extreme nonzero eigenvalues of A
	Null               int     // dim Null(A) = dim Null(H)
}

// Rate is R = max(|1 − ησ_min|, |1 − ησ_max|), the per-step factor of
// ‖δW‖ on the visible part; the run is stable iff η < 2/σ_max.
func (a Analysis) Rate(eta float64) float64 {
	return math.Max(math.Abs(1-float64(eta*a.SigmaMin)), math.Abs(1-float64(eta*a.SigmaMax)))
}

// Dense returns A = blockdiag(x_i x_iᵀ) + μ(L ⊗ I_d), (n·d)×(n·d) row-major.
func Dense(g *graph.Graph, ds *data.Dataset, mu float64) []float64 {
	n, d := ds.N, ds.D
	N := n * d
	a := make([]float64, N*N)
	for i := range n {
		x := ds.Row(i)
		for p := range d {
			for q := range d {
				a[(i*d+p)*N+i*d+q] = x[p] * x[q]
			}
		}
	}
	l := g.Laplacian()
	for i := range n {
		for j := range n {
			if v := l[i*n+j]; v != 0 {
				for p := range d {
					a[(i*d+p)*N+j*d+p] += float64(mu * v)
				}
			}
		}
	}
	return a
}

// Analyse computes the Analysis of A by the dense eigensolver: O((n·d)³),
// for small problems (the page uses it up to a limit; Lanczos above).
func Analyse(g *graph.Graph, ds *data.Dataset, mu float64) (Analysis, error) {
	N := ds.N * ds.D
	ev, err := linalg.SymEigenvalues(Dense(g, ds, mu), N)
	if err != nil {
		return Analysis{}, err
	}
	a := Analysis{SigmaMax: ev[0]}
	if !(a.SigmaMax > 0) {
		return Analysis{}, fmt.Errorf("dgd: A is zero")
	}
	a.SigmaMin = a.SigmaMax
	for _, v := range ev {
		if v > RelTol*a.SigmaMax {
			a.SigmaMin = v
		} else {
			a.Null++
		}
	}
	return a, nil
}
