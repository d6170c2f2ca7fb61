package consensus

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"sgdlab/sim/lab"
	"sgdlab/sim/lab/labtest"
	"sgdlab/sim/plot"
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

func item(ro lab.Readout, key string) string {
	for _, it := range ro.Items {
		if it.Key == key {
			return it.Value
		}
	}
	return ""
}

func relClose(a, b, tol float64) bool { return math.Abs(a-b) <= tol*math.Max(math.Abs(a), math.Abs(b)) }

// The default link: a ring of 16 nodes with orthonormal samples converges
// to exact consensus on the interpolant at the predicted rate.
func TestDefault(t *testing.T) {
	e, _ := build(t, "v=1&lab=consensus")
	labtest.RunToEnd(e, 1<<20)
	if e.plan.Err() != nil {
		t.Fatal(e.plan.Err())
	}
	n := 16.0
	if want := 2 * (1 - math.Cos(2*math.Pi/n)); !relClose(e.lap.lo, want, 1e-9) || !relClose(e.lap.hi, 4, 1e-9) {
		t.Errorf("ring λ₂, λ_max = %v, %v; want %v, 4", e.lap.lo, e.lap.hi, want)
	}
	if !relClose(e.hsp.Lk, 1/n, 1e-9) {
		t.Errorf("λ⁺_min(H) = %v, want 1/n for orthonormal samples", e.hsp.Lk)
	}
	R := e.an.Rate(e.eta)
	got, ok := e.measured()
	if !ok || !relClose(got, R, 0.01) {
		t.Errorf("measured rate %v (ok %v), predicted %v", got, ok, R)
	}
	if b := 1 - e.eta*e.hsp.Lk; b > R {
		t.Errorf("Mitra's bound 1 − ηλ⁺_min = %v > R = %v", b, R)
	}
	r := e.main
	last := len(r.errs) - 1
	if r.status != finished || r.errs[last] > 1e-16*r.err0 || r.dis[last] > 1e-16 || r.loss[last] > 1e-16 {
		t.Errorf("no exact consensus: status %s, error %v of %v, disagreement %v, loss %v", r.status, r.errs[last], r.err0, r.dis[last], r.loss[last])
	}
	if len(e.bases) != 2 {
		t.Fatalf("%d baselines, want GD and SGD", len(e.bases))
	}
	for _, b := range e.bases {
		if b.errs[len(b.errs)-1] > 1e-3*b.err0 {
			t.Errorf("baseline %s did not converge: %v of %v", b.name, b.errs[len(b.errs)-1], b.err0)
		}
	}
	if got := item(e.Readout(), "bound"); !strings.Contains(got, "holds") {
		t.Errorf("readout bound %q", got)
	}
	if len(r.fNode) < 10 || len(r.fNode[0]) != 16 || len(r.fEdge[0]) != 16 {
		t.Errorf("frames: %d of %d nodes", len(r.fNode), len(r.fNode[0]))
	}
}

// Lanczos with deflation agrees with the dense analysis.
func TestLanczosMatchesExact(t *testing.T) {
	for _, q := range []string{
		"v=1&lab=consensus&topo=er&n=16&p=0.3&d=24&spectrum=iso&len=1",
		"v=1&lab=consensus&topo=barbell&n=14&clique=5&d=20&len=1",
		"v=1&lab=consensus&topo=torus&n=16&d=4&spectrum=iso&len=1",
	} {
		ex, _ := build(t, q+"&eig=exact")
		lz, _ := build(t, q+"&eig=lanczos")
		labtest.RunToEnd(ex, 1<<20)
		labtest.RunToEnd(lz, 1<<20)
		if lz.an.iter == 0 || ex.an.iter != 0 {
			t.Fatalf("%s: routes not taken", q)
		}
		if !relClose(ex.an.SigmaMin, lz.an.SigmaMin, 1e-6) || !relClose(ex.an.SigmaMax, lz.an.SigmaMax, 1e-8) || ex.an.Null != lz.an.Null {
			t.Errorf("%s: exact %+v, Lanczos %+v", q, ex.an.Analysis, lz.an.Analysis)
		}
		if !relClose(ex.lap.lo, lz.lap.lo, 1e-6) || !relClose(ex.lap.hi, lz.lap.hi, 1e-8) {
			t.Errorf("%s: L exact %+v, Lanczos %+v", q, ex.lap, lz.lap)
		}
	}
}

