package sgd

import (
	"fmt"
	"math"
	"testing"

	"sgdlab/sim/data"
	"sgdlab/sim/rng"
	"sgdlab/sim/sampler"
)

// mnistLike returns n×d pixels in [0, 1], each nonzero with probability 0.19
// (as MNIST's ≈ 81% zero pixels) with a value k/255, k ∈ [1, 255], and n×c
// one-hot targets of random classes.
func mnistLike(n, d, c int, seed uint64) (x, y []float64) {
	r := rng.New(seed, rng.StreamData)
	x = make([]float64, n*d)
	for i := range x {
		if r.Float64() < 0.19 {
			x[i] = float64(1+r.IntN(255)) / 255
		}
	}
	y = make([]float64, n*c)
	for i := 0; i < n; i++ {
		y[i*c+r.IntN(c)] = 1
	}
	return x, y
}

// denseMulti is the reference: the step of Multi's doc comment on the dense
// samples, zero features included, with the same association.
type denseMulti struct {
	x, y    []float64
	d, c, m int
	eta     float64
	samp    sampler.Sampler
	W       []float64
	batch   []int
}

func (s *denseMulti) residual(i int) []float64 {
	r := make([]float64, s.c)
	for o := range r {
		var sum float64
		for p := 0; p < s.d; p++ {
			sum += float64(s.x[i*s.d+p] * s.W[p*s.c+o])
		}
		r[o] = sum - s.y[i*s.c+o]
	}
	return r
}

func (s *denseMulti) step() {
	s.batch = s.samp.Next(s.batch)
	a := -s.eta / float64(s.m)
	var deltas [][]float64
	for _, i := range s.batch {
		r := s.residual(i)
		for o := range r {
			r[o] *= a
		}
		deltas = append(deltas, r)
	}
	for k, i := range s.batch {
		for p := 0; p < s.d; p++ {
			for o := 0; o < s.c; o++ {
				s.W[p*s.c+o] += float64(s.x[i*s.d+p] * deltas[k][o])
			}
		}
	}
}

func (s *denseMulti) mse() float64 {
	n := len(s.y) / s.c
	var sum float64
	for i := 0; i < n; i++ {
		var q float64
		for _, v := range s.residual(i) {
			q += float64(v * v)
		}
		sum += q
	}
	return sum / float64(len(s.y))
}

// Multi gives the bits of the dense reference with the same association,
// for the c = 10 register path and the general one, with duplicates
// (replace) and batches of another size than m (bernoulli).
func TestMultiMatchesDense(t *testing.T) {
	tests := []struct {
		samp       string
		n, d, c, m int
		steps      int
	}{
		{sampler.Replace, 40, 30, 10, 1, 50},
		{sampler.Replace, 40, 30, 10, 16, 30},
		{sampler.Replace, 40, 30, 3, 8, 30},
		{sampler.Replace, 40, 30, 1, 4, 30},
		{sampler.Bernoulli, 40, 30, 10, 5, 30},
		{sampler.Bernoulli, 40, 30, 7, 5, 30},
		{sampler.Shuffle, 25, 50, 10, 7, 30},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s/n=%d/d=%d/c=%d/m=%d", tc.samp, tc.n, tc.d, tc.c, tc.m), func(t *testing.T) {
			x, y := mnistLike(tc.n, tc.d, tc.c, 7)
			y[3] = 0.25 // not only one-hot targets
			eta := 0.5 * float64(tc.m) / 8
			sp, _ := sampler.New(tc.samp, tc.n, tc.m, rng.New(2, rng.StreamRun))
			sr, _ := sampler.New(tc.samp, tc.n, tc.m, rng.New(2, rng.StreamRun))
			s := NewMulti(x, tc.d, y, tc.c, tc.m, eta, sp)
			ref := &denseMulti{x: x, y: y, d: tc.d, c: tc.c, m: tc.m, eta: eta, samp: sr, W: make([]float64, tc.d*tc.c)}
			for k := 0; k < tc.steps; k++ {
				s.Step()
				ref.step()
				for j := range ref.W {
					if math.Float64bits(s.W[j]) != math.Float64bits(ref.W[j]) {
						t.Fatalf("step %d: W[%d] = %v, dense reference %v", k+1, j, s.W[j], ref.W[j])
					}
				}
			}
			if got, want := s.MSE(), ref.mse(); math.Float64bits(got) != math.Float64bits(want) {
				t.Errorf("MSE %v, dense reference %v", got, want)
			}
			if s.T != tc.steps || s.Grads < 1 {
				t.Errorf("T = %d, Grads = %d", s.T, s.Grads)
			}
		})
	}
}

