package sgd

import (
	"fmt"
	"math"
	"testing"

	"sgdlab/sim/data"
	"sgdlab/sim/rng"
	"sgdlab/sim/sampler"
	"sgdlab/sim/spectrum"
	"sgdlab/sim/theory"
	"sgdlab/sim/vec"
)

func synth(t testing.TB, s data.Synth) *data.Dataset {
	t.Helper()
	ds, err := data.Synthesize(s)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// meanErrors runs R seeded runs of T steps and returns the mean of ‖w_t − w*‖²
// over runs, for t = 0..T.
func meanErrors(t testing.TB, ds *data.Dataset, samp string, m int, eta float64, runs, steps int) []float64 {
	t.Helper()
	mean := make([]float64, steps+1)
	for r := 0; r < runs; r++ {
		sp, err := sampler.New(samp, ds.N, m, rng.New(uint64(r), rng.StreamRun))
		if err != nil {
			t.Fatal(err)
		}
		s := New(ds, m, eta, sp, nil)
		mean[0] += vec.Dist2(s.W, ds.WStar)
		for k := 1; k <= steps; k++ {
			s.Step()
			mean[k] += vec.Dist2(s.W, ds.WStar)
		}
	}
	for k := range mean {
		mean[k] /= float64(runs)
	}
	return mean
}

// On orthonormal samples with Bernoulli sampling and η* = m, E‖δ_t‖² = (1 − m/n)^t
// exactly (THEORY §2.6): the measured mean rate must match within a few percent.
func TestBernoulliOrthonormalRate(t *testing.T) {
	const n, d, runs, steps = 32, 48, 2000, 16
	ds := synth(t, data.Synth{N: n, D: d, Spectrum: data.Ortho, Seed: 3})
	sp, err := spectrum.Of(ds)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(sp.L1-1.0/n) > 1e-12 || math.Abs(sp.Lk-1.0/n) > 1e-12 || sp.K != n {
		t.Fatalf("orthonormal spectrum: λ1=%v λk=%v k=%d", sp.L1, sp.Lk, sp.K)
	}
	for _, m := range []int{1, 4, 8} {
		eta := theory.EtaBernoulli(m, n, sp.L1, sp.Lk)
		if math.Abs(eta-float64(m)) > 1e-9 {
			t.Fatalf("η* = %v, want m = %d", eta, m)
		}
		g := theory.GBernoulli(m, n, sp.L1, sp.Lk)
		mean := meanErrors(t, ds, sampler.Bernoulli, m, eta, runs, steps)
		rate := math.Pow(mean[steps]/mean[0], 1/float64(steps))
		if math.Abs(rate-g)/g > 0.03 {
			t.Errorf("m=%d: measured mean rate %.4f, g* = 1 − m/n = %.4f", m, rate, g)
		}
	}
}

// On other samples g* bounds the per-step factor of E‖Pδ‖² (§2.6 for
// Bernoulli with unit-norm samples, §2.2 for sampling with replacement).
func TestRatesBounded(t *testing.T) {
	const runs, steps = 300, 60
	tests := []struct {
		name string
		s    data.Synth
		samp string
	}{
		{"bernoulli iso normalised", data.Synth{N: 24, D: 40, Spectrum: data.Isotropic, Normalize: true, Seed: 1}, sampler.Bernoulli},
		{"bernoulli corr normalised", data.Synth{N: 24, D: 40, Spectrum: data.Corr, Rho: 0.3, Normalize: true, Seed: 2}, sampler.Bernoulli},
		{"replace iso", data.Synth{N: 24, D: 40, Spectrum: data.Isotropic, Seed: 3}, sampler.Replace},
		{"replace power", data.Synth{N: 24, D: 40, Spectrum: data.PowerLaw, Alpha: 1, Seed: 4}, sampler.Replace},
	}
	for _, tt := range tests {
		ds := synth(t, tt.s)
		sp, err := spectrum.Of(ds)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range []int{1, 4, 12} {
			var eta, g float64
			if tt.samp == sampler.Bernoulli {
				eta = theory.EtaBernoulli(m, ds.N, sp.L1, sp.Lk)
				g = theory.GBernoulli(m, ds.N, sp.L1, sp.Lk)
			} else {
				eta = theory.EtaOpt(m, sp.Beta, sp.L1, sp.Lk)
				g = theory.GOpt(m, sp.Beta, sp.L1, sp.Lk)
			}
			mean := meanErrors(t, ds, tt.samp, m, eta, runs, steps)
			rate := math.Pow(mean[steps]/mean[0], 1/float64(steps))
			if rate > g*1.01 {
				t.Errorf("%s m=%d: measured factor %.5f above the bound g* = %.5f", tt.name, m, rate, g)
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	ds := synth(t, data.Synth{N: 30, D: 50, Spectrum: data.Isotropic, Seed: 9})
	run := func() []float64 {
		sp, _ := sampler.New(sampler.Shuffle, ds.N, 7, rng.New(5, rng.StreamRun))
		s := New(ds, 7, 0.5, sp, nil)
		for k := 0; k < 100; k++ {
			s.Step()
		}
		return s.W
	}
	a, b := run(), run()
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			t.Fatalf("w[%d] differs: %v vs %v", i, a[i], b[i])
		}
	}
}

// Full-batch GD (subset, m = n) with the same residuals computed by hand.
func TestStepIsTheUpdate(t *testing.T) {
	ds := synth(t, data.Synth{N: 5, D: 7, Spectrum: data.Isotropic, Seed: 1})
	sp, _ := sampler.New(sampler.Subset, 5, 5, rng.New(1, rng.StreamRun))
	w0 := []float64{1, -1, 0.5, 0, 2, 0, -3}
	s := New(ds, 5, 0.3, sp, w0)
	s.Step()
	want := append([]float64(nil), w0...)
	for i := 0; i < 5; i++ {
		var r float64
		for j := 0; j < 7; j++ {
			r += ds.Row(i)[j] * w0[j]
		}
		r -= ds.Y[i]
		for j := 0; j < 7; j++ {
			want[j] -= 0.3 / 5 * r * ds.Row(i)[j]
		}
	}
	for j := range want {
		if math.Abs(s.W[j]-want[j]) > 1e-14 {
			t.Errorf("w[%d] = %v, want %v", j, s.W[j], want[j])
		}
	}
	if s.T != 1 || s.Grads != 5 {
		t.Errorf("T=%d Grads=%d", s.T, s.Grads)
	}
}

func TestStepDoesNotAllocate(t *testing.T) {
	ds := synth(t, data.Synth{N: 64, D: 32, Spectrum: data.Isotropic, Seed: 1})
	for _, name := range sampler.Names {
		sp, _ := sampler.New(name, ds.N, 8, rng.New(1, rng.StreamRun))
		s := New(ds, 8, 0.1, sp, nil)
		s.Step()
		if a := testing.AllocsPerRun(100, s.Step); name != sampler.Bernoulli && a != 0 {
			t.Errorf("%s: %v allocs per step", name, a)
		}
	}
}

// BenchmarkStep is the SGD step at d = 784 (MNIST's dimension) for the batch
// sizes of `make bench`; the same benchmark runs natively and in wasm.
func BenchmarkStep(b *testing.B) {
	ds := synth(b, data.Synth{N: 2048, D: 784, Spectrum: data.Isotropic, Normalize: true, Seed: 1})
	for _, m := range []int{1, 8, 64, 1024} {
		b.Run(fmt.Sprintf("m=%d", m), func(b *testing.B) {
			sp, _ := sampler.New(sampler.Replace, ds.N, m, rng.New(1, rng.StreamRun))
			s := New(ds, m, 0.5, sp, nil)
			b.ReportAllocs()
			for b.Loop() {
				s.Step()
			}
			b.ReportMetric(float64(m*b.N)/b.Elapsed().Seconds(), "grads/s")
		})
	}
}
