package kernel

import (
	"fmt"
	"math"
	"testing"

	"sgdlab/sim/data"
	"sgdlab/sim/linalg"
	"sgdlab/sim/rng"
	"sgdlab/sim/sampler"
	"sgdlab/sim/sgd"
	"sgdlab/sim/theory"
	"sgdlab/sim/vec"
)

func TestKernelValues(t *testing.T) {
	tests := []struct {
		k          Kernel
		d2, dot, w float64
	}{
		{Gaussian{Sigma: 2}, 8, 0, math.Exp(-1)},
		{Laplacian{Sigma: 2}, 16, 0, math.Exp(-2)},
		{Linear{}, 5, 3, 3},
		{Gaussian{Sigma: 5}, 0, 1, 1},
		{Laplacian{Sigma: 0.1}, 0, 7, 1},
		{Gaussian{Sigma: 0.01}, 1e4, 0, 0},
	}
	for _, tt := range tests {
		if got := tt.k.Eval(tt.d2, tt.dot); math.Abs(got-tt.w) > 1e-15 {
			t.Errorf("%v(%v,%v) = %v, want %v", tt.k, tt.d2, tt.dot, got, tt.w)
		}
	}
}

// naive is K_ij = k(‖x_i‖²+‖x_j‖²−2x_i·x_j, x_i·x_j) with every sum taken
// plainly in order: Matrix must give the same bits whatever its tiling.
func naive(x []float64, n, d int, k Kernel) []float64 {
	dot := func(i, j int) float64 {
		var s float64
		for c := 0; c < d; c++ {
			s += float64(x[i*d+c] * x[j*d+c])
		}
		return s
	}
	out := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i == j {
				out[i*n+i] = k.Eval(0, dot(i, i))
				continue
			}
			a, b := max(i, j), min(i, j)
			p := dot(a, b)
			out[i*n+j] = k.Eval(max(0, dot(a, a)+dot(b, b)-2*p), p)
		}
	}
	return out
}

func TestMatrix(t *testing.T) {
	cases := []struct {
		n, d int
		k    Kernel
	}{
		{1, 1, Gaussian{Sigma: 1}},
		{2, 3, Laplacian{Sigma: 1}},
		{12, 5, Gaussian{Sigma: 0.7}},
		{13, 300, Laplacian{Sigma: 2}},  // odd n, d spans two k-tiles
		{131, 17, Gaussian{Sigma: 0.5}}, // three row tiles, the last odd
		{70, 513, Linear{}},
	}
	for _, c := range cases {
		ds, err := data.Synthesize(data.Synth{N: c.n, D: c.d, Spectrum: data.Isotropic, Seed: uint64(c.n)})
		if err != nil {
			t.Fatal(err)
		}
		k := make([]float64, c.n*c.n)
		for i := range k {
			k[i] = math.NaN() // every entry must be written
		}
		Matrix(k, ds.X, c.n, c.d, c.k)
		want := naive(ds.X, c.n, c.d, c.k)
		for i := 0; i < c.n; i++ {
			for j := 0; j < c.n; j++ {
				if k[i*c.n+j] != want[i*c.n+j] || k[i*c.n+j] != k[j*c.n+i] {
					t.Fatalf("%d×%d %v: K[%d,%d] = %v, want %v (K[%d,%d] = %v)", c.n, c.d, c.k, i, j, k[i*c.n+j], want[i*c.n+j], j, i, k[j*c.n+i])
				}
			}
		}
		var ref func(a, b []float64) float64
		switch kk := c.k.(type) {
		case Gaussian:
			ref = func(a, b []float64) float64 { return math.Exp(-vec.Dist2(a, b) / (2 * kk.Sigma * kk.Sigma)) }
		case Laplacian:
			ref = func(a, b []float64) float64 { return math.Exp(-math.Sqrt(vec.Dist2(a, b)) / kk.Sigma) }
		case Linear:
			ref = vec.Dot
		}
		for i := 0; i < c.n; i++ {
			if _, lin := c.k.(Linear); !lin && k[i*c.n+i] != 1 {
				t.Fatalf("%v: K[%d,%d] = %v, want exactly 1", c.k, i, i, k[i*c.n+i])
			}
			for j := 0; j < c.n; j++ {
				if w := ref(ds.Row(i), ds.Row(j)); math.Abs(k[i*c.n+j]-w) > 1e-12 {
					t.Fatalf("%v: K[%d,%d] = %v, want %v", c.k, i, j, k[i*c.n+j], w)
				}
			}
		}
	}
}

