package variance

import (
	"fmt"
	"strconv"
	"strings"

	"sgdlab/sim/data"
	"sgdlab/sim/lab"
	"sgdlab/sim/spec"
	"sgdlab/sim/steprule"
)

// Models, as in links.
const (
	LinReg   = "linreg"
	TwoLayer = "twolayer"
	MLP      = "mlp"
)

// mlpPoints is how many steps an MLP ensemble records (each record costs a
// full gradient over the n images per run).
const mlpPoints = 20

// Data of the least-squares model.
const (
	Diabetes = lab.Diabetes
	Synth    = lab.Synth
)

// Views.
const (
	ViewAll   = lab.ViewAll
	ViewTime  = "time"
	ViewB     = "b"
	ViewLoss  = "loss"
	ViewCheck = "check"
)

const (
	maxBatches = 12
	maxB       = 1 << 16
	diabetesN  = 442
	onlineN    = 1 << 16 // what "n" means for the online model (no finite data)
	maxPoints  = 120     // recorded steps per run
)

// limits protect a browser tab (big = false) and a native run (big = true).
type limits struct {
	Runs   int
	Floats int     // 3·R·d per batch size, summed: the ensembles' memory
	Work   float64 // multiply-adds of all runs
}

var (
	browserLimits = limits{Runs: 5000, Floats: 1 << 23, Work: 4e9}
	nativeLimits  = limits{Runs: 100000, Floats: 1 << 28, Work: 1e13}
)

// Params is the lab's parameter table: the link format.
var Params = &spec.Set{Lab: "variance", Params: []spec.Param{
	{Name: "model", Kind: spec.Enum, Default: LinReg, Choices: []string{LinReg, TwoLayer, MLP}, Group: "Model",
		Help: "linreg: least squares on a dataset, subset batches (Lemma 1); twolayer: the two-layer linear teacher-student network, fresh N(0, I) samples each step (online); mlp: a ReLU network with softmax cross-entropy on images (beyond the theory)"},
	{Name: "data", Kind: spec.Enum, Default: Diabetes, Choices: []string{Diabetes, Synth}, Group: "Model",
		Help: "linreg: diabetes (442×10, features and target standardised, plus an intercept: d = 11) or synthetic"},
	{Name: "n", Kind: spec.Int, Default: "200", Min: 2, Max: 100000, Group: "Model", Help: "synth: samples"},
	{Name: "d", Kind: spec.Int, Default: "20", Min: 1, Max: 100000, Group: "Model", Help: "synth: dimension"},
	{Name: "noise", Kind: spec.Float, Default: "0.5", Min: 0, Max: 10, Group: "Model", Help: "synth: label noise σ (the variance at the optimum is then not 0)"},
	{Name: "dseed", Kind: spec.Seed, Default: "1", Group: "Model", Help: "seed of the synthetic data"},
	{Name: "p", Kind: spec.Int, Default: "16", Min: 1, Max: 1024, Group: "Model", Help: "twolayer: input dimension"},
	{Name: "h", Kind: spec.Int, Default: "32", Min: 1, Max: 1024, Group: "Model", Help: "twolayer: hidden units"},
	{Name: "o", Kind: spec.Int, Default: "16", Min: 1, Max: 1024, Group: "Model", Help: "twolayer: outputs"},
	{Name: "tseed", Kind: spec.Seed, Default: "1", Group: "Model", Help: "twolayer: seed of the teacher"},
	{Name: "images", Kind: spec.Enum, Default: "mnist", Choices: []string{"mnist", "fashion"}, Group: "Model", Help: "mlp: the image set (its first nimg images, pixels in [0, 1])"},
	{Name: "nimg", Kind: spec.Int, Default: "200", Min: 2, Max: 10000, Group: "Model", Help: "mlp: training images n"},
	{Name: "hidden", Kind: spec.Custom, Default: "16", Check: lab.CheckHidden, Group: "Model", Help: "mlp: hidden layer widths, e.g. 128 or 64,32 (input 784, output 10)"},
	{Name: "b", Kind: spec.Custom, Default: "1,4,16,64", Check: steprule.CheckBatches(maxBatches, maxB), Group: "SGD",
		Help: "batch sizes, one ensemble each (linreg: subsets, n = full batch)"},
	{Name: "runs", Kind: spec.Int, Default: "400", Min: 4, Max: 100000, Group: "SGD", Help: "R: independent runs per batch size, all from the same w₀"},
	{Name: "steps", Kind: spec.Int, Default: "100", Min: 1, Max: 1000000, Group: "SGD", Help: "SGD steps of every run"},
	{Name: "rule", Kind: spec.Enum, Default: "const", Choices: []string{"const", "inv"}, Group: "SGD", Help: "step α_t: const = c; inv = c/(t+1) (the paper's 1/(10t) is inv with c = 0.1)"},
	{Name: "c", Kind: spec.Float, Default: "0.05", Min: 1e-9, Max: 1e3, Group: "SGD", Help: "the constant of the step rule"},
	{Name: "wseed", Kind: spec.Seed, Default: "1", Group: "SGD", Help: "seed of the common start w₀ (linreg: N(0, I/d); twolayer: N(0, 1/fan-in))"},
	{Name: "sseed", Kind: spec.Seed, Default: "1", Group: "SGD", Help: "seed of the runs: run r of batch size j samples from PCG(sseed, 2³² + 2²⁰·j + r)"},
	{Name: "view", Kind: spec.Enum, Default: ViewAll, Choices: []string{ViewAll, ViewTime, ViewB, ViewLoss, ViewCheck}, View: true, Group: "View",
		Help: "all four panels, or one: time (log var vs t), b (var vs b with the fit), loss (E L vs t), check (is var decreasing in b?)"},
	{Name: "of", Kind: spec.Enum, Default: "g", Choices: []string{"g", "full"}, View: true, Group: "View", Help: "which variance: g (the mini-batch gradient) or full (the full gradient ∇L(w_t))"},
	{Name: "at", Kind: spec.Int, Default: "-1", Min: -1, Max: 1000000, View: true, Group: "View", Help: "step t of the var-vs-b panel (the nearest recorded one); −1: the last"},
	{Name: "deg", Kind: spec.Int, Default: "2", Min: 1, Max: 5, View: true, Group: "View", Help: "degree of the polynomial in 1/b fitted to var vs b"},
	{Name: "const", Kind: spec.Enum, Default: "auto", Choices: []string{"auto", "yes", "no"}, View: true, Group: "View",
		Help: "constant term of the fit: auto = yes on finite data (linreg: c_b has one; mlp), no for twolayer (Theorem 4 says none)"},
}}

