package spectrum

import (
	"fmt"

	"sgdlab/sim/data"
	"sgdlab/sim/linalg"
)

// RelTol is the relative tolerance below which an eigenvalue counts as zero:
// λ is nonzero when λ > RelTol·λ_1 (THEORY §1).
const RelTol = 1e-10

// Spectrum is the spectrum of H for one dataset.
type Spectrum struct {
	// Values are the nonzero eigenvalues of H in decreasing order (length K).
	Values []float64
	K      int     // rank of H
	Beta   float64 // β = max_i ‖x_i‖²
	L1     float64 // λ_1, the largest eigenvalue
	L2     float64 // λ_2, the second largest (= λ_1 when K = 1)
	Lk     float64 // λ_k = λ_min⁺, the smallest nonzero eigenvalue
	Trace  float64 // tr H = (1/n) Σ ‖x_i‖²
}

// Of computes the spectrum of H exactly, from the smaller of the n×n Gram
// matrix G/n (G_ij = x_i·x_j, d ≥ n) and the d×d matrix XᵀX/n (d < n), which
// share their nonzero eigenvalues (THEORY §1). Cost O(n·d·min(n,d) + min(n,d)³).
func Of(ds *data.Dataset) (Spectrum, error) {
	var a []float64
	var size int
	if ds.D >= ds.N {
		a, size = data.Gram(ds), ds.N
	} else {
		a, size = data.Cov(ds), ds.D
	}
	inv := 1 / float64(ds.N)
	for i := range a {
		a[i] *= inv
	}
	ev, err := linalg.SymEigenvalues(a, size)
	if err != nil {
		return Spectrum{}, fmt.Errorf("spectrum: %w", err)
	}
	s := Spectrum{Beta: ds.Beta()}
	for _, v := range ev {
		s.Trace += v
	}
	if len(ev) == 0 || !(ev[0] > 0) {
		return Spectrum{}, fmt.Errorf("spectrum: H is zero")
	}
	s.L1 = ev[0]
	for _, v := range ev {
		if v > RelTol*s.L1 {
			s.Values = append(s.Values, v)
		}
	}
	s.K = len(s.Values)
	s.Lk = s.Values[s.K-1]
	s.L2 = s.L1
	if s.K > 1 {
		s.L2 = s.Values[1]
	}
	return s, nil
}
