package kernel

import (
	"sgdlab/sim/sampler"
	"sgdlab/sim/vec"
)

// SGD runs mini-batch SGD on the coefficients of f = Σ_j α_j k(x_j, ·) for the
// square loss: for a batch B_t of nominal size m, every residual
// r_i = K[i,:]α − y_i is taken at the current α, then α_i ← α_i − (η/m) r_i for
// each i ∈ B_t (duplicates count each time; a Bernoulli batch of another size
// is still divided by m), i.e. α_B ← α_B − (η/m)(K[B,:]α − y_B). This is
// THEORY §2.1 in the kernel's feature space, where x_i·w is K[i,:]α,
// β = max_i k(x_i, x_i) and H is the operator K/n. One step costs |B_t|·n
// multiply-adds and |B_t| gradient evaluations.
type SGD struct {
	k    []float64 // n×n kernel matrix, row-major
	y    []float64
	n, m int
	eta  float64
	samp sampler.Sampler

	Alpha []float64 // current coefficients α_t
	T     int       // iterations done
	Grads int       // gradient evaluations done (Σ_t |B_t|)

	batch []int
	res   []float64
}

// NewSGD returns kernel SGD from α = 0 on the n×n kernel matrix k (aliased,
// not copied) and targets y (n = len(y)), with batch size m ≥ 1, step η and
// sampler samp. It panics if len(k) != n·n or m < 1.
func NewSGD(k, y []float64, m int, eta float64, samp sampler.Sampler) *SGD {
	n := len(y)
	if len(k) != n*n || m < 1 {
		panic("kernel: size mismatch")
	}
	return &SGD{k: k, y: y, n: n, m: m, eta: eta, samp: samp, Alpha: make([]float64, n),
		batch: make([]int, 0, m), res: make([]float64, 0, m)}
}

// Step does one iteration. It does not allocate once the batch buffers have
// reached their largest size (at once, unless a Bernoulli batch exceeds m).
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

// MSE returns the training MSE (1/n) Σ_i (K[i,:]α − y_i)² = 2 L (THEORY §1).
func (s *SGD) MSE() float64 {
	var sum float64
	for i := 0; i < s.n; i++ {
		r := vec.Dot(s.k[i*s.n:(i+1)*s.n], s.Alpha) - s.y[i]
		sum += r * r
	}
	return sum / float64(s.n)
}

// M returns the nominal batch size m.
func (s *SGD) M() int { return s.m }

// Eta returns the step η.
func (s *SGD) Eta() float64 { return s.eta }

// Beta returns β = max_i K_ii = max_i ‖φ(x_i)‖² for the n×n kernel matrix k
// (THEORY §1 in feature space): 1 for Gaussian and Laplacian kernels.
// It panics if len(k) != n·n.
func Beta(k []float64, n int) float64 {
	if len(k) != n*n {
		panic("kernel: size mismatch")
	}
	var b float64
	for i := 0; i < n; i++ {
		b = max(b, k[i*n+i])
	}
	return b
}