func init() {
	lab.Register(&lab.Lab{
		Name:  "variance",
		Title: "Variance of the stochastic gradient vs batch size",
		Help: "Many SGD runs from ONE start per batch size b: the variance of the mini-batch gradient given the start, var(g_t | F₀), " +
			"and of the full gradient, as functions of b and t (Qian & Klabjan; THEORY §4). Lemma 1 gives Var(g_t | w_t) = c_b(S₂ − ‖∇L‖²) in closed form for least squares.",
		Theory: "4",
		Params: Params,
		Limits: applyLimits,
		Presets: []lab.Preset{
			{Title: "Figure 2 (left) on diabetes: log var(g_t | F₀) vs t for b = 1…128, decreasing in b at every t", Query: "v=1&lab=variance&b=1,2,4,8,16,32,64,128&runs=300&steps=200&view=time"},
			{Title: "Figure 2 (right) on diabetes: var vs b at t = 50 with a fit in 1/b", Query: "v=1&lab=variance&b=1,2,4,8,16,32,64,128&runs=300&steps=100&view=b&at=50"},
			{Title: "Lemma 1 at t = 0: 5000 runs, estimate vs closed form", Query: "v=1&lab=variance&b=1,8,64,n&runs=5000&steps=1&view=b&at=0"},
			{Title: "Two-layer linear teacher-student (16-32-16), α_t = 0.03/(t+1): a polynomial in 1/b with no constant term", Query: "v=1&lab=variance&model=twolayer&b=1,2,4,8,16,32&runs=200&steps=50&rule=inv&c=0.03"},
			{Title: "Expected loss vs t: larger b, lower loss at the same t", Query: "v=1&lab=variance&b=1,4,16,64&runs=300&steps=200&view=loss"},
			{Title: "Beyond the theory: an MLP (784-16-10) on 64 MNIST images, cross-entropy", Query: "v=1&lab=variance&model=mlp&nimg=64&hidden=16&b=1,4,16,64&runs=12&steps=20&c=0.05"},
			{Title: "The paper's two-layer network 64-256-128 with α_t = 0.01/(t+1) (with the paper's 1/(10t) the runs with b ≤ 8 diverge from this N(0, 1/fan-in) start; CLI only: sgdlab -big -link …)", Query: "v=1&lab=variance&model=twolayer&p=64&h=256&o=128&b=1,2,4,8,16,32,64,128&runs=100&steps=50&rule=inv&c=0.01", CLI: true},
		},
		Needs:  needs,
		New:    New,
		Memory: memoryPlan,
		Work:   plannedWorkOf,
	})
}

