package sgd

import (
	"sgdlab/sim/data"
	"sgdlab/sim/sampler"
	"sgdlab/sim/vec"
)

// SGD runs w_{t+1} = w_t − (η/m) Σ_{i∈B_t} (x_i·w_t − y_i) x_i (THEORY §2.1):
// every residual is taken at w_t, duplicates in B_t count each time, and the
// sum is divided by the nominal m even when a Bernoulli batch has another size.
type SGD struct {
	ds   *data.Dataset
	m    int
	eta  float64
	samp sampler.Sampler

	W     []float64 // current iterate w_t
	T     int       // iterations done
	Grads int       // gradient evaluations done (Σ_t |B_t|)

	batch []int
	res   []float64
}

// New returns SGD on ds with batch size m, step η and sampler samp, started at
// w0 (copied; nil means 0).
func New(ds *data.Dataset, m int, eta float64, samp sampler.Sampler, w0 []float64) *SGD {
	s := &SGD{ds: ds, m: m, eta: eta, samp: samp, W: make([]float64, ds.D)}
	if w0 != nil {
		copy(s.W, w0)
	}
	s.batch = make([]int, 0, m)
	s.res = make([]float64, 0, m)
	return s
}

// Step does one iteration. It does not allocate once the batch buffers have
// reached their largest size.
func (s *SGD) Step() {
	s.batch = s.samp.Next(s.batch)
	s.res = s.res[:0]
	for _, i := range s.batch {
		s.res = append(s.res, vec.Dot(s.ds.Row(i), s.W)-s.ds.Y[i])
	}
	a := -s.eta / float64(s.m)
	for k, i := range s.batch {
		vec.Axpy(s.W, a*s.res[k], s.ds.Row(i))
	}
	s.T++
	s.Grads += len(s.batch)
}

// M returns the nominal batch size m.
func (s *SGD) M() int { return s.m }

// Eta returns the step η.
func (s *SGD) Eta() float64 { return s.eta }

// Data returns the dataset s runs on.
func (s *SGD) Data() *data.Dataset { return s.ds }
