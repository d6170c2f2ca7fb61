package armijo

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"sgdlab/sim/lab"
	"sgdlab/sim/lab/labtest"
	"sgdlab/sim/linesearch"
)

// webRoot is the page's tree with the committed shards.
var webRoot = os.DirFS(filepath.Join("..", "..", "..", "web", "static"))

func build(t testing.TB, query string) *Experiment {
	t.Helper()
	e, _ := labtest.Build(t, query, webRoot)
	return e.(*Experiment)
}

// golden links: readouts and CSV digests checked into testdata; they must
// match on every target (`make test` runs this natively and as wasm).
var golden = map[string]string{
	"mlp":    "v=1&lab=armijo&n=120&hidden=8&b=4,16,64&seeds=2&tau=0.9&kmax=400",
	"linreg": "v=1&lab=armijo&model=linreg&target=loss&eps=0.3&b=1,8,64&seeds=2&eta=0.05&kmax=2000&check=5",
	"kernel": "v=1&lab=armijo&model=kernel&images=fashion&n=80&b=2,8,32&seeds=1&tau=0.95&eta=1&kmax=500",
	"grad":   "v=1&lab=armijo&model=linreg&data=synth&n=40&d=60&target=grad&eps=1e-3&b=1,4,40&reset=max&kmax=5000",
}

func TestGolden(t *testing.T) {
	labtest.Golden(t, golden, webRoot, os.DirFS("testdata"), labtest.Writer("testdata", os.WriteFile))
}

func TestSlicingDoesNotChangeNumbers(t *testing.T) {
	labtest.Slicing(t, golden["mlp"], webRoot, []int{1, 777, 1 << 30})
	labtest.Slicing(t, "v=1&lab=armijo&model=kernel&n=50&b=2,8&seeds=1&tau=0.9&kmax=300", webRoot, []int{1, 5000, 1 << 30})
}

// K is the first step at which the target holds: with check=1 every
// evaluation before K fails and the one at K holds; a sparser check finds a
// K no earlier, and — for least squares with a small constant step, whose
// loss falls monotonically — exactly the same.
func TestKIsTheFirstHit(t *testing.T) {
	for _, q := range []string{
		"v=1&lab=armijo&n=120&hidden=16&b=16,64&seeds=2&tau=0.9&kmax=1000",
		"v=1&lab=armijo&model=linreg&data=synth&n=40&d=60&target=grad&eps=1e-2&b=2,8&seeds=2&eta=0.01&kmax=4000",
	} {
		every := build(t, q+"&check=1")
		labtest.RunToEnd(every, 1<<20)
		for _, check := range []string{"0", "7"} {
			sparse := build(t, q+"&check="+check)
			labtest.RunToEnd(sparse, 1<<20)
			for i, r := range every.runs {
				if !r.reached {
					t.Fatalf("%s: %s b=%d seed %d did not reach the target", q, optNames[r.opt], r.b, r.seed)
				}
				for _, p := range r.pts {
					if (p.T < r.k) == every.hit(p) {
						t.Fatalf("%s: target at step %d = %v with K = %d", q, p.T, every.hit(p), r.k)
					}
				}
				if len(r.pts) != r.k+1 {
					t.Fatalf("check=1 evaluated %d times up to K = %d", len(r.pts), r.k)
				}
				s := sparse.runs[i]
				if s.k < r.k || (r.opt == optConst && q[15:21] == "model=" && s.k != r.k) {
					t.Errorf("%s check=%s: %s b=%d seed %d: K = %d, every step: %d", q, check, optNames[r.opt], r.b, r.seed, s.k, r.k)
				}
				// the replay leaves the same records as stepping straight through
				for k := range min(s.k, r.k) {
					if s.alpha[k] != r.alpha[k] || s.evals[k] != r.evals[k] || s.bloss[k] != r.bloss[k] {
						t.Fatalf("check=%s: step %d differs from check=1", check, k+1)
					}
				}
			}
		}
	}
}

