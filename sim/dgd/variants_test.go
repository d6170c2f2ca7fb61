package dgd

import (
	"math"
	"testing"

	"sgdlab/sim/data"
	"sgdlab/sim/graph"
	"sgdlab/sim/rng"
	"sgdlab/sim/sampler"
	"sgdlab/sim/sgd"
	"sgdlab/sim/vec"
)

// The Lanczos estimate of σ_min and σ_max on the complement of Null(A)
// agrees with the dense eigensolver.
func TestEstimateMatchesDense(t *testing.T) {
	for name, g := range cases(t) {
		ds := dataset(t, g.N)
		for _, mu := range []float64{0.05, 0.5, 5} {
			an, err := Analyse(g, ds, mu)
			if err != nil {
				t.Fatal(err)
			}
			est, err := NewEstimate(g, ds, mu, 1, 2000)
			if err != nil {
				t.Fatal(err)
			}
			for !est.Step() {
			}
			if est.Err() != nil {
				t.Errorf("%s μ=%v: %v after %d steps", name, mu, est.Err(), est.Iter())
			}
			got := est.Analysis()
			if math.Abs(got.SigmaMin/an.SigmaMin-1) > 1e-6 || math.Abs(got.SigmaMax/an.SigmaMax-1) > 1e-9 || got.Null != an.Null {
				t.Errorf("%s μ=%v: estimate %+v, dense %+v", name, mu, got, an)
			}
		}
	}
}

// Deflation removes exactly the Null(A) part: A x is unchanged, and a vector
// of Null(A) goes to zero.
func TestDeflation(t *testing.T) {
	g := graph.Ring(8)
	ds := dataset(t, 8)
	n, d := ds.N, ds.D
	project, null, err := Deflation(ds)
	if err != nil || null != d-n {
		t.Fatalf("null %d, err %v", null, err)
	}
	x := randomW0(n, d)
	ax, apx := make([]float64, n*d), make([]float64, n*d)
	op := Operator(g, ds, 0.7)
	op(ax, x)
	px := append([]float64(nil), x...)
	project(px)
	op(apx, px)
	for i := range ax {
		if math.Abs(ax[i]-apx[i]) > 1e-10 {
			t.Fatalf("A x changed by the projection at %d: %v vs %v", i, ax[i], apx[i])
		}
	}
	// (v, …, v) with v ∈ Null(H): v = Q u.
	wInf, _ := Limit(ds, nil) // = P w*: w* − wInf... use v = u − P u
	_ = wInf
	u := x[:d]
	z := make([]float64, n*d)
	for i := range n {
		copy(z[i*d:(i+1)*d], u)
	}
	pz := append([]float64(nil), z...)
	project(pz) // removes 1⊗Qu, leaves 1⊗Pu
	project(pz) // a projection: idempotent
	az := make([]float64, n*d)
	op(az, z)
	apz := make([]float64, n*d)
	op(apz, pz)
	for i := range az {
		if math.Abs(az[i]-apz[i]) > 1e-10 {
			t.Fatalf("A(1⊗u) ≠ A Π(1⊗u) at %d", i)
		}
	}
	if nz := vec.Norm2(pz); !(nz < vec.Norm2(z)) {
		t.Errorf("projection did not shrink 1⊗u: %v vs %v", nz, vec.Norm2(z))
	}
}

