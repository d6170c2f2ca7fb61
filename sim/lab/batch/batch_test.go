package batch

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"sgdlab/sim/lab"
	"sgdlab/sim/lab/labtest"
	"sgdlab/sim/plot"
	"sgdlab/sim/steprule"
)

// build parses a link with the browser's limits and builds the experiment.
func build(t testing.TB, query string) (lab.Experiment, string) {
	t.Helper()
	return labtest.Build(t, query, nil)
}

// The numbers never depend on how the driver slices the work.
func TestSlicingDoesNotChangeNumbers(t *testing.T) {
	labtest.Slicing(t, "v=1&n=48&d=80&m=1,5,n&sampler=shuffle&len=6&eta=opt", nil, []int{1, 7, 100, 1 << 30})
}

// golden links: their readouts and CSV digests are checked into testdata and
// must match on every target (`make test` runs this natively and as wasm).
var golden = map[string]string{
	"default":   "",
	"bernoulli": "v=1&n=40&d=64&spectrum=ortho&sampler=bernoulli&eta=bern&m=1,4,n&len=8",
	"power":     "v=1&n=50&d=30&spectrum=power&alpha=1.5&noise=0.1&sampler=subset&m=2,10&eta=opt,0.5hat&stop=iter&len=300",
	"diverge":   "v=1&n=32&d=64&spectrum=corr&rho=0.3&m=8,n&eta=3opt&len=30&y=mse",
}

func TestGolden(t *testing.T) {
	labtest.Golden(t, golden, nil, os.DirFS("testdata"), labtest.Writer("testdata", os.WriteFile))
}

func TestDivergenceIsStoppedAndLabelled(t *testing.T) {
	e, _ := build(t, golden["diverge"])
	labtest.RunToEnd(e, 1<<20)
	ro := e.Readout()
	var diverged int
	for _, row := range ro.Rows {
		if strings.HasPrefix(row[len(row)-1], "diverged at t=") {
			diverged++
		}
		for _, cell := range row {
			if strings.Contains(strings.ToLower(cell), "nan") || strings.Contains(cell, "Inf") {
				t.Errorf("non-finite number on screen: %v", row)
			}
		}
	}
	if diverged == 0 {
		t.Fatalf("3·η* did not diverge: %v", ro.Rows)
	}
	f := e.Figure()
	ends := 0
	for _, s := range f.Panels[0].Series {
		if strings.Contains(s.End, "diverged") {
			ends++
		}
		for i := range s.Y {
			if s.Y[i] != s.Y[i] || s.X[i] != s.X[i] {
				t.Fatal("NaN in the figure")
			}
		}
	}
	if ends != diverged {
		t.Errorf("%d diverged runs, %d labelled on the plot", diverged, ends)
	}
}

func TestEpsStopsEarly(t *testing.T) {
	e, _ := build(t, "v=1&n=32&d=64&spectrum=ortho&sampler=bernoulli&eta=bern&m=4&len=1000&eps=1e-6")
	labtest.RunToEnd(e, 1<<20)
	row := e.Readout().Rows[0]
	if row[len(row)-1] != lab.Converged {
		t.Fatalf("status %q", row[len(row)-1])
	}
}

func TestLimits(t *testing.T) {
	labtest.Limits(t, "v=1&", [][3]string{
		{"n=4000&d=4000", "n", "1500"},
		{"n=100&d=100000", "d", "41943"},
		{"n=100&d=50&spectrum=ortho", "d", "100"},
		{"n=10&sampler=subset&m=1,20", "m", "1,n"},
		{"n=10&m=1,2000", "m", "1,160"},
		{"m=1,2,3&eta=hat,opt", "eta", "hat"},
		{"stop=iter&len=2.5", "len", "3"},
	})
	// The same link runs bigger natively only when asked to.
	_, v, _ := lab.Parse("v=1&n=4000&d=4000", true)
	if v.Int("n") != 4000 {
		t.Error("big limits clamp n=4000")
	}
}