func TestMatrixPositiveDefinite(t *testing.T) {
	ds, _ := data.Synthesize(data.Synth{N: 30, D: 4, Spectrum: data.Isotropic, Seed: 3})
	for _, kk := range []Kernel{Gaussian{Sigma: 0.7}, Laplacian{Sigma: 0.7}} {
		k := make([]float64, 900)
		Matrix(k, ds.X, 30, 4, kk)
		if b := Beta(k, 30); b != 1 {
			t.Errorf("%v: β = %v, want 1", kk, b)
		}
		ev, err := linalg.SymEigenvalues(k, 30)
		if err != nil || !(ev[29] > 0) {
			t.Errorf("%v: kernel matrix not positive definite: λ_min = %v (%v)", kk, ev[29], err)
		}
	}
}

func TestMatrixAllocs(t *testing.T) {
	ds, _ := data.Synthesize(data.Synth{N: 20, D: 9, Spectrum: data.Isotropic, Seed: 3})
	k := make([]float64, 400)
	if a := testing.AllocsPerRun(10, func() { Matrix(k, ds.X, 20, 9, Gaussian{Sigma: 1}) }); a != 0 {
		t.Errorf("%v allocs", a)
	}
}

// With the linear kernel, w = Σ_j α_j x_j follows linear SGD (sim/sgd) on the
// same batches, for every sampler.
func TestLinearKernelIsLinearSGD(t *testing.T) {
	for _, c := range []struct {
		samp    string
		n, d, m int
		eta     float64
	}{
		{sampler.Replace, 10, 16, 3, 0.8},
		{sampler.Subset, 10, 16, 4, 1.5},
		{sampler.Bernoulli, 12, 20, 3, 1},
		{sampler.Shuffle, 8, 5, 3, 0.5},
		{sampler.Replace, 6, 6, 20, 1}, // m > n: many duplicates
	} {
		ds, _ := data.Synthesize(data.Synth{N: c.n, D: c.d, Spectrum: data.Isotropic, Seed: 2})
		k := make([]float64, c.n*c.n)
		Matrix(k, ds.X, c.n, c.d, Linear{})
		s1, _ := sampler.New(c.samp, c.n, c.m, rng.New(7, rng.StreamRun))
		s2, _ := sampler.New(c.samp, c.n, c.m, rng.New(7, rng.StreamRun))
		ks := NewSGD(k, ds.Y, c.m, c.eta, s1)
		ls := sgd.New(ds, c.m, c.eta, s2, nil)
		w := make([]float64, c.d)
		for step := 1; step <= 60; step++ {
			ks.Step()
			ls.Step()
			vec.Zero(w)
			for j := 0; j < c.n; j++ {
				vec.Axpy(w, ks.Alpha[j], ds.Row(j))
			}
			for i := range w {
				if math.Abs(w[i]-ls.W[i]) > 1e-12 {
					t.Fatalf("%s step %d: w[%d]: kernel %v, linear %v", c.samp, step, i, w[i], ls.W[i])
				}
			}
			if math.Abs(ks.MSE()-ds.MSE(ls.W)) > 1e-12 {
				t.Fatalf("%s step %d: MSE kernel %v, linear %v", c.samp, step, ks.MSE(), ds.MSE(ls.W))
			}
		}
		if ks.T != ls.T || ks.Grads != ls.Grads {
			t.Errorf("%s: counts T %d/%d, grads %d/%d", c.samp, ks.T, ls.T, ks.Grads, ls.Grads)
		}
	}
}