// On a small problem with η = 1/β the training MSE decreases, from its value
// at W = 0 (the mean of y²) to a fraction of it.
func TestMultiLossDecreases(t *testing.T) {
	const n, d, c, m = 60, 200, 10, 4
	x, y := mnistLike(n, d, c, 11)
	beta := data.Beta(x, d)
	sp, _ := sampler.New(sampler.Replace, n, m, rng.New(5, rng.StreamRun))
	s := NewMulti(x, d, y, c, m, 1/beta, sp)
	if got := s.MSE(); got != 1.0/c {
		t.Fatalf("MSE at W = 0 is %v, want 1/c", got)
	}
	prev := s.MSE()
	for epoch := 0; epoch < 10; epoch++ {
		for k := 0; k < 50; k++ {
			s.Step()
		}
		cur := s.MSE()
		if !(cur < prev) {
			t.Fatalf("epoch %d: MSE %v after %v", epoch, cur, prev)
		}
		prev = cur
	}
	if prev > 0.2/c {
		t.Errorf("MSE %v after 500 steps, want < 0.2·(1/c)", prev)
	}
}

func TestMultiStepAllocates(t *testing.T) {
	x, y := mnistLike(50, 64, 10, 1)
	for _, c := range []int{10, 2} {
		sp, _ := sampler.New(sampler.Replace, 50, 8, rng.New(1, rng.StreamRun))
		s := NewMulti(x, 64, y[:50*c], c, 8, 0.01, sp)
		if a := testing.AllocsPerRun(100, s.Step); a != 0 {
			t.Errorf("c=%d: Step allocates %v times", c, a)
		}
	}
}

func TestMultiSizeMismatchPanics(t *testing.T) {
	sp, _ := sampler.New(sampler.Replace, 2, 1, rng.New(1, 1))
	for _, tc := range []struct {
		name    string
		x, y    []float64
		d, c, m int
	}{
		{"x not n×d", make([]float64, 5), make([]float64, 2), 3, 1, 1},
		{"y not n×c", make([]float64, 6), make([]float64, 3), 3, 2, 1},
		{"c = 0", make([]float64, 6), make([]float64, 2), 3, 0, 1},
		{"m = 0", make([]float64, 6), make([]float64, 2), 3, 1, 0},
		{"d = 0", nil, make([]float64, 2), 0, 1, 1},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", tc.name)
				}
			}()
			NewMulti(tc.x, tc.d, tc.y, tc.c, tc.m, 1, sp)
		}()
	}
}

// BenchmarkMulti times one step on MNIST-shaped data (n = 10⁴ images of
// d = 784 pixels, 19% nonzero, c = 10 one-hot outputs), sampling with
// replacement; GFLOP/s counts the 2·m·nnz·c multiply-adds of the sparse step.
func BenchmarkMulti(b *testing.B) {
	const n, d, c = 10000, 784, 10
	x, y := mnistLike(n, d, c, 3)
	for _, m := range []int{1, 8, 64, 1024} {
		b.Run(fmt.Sprintf("d=%d/c=%d/m=%d", d, c, m), func(b *testing.B) {
			sp, _ := sampler.New(sampler.Replace, n, m, rng.New(1, rng.StreamRun))
			s := NewMulti(x, d, y, c, m, 1.0/300, sp)
			for b.Loop() {
				s.Step()
			}
			nnz := float64(s.NNZ()) / n
			b.ReportMetric(4*float64(m)*nnz*c*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
