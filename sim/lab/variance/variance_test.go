package variance

import (
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sgdlab/sim/lab/labtest"
	"sgdlab/sim/plot"
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
	"default":  "v=1&lab=variance&runs=100&steps=40",
	"synth":    "v=1&lab=variance&data=synth&n=60&d=12&b=1,3,n&runs=60&steps=30&rule=inv&c=0.3",
	"twolayer": "v=1&lab=variance&model=twolayer&p=5&h=6&o=4&b=1,4,16&runs=50&steps=20&rule=inv&c=0.1",
	"mlp":      "v=1&lab=variance&model=mlp&images=fashion&nimg=30&hidden=6,5&b=1,8,n&runs=8&steps=10&c=0.1",
}

func TestGolden(t *testing.T) {
	labtest.Golden(t, golden, webRoot, os.DirFS("testdata"), labtest.Writer("testdata", os.WriteFile))
}

func TestSlicingDoesNotChangeNumbers(t *testing.T) {
	labtest.Slicing(t, "v=1&lab=variance&b=1,7,n&runs=30&steps=25", webRoot, []int{1, 999, 1 << 30})
}

// On the diabetes regression set var(g_t | F₀) and var(∇L(w_t) | F₀)
// decrease in b at every recorded step (Corollary 1), with no rise beyond
// the errors; at t = 0 the estimate matches Lemma 1; the law of total
// variance holds along the runs.
func TestDiabetes(t *testing.T) {
	e := build(t, "v=1&lab=variance&b=1,2,4,8,16,32&runs=1000&steps=60")
	labtest.RunToEnd(e, 1<<24)
	for j := 0; j+1 < len(e.ens); j++ {
		a, b := e.ens[j].Points(), e.ens[j+1].Points()
		for k := range a {
			if z, _, _ := e.z(j, k); z > 2 {
				t.Errorf("b = %d → %d, t = %d: var(g) rises, z = %v", e.bs[j], e.bs[j+1], a[k].T, z)
			}
			if a[k].T > 0 && b[k].VarFull > a[k].VarFull+2*math.Hypot(a[k].SEFull, b[k].SEFull) {
				t.Errorf("b = %d → %d, t = %d: var(∇L) rises: %v → %v", e.bs[j], e.bs[j+1], a[k].T, a[k].VarFull, b[k].VarFull)
			}
		}
	}
	for j, en := range e.ens {
		p0 := en.Points()[0]
		exact := e.lin.CondVar(make([]float64, e.d), e.w0, e.bs[j])
		if math.Abs(p0.VarG-exact) > 4*p0.SEG {
			t.Errorf("b = %d, t = 0: estimate %v ± %v, Lemma 1 %v", e.bs[j], p0.VarG, p0.SEG, exact)
		}
		for _, p := range en.Points() {
			if tol := 4 * (p.SEG + p.SECond + p.SEFull); math.Abs(p.VarG-(p.CondVar+p.VarFull)) > tol {
				t.Errorf("b = %d, t = %d: total variance %v vs %v + %v", e.bs[j], p.T, p.VarG, p.CondVar, p.VarFull)
			}
		}
	}
	if got := e.checkText(); !strings.HasPrefix(got, "yes") && !strings.Contains(got, "within 2 s.e.") {
		t.Errorf("check: %s", got)
	}
}

// Two-layer network: the fit without a constant term finds a positive
// leading 1/b coefficient and b·var(g₀) is nearly constant (fresh samples).
func TestTwoLayerFit(t *testing.T) {
	e := build(t, "v=1&lab=variance&model=twolayer&p=8&h=8&o=6&b=1,2,4,8,16,32&runs=400&steps=10&rule=inv&c=0.1&at=0")
	labtest.RunToEnd(e, 1<<24)
	bs, v, _, t0 := e.atT()
	if t0 != 0 || len(bs) != 6 {
		t.Fatalf("at t = %d, %d batch sizes", t0, len(bs))
	}
	poly, err := e.fit(bs, v)
	if err != nil {
		t.Fatal(err)
	}
	if poly.Lo != 1 || !(poly.C[0] > 0) {
		t.Errorf("fit %+v: want no constant and a positive 1/b term", poly)
	}
	// At t = 0 the exact variance is proportional to 1/b: the fit's 1/b
	// term carries it, relative to b·var at b = 1.
	if rel := math.Abs(poly.Eval(1)-v[0]) / v[0]; rel > 0.15 {
		t.Errorf("fit at b = 1: %v, estimate %v", poly.Eval(1), v[0])
	}
}

func TestLimits(t *testing.T) {
	labtest.Limits(t, "v=1&lab=variance&", [][3]string{
		{"b=1,500,n", "b", "1,n"}, // 500 → n, the same size as n: merged,
		{"data=synth&n=50&b=64", "b", "n"},
		{"model=twolayer&b=1,n", "b", "1,1024"},
		{"runs=99999", "runs", "5000"},
		{"model=twolayer&p=1024&h=1024&o=1024&runs=100", "runs", "4"},
	})
}

// Views change the figure, never the numbers.
func TestViews(t *testing.T) {
	e := build(t, "v=1&lab=variance&runs=40&steps=10")
	labtest.RunToEnd(e, 1<<24)
	panels := map[string]int{"all": 4, "time": 1, "b": 1, "loss": 1, "check": 1}
	views := slices.Sorted(maps.Keys(panels))
	labtest.Views(t, e, "v=1&lab=variance&of=full&deg=3&const=no&at=5&view=", views, false, func(view string, f plot.Figure) {
		if got := len(f.Panels); got != panels[view] {
			t.Errorf("view %s: %d panels", view, got)
		}
	})
}

// FuzzLink: any query gives a canonical link that re-parses unchanged.
func FuzzLink(f *testing.F) {
	labtest.Seed(f, golden, "lab=variance&model=twolayer&b=n,n,0&runs=1&p=0&deg=9&const=maybe&at=-7")
	f.Fuzz(func(t *testing.T, q string) {
		labtest.Canonical(t, "variance", q)
	})
}
