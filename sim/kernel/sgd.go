package kernel

import (
	"sgdlab/sim/sampler"
	"sgdlab/sim/vec"
)

// SGD runs mini-batch SGD on the coefficients of f = Σ_j α_j k(x_j, ·) for the
// square loss: for a batch B_t of size m, every residual r_i = K[i,:]α − y_i
// taken at the current α, then α_i ← α_i − (η/m) r_i for each i ∈ B_t
// (duplicates count each time). This is THEORY §2.1 in the kernel's feature
// space, where β = max_i k(x_i, x_i) and H is the operator K/n.
type SGD struct {
	k    []float64 // n×n kernel matrix
	y    []float64
	n, m int
	eta  float64
	samp sampler.Sampler

	Alpha []float64
	T     int
	Grads int

	batch []int
	res   []float64
}

// NewSGD returns kernel SGD from α = 0 on the n×n kernel matrix k and targets y.
func NewSGD(k, y []float64, m int, eta float64, samp sampler.Sampler) *SGD {
	n := len(y)
	if len(k) != n*n {
		panic("kernel: size mismatch")
	}
	return &SGD{k: k, y: y, n: n, m: m, eta: eta, samp: samp, Alpha: make([]float64, n), batch: make([]int, 0, m), res: make([]float64, 0, m)}
}

// Step does one iteration without allocating (once the buffers are grown).
func (s *SGD) Step() {
	s.batch = s.samp.Next(s.batch)
	s.res = s.res[:0]
	for _, i := range s.batch {
		s.res = append(s.res, vec.Dot(s.k[i*s.n:(i+1)*s.n], s.Alpha)-s.y[i])
	}
	a := s.eta / float64(s.m)
	for j, i := range s.batch {
		s.Alpha[i] -= a * s.res[j]
	}
	s.T++
	s.Grads += len(s.batch)
}

// MSE returns the training MSE (1/n) Σ_i (K[i,:]α − y_i)².
func (s *SGD) MSE() float64 {
	var sum float64
	for i := 0; i < s.n; i++ {
		r := vec.Dot(s.k[i*s.n:(i+1)*s.n], s.Alpha) - s.y[i]
		sum += r * r
	}
	return sum / float64(s.n)
}
