package ensemble

import (
	"math"
	"testing"

	"sgdlab/sim/data"
	"sgdlab/sim/model"
	"sgdlab/sim/rng"
)

func linreg(t *testing.T) *model.LinReg {
	t.Helper()
	ds, err := data.Synthesize(data.Synth{N: 40, D: 8, Spectrum: data.Isotropic, Noise: 0.5, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	return model.NewLinReg(ds)
}

func run(t *testing.T, c Config) *Ensemble {
	t.Helper()
	e, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	for !e.Step() {
	}
	return e
}

func constant(a float64) func(int) float64 { return func(int) float64 { return a } }

// At t = 0 every run is at w₀: the estimate of var(g₀ | F₀) matches Lemma 1
// within its standard error, and the full gradient has no variance.
func TestLemma1AtStart(t *testing.T) {
	m := linreg(t)
	w0 := make([]float64, m.Dim())
	for _, b := range []int{1, 5, 20, 39, 40} {
		e := run(t, Config{Model: m, B: b, Runs: 4000, Steps: 1, Alpha: constant(0.1), W0: w0, Seed: 1, Every: 1})
		p := e.Points()[0]
		exact := m.CondVar(make([]float64, m.Dim()), w0, b)
		if math.Abs(p.CondVar-exact) > 1e-12*exact || p.VarFull > 1e-24 {
			t.Errorf("b=%d: closed form %v vs %v, var full %v", b, p.CondVar, exact, p.VarFull)
		}
		if math.Abs(p.VarG-exact) > 4*p.SEG+1e-12 {
			t.Errorf("b=%d: estimate %v ± %v, Lemma 1 %v", b, p.VarG, p.SEG, exact)
		}
	}
}

// The law of total variance along the runs: var(g_t | F₀) =
// E[Var(g_t | w_t)] + var(∇L(w_t) | F₀), within the standard errors.
func TestTotalVariance(t *testing.T) {
	m := linreg(t)
	w0 := make([]float64, m.Dim())
	e := run(t, Config{Model: m, B: 4, Runs: 3000, Steps: 30, Alpha: constant(0.05), W0: w0, Seed: 2, Every: 10})
	for _, p := range e.Points()[1:] {
		sum := p.CondVar + p.VarFull
		if tol := 4 * (p.SEG + p.SECond + p.SEFull); math.Abs(p.VarG-sum) > tol {
			t.Errorf("t=%d: var g %v, E Var(g|w) + var ∇L = %v (tolerance %v)", p.T, p.VarG, sum, tol)
		}
	}
}

// Same seed, same numbers; the order runs are advanced in changes nothing.
func TestDeterministic(t *testing.T) {
	m := linreg(t)
	w0 := make([]float64, m.Dim())
	c := Config{Model: m, B: 3, Runs: 50, Steps: 20, Alpha: func(t int) float64 { return 0.5 / float64(t+1) }, W0: w0, Seed: 7, Every: 3}
	a := run(t, c)
	b, _ := New(c)
	rev := make([]int, c.Runs)
	for i := range rev {
		rev[i] = c.Runs - 1 - i
	}
	b.SetOrder(rev)
	for !b.Step() {
	}
	pa, pb := a.Points(), b.Points()
	if len(pa) != 7 || len(pa) != len(pb) {
		t.Fatalf("%d and %d points", len(pa), len(pb))
	}
	for i := range pa {
		if pa[i] != pb[i] && !(pa[i].T == pb[i].T && math.IsNaN(pa[i].CondVar) && math.IsNaN(pb[i].CondVar)) {
			t.Errorf("point %d: %+v vs %+v", i, pa[i], pb[i])
		}
	}
	c.Seed = 8
	if d := run(t, c).Points(); d[1].VarG == pa[1].VarG {
		t.Error("another seed gave the same variance")
	}
}

// Two-layer network, fresh Gaussian samples: at t = 0, b·var(g₀ | F₀) does
// not depend on b (the samples are independent), within the errors.
func TestTwoLayerOneOverB(t *testing.T) {
	r := rng.New(5, 1)
	teacher := model.Product(6, 5, 4, model.DrawTwoLayer(6, 5, 4, r))
	w0 := model.DrawTwoLayer(6, 5, 4, r)
	var ref, refSE float64
	for _, b := range []int{1, 4, 16} {
		e := run(t, Config{Model: model.NewTwoLayer(6, 5, 4, teacher), B: b, Runs: 3000, Steps: 1, Alpha: constant(0.01), W0: w0, Seed: 3, Every: 1})
		p := e.Points()[0]
		v, se := p.VarG*float64(b), p.SEG*float64(b)
		if b == 1 {
			ref, refSE = v, se
			continue
		}
		if math.Abs(v-ref) > 4*(se+refSE) {
			t.Errorf("b=%d: b·var = %v ± %v, at b=1 %v ± %v", b, v, se, ref, refSE)
		}
	}
}

func TestConfigErrors(t *testing.T) {
	m := linreg(t)
	w0 := make([]float64, m.Dim())
	for _, c := range []Config{
		{Model: m, B: 1, Runs: 1, Steps: 1, Alpha: constant(1), W0: w0, Every: 1},
		{Model: m, B: 1, Runs: 5, Steps: 1, Alpha: constant(1), W0: w0[:2], Every: 1},
		{Model: m, B: 1, Runs: 5, Steps: 1, Alpha: constant(1), W0: w0, Every: 0},
		{Model: m, B: 1, Runs: 5, Steps: 1, Alpha: constant(1), W0: w0, Every: 1, Groups: 6},
		{B: 1, Runs: 5, Steps: 1, Alpha: constant(1), W0: w0, Every: 1},
	} {
		if _, err := New(c); err == nil {
			t.Errorf("accepted %+v", c)
		}
	}
}