// Under-parametrised: the runs converge to the minimiser, the nodes disagree.
func TestUnderParametrised(t *testing.T) {
	e, _ := build(t, "v=1&lab=consensus&topo=torus&n=25&d=4&spectrum=iso&noise=0.1&mu=1&len=3000&base=none")
	labtest.RunToEnd(e, 1<<20)
	if e.interp || len(e.wInf) != 25*4 {
		t.Fatalf("interp %v, len(W∞) %d", e.interp, len(e.wInf))
	}
	r := e.main
	last := len(r.errs) - 1
	if r.errs[last] > 1e-16*r.err0 {
		t.Errorf("error to the minimiser %v of %v", r.errs[last], r.err0)
	}
	if r.dis[last] < 1e-6 || r.loss[last] < 1e-6 {
		t.Errorf("disagreement %v and loss %v should stay positive without an interpolant", r.dis[last], r.loss[last])
	}
	got, ok := e.measured()
	if R := e.an.Rate(e.eta); !ok || !relClose(got, R, 0.01) {
		t.Errorf("measured %v, predicted %v", got, R)
	}
}

// The μ sweep: measured matches predicted at each μ and the best μ is
// inside the grid (too small and too large are both slow).
func TestSweep(t *testing.T) {
	e, _ := build(t, "v=1&lab=consensus&topo=ring&n=12&d=24&sweep=9&mulo=0.001&muhi=100&sweeplen=2000&len=10&base=none")
	labtest.RunToEnd(e, 1<<20)
	for _, p := range e.sweep {
		if !p.done || !p.ok || !relClose(p.measured, p.rBest(), 0.01) {
			t.Errorf("μ = %v: measured %v (ok %v), predicted %v", p.mu, p.measured, p.ok, p.rBest())
		}
	}
	bp, bm := e.best()
	if bp <= 0 || bp >= len(e.sweep)-1 || bm <= 0 || bm >= len(e.sweep)-1 {
		t.Errorf("best μ at index %d (predicted), %d (measured) of %d: want inside", bp, bm, len(e.sweep))
	}
}

// Every algorithm reaches consensus on the default problem; a step past
// 2/σ_max diverges and says so.
func TestAlgorithms(t *testing.T) {
	for _, tc := range []struct {
		q       string
		status  string
		maxRel  float64 // final error / initial
		disZero bool
	}{
		{"algo=async&frac=0.5&len=3000", finished, 1e-12, true},
		{"algo=gossip&len=3000", finished, 1e-5, false},
		{"algo=decoupled&avg=2&len=3000", finished, 1, false},
		{"eta=2.2&len=400", diverged, math.Inf(1), false},
	} {
		e, _ := build(t, "v=1&lab=consensus&base=none&"+tc.q)
		labtest.RunToEnd(e, 1<<20)
		r := e.main
		last := len(r.errs) - 1
		if r.status != tc.status {
			t.Errorf("%s: status %s, want %s", tc.q, r.status, tc.status)
			continue
		}
		if r.status == finished && !(r.errs[last] <= tc.maxRel*r.err0) {
			t.Errorf("%s: error %v of %v", tc.q, r.errs[last], r.err0)
		}
		if tc.disZero && r.dis[last] > 1e-10 {
			t.Errorf("%s: disagreement %v", tc.q, r.dis[last])
		}
		if tc.status == diverged && !strings.Contains(fmt.Sprint(e.Figure()), "diverged") {
			t.Errorf("%s: the figure does not say it diverged", tc.q)
		}
	}
}

// golden links: readouts and CSV digests checked into testdata; they must
// match on every target (`make test` runs this natively and as wasm).
var golden = map[string]string{
	"default": "v=1&lab=consensus",
	"er":      "v=1&lab=consensus&topo=er&n=24&p=0.2&d=30&spectrum=iso&w0=random&algo=async&len=500&m=4&eig=lanczos",
	"sweep":   "v=1&lab=consensus&topo=torus&n=16&d=20&sweep=5&sweeplen=100&len=50",
	"mnist":   "v=1&lab=consensus&topo=ws&n=40&k=4&data=mnist&len=200&base=gd",
}

func TestGolden(t *testing.T) {
	labtest.Golden(t, golden, webRoot, os.DirFS("testdata"), labtest.Writer("testdata", os.WriteFile))
}

// The numbers never depend on how the driver slices the work.
func TestSlicingDoesNotChangeNumbers(t *testing.T) {
	labtest.Slicing(t, "v=1&lab=consensus&topo=er&n=12&p=0.4&d=16&sweep=3&sweeplen=40&len=60&eig=lanczos", webRoot, []int{1, 7777, 1 << 30})
}

