package critical

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"sgdlab/sim/kernel"
	"sgdlab/sim/lab"
	"sgdlab/sim/lab/labtest"
	"sgdlab/sim/plot"
	"sgdlab/sim/rng"
	"sgdlab/sim/sampler"
	"sgdlab/sim/shard"
	"sgdlab/sim/steprule"
	"sgdlab/sim/theory"
)

// webRoot is the page's tree with the committed shards.
var webRoot = os.DirFS(filepath.Join("..", "..", "..", "web", "static"))

// build parses a link with the browser's limits, loads its data like the CLI
// and builds the experiment.
func build(t testing.TB, query string) (*Experiment, string) {
	t.Helper()
	e, canon := labtest.Build(t, query, webRoot)
	return e.(*Experiment), canon
}

// small is a quick MNIST link: every phase, several seeds, a sweep that diverges.
const small = "v=1&lab=critical&n=200&m=1,2,4,16,n&seeds=2&eps=0.01&sweep=4&sweeplen=60&topk=5"

// golden links: readouts and CSV digests checked into testdata; they must
// match on every target (`make test` runs this natively and as wasm).
var golden = map[string]string{
	"small":  small,
	"exact":  "v=1&lab=critical&dataset=fashion&n=150&select=random&dseed=3&target=pm1&kernel=laplacian&sigma=8&eig=exact&m=1,8,n&eta=opt&seeds=1&eps=0.05&sweep=0",
	"linear": "v=1&lab=critical&dataset=diabetes&n=120&std=1&kernel=linear&m=1,4&eps=0.9&len=2000&sweep=0&seeds=1",
}

func TestGolden(t *testing.T) {
	labtest.Golden(t, golden, webRoot, os.DirFS("testdata"), labtest.Writer("testdata", os.WriteFile))
}

// The numbers never depend on how the driver slices the work.
func TestSlicingDoesNotChangeNumbers(t *testing.T) {
	labtest.Slicing(t, "v=1&lab=critical&n=60&m=1,3,n&seeds=2&eps=0.05&sweep=2&sweeplen=20&topk=3", webRoot, []int{1, 5000, 1 << 30})
}

// The MNIST run behaves as the paper says: β = 1, m* between 5 and 12 (the
// paper reports ≈ 8 at n = 10⁴), 2η̂ diverges in the sweep and η̂ does not,
// speed-up nearly linear below m* and below the ceiling 4β/λ₁ above it.
func TestMNISTShape(t *testing.T) {
	e, _ := build(t, "v=1&lab=critical&n=400&m=1,2,4,64&seeds=2&eps=0.001&sweep=8&sweeplen=200")
	labtest.RunToEnd(e, 1<<22)
	if e.sp.Beta != 1 {
		t.Errorf("β = %v, want 1 for a Gaussian kernel", e.sp.Beta)
	}
	if ms := e.mStar(); !(ms > 5 && ms < 12) {
		t.Errorf("m* = %v", ms)
	}
	pts := measure(e.runs, e.ms, e.seeds)
	for _, p := range pts {
		if p.reached != e.seeds {
			t.Fatalf("m=%d: %d of %d seeds reached ε", p.m, p.reached, e.seeds)
		}
	}
	if s2, s4 := pts[1].speedup, pts[2].speedup; !(s2 > 1.7 && s2 <= 2.1 && s4 > 3.2 && s4 <= 4.2) {
		t.Errorf("linear regime: t(1)/t(2) = %v, t(1)/t(4) = %v", s2, s4)
	}
	if s64, ceil := pts[3].speedup, 4*e.sp.Beta/e.sp.L1; !(s64 < ceil && s64 > 0.4*e.speedupTheory(64)) {
		t.Errorf("saturation: t(1)/t(64) = %v, s(64) = %v, ceiling %v", s64, e.speedupTheory(64), ceil)
	}
	for _, r := range e.sweep {
		switch f := r.rule.Mult; {
		case f <= 1 && r.Status == lab.Diverged:
			t.Errorf("η = %g·η̂ diverged", f)
		case f >= 2 && r.Status != lab.Diverged:
			t.Errorf("η = %g·η̂ did not diverge (MSE/MSE₀ = %g)", f, r.rel())
		}
	}
	if len(e.Figure().Panels) != 4 {
		t.Errorf("view=all draws %d panels", len(e.Figure().Panels))
	}
}