func TestSetViewKeepsRuns(t *testing.T) {
	e, _ := build(t, "v=1&n=20&d=40&m=2&len=3")
	labtest.RunToEnd(e, 1<<20)
	labtest.Views(t, e, "v=1&n=20&d=40&m=2&len=3&", []string{"x=iter&y=mse&theory=0"}, true, func(view string, f plot.Figure) {
		if f.Panels[0].Y.Label != "training MSE" || len(f.Panels[0].Series) != 1 {
			t.Errorf("%s: y label %q, %d series", view, f.Panels[0].Y.Label, len(f.Panels[0].Series))
		}
	})
}

// FuzzLink: any link parses to a canonical link that re-parses without notices
// (the limits are idempotent), and small ones build and run.
func FuzzLink(f *testing.F) {
	labtest.Seed(f, golden, "v=1&n=abc&m=1,zz&bogus=1&eta=%ZZ", "v=1&stop=iter&len=1e9&m=n,n,n&d=100000&n=3")
	f.Fuzz(func(t *testing.T, q string) {
		l, v := labtest.Canonical(t, "", q)
		if v.Int("n")*v.Int("d") <= 4096 && plannedWork(v, v.Int("n"), v.Int("d"), steprule.ParseBatches(v.Get("m"), v.Int("n"))) < 1e6 {
			e, err := l.Build(v, nil)
			if err != nil {
				return // e.g. dependent samples: a message, not a crash
			}
			labtest.RunToEnd(e, 1<<20)
			e.Readout()
			e.Figure()
		}
	})
}

// Issue 13, item 11: the default link's runs are too short for their
// measured rates to be asymptotic, and the readout says how long they need;
// at that length the words go and the cells stay numbers.
func TestRateMeasuredTooEarly(t *testing.T) {
	for _, tc := range []struct {
		query string
		early bool
	}{{"v=1", true}, {"v=1&len=170", false}} {
		e, _ := build(t, tc.query)
		labtest.RunToEnd(e, 1<<20)
		ro := e.Readout()
		noted := false
		for _, n := range ro.Notes {
			noted = noted || strings.HasPrefix(n, "Not yet asymptotic") && strings.Contains(n, "needs len ≥ 170 (this run: ")
		}
		if noted != tc.early {
			t.Errorf("%s: notes %q, want the words %v", tc.query, ro.Notes, tc.early)
		}
		for _, row := range ro.Rows {
			if _, err := strconv.ParseFloat(row[4], 64); err != nil {
				t.Errorf("%s: measured rate %q is not a number", tc.query, row[4])
			}
		}
	}
	// One eigenvalue (orthonormal samples): no faster modes to wait out.
	e, _ := build(t, "v=1&n=64&d=128&spectrum=ortho&sampler=bernoulli&eta=bern&m=1,4&stop=iter&len=40")
	labtest.RunToEnd(e, 1<<20)
	for _, n := range e.Readout().Notes {
		if strings.Contains(n, "asymptotic") {
			t.Errorf("λ₁ = λ_k: %q", n)
		}
	}
}

// The window of tail is the one measuredRate fits: the rate of the points
// from t0 on, least squares, equals measuredRate's.
func TestTailWindow(t *testing.T) {
	e, _ := build(t, "v=1&n=48&d=80&m=1,5,n&len=6")
	labtest.RunToEnd(e, 1<<20)
	for _, r := range e.(*Experiment).runs {
		t0, t1, cut, ok := r.tail()
		if !ok || cut || t0 < r.Trace.T[len(r.Trace.T)-1]/2 || t1 != r.Trace.T[len(r.Trace.T)-1] {
			t.Errorf("m=%d: tail %d–%d cut %v ok %v of %v", r.m, t0, t1, cut, ok, r.Trace.T)
		}
		for _, t1 := range r.Trace.T {
			if t1 < t0 && 2*t1 >= r.Trace.T[len(r.Trace.T)-1] {
				t.Errorf("m=%d: t=%d is fitted but before t0 = %d", r.m, t1, t0)
			}
		}
	}
}
