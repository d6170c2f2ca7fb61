package dgd

import (
	"math"
	"testing"

	"sgdlab/sim/data"
	"sgdlab/sim/graph"
	"sgdlab/sim/pmath"
	"sgdlab/sim/rng"
	"sgdlab/sim/spectrum"
	"sgdlab/sim/vec"
)

// small cases: n nodes, d ≥ n (interpolation), several topologies.
func cases(t *testing.T) map[string]*graph.Graph {
	t.Helper()
	er, err := graph.ErdosRenyi(8, 0.3, rng.New(4, 9))
	if err != nil {
		t.Fatal(err)
	}
	return map[string]*graph.Graph{
		"ring": graph.Ring(8), "path": graph.Path(8), "complete": graph.Complete(8),
		"star": graph.Star(8), "barbell": graph.Barbell(3, 2), "er": er,
	}
}

func dataset(t *testing.T, n int) *data.Dataset {
	t.Helper()
	ds, err := data.Synthesize(data.Synth{N: n, D: 12, Spectrum: data.Isotropic, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func randomW0(n, d int) []float64 {
	g := rng.NewGauss(rng.New(5, 1))
	w := make([]float64, n*d)
	for i := range w {
		w[i] = g.Norm()
	}
	return w
}

// The sparse step is (I − ηA) on δW = W − W∞, the iterates converge to
// w∞ = P w* + Q·mean w_i(0), the measured rate equals the spectral radius
// R of I − ηA on the visible part within 1%, and Mitra's bound
// 1 − η λ⁺_min(H) ≤ R holds for η = 1/σ_max.
func TestSyncMatchesTheory(t *testing.T) {
	for name, g := range cases(t) {
		ds := dataset(t, g.N)
		n, d := ds.N, ds.D
		const mu = 0.5
		an, err := Analyse(g, ds, mu)
		if err != nil {
			t.Fatal(err)
		}
		if an.Null != d-n {
			t.Errorf("%s: dim Null(A) = %d, want d − rank H = %d", name, an.Null, d-n)
		}
		eta := 1 / an.SigmaMax
		w0 := randomW0(n, d)
		wInf, err := Limit(ds, w0)
		if err != nil {
			t.Fatal(err)
		}
		s := NewSync(g, ds, eta, mu, w0)
		start := s.Error(wInf)
		// One step against the dense operator.
		a := Dense(g, ds, mu)
		N := n * d
		delta := make([]float64, N)
		for i := range n {
			for p := range d {
				delta[i*d+p] = s.W[i*d+p] - wInf[p]
			}
		}
		s.Step()
		for r := range N {
			want := delta[r] - eta*vec.Dot(a[r*N:(r+1)*N], delta)
			if got := s.W[r] - wInf[r%d]; math.Abs(got-want) > 1e-10 {
				t.Fatalf("%s: δW after one step [%d] = %v, (I−ηA)δW = %v", name, r, got, want)
			}
		}
		// The rate over a stretch of the tail, and the limit.
		for s.T < 200 {
			s.Step()
		}
		e0 := s.Error(wInf)
		const k = 200
		for range k {
			s.Step()
		}
		e1 := s.Error(wInf)
		rate := pmath.Exp(pmath.Log(e1/e0) / (2 * k))
		R := an.Rate(eta)
		if math.Abs(rate/R-1) > 0.01 {
			t.Errorf("%s: measured rate %v, spectral radius %v", name, rate, R)
		}
		sp, err := spectrum.Of(ds)
		if err != nil {
			t.Fatal(err)
		}
		if bound := 1 - eta*sp.Lk; bound > R+1e-12 {
			t.Errorf("%s: Mitra's bound 1 − ηλ⁺_min(H) = %v > R = %v", name, bound, R)
		}
		for s.T < 20000 && s.Error(wInf) > 1e-12*start {
			s.Step()
		}
		if e := s.Error(wInf); e > 1e-12*start || s.DataLoss() > 1e-12*start || s.Disagreement() > 1e-12*start {
			t.Errorf("%s: after %d steps error %v, loss %v, disagreement %v", name, s.T, e, s.DataLoss(), s.Disagreement())
		}
	}
}

// Past η = 2/σ_max the iteration diverges.
func TestUnstableStep(t *testing.T) {
	g := graph.Ring(6)
	ds := dataset(t, 6)
	an, _ := Analyse(g, ds, 1)
	s := NewSync(g, ds, 2.1/an.SigmaMax, 1, nil)
	wInf, _ := Limit(ds, nil)
	e0 := s.Error(wInf)
	for range 300 {
		s.Step()
	}
	if !(s.Error(wInf) > 1e3*e0) {
		t.Errorf("η = 2.1/σ_max: error %v from %v", s.Error(wInf), e0)
	}
	if a := testing.AllocsPerRun(10, s.Step); a != 0 {
		t.Errorf("%v allocations per step", a)
	}
}