// The speed-up measurement on a case where s(m) is exact: orthonormal samples
// under the linear kernel (K = I, β = 1, every eigenvalue of K/n = 1/n), where
// E‖α_t − y‖² contracts by exactly g*(m) = 1 − m/(n+m−1) per step with
// η*(m) (THEORY §2.3, and s(m) = m/(1+(m−1)/n) of §2.5 with λ_k = λ₁). The
// mean t(1)/t(m) over seeds must match s(m) within 3%. (t(m) is a first
// passage of the MSE, which counts the samples not yet drawn: targets ±1 and
// a target eps that leaves n·eps = 90 of them keep its spread to a few %.)
func TestSpeedupExactCase(t *testing.T) {
	const n, seeds, eps = 3000, 16, 3e-2
	k := make([]float64, n*n)
	for i := range n {
		k[i*n+i] = 1
	}
	r := rng.New(5, rng.StreamTarget)
	y := make([]float64, n)
	for i := range y {
		y[i] = float64(2*r.IntN(2) - 1)
	}
	lam := 1.0 / n
	ms := []int{1, 2, 8, 32, 128}
	opt := steprule.Rule{Name: steprule.RuleOpt, Mult: 1}
	var runs []*run
	for s := range seeds {
		for j, m := range ms {
			smp, _ := sampler.New(sampler.Replace, n, m, rng.New(1, rng.StreamRun+uint64(s*maxRuns+j)))
			eta := theory.EtaOpt(m, 1, lam, lam)
			runs = append(runs, newRun(kernel.NewSGD(k, y, m, eta, smp), opt, s, 1<<30, eps, 1))
		}
	}
	for _, rn := range runs {
		for rn.Going() {
			rn.Advance(1 << 20)
		}
	}
	pts := measure(runs, ms, seeds)
	for _, p := range pts {
		want := theory.Speedup(p.m, 1, lam, lam)
		t.Logf("m=%d: t(1)/t(m) = %.4g (band %.4g–%.4g), s(m) = %.4g", p.m, p.speedup, p.lo, p.hi, want)
		if p.reached != seeds || math.Abs(p.speedup/want-1) > 0.03 {
			t.Errorf("m=%d: measured t(1)/t(m) = %.4g (band %.4g–%.4g, %d seeds), s(m) = %.4g", p.m, p.speedup, p.lo, p.hi, p.reached, want)
		}
		if !(p.lo <= p.speedup && p.speedup <= p.hi) {
			t.Errorf("m=%d: mean %v outside its band %v–%v", p.m, p.speedup, p.lo, p.hi)
		}
	}
}

// measure: the band, missing m = 1, and seeds that never reach ε.
func TestMeasure(t *testing.T) {
	mk := func(m, hit int) *run {
		return &run{m: m, Track: lab.Track{HitT: hit}, sgd: &kernel.SGD{Grads: m * hit}}
	}
	runs := []*run{mk(1, 100), mk(4, 30), mk(1, 120), mk(4, 0)} // seed 1 of m=4 did not reach ε
	pts := measure(runs, []int{1, 4}, 2)
	if p := pts[1]; p.reached != 1 || p.tMean != 30 || p.speedup != 100.0/30 || p.lo != p.hi || p.grads != 120 {
		t.Errorf("m=4: %+v", p)
	}
	if p := measure(runs[1:2], []int{4}, 1)[0]; !math.IsNaN(p.speedup) || p.tMean != 30 {
		t.Errorf("without m=1: %+v", p)
	}
}

// The spectrum: the exact route against gonum's EigenSym, Lanczos against
// the exact route, and λ₁ ≤ β (K/n has trace β for a Gaussian kernel).
func TestSpectrumRoutes(t *testing.T) {
	q := "v=1&lab=critical&n=300&m=1&seeds=1&eps=0.5&sweep=0&topk=6&eig="
	ex, _ := build(t, q+"exact")
	lz, _ := build(t, q+"lanczos")
	for _, e := range []*Experiment{ex, lz} {
		for e.stage() < phaseRuns {
			e.Step(1 << 20)
		}
	}
	h := mat.NewSymDense(ex.n, nil)
	for i := range ex.n {
		for j := range ex.n {
			h.SetSym(i, j, ex.k[i*ex.n+j]/float64(ex.n))
		}
	}
	var es mat.EigenSym
	if !es.Factorize(h, false) {
		t.Fatal("EigenSym failed")
	}
	gv := es.Values(nil) // ascending
	for i := range 6 {
		g := gv[len(gv)-1-i]
		if math.Abs(ex.top[i]-g) > 1e-12 || math.Abs(lz.top[i]-g) > 1e-9*g {
			t.Errorf("λ_%d: exact %v, Lanczos %v, EigenSym %v", i+1, ex.top[i], lz.top[i], g)
		}
	}
	if lk := gv[0]; math.Abs(ex.sp.Lk-lk) > 1e-12 && lk > 1e-10*gv[len(gv)-1] {
		t.Errorf("λ_k: exact %v, EigenSym %v", ex.sp.Lk, lk)
	}
	if !(lz.sp.Lk >= gv[0]-1e-12) {
		t.Errorf("the Ritz bound %v is below λ_min %v", lz.sp.Lk, gv[0])
	}
	if !(ex.sp.L1 <= ex.sp.Beta) {
		t.Errorf("λ₁ = %v > β = %v", ex.sp.L1, ex.sp.Beta)
	}
}