// Gaussian-kernel SGD with η̂(m) (THEORY §2.4, β = 1, λ_1 of K/n) drives the
// training MSE down on a small problem, for m = 1 and m past m*.
func TestGaussianConverges(t *testing.T) {
	n := 40
	ds, _ := data.Synthesize(data.Synth{N: n, D: 3, Spectrum: data.Isotropic, Seed: 5})
	k := make([]float64, n*n)
	Matrix(k, ds.X, n, 3, Gaussian{Sigma: 0.3})
	h := append([]float64(nil), k...)
	vec.Scale(h, 1/float64(n))
	ev, _ := linalg.SymEigenvalues(h, n)
	beta := Beta(k, n)
	for _, m := range []int{1, 4, 32} {
		eta := theory.EtaHat(m, beta, ev[0], n)
		sp, _ := sampler.New(sampler.Replace, n, m, rng.New(1, rng.StreamRun))
		s := NewSGD(k, ds.Y, m, eta, sp)
		start := s.MSE()
		for s.Grads < 40000 {
			s.Step()
		}
		if end := s.MSE(); !(end < 1e-3*start) {
			t.Errorf("m=%d η̂=%.3g: MSE %v → %v", m, eta, start, end)
		}
		if s.Grads != m*s.T {
			t.Errorf("m=%d: %d grads after %d steps", m, s.Grads, s.T)
		}
		if a := testing.AllocsPerRun(100, s.Step); a != 0 {
			t.Errorf("m=%d: %v allocs per step", m, a)
		}
	}
}

func ExampleMatrix() {
	x := []float64{0, 0, 3, 4}
	k := make([]float64, 4)
	Matrix(k, x, 2, 2, Laplacian{Sigma: 5})
	fmt.Printf("%.4f %.4f\n", k[0], k[1])
	// Output: 1.0000 0.3679
}

// Kernel SGD interpolates three points on a line with a Gaussian kernel.
func ExampleSGD() {
	x := []float64{0, 1, 2}
	y := []float64{1, -1, 1}
	k := make([]float64, 9)
	Matrix(k, x, 3, 1, Gaussian{Sigma: 0.5})
	samp, _ := sampler.New(sampler.Shuffle, 3, 1, rng.New(1, rng.StreamRun))
	s := NewSGD(k, y, 1, 1, samp)
	for s.T < 300 {
		s.Step()
	}
	fmt.Printf("T=%d grads=%d MSE<1e-12: %v\n", s.T, s.Grads, s.MSE() < 1e-12)
	// Output: T=300 grads=300 MSE<1e-12: true
}

func BenchmarkMatrix(b *testing.B) {
	const n, d = 2000, 784
	ds, _ := data.Synthesize(data.Synth{N: n, D: d, Spectrum: data.Isotropic, Seed: 1})
	k := make([]float64, n*n)
	for b.Loop() {
		Matrix(k, ds.X, n, d, Gaussian{Sigma: 5})
	}
	b.ReportMetric(float64(n*(n+1)*d)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

func BenchmarkStep(b *testing.B) {
	const n = 2000
	ds, _ := data.Synthesize(data.Synth{N: n, D: 10, Spectrum: data.Isotropic, Seed: 1})
	k := make([]float64, n*n)
	Matrix(k, ds.X, n, 10, Gaussian{Sigma: 1})
	for _, m := range []int{1, 8, 64} {
		b.Run(fmt.Sprintf("n=%d/m=%d", n, m), func(b *testing.B) {
			sp, _ := sampler.New(sampler.Replace, n, m, rng.New(1, rng.StreamRun))
			s := NewSGD(k, ds.Y, m, 1, sp)
			for b.Loop() {
				s.Step()
			}
		})
	}
}