// On interpolating least squares (synthetic, d > n, no noise) Armijo SGD
// converges: every run drives ‖∇f‖ below 10⁻⁶, at every batch size, and
// every accepted step lies in (0, α_max] and took at least one evaluation.
func TestArmijoConvergesOnLeastSquares(t *testing.T) {
	e := build(t, "v=1&lab=armijo&model=linreg&data=synth&n=40&d=60&target=grad&eps=1e-6&b=1,4,16,40&seeds=2&cmp=0&kmax=20000")
	labtest.RunToEnd(e, 1<<20)
	for _, r := range e.runs {
		if !r.reached || r.fails > 0 {
			t.Errorf("b=%d seed %d: reached %v (K = %d), %d failed searches", r.b, r.seed, r.reached, r.k, r.fails)
		}
		for k, a := range r.alpha {
			if !(a > 0 && a <= 10) || r.evals[k] < 1 {
				t.Fatalf("b=%d step %d: α = %v after %d evaluations", r.b, k+1, a, r.evals[k])
			}
		}
	}
	// K falls with b here, as THEORY §5 says it should.
	cs := e.cells(optArmijo)
	for j := 1; j < len(cs); j++ {
		if cs[j].k > cs[j-1].k {
			t.Errorf("K(%d) = %v > K(%d) = %v", cs[j].b, cs[j].k, cs[j-1].b, cs[j-1].k)
		}
	}
}

// The MLP on MNIST shows the paper's shape at browser size: K falls with b,
// N = K·b has an interior minimum among b = 4…128, and growing the trial
// step by a full γ every step (reset=full) keeps small batches from
// training at all (THEORY §5).
func TestMNISTShape(t *testing.T) {
	e := build(t, "v=1&lab=armijo&n=500&b=4,16,64&seeds=1&cmp=0")
	labtest.RunToEnd(e, 1<<20)
	cs := e.cells(optArmijo)
	for j, c := range cs {
		if !c.complete() {
			t.Fatalf("b = %d did not reach 97 %%", c.b)
		}
		if j > 0 && !(c.k < cs[j-1].k) {
			t.Errorf("K(%d) = %v ≥ K(%d) = %v", c.b, c.k, cs[j-1].b, cs[j-1].k)
		}
	}
	if j := argminN(cs, false); j != 1 {
		t.Errorf("least N at b = %d, want the interior b = 16 (N: %v, %v, %v)", cs[j].b, cs[0].n, cs[1].n, cs[2].n)
	}
	full := build(t, "v=1&lab=armijo&n=500&b=4&seeds=1&cmp=0&reset=full&kmax=2000")
	labtest.RunToEnd(full, 1<<20)
	if r := full.runs[0]; r.reached {
		t.Errorf("reset=full reached 97 %% at b = 4 in %d steps", r.k)
	}
}

func TestLimits(t *testing.T) {
	labtest.Limits(t, "v=1&lab=armijo&", [][3]string{
		{"model=linreg", "target", TargetLoss},
		{"model=kernel&n=9000", "n", "4096"},
		{"n=50&b=8,64", "b", "8,n"},
		{"model=linreg&b=1,1000", "b", "1,n"},
		{"seeds=100&b=1,2,3,4,5,6,7,8,9,10,11,12", "seeds", "3"},
	})
}

// FuzzLink: any query gives a canonical link that re-parses unchanged.
func FuzzLink(f *testing.F) {
	labtest.Seed(f, golden, "v=1&lab=armijo&c=2&delta=0&reset=sometimes&target=acc&model=linreg&b=0,n,zz&tb=-4")
	f.Fuzz(func(t *testing.T, q string) {
		labtest.Canonical(t, "armijo", q)
	})
}

func TestMisses(t *testing.T) {
	for _, tc := range []struct {
		rms   float64
		faint bool
	}{{0, false}, {0.186, false}, {0.2, false}, {0.205, true}, {0.556, true}} {
		f := linesearch.KFit{RMS: tc.rms}
		s := fitSeries("fit", 1, f, nil, nil)
		if misses(f) != tc.faint || s.Faint != tc.faint || !s.Dashed || strings.Contains(s.Label, "misses") != tc.faint {
			t.Errorf("rms %g: misses %v, series %+v; want faint %v", tc.rms, misses(f), s, tc.faint)
		}
	}
}