// needs: the diabetes shard for its least squares.
func needs(v spec.Values) []data.Need {
	switch {
	case v.Get("model") == MLP:
		return []data.Need{{Dataset: v.Get("images"), Samples: v.Int("nimg")}}
	case v.Get("model") == LinReg && v.Get("data") == Diabetes:
		return []data.Need{{Dataset: Diabetes, Samples: 0}}
	}
	return nil
}

// samples is n of the spec's data (onlineN for the online model).
func samples(v spec.Values) int {
	switch {
	case v.Get("model") == TwoLayer:
		return onlineN
	case v.Get("model") == MLP:
		return v.Int("nimg")
	case v.Get("data") == Diabetes:
		return diabetesN
	}
	return v.Int("n")
}

// dim is the number of parameters of the spec's model.
func dim(v spec.Values) int {
	switch {
	case v.Get("model") == TwoLayer:
		return v.Int("h")*v.Int("p") + v.Int("o")*v.Int("h")
	case v.Get("model") == MLP:
		return mlpDim(v.Get("hidden"))
	case v.Get("data") == Diabetes:
		return 11
	}
	return v.Int("d")
}

// mlpDim is the number of weights and biases of the MLP with these hidden
// widths on 28×28 images with 10 classes.
func mlpDim(hidden string) int {
	sizes, d := lab.MLPSizes(hidden), 0
	for l := 1; l < len(sizes); l++ {
		d += sizes[l] * (sizes[l-1] + 1)
	}
	return d
}

// stepCost is about the multiply-adds of one step of one run at batch b
// (how the lab shares a Step's work among the ensembles).
func stepCost(v spec.Values, b int) float64 {
	switch v.Get("model") {
	case MLP:
		return 3 * float64(dim(v)) * float64(b)
	case TwoLayer:
		p, h, o := float64(v.Int("p")), float64(v.Int("h")), float64(v.Int("o"))
		return float64(float64(b)*p*p) + float64(2*h*o*p) + float64(h*p*p) + float64(o*p*p) + float64(o*p*h)
	}
	return float64(b+1) * float64(dim(v))
}

// work is about the multiply-adds of all ensembles over steps steps:
// per run and step the batch gradient, plus, at each recorded step, the
// full gradient (for the MLP, over its n images; for least squares
// included in the per-step estimate). It increases with steps.
func work(v spec.Values, steps int) float64 {
	bs := steprule.ParseBatches(v.Get("b"), samples(v))
	var per, rec float64
	for _, b := range bs {
		per += stepCost(v, b)
	}
	if v.Get("model") == MLP {
		rec = 3 * float64(dim(v)) * float64(v.Int("nimg")) * float64(len(bs)) * float64(min(steps, mlpPoints)+1)
	}
	return float64(v.Int("runs")) * (float64(per*float64(steps)) + rec)
}