func TestLimits(t *testing.T) {
	labtest.Limits(t, "v=1&lab=consensus&", [][3]string{
		{"topo=ws&n=10&k=3", "k", "4"},
		{"topo=regular&n=9&k=3", "k", "2"},
		{"topo=ring&n=2", "n", "3"},
		{"topo=torus&n=5", "n", "9"},
		{"topo=grid&n=26", "n", "25"},
		{"topo=barbell&n=10&clique=8", "clique", "5"},
		{"n=100&d=10&w0=random&spectrum=iso", "w0", "zero"},
		{"n=40&d=10", "spectrum", "iso"},
		{"n=5000", "n", "2000"},
		{"m=50", "m", "16"},
		{"eig=exact&n=100&d=100", "eig", "lanczos"},
		{"mulo=10&muhi=1", "muhi", "10"},
	})
}

func TestPins(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"none", "none"}, {"", "none"}, {" 3, 1,3 ", "3,1"},
	} {
		got, err := checkPins(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("checkPins(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"x", "-1", "1,2,3,4,5,6,7,8,9"} {
		if _, err := checkPins(bad); err == nil {
			t.Errorf("checkPins(%q) accepted", bad)
		}
	}
	if got := TogglePin("none", 4); got != "4" {
		t.Errorf("toggle on: %q", got)
	}
	if got := TogglePin("4,5", 4); got != "5" {
		t.Errorf("toggle off: %q", got)
	}
	if got := TogglePin("4", 4); got != "none" {
		t.Errorf("toggle last off: %q", got)
	}
	if got := TogglePin("0,1,2,3,4,5,6,7", 9); got != "1,2,3,4,5,6,7,9" {
		t.Errorf("toggle past the cap: %q", got)
	}
}

// Views change the figure, never the numbers; a pinned node gets a curve,
// the scrubber picks a frame.
func TestViews(t *testing.T) {
	e, _ := build(t, "v=1&lab=consensus&len=200&sweep=3&sweeplen=50")
	labtest.RunToEnd(e, 1<<20)
	const all = "view=all&pin=3,7&at=2"
	labtest.Views(t, e, "v=1&lab=consensus&", []string{all, "view=graph", "view=curves", "view=sweep"}, false, func(view string, f plot.Figure) {
		if view != all {
			if got := len(f.Panels); got != 1 {
				t.Errorf("%s: %d panels", view, got)
			}
			return
		}
		if len(f.Panels) != 3 || f.Panels[0].Net == nil {
			t.Fatalf("view all: %d panels", len(f.Panels))
		}
		net := f.Panels[0].Net
		if net.Frame != 2 || len(net.Pinned) != 2 || len(net.X) != 16 || len(net.U) != 16 {
			t.Errorf("network: frame %d, pinned %v, %d nodes, %d edges", net.Frame, net.Pinned, len(net.X), len(net.U))
		}
		pinned := 0
		for _, s := range f.Panels[1].Series {
			if strings.HasPrefix(s.Label, "node ") {
				pinned++
			}
		}
		if pinned != 2 {
			t.Errorf("%d pinned curves, want 2", pinned)
		}
	})
}

// Every preset runs in the browser's limits and produces a finite readout.
func TestPresetsRun(t *testing.T) {
	if testing.Short() {
		t.Skip("presets run in full mode")
	}
	l, _ := lab.Get("consensus")
	for _, p := range l.Presets {
		if p.CLI {
			continue
		}
		e, _ := build(t, p.Query)
		labtest.RunToEnd(e, 1<<22)
		if e.plan.Err() != nil {
			t.Errorf("%s: %v", p.Title, e.plan.Err())
		}
		if r := e.main; r == nil || r.status == diverged {
			t.Errorf("%s: main run %v", p.Title, r)
		}
	}
}

// FuzzLink: any query gives a canonical link that re-parses unchanged and
// without notices, and (for the deterministic and the ws/regular
// topologies, small n) a graph its generator accepts: Limits keep every
// generator's preconditions.
func FuzzLink(f *testing.F) {
	labtest.Seed(f, golden,
		"lab=consensus&topo=ws&n=7&k=9&beta=2&clique=0&pin=1,x&at=-5&mulo=5&muhi=1",
		"lab=consensus&topo=regular&n=5&k=3&data=mnist&d=0&w0=random&eig=exact&m=99",
		"lab=consensus&topo=barbell&n=5&clique=9&algo=bogus&sweep=99&sweeplen=1",
		"lab=consensus&topo=torus&n=10&grid=2",
		// A size limit that breaks a grid or a barbell (Limits repeat to a fixed point).
		"lab=consensus&topo=grid&n=1600&data=mnist",
		"lab=consensus&topo=barbell&n=1600&clique=800&data=mnist")
	f.Fuzz(func(t *testing.T, q string) {
		l, v := labtest.Canonical(t, "consensus", q)
		if l.Name != "consensus" || v.Int("n") > 200 || v.Get("topo") == ER {
			return
		}
		if _, err := buildGraph(v); err != nil {
			t.Fatalf("%s: %v", v.Encode(), err)
		}
	})
}

// The pointer: a click on a node of the graph panel toggles its pin, the
// scrubber maps a fraction to a frame (its right end to the latest, −1);
// other panels and nodes out of range change nothing.
func TestInteractive(t *testing.T) {
	e, _ := build(t, "v=1&lab=consensus&len=300")
	labtest.RunToEnd(e, 1<<20)
	frames := len(e.main.fNode)
	for _, tc := range []struct {
		panel, node int
		ok          bool
		want        string
	}{
		{0, 3, true, "3"}, {1, 3, false, ""}, {0, 16, false, ""}, {0, -1, false, ""},
	} {
		name, value, ok := e.ClickNode(tc.panel, tc.node)
		if ok != tc.ok || ok && (name != "pin" || value != tc.want) {
			t.Errorf("ClickNode(%d, %d) = %q, %q, %v", tc.panel, tc.node, name, value, ok)
		}
	}
	for _, tc := range []struct {
		frac float64
		want string
	}{
		{0, "0"}, {0.5, fmt.Sprint((frames - 1) / 2)}, {1, "-1"}, {2, "-1"}, {-1, "0"},
	} {
		name, value, ok := e.Scrub(0, tc.frac)
		if !ok || name != "at" || value != tc.want && !(tc.frac == 0.5 && value == fmt.Sprint(frames/2)) {
			t.Errorf("Scrub(0, %v) = %q, %q, %v; want at=%s of %d frames", tc.frac, name, value, ok, tc.want, frames)
		}
	}
	_, v, _ := lab.Parse("v=1&lab=consensus&view=curves", false)
	e.SetView(v)
	if _, _, ok := e.ClickNode(0, 3); ok {
		t.Error("a click on the curves panel pinned a node")
	}
}

// Issue 13, item 11: a run too short for its slowest mode measures a faster
// rate than R; the readout says so and how long a run needs, and a run of
// that length measures R without the words.
func TestRateMeasuredTooEarly(t *testing.T) {
	const q = "v=1&lab=consensus&topo=grid&n=36&d=72&spectrum=power&mu=2"
	for _, tc := range []struct {
		len   string
		early bool
	}{{"8000", true}, {"70000", false}} {
		e, _ := build(t, q+"&len="+tc.len)
		labtest.RunToEnd(e, 1<<20)
		ro := e.Readout()
		var it lab.Item
		for _, x := range ro.Items {
			if x.Key == "measured" {
				it = x
			}
		}
		if _, err := strconv.ParseFloat(it.Value, 64); err != nil {
			t.Fatalf("len=%s: the measured rate %q is not a number", tc.len, it.Value)
		}
		R, _ := strconv.ParseFloat(item(ro, "rate"), 64)
		r, _ := strconv.ParseFloat(it.Value, 64)
		want := "not yet asymptotic: the measured rate needs len ≥ 70000 (this run: " + tc.len + ")"
		noted := false
		for _, n := range ro.Notes {
			noted = noted || strings.Contains(n, "not yet asymptotic") && strings.Contains(n, "needs len ≥ 70000")
		}
		said := strings.Contains(it.Help, want) && strings.Contains(it.Label, "not yet asymptotic")
		if said != tc.early || noted != tc.early {
			t.Errorf("len=%s: R = %g, measured %g; item %+v, notes %q: want the words %v", tc.len, R, r, it, ro.Notes, tc.early)
		}
		// long enough: the decay per round, 1 − r, within 5 % of 1 − R
		if r, _ := e.measured(); !tc.early && !relClose(1-r, 1-e.an.Rate(e.eta), 0.05) {
			t.Errorf("len=%s: measured %v, predicted %v", tc.len, r, e.an.Rate(e.eta))
		}
	}
}
