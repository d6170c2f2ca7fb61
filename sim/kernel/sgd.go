package kernel

import (
	"sgdlab/sim/sampler"
	"sgdlab/sim/vec"
)

// SGD runs mini-batch SGD on the coefficients of f = Σ_j α_j k(x_j, ·) for the
// square loss, with c outputs (α and y are n×c, row-major; one-hot classes
// have c = C): for a batch B_t of nominal size m, every residual
// r_i = K[i,:]α − y_i is taken at the current α, then α_i ← α_i − (η/m) r_i for
// each i ∈ B_t (duplicates count each time; a Bernoulli batch of another size
// is still divided by m), i.e. α_B ← α_B − (η/m)(K[B,:]α − y_B). This is
// THEORY §2.1 in the kernel's feature space, where x_i·w is K[i,:]α,
// β = max_i k(x_i, x_i) and H is the operator K/n; the c outputs are c
// independent problems that share the batches.
//
// The residual R = Kα − y is kept up to date rather than recomputed: a step
// changes α_B by Δ and R by K[:,B]Δ (K is symmetric, so its columns are its
// rows), in batch order. So a step costs |B_t|·n·c multiply-adds, the same as
// computing K[B,:]α, and the training MSE is available after every step at
// n·c more — which lets a run stop at the first iteration that reaches a
// target exactly. The kept R drifts from Kα − y by rounding only (tested).
type SGD struct {
	k       []float64 // n×n kernel matrix, row-major
	y       []float64 // n×c targets
	n, c, m int
	eta     float64
	samp    sampler.Sampler

	Alpha []float64 // current coefficients α_t (n×c)
	R     []float64 // current residuals Kα_t − y (n×c)
	T     int       // iterations done
	Grads int       // gradient evaluations done (Σ_t |B_t|)

	batch []int
	delta []float64
	sq    float64 // ‖R‖², summed in row order during the last update pass
}

// NewSGD returns single-output kernel SGD (c = 1): NewSGDMulti(k, y, 1, m, η, samp).
func NewSGD(k, y []float64, m int, eta float64, samp sampler.Sampler) *SGD {
	return NewSGDMulti(k, y, 1, m, eta, samp)
}

// NewSGDMulti returns kernel SGD from α = 0 on the n×n kernel matrix k
// (aliased, not copied) and the n×c targets y (row-major, n = len(y)/c), with
// batch size m ≥ 1, step η and sampler samp. It panics on sizes that do not fit.
func NewSGDMulti(k, y []float64, c, m int, eta float64, samp sampler.Sampler) *SGD {
	if c < 1 || len(y)%c != 0 || m < 1 {
		panic("kernel: size mismatch")
	}
	n := len(y) / c
	if len(k) != n*n {
		panic("kernel: size mismatch")
	}
	r := make([]float64, n*c)
	var sq float64
	for i, v := range y {
		r[i] = -v // α = 0
		sq += v * v
	}
	return &SGD{k: k, y: y, n: n, c: c, m: m, eta: eta, samp: samp, Alpha: make([]float64, n*c), R: r, sq: sq,
		batch: make([]int, 0, m), delta: make([]float64, 0, m*c)}
}

// Step does one iteration. It does not allocate once the batch buffers have
// reached their largest size (at once, unless a Bernoulli batch exceeds m).
func (s *SGD) Step() {
	s.batch = s.samp.Next(s.batch)
	c, n := s.c, s.n
	a := -s.eta / float64(s.m)
	s.delta = s.delta[:0]
	for _, i := range s.batch { // every residual at the current α
		for _, r := range s.R[i*c : (i+1)*c] {
			s.delta = append(s.delta, a*r)
		}
	}
	last := len(s.batch) - 1
	for j, i := range s.batch {
		d := s.delta[j*c : (j+1)*c]
		vec.Axpy(s.Alpha[i*c:(i+1)*c], 1, d)
		col := s.k[i*n : (i+1)*n]
		switch {
		case j == last:
			s.sq = updateNorm(s.R, col, d)
		case c == 1:
			vec.Axpy(s.R, d[0], col)
		default:
			for r, kv := range col {
				vec.Axpy(s.R[r*c:(r+1)*c], kv, d)
			}
		}
	}
	s.T++
	s.Grads += len(s.batch)
}

// updateNorm does R[r,:] += col[r]·d for every row r (as the Axpy of Step)
// and returns the new ‖R‖²: the MSE comes with the last update pass of a
// step instead of another pass over R. The squares of even rows and of odd
// rows are summed in two accumulators (in row order), added at the end.
func updateNorm(R, col, d []float64) float64 {
	var s0, s1 float64
	c, n := len(d), len(col)
	if c == 1 {
		a := d[0]
		R = R[:n]
		r := 0
		for ; r+1 < n; r += 2 {
			v0, v1 := R[r]+a*col[r], R[r+1]+a*col[r+1]
			R[r], R[r+1] = v0, v1
			s0 += v0 * v0
			s1 += v1 * v1
		}
		if r < n {
			v := R[r] + a*col[r]
			R[r] = v
			s0 += v * v
		}
		return s0 + s1
	}
	for r, kv := range col {
		row := R[r*c : (r+1)*c]
		var s float64
		for o, dv := range d {
			v := row[o] + kv*dv
			row[o] = v
			s += v * v
		}
		if r&1 == 0 {
			s0 += s
		} else {
			s1 += s
		}
	}
	return s0 + s1
}

// MSE returns the training MSE (1/(n·c)) Σ_i ‖K[i,:]α − y_i‖² = 2L/c
// (THEORY §1) from the kept residuals, at no cost: their squared norm is
// summed during the step's last update pass.
func (s *SGD) MSE() float64 { return s.sq / float64(len(s.R)) }

// ExactMSE recomputes the training MSE from α (n²·c multiply-adds): the
// check of the kept residuals.
func (s *SGD) ExactMSE() float64 {
	var sum float64
	row := make([]float64, s.c)
	for i := 0; i < s.n; i++ {
		for o := range row {
			row[o] = -s.y[i*s.c+o]
		}
		for j, kv := range s.k[i*s.n : (i+1)*s.n] {
			vec.Axpy(row, kv, s.Alpha[j*s.c:(j+1)*s.c])
		}
		sum += vec.Norm2(row)
	}
	return sum / float64(len(s.R))
}

// M returns the nominal batch size m.
func (s *SGD) M() int { return s.m }

// Outputs returns c, the number of outputs.
func (s *SGD) Outputs() int { return s.c }

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
