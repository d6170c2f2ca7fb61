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
	}
	for _, tt := range tests {
		if got := tt.k.Eval(tt.d2, tt.dot); math.Abs(got-tt.w) > 1e-15 {
			t.Errorf("%v(%v,%v) = %v, want %v", tt.k, tt.d2, tt.dot, got, tt.w)
		}
	}
}

func TestMatrix(t *testing.T) {
	ds, _ := data.Synthesize(data.Synth{N: 12, D: 5, Spectrum: data.Isotropic, Seed: 3})
	k := make([]float64, 144)
	Matrix(k, ds.X, 12, 5, Gaussian{Sigma: 0.7})
	for i := 0; i < 12; i++ {
		if k[i*12+i] != 1 {
			t.Fatalf("K[%d,%d] = %v", i, i, k[i*12+i])
		}
		for j := 0; j < 12; j++ {
			want := math.Exp(-vec.Dist2(ds.Row(i), ds.Row(j)) / (2 * 0.49))
			if math.Abs(k[i*12+j]-want) > 1e-12 || k[i*12+j] != k[j*12+i] {
				t.Fatalf("K[%d,%d] = %v, want %v", i, j, k[i*12+j], want)
			}
		}
	}
	ev, _ := linalg.SymEigenvalues(append([]float64(nil), k...), 12)
	if ev[11] <= 0 {
		t.Errorf("Gaussian kernel matrix not positive definite: λ_min = %v", ev[11])
	}
}

// With the linear kernel, w = Σ_j α_j x_j follows linear SGD exactly.
func TestLinearKernelIsLinearSGD(t *testing.T) {
	ds, _ := data.Synthesize(data.Synth{N: 10, D: 16, Spectrum: data.Isotropic, Seed: 2})
	k := make([]float64, 100)
	Matrix(k, ds.X, 10, 16, Linear{})
	s1, _ := sampler.New(sampler.Replace, 10, 3, rng.New(7, rng.StreamRun))
	s2, _ := sampler.New(sampler.Replace, 10, 3, rng.New(7, rng.StreamRun))
	ks := NewSGD(k, ds.Y, 3, 0.8, s1)
	ls := sgd.New(ds, 3, 0.8, s2, nil)
	for step := 0; step < 50; step++ {
		ks.Step()
		ls.Step()
	}
	w := make([]float64, 16)
	for j := 0; j < 10; j++ {
		vec.Axpy(w, ks.Alpha[j], ds.Row(j))
	}
	for i := range w {
		if math.Abs(w[i]-ls.W[i]) > 1e-12 {
			t.Fatalf("w[%d]: kernel %v, linear %v", i, w[i], ls.W[i])
		}
	}
}

// Gaussian-kernel SGD with η̂(m) drives the training MSE down on a small problem.
func TestGaussianConverges(t *testing.T) {
	n := 40
	ds, _ := data.Synthesize(data.Synth{N: n, D: 3, Spectrum: data.Isotropic, Seed: 5})
	k := make([]float64, n*n)
	Matrix(k, ds.X, n, 3, Gaussian{Sigma: 0.3})
	h := append([]float64(nil), k...)
	for i := range h {
		h[i] /= float64(n)
	}
	ev, _ := linalg.SymEigenvalues(h, n)
	eta := theory.EtaHat(4, 1, ev[0], n)
	sp, _ := sampler.New(sampler.Replace, n, 4, rng.New(1, rng.StreamRun))
	s := NewSGD(k, ds.Y, 4, eta, sp)
	start := s.MSE()
	for step := 0; step < 4000; step++ {
		s.Step()
	}
	if end := s.MSE(); !(end < 1e-3*start) {
		t.Errorf("MSE %v → %v", start, end)
	}
	if a := testing.AllocsPerRun(100, s.Step); a != 0 {
		t.Errorf("%v allocs per step", a)
	}
}

func ExampleMatrix() {
	x := []float64{0, 0, 3, 4}
	k := make([]float64, 4)
	Matrix(k, x, 2, 2, Laplacian{Sigma: 5})
	fmt.Printf("%.4f %.4f\n", k[0], k[1])
	// Output: 1.0000 0.3679
}

func BenchmarkMatrix(b *testing.B) {
	ds, _ := data.Synthesize(data.Synth{N: 2000, D: 784, Spectrum: data.Isotropic, Seed: 1})
	k := make([]float64, 2000*2000)
	for b.Loop() {
		Matrix(k, ds.X, 2000, 784, Gaussian{Sigma: 5})
	}
}