// Every variant and baseline converges to the same w∞ = P w* + Q·mean w_i(0),
// counts its node updates, and allocates nothing per step.
func TestVariantsConverge(t *testing.T) {
	er, err := graph.ErdosRenyi(10, 0.4, rng.New(2, 9))
	if err != nil {
		t.Fatal(err)
	}
	ds, err := data.Synthesize(data.Synth{N: 10, D: 16, Spectrum: data.Isotropic, Seed: 8})
	if err != nil {
		t.Fatal(err)
	}
	n, d := ds.N, ds.D
	w0 := randomW0(n, d)
	wInf, err := Limit(ds, w0)
	if err != nil {
		t.Fatal(err)
	}
	const mu = 0.5
	an, _ := Analyse(er, ds, mu)
	eta := 1 / an.SigmaMax
	mean := make([]float64, d)
	for i := range n {
		vec.Axpy(mean, 1/float64(n), w0[i*d:(i+1)*d])
	}
	full, _ := sampler.New(sampler.Subset, n, n, rng.New(1, 1))
	mini, _ := sampler.New(sampler.Subset, n, 2, rng.New(1, 2))
	beta := ds.Beta()
	for _, tt := range []struct {
		name    string
		alg     Algorithm
		perStep float64 // node updates per step (mean)
		steps   int
	}{
		{"sync", NewSync(er, ds, eta, mu, w0), float64(n), 20000},
		// Async from W(0) = 0 (see TestAsyncDrift for other starts).
		{"async", NewAsync(er, ds, eta, mu, 0.5, rng.New(3, 1), nil), 0.5 * float64(n), 40000},
		{"gossip", NewGossip(er, ds, eta, mu, rng.New(3, 2), w0), 2, 400000},
		{"decoupled", NewDecoupled(er, ds, eta, 2, w0), float64(n), 20000},
		{"gd", NewCentral(sgd.New(ds, n, 1/beta, full, mean), n), float64(n), 20000},
		{"sgd", NewCentral(sgd.New(ds, 2, 1/beta, mini, mean), n), 2, 100000},
	} {
		var m Metrics
		wInf := wInf
		if tt.name == "async" {
			wInf, _ = Limit(ds, nil)
		}
		tt.alg.Measure(&m, wInf)
		start := m.Error
		steps := 0
		for ; steps < tt.steps && m.Error > 1e-20*start; steps++ {
			tt.alg.Step()
			if steps%64 == 0 {
				tt.alg.Measure(&m, wInf)
			}
		}
		tt.alg.Measure(&m, wInf)
		if !(m.Error <= 1e-20*start) || m.Data > 1e-18*start || m.Disagree > 1e-18*start || m.AvgError > 1e-18*start {
			t.Errorf("%s: after %d steps %+v (start %v)", tt.name, steps, m, start)
		}
		if got := float64(tt.alg.Updates()) / float64(steps); math.Abs(got/tt.perStep-1) > 0.05 {
			t.Errorf("%s: %v updates per step, want %v", tt.name, got, tt.perStep)
		}
		if a := testing.AllocsPerRun(5, tt.alg.Step); a != 0 {
			t.Errorf("%s: %v allocations per step", tt.name, a)
		}
	}
}

// With every node active, Async is Sync (up to rounding: the gradient is
// summed in another order).
func TestAsyncAllActiveIsSync(t *testing.T) {
	g := graph.Ring(8)
	ds := dataset(t, 8)
	w0 := randomW0(8, ds.D)
	a := NewAsync(g, ds, 0.1, 0.5, 1, rng.New(1, 1), w0)
	s := NewSync(g, ds, 0.1, 0.5, w0)
	for range 50 {
		a.Step()
		s.Step()
	}
	for i := range s.W {
		if math.Abs(a.W[i]-s.W[i]) > 1e-12 {
			t.Fatalf("differ at %d: %v vs %v", i, a.W[i], s.W[i])
		}
	}
}

// Under-parametrised (n > d): the nodes cannot agree on an interpolant; Sync
// converges to the minimiser of F, which Minimiser finds (A W∞ = b), and
// the nodes then disagree.
func TestUnderParametrised(t *testing.T) {
	g := graph.Ring(12)
	ds, err := data.Synthesize(data.Synth{N: 12, D: 4, Spectrum: data.Isotropic, Noise: 0.5, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	const mu = 0.3
	wInf, err := Minimiser(g, ds, mu, 1e-13, 10000)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Limit(ds, nil); err == nil {
		t.Errorf("Limit: want an error for n > d")
	}
	est, err := NewEstimate(g, ds, mu, 1, 500)
	if err != nil {
		t.Fatal(err)
	}
	for !est.Step() {
	}
	s := NewSync(g, ds, 1/est.Max(), mu, nil)
	for range 20000 {
		s.Step()
	}
	if e := Error(s.W, wInf, ds.D); e > 1e-16 {
		t.Errorf("error to the minimiser %v", e)
	}
	if s.Disagreement() < 1e-6 || s.DataLoss() < 1e-6 {
		t.Errorf("disagreement %v, data loss %v: want both > 0", s.Disagreement(), s.DataLoss())
	}
}

// Async couples one-sidedly when only one end of an edge is active, so
// Q·mean w_i drifts: from a W(0) with a Null(H) part the nodes still reach
// exact consensus on an interpolant, but not w∞ (documented on Async).
func TestAsyncDrift(t *testing.T) {
	g := graph.Ring(8)
	ds := dataset(t, 8)
	w0 := randomW0(8, ds.D)
	wInf, _ := Limit(ds, w0)
	a := NewAsync(g, ds, 0.2, 0.5, 0.5, rng.New(1, 1), w0)
	var start, m Metrics
	a.Measure(&start, wInf)
	for range 40000 {
		a.Step()
	}
	a.Measure(&m, wInf)
	if m.Data > 1e-12*start.Data || m.Disagree > 1e-12*start.Disagree {
		t.Errorf("no consensus on an interpolant: %+v", m)
	}
	if m.Error < 1e-8 {
		t.Errorf("error to w∞ %v: expected a drift of Q·mean", m.Error)
	}
}