// memory fits the ensembles, 3·R·d numbers per batch size, into floats
// numbers: fewer runs, down to 4; then fewer batch sizes (the first ones of
// the list); then, for the MLP, narrower hidden layers (each width halved
// until the network fits with 4 runs of one batch size). It changes only
// what must change, so the canonical link re-parses without a notice.
func memory(a *lab.Adjuster, floats, nb int, where string) {
	v := a.Vals
	why := fmt.Sprintf("the ensembles hold 3·R·d numbers per batch size, at most %d %s", floats, where)
	if r := floats / (3 * dim(v) * nb); r >= 4 {
		a.Set("runs", strconv.Itoa(r), why)
		return
	}
	if v.Int("runs") != 4 {
		a.Set("runs", "4", why)
	}
	if k := floats / (12 * dim(v)); k >= 1 {
		if items := strings.Split(v.Get("b"), ","); k < len(items) {
			a.Set("b", strings.Join(items[:k], ","), why+": only the first batch sizes fit")
		}
		return
	}
	if v.Get("model") != MLP {
		return
	}
	widths := strings.Split(v.Get("hidden"), ",")
	for {
		for i, w := range widths {
			k, _ := strconv.Atoi(w)
			widths[i] = strconv.Itoa(max(1, k/2))
		}
		if 12*mlpDim(strings.Join(widths, ",")) <= floats || strings.Trim(strings.Join(widths, ""), "1") == "" {
			break
		}
	}
	a.Set("hidden", strings.Join(widths, ","), why+": the hidden layers are narrowed to fit 4 runs of one batch size")
}

// applyLimits bounds the batch sizes by n (subsets), the runs, the memory
// of the ensembles and the planned work, repeating until nothing changes
// (so the canonical link passes them all).
func applyLimits(v spec.Values, big bool) []spec.Notice {
	return lab.Repeat(v, func(a *lab.Adjuster) { limitsOnce(a, big) })
}

// limitsOnce applies every check once.
func limitsOnce(a *lab.Adjuster, big bool) {
	v := a.Vals
	lim, where := lab.Sizes(big, browserLimits, nativeLimits, "in the browser (the CLI with -big runs larger ensembles)")
	set := a.Set
	n := samples(v)
	if v.Get("model") == TwoLayer {
		items := strings.Split(v.Get("b"), ",")
		for i, it := range items {
			if it == "n" {
				items[i] = "1024"
			}
		}
		if b := strings.Join(items, ","); b != v.Get("b") {
			set("b", b, "the online model has no finite n: n means 1024")
		}
	}
	if b, changed, kept := steprule.ClampBatches(v.Get("b"), n, n); changed {
		set("b", b, fmt.Sprintf("subsets need b ≤ n = %d", n)+steprule.Merged(kept))
	}
	a.AtMost("runs", lim.Runs, fmt.Sprintf("at most %d runs per batch size %s", lim.Runs, where))
	bs := steprule.ParseBatches(v.Get("b"), n)
	if fl := 3 * v.Int("runs") * dim(v) * len(bs); fl > lim.Floats {
		memory(a, lim.Floats, len(bs), where)
	}
	if w1 := work(v, 1); w1 > lim.Work && v.Int("runs") > 4 {
		// Even one step is too much: fewer runs (work is proportional to R).
		r := max(4, int(float64(v.Int("runs"))*lim.Work/w1))
		if r != v.Int("runs") {
			set("runs", strconv.Itoa(r), fmt.Sprintf("one step of the ensembles is limited to about %.0e multiply-adds %s", lim.Work, where))
		}
	}
	if work(v, v.Int("steps")) > lim.Work && v.Int("steps") > 1 {
		lo, hi := 1, v.Int("steps") // the most steps within the budget (at least 1)
		for lo < hi {
			mid := (lo + hi + 1) / 2
			if work(v, mid) <= lim.Work {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		set("steps", strconv.Itoa(lo), fmt.Sprintf("the runs are limited to about %.0e multiply-adds %s", lim.Work, where))
	}
}

// memoryPlan implements lab.Lab.Memory: the ensembles' 3·R·d numbers per
// batch size, and the data.
func memoryPlan(v spec.Values) float64 {
	bs := len(strings.Split(v.Get("b"), ","))
	return float64(8 * (3*v.Int("runs")*dim(v)*bs + samples(v)*max(dim(v), 784)))
}

// plannedWorkOf implements lab.Lab.Work: the ensembles' steps (work).
func plannedWorkOf(v spec.Values) lab.Work {
	return lab.Work{Units: work(v, v.Int("steps"))}
}
