package kernel

import (
	"fmt"
	"math"
	"runtime"
	"slices"
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

// batches is a sampler that replays fixed batches.
type batches [][]int

func (b *batches) Next(dst []int) []int {
	dst = append(dst[:0], (*b)[0]...)
	*b = (*b)[1:]
	return dst
}

// refStep is the step written as its formula, one batch element at a time
// in batch order: Δ_j = −(η/m) R[i_j,:] at the current α, then α[i_j,:] += Δ_j
// and R[r,:] += K[i_j,r]·Δ_j for every row r; it returns ‖R‖² summed in the
// documented order (each row in output order; even and odd rows in two
// accumulators in row order, added at the end).
func refStep(k, alpha, R []float64, n, c, m int, eta float64, batch []int) float64 {
	a := -eta / float64(m)
	delta := make([][]float64, len(batch))
	for j, i := range batch {
		delta[j] = make([]float64, c)
		for o := range delta[j] {
			delta[j][o] = a * R[i*c+o]
		}
	}
	for j, i := range batch {
		for o, d := range delta[j] {
			alpha[i*c+o] += d
		}
		for r := 0; r < n; r++ {
			for o, d := range delta[j] {
				R[r*c+o] += float64(k[i*n+r] * d)
			}
		}
	}
	var sq [2]float64
	for r := 0; r < n; r++ {
		var s float64
		for o := 0; o < c; o++ {
			s += float64(R[r*c+o] * R[r*c+o])
		}
		sq[r%2] += s
	}
	return sq[0] + sq[1]
}

// The blocked step gives the bits of the formula applied in batch order —
// α, R and the MSE — for c = 1, 3, 10 and batches with duplicates, an empty
// batch and a batch larger than m (Bernoulli); m = 17 and 64 take several
// passes over R (batchGroup), the last of one element with m = 17. With
// GOEXPERIMENT=simd on an AVX-512 machine, c = 10 takes the vector path.
func TestStepIsFormula(t *testing.T) {
	for _, n := range []int{37, 64} {
		for _, c := range []int{1, 3, 10} {
			for _, m := range []int{1, 5, 17, 64} {
				testStepIsFormula(t, n, c, m)
			}
		}
	}
}

func testStepIsFormula(t *testing.T, n, c, m int) {
	t.Helper()
	r := rng.New(uint64(n*1000+c*100+m), rng.StreamData)
	x := make([]float64, n*3)
	for i := range x {
		x[i] = r.NormFloat64()
	}
	k := make([]float64, n*n)
	Matrix(k, x, n, 3, Gaussian{Sigma: 0.8})
	y := make([]float64, n*c)
	for i := range y {
		y[i] = r.Float64() - 0.5
	}
	var bs batches
	for step := 0; step < 12; step++ {
		size := m
		switch step {
		case 3:
			size = 0 // Bernoulli: empty
		case 7:
			size = m + 3 // Bernoulli: more than m
		}
		b := make([]int, size)
		for j := range b {
			b[j] = r.IntN(n)
		}
		if size > 2 {
			b[size-1] = b[1] // a duplicate, at least
		}
		bs = append(bs, b)
	}
	want := batches(append([][]int(nil), bs...))
	s := NewSGDMulti(k, y, c, m, 0.9, &bs)
	alpha := make([]float64, n*c)
	R := make([]float64, n*c)
	for i, v := range y {
		R[i] = -v
	}
	sq := s.sq
	for step := range want {
		s.Step()
		if len(want[step]) > 0 {
			sq = refStep(k, alpha, R, n, c, m, 0.9, want[step])
		}
		for i := range R {
			if math.Float64bits(s.Alpha[i]) != math.Float64bits(alpha[i]) || math.Float64bits(s.R[i]) != math.Float64bits(R[i]) {
				t.Fatalf("n=%d c=%d m=%d step %d entry %d: α %v R %v, formula α %v R %v", n, c, m, step, i, s.Alpha[i], s.R[i], alpha[i], R[i])
			}
		}
		if math.Float64bits(s.sq) != math.Float64bits(sq) {
			t.Fatalf("n=%d c=%d m=%d step %d: ‖R‖² %v, formula %v", n, c, m, step, s.sq, sq)
		}
	}
}

// BenchmarkStepMulti times a step of c = 10 one-hot outputs on a Gaussian
// kernel matrix (n = 2000 and the n = 10⁴ of the critical-batch lab's CLI
// runs), batches with replacement.
func BenchmarkStepMulti(b *testing.B) {
	const c = 10
	for _, n := range []int{2000, 10000} {
		var k, y []float64
		for _, m := range []int{1, 8, 64} {
			b.Run(fmt.Sprintf("n=%d/c=%d/m=%d", n, c, m), func(b *testing.B) {
				if n > 4096 && runtime.GOARCH == "wasm" {
					b.Skip("native only: the page caps the critical lab at n = 4096")
				}
				if k == nil { // built on first use: 800 MB at n = 10⁴
					ds, _ := data.Synthesize(data.Synth{N: n, D: 10, Spectrum: data.Isotropic, Seed: 1})
					k = make([]float64, n*n)
					Matrix(k, ds.X, n, 10, Gaussian{Sigma: 1})
					y = make([]float64, n*c)
					for i := 0; i < n; i++ {
						y[i*c+i%c] = 1
					}
				}
				sp, _ := sampler.New(sampler.Replace, n, m, rng.New(1, rng.StreamRun))
				s := NewSGDMulti(k, y, c, m, 1e-3, sp)
				for b.Loop() {
					s.Step()
				}
				b.ReportMetric(float64(m*n*c)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
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

// A step shared among goroutines (updateSplit) gives the bits of one thread,
// R, α and ‖R‖², for 1, 2, 3 and 8 threads: row counts that are and are not
// multiples of the chunks' blocks, c = 1, 3 and 10 (their own loops), batches
// of one (c = 10 has its own path) and of several groups of batchGroup. Once
// warm, shared steps allocate nothing themselves (the runtime's per-P caches
// of waiting goroutines may still grow a little).
func TestStepThreads(t *testing.T) {
	defer func(w int) { splitWork = w }(splitWork)
	splitWork = 1 << 10 // small problems, split
	for _, tc := range []struct{ n, c, m int }{
		{1003, 10, 64}, {1024, 10, 3}, {1001, 10, 1}, {999, 1, 60}, {517, 3, 20}, {1001, 10, 17}, {203, 10, 40},
	} {
		r := rng.New(uint64(tc.n), rng.StreamData)
		k := make([]float64, tc.n*tc.n)
		for i := range k {
			k[i] = 0.2 * r.NormFloat64()
		}
		y := make([]float64, tc.n*tc.c)
		for i := range y {
			y[i] = r.NormFloat64()
		}
		var refR, refAlpha, refSq []float64
		for _, procs := range []int{1, 2, 3, 8} {
			old := runtime.GOMAXPROCS(procs)
			sp, _ := sampler.New(sampler.Replace, tc.n, tc.m, rng.New(7, rng.StreamRun))
			s := NewSGDMulti(k, y, tc.c, tc.m, 0.5, sp)
			// (wasm keeps GOMAXPROCS at 1: one worker, the same bits.)
			if w := s.workers(tc.m); runtime.GOMAXPROCS(0) == procs && (procs == 1) != (w == 1) {
				t.Errorf("n=%d c=%d m=%d GOMAXPROCS=%d: %d workers", tc.n, tc.c, tc.m, procs, w)
			}
			var sqs []float64
			for range 4 {
				s.Step()
				sqs = append(sqs, s.sq)
			}
			R, alpha := slices.Clone(s.R), slices.Clone(s.Alpha)
			if procs > 1 {
				for range 50 { // the runtime's caches warm up too
					s.Step()
				}
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				for range 50 {
					s.Step()
				}
				runtime.ReadMemStats(&after)
				// The process's: the runtime's per-P caches of blocked
				// goroutines (sudogs) may still grow, one P at a time;
				// fewer than one a step means none is the step's own.
				if a := after.Mallocs - before.Mallocs; a >= 50 {
					t.Errorf("n=%d c=%d m=%d GOMAXPROCS=%d: %d allocations in 50 steps", tc.n, tc.c, tc.m, procs, a)
				}
			}
			runtime.GOMAXPROCS(old)
			if refR == nil {
				refR, refAlpha, refSq = R, alpha, sqs
				continue
			}
			for i := range R {
				if math.Float64bits(R[i]) != math.Float64bits(refR[i]) || math.Float64bits(alpha[i]) != math.Float64bits(refAlpha[i]) {
					t.Fatalf("n=%d c=%d m=%d GOMAXPROCS=%d: entry %d: R %v α %v, one thread R %v α %v",
						tc.n, tc.c, tc.m, procs, i, R[i], alpha[i], refR[i], refAlpha[i])
				}
			}
			for i, v := range sqs {
				if math.Float64bits(v) != math.Float64bits(refSq[i]) {
					t.Errorf("n=%d c=%d m=%d GOMAXPROCS=%d step %d: ‖R‖² %v, one thread %v", tc.n, tc.c, tc.m, procs, i, v, refSq[i])
				}
			}
		}
	}
}