func TestLimits(t *testing.T) {
	labtest.Limits(t, "lab=critical&", [][3]string{
		{"n=10000", "n", "4096"},
		{"dataset=diabetes&n=1000", "n", "442"},
		{"dataset=diabetes", "target", "regression"},
		{"dataset=diabetes&target=regression", "select", "first"},
		{"target=regression", "target", "onehot"},
		{"n=2000&eig=exact", "eig", "lanczos"},
		{"n=10&sampler=subset&m=1,20", "m", "1,n"},
		{"n=10&m=1,2000", "m", "1,160"},
		{"n=10&sampler=subset&sweep=50", "sweep", "n"},
		{"m=1,2,3&eta=hat,opt", "eta", "hat"},
	})
	if _, v, _ := lab.Parse("lab=critical&n=10000", true); v.Int("n") != 10000 {
		t.Error("big limits clamp n=10000")
	}
}

// The table of datasets agrees with the shipped manifests.
func TestDatasetsMatchManifests(t *testing.T) {
	for _, d := range datasets {
		b, err := fs.ReadFile(webRoot, "data/"+d.Name+"/manifest.json")
		if err != nil {
			t.Fatal(err)
		}
		var m shard.Manifest
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		if m.N != d.N || m.Classes != d.Classes {
			t.Errorf("%s: table n=%d classes=%d, manifest n=%d classes=%d", d.Name, d.N, d.Classes, m.N, m.Classes)
		}
	}
}

func TestSetViewKeepsRuns(t *testing.T) {
	e, _ := build(t, "v=1&lab=critical&n=40&m=1,4&seeds=1&eps=0.1&sweep=2&sweeplen=5")
	labtest.RunToEnd(e, 1<<20)
	views := []string{ViewCurves, ViewSpeedup, ViewCost, ViewSweep}
	labtest.Views(t, e, "v=1&lab=critical&n=40&m=1,4&seeds=1&eps=0.1&sweep=2&sweeplen=5&x=epoch&view=", views, true, func(view string, f plot.Figure) {
		if len(f.Panels) != 1 {
			t.Errorf("view %s: %d panels", view, len(f.Panels))
		}
		for _, p := range f.Panels {
			for _, s := range p.Series {
				for i := range s.Y {
					if math.IsNaN(s.Y[i]) || math.IsNaN(s.X[i]) {
						t.Errorf("view %s: NaN in %q", view, s.Label)
					}
				}
			}
		}
	})
}

// The readout is honest before the runs start: no numbers that are not yet known.
func TestReadoutWhileComputing(t *testing.T) {
	e, _ := build(t, small)
	ro := e.Readout()
	if len(ro.Rows) != 0 || !strings.Contains(fmt.Sprint(ro.Items), "kernel matrix") {
		t.Errorf("before the first step: %+v", ro)
	}
	e.Figure()
	last := e.Progress()
	for e.stage() == phaseKernel {
		e.Step(1)
		if p := e.Progress(); e.stage() == phaseKernel && !(p > last && p <= 0.1) {
			t.Fatalf("progress %v after %v while computing K", p, last)
		}
		last = e.Progress()
	}
	if !strings.Contains(fmt.Sprint(e.Readout().Items), "Lanczos") {
		t.Errorf("during the spectrum: %+v", e.Readout().Items)
	}
	if p := e.Progress(); !(p >= 0.1 && p < 0.3) {
		t.Errorf("progress %v during the spectrum", p)
	}
}

// FuzzLink: any link to this lab parses to a canonical link that re-parses
// without notices (the limits are idempotent) and needs one dataset.
func FuzzLink(f *testing.F) {
	labtest.Seed(f, golden, "lab=critical&n=abc&m=1,zz&bogus=1&eta=%ZZ&dataset=none&sweep=-1",
		"lab=critical&dataset=diabetes&target=onehot&select=perclass&n=99999&eig=exact&sampler=bernoulli&m=n,100000")
	f.Fuzz(func(t *testing.T, q string) {
		l, v := labtest.Canonical(t, "critical", q)
		if l.Name == "critical" && len(l.DataNeeds(v)) != 1 {
			t.Fatalf("needs %v", l.DataNeeds(v))
		}
	})
}

// Before Run nothing is computed, and the readout and the caption do not
// claim otherwise; once stepping, the phase row says what is under way.
func TestPhaseBeforeRun(t *testing.T) {
	e, _ := build(t, "v=1&lab=critical&n=100&m=1,4&seeds=1&sweep=0")
	phaseItem := func() string {
		for _, it := range e.Readout().Items {
			if it.Key == "phase" {
				return it.Value
			}
		}
		return ""
	}
	if p := phaseItem(); strings.Contains(p, "computing") || !strings.HasPrefix(p, "Run computes the 100×100 kernel matrix") {
		t.Errorf("phase before Run: %q", p)
	}
	if c := e.Figure().Caption; strings.Contains(c, "computing") {
		t.Errorf("caption before Run: %q", c)
	}
	e.Step(1)
	if p := phaseItem(); p != "computing the 100×100 kernel matrix" || e.Phase() != p {
		t.Errorf("phase after one Step: %q, Phase %q", p, e.Phase())
	}
}
