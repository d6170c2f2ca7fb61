package kernel

import (
	"fmt"
	"math"
	"testing"

	"sgdlab/sim/data"
	"sgdlab/sim/rng"
	"sgdlab/sim/sampler"
)

// With c outputs, kernel SGD is c single-output runs that share the batches,
// bit for bit; the kept residuals match a recomputation from α.
func TestMultiOutput(t *testing.T) {
	const n, d, c, m = 30, 4, 3, 5
	ds, _ := data.Synthesize(data.Synth{N: n, D: d, Spectrum: data.Isotropic, Seed: 3})
	k := make([]float64, n*n)
	Matrix(k, ds.X, n, d, Gaussian{Sigma: 0.7})
	r := rng.New(9, rng.StreamTarget)
	y := make([]float64, n*c)
	for i := range y {
		y[i] = r.Float64() - 0.5
	}
	newSamp := func() sampler.Sampler {
		s, _ := sampler.New(sampler.Replace, n, m, rng.New(4, rng.StreamRun))
		return s
	}
	multi := NewSGDMulti(k, y, c, m, 2.5, newSamp())
	single := make([]*SGD, c)
	for o := range single {
		yo := make([]float64, n)
		for i := range yo {
			yo[i] = y[i*c+o]
		}
		single[o] = NewSGD(k, yo, m, 2.5, newSamp())
	}
	for step := 0; step < 500; step++ {
		multi.Step()
		for _, s := range single {
			s.Step()
		}
	}
	var mse float64
	for o, s := range single {
		for i := 0; i < n; i++ {
			if multi.Alpha[i*c+o] != s.Alpha[i] || multi.R[i*c+o] != s.R[i] {
				t.Fatalf("output %d, sample %d: multi α=%v R=%v, single α=%v R=%v", o, i, multi.Alpha[i*c+o], multi.R[i*c+o], s.Alpha[i], s.R[i])
			}
		}
		mse += s.MSE() / c
	}
	if math.Abs(multi.MSE()-mse) > 1e-15*mse {
		t.Errorf("MSE %v, mean of singles %v", multi.MSE(), mse)
	}
	if got, want := multi.MSE(), multi.ExactMSE(); !(math.Abs(got-want) <= 1e-9*want) || !(want < 0.1*NewSGDMulti(k, y, c, m, 1, newSamp()).MSE()) {
		t.Errorf("kept MSE %v, recomputed %v", got, want)
	}
	if multi.Outputs() != c || multi.Grads != 500*m {
		t.Errorf("outputs %d grads %d", multi.Outputs(), multi.Grads)
	}
}

// The kept residuals drift from Kα − y by rounding only, over a long run.
func TestResidualDrift(t *testing.T) {
	const n = 200
	ds, _ := data.Synthesize(data.Synth{N: n, D: 10, Spectrum: data.Isotropic, Seed: 1})
	k := make([]float64, n*n)
	Matrix(k, ds.X, n, 10, Gaussian{Sigma: 1})
	sp, _ := sampler.New(sampler.Replace, n, 1, rng.New(1, rng.StreamRun))
	s := NewSGD(k, ds.Y, 1, 1, sp)
	for s.T < 100000 {
		s.Step()
	}
	exact := s.ExactMSE()
	var maxDiff float64
	row := make([]float64, 1)
	for i := 0; i < n; i++ {
		row[0] = -ds.Y[i]
		for j := 0; j < n; j++ {
			row[0] += k[i*n+j] * s.Alpha[j]
		}
		maxDiff = max(maxDiff, math.Abs(row[0]-s.R[i]))
	}
	if maxDiff > 1e-10 {
		t.Errorf("after %d steps the kept residual is off by %g (MSE %g, exact %g)", s.T, maxDiff, s.MSE(), exact)
	}
}

func BenchmarkStepMulti(b *testing.B) {
	const n, c = 2000, 10
	ds, _ := data.Synthesize(data.Synth{N: n, D: 10, Spectrum: data.Isotropic, Seed: 1})
	k := make([]float64, n*n)
	Matrix(k, ds.X, n, 10, Gaussian{Sigma: 1})
	y := make([]float64, n*c)
	for i := range y {
		y[i] = float64(i % 3)
	}
	for _, m := range []int{1, 8, 64} {
		b.Run(fmt.Sprintf("n=%d/c=%d/m=%d", n, c, m), func(b *testing.B) {
			sp, _ := sampler.New(sampler.Replace, n, m, rng.New(1, rng.StreamRun))
			s := NewSGDMulti(k, y, c, m, 1e-3, sp)
			for b.Loop() {
				s.Step()
			}
			b.ReportMetric(float64(m*n*c)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// The stepper gives Matrix's bits, block by block, with a progress that
// rises to 1.
func TestMatrixStepper(t *testing.T) {
	const n, d = 150, 7
	ds, _ := data.Synthesize(data.Synth{N: n, D: d, Spectrum: data.Isotropic, Seed: 8})
	want := make([]float64, n*n)
	Matrix(want, ds.X, n, d, Laplacian{Sigma: 2})
	got := make([]float64, n*n)
	s := NewMatrixStepper(got, ds.X, n, d, Laplacian{Sigma: 2})
	steps, last := 0, -1.0
	for !s.Step() {
		steps++
		if p := s.Progress(); !(p > last && p <= 1) {
			t.Fatalf("progress %v after %v", p, last)
		}
		last = s.Progress()
	}
	if steps != (n+blockRows-1)/blockRows || s.Progress() != 1 || !s.Step() {
		t.Errorf("%d steps, progress %v", steps, s.Progress())
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("entry %d: stepper %v, Matrix %v", i, got[i], want[i])
		}
	}
}

// On mostly-zero data (signed, like standardised pixels) the sparse stepper
// gives Matrix's bits.
func TestMatrixStepperSparse(t *testing.T) {
	const n, d = 130, 50
	r := rng.New(3, rng.StreamData)
	x := make([]float64, n*d)
	for i := range x {
		if r.Float64() < 0.2 {
			x[i] = r.NormFloat64()
		}
	}
	x[5] = -0.0 // a negative zero counts as zero
	for _, k := range []Kernel{Gaussian{Sigma: 3}, Laplacian{Sigma: 2}, Linear{}} {
		want := make([]float64, n*n)
		Matrix(want, x, n, d, k)
		got := make([]float64, n*n)
		s := NewMatrixStepper(got, x, n, d, k)
		if s.nz == nil {
			t.Fatal("sparse data took the dense path")
		}
		for !s.Step() {
		}
		for i := range want {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Fatalf("%v entry %d: sparse %v, dense %v", k, i, got[i], want[i])
			}
		}
	}
}

func BenchmarkMatrixStepperMNISTLike(b *testing.B) {
	const n, d = 2000, 784
	r := rng.New(3, rng.StreamData)
	x := make([]float64, n*d)
	for i := range x {
		if r.Float64() < 0.19 {
			x[i] = r.Float64()
		}
	}
	k := make([]float64, n*n)
	for b.Loop() {
		s := NewMatrixStepper(k, x, n, d, Gaussian{Sigma: 5})
		for !s.Step() {
		}
	}
}