// Issue 13, item 9: a fit that misses (here rms 0.48) is said to in the
// readout (the b* item and a note) and in the figure (faint dashed curves
// and panel notes); the seed range is a dotted pair with one legend entry;
// the trace panel's End labels are short and distinct.
func TestFitThatMissesIsSaid(t *testing.T) {
	e := build(t, golden["linreg"]) // cmp=1: both optimisers
	labtest.RunToEnd(e, 1<<20)
	f, err := e.fit(e.cells(optArmijo))
	if err != nil || !misses(f) {
		t.Fatalf("fit %+v, %v: want one that misses", f, err)
	}
	ro := e.Readout()
	var bstar lab.Item
	for _, it := range ro.Items {
		if it.Key == "bstar" {
			bstar = it
		}
	}
	if !strings.Contains(bstar.Label, "misses") || !strings.Contains(bstar.Help, "does not describe these data") {
		t.Errorf("b* item %+v", bstar)
	}
	if _, err := strconv.ParseFloat(bstar.Value, 64); err != nil {
		t.Errorf("b* %q is not a number", bstar.Value)
	}
	noted := false
	for _, n := range ro.Notes {
		noted = noted || strings.Contains(n, "misses the measured K")
	}
	if !noted {
		t.Errorf("no note: %q", ro.Notes)
	}
	fig := e.Figure() // view=all
	for _, p := range fig.Panels {
		var fits, dotted, labelled int
		for _, s := range p.Series {
			if strings.Contains(s.Label, "fit") {
				opt := optArmijo
				if strings.HasPrefix(s.Label, "const") {
					opt = optConst
				}
				f, _ := e.fit(e.cells(opt))
				if opt == optArmijo {
					fits++
				}
				if s.Faint != misses(f) || !s.Dashed || strings.Contains(s.Label, "misses") != misses(f) {
					t.Errorf("%s: fit series %q faint %v dashed %v, rms %v", p.Title, s.Label, s.Faint, s.Dashed, f.RMS)
				}
			}
			if strings.Contains(s.Label, "(lines:") {
				t.Errorf("%s: %q", p.Title, s.Label)
			}
			if s.Dotted {
				dotted++
				if s.Label != "" {
					labelled++
				}
			}
		}
		if fits > 0 && !strings.Contains(strings.Join(p.Notes, "\n"), "fit misses") {
			t.Errorf("%s: notes %q", p.Title, p.Notes)
		}
		if p.Title == "steps to target K(b)" && (dotted != 4 || labelled != 2) {
			t.Errorf("%s: %d dotted series, %d labelled; want 2 pairs, one label each", p.Title, dotted, labelled)
		}
		if p.X.Label == "step k" && strings.HasPrefix(p.Title, "training loss") {
			seen := map[string]bool{}
			for _, s := range p.Series {
				if s.End == "" || s.End == "diverged" {
					continue
				}
				if seen[s.End] || !strings.HasPrefix(s.End, "K=") || len(s.End) > 24 {
					t.Errorf("End label %q (seen %v)", s.End, seen)
				}
				seen[s.End] = true
			}
			if len(seen) == 0 {
				t.Errorf("%s: no End labels", p.Title)
			}
		}
	}
}

// Runs whose K coincide get distinct End labels.
func TestEndLabelsDistinct(t *testing.T) {
	e := &Experiment{vals: Params.Defaults()}
	for _, r := range []run{{opt: optArmijo, b: 4, k: 10}, {opt: optConst, b: 4, k: 10}, {opt: optArmijo, b: 8, k: 10}, {opt: optArmijo, b: 16, k: 7}} {
		r.seed, r.reached = 1, true
		e.runs = append(e.runs, &r)
	}
	got := e.endLabels()
	want := []string{"K=10 armijo b=4", "K=10 const b=4", "K=10 b=8", "K=7"}
	for i, r := range e.runs {
		if got[r] != want[i] {
			t.Errorf("run %d: %q, want %q", i, got[r], want[i])
		}
	}
}
