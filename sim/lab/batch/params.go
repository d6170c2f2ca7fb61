package batch

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"sgdlab/sim/data"
	"sgdlab/sim/lab"
	"sgdlab/sim/sampler"
	"sgdlab/sim/spec"
	"sgdlab/sim/steprule"
	"sgdlab/sim/trace"
)

const (
	maxRuns        = 10
	maxM           = 1 << 20
	maxBatchFactor = 16 // m ≤ 16n
)

// Limits that protect a browser tab (big = false) and a native run (big = true).
type limits struct {
	N     int     // n: each recorded training MSE costs n·d
	ND    int     // n·d: the samples' memory, 8 bytes each
	Small int     // min(n, d): the spectrum is O(min³)
	Work  float64 // planned multiply-adds of all runs: steps and recorded MSEs
}

var (
	browserLimits = limits{N: 1 << 14, ND: 1 << 22, Small: 1500, Work: 4e9}
	nativeLimits  = limits{N: 1 << 20, ND: 1 << 28, Small: 6000, Work: math.Inf(1)}
)

// Params is the lab's parameter table: the link format.
var Params = &spec.Set{Lab: "batch", Params: []spec.Param{
	{Name: "n", Kind: spec.Int, Default: "256", Min: 2, Max: 1 << 20, Group: "Data", Help: "number of samples"},
	{Name: "d", Kind: spec.Int, Default: "512", Min: 1, Max: 1 << 20, Group: "Data", Help: "dimension; d ≥ n is the interpolation regime"},
	{Name: "spectrum", Kind: spec.Enum, Default: data.Isotropic, Choices: data.Spectra, Group: "Data",
		Help: "iso: N(0, I/d); corr: a shared direction of strength rho; power: covariance eigenvalues ∝ j^(−alpha); ortho: orthonormal samples (d ≥ n)"},
	{Name: "rho", Kind: spec.Float, Default: "0.5", Min: 0, Max: 0.99, Group: "Data", Help: "corr: strength of the shared direction, 0…0.99"},
	{Name: "alpha", Kind: spec.Float, Default: "1", Min: 0, Max: 4, Group: "Data", Help: "power: exponent of the eigenvalue decay"},
	{Name: "normalize", Kind: spec.Bool, Default: "0", Group: "Data", Help: "scale every sample to unit norm (needed by the Bernoulli theory, §2.6)"},
	{Name: "noise", Kind: spec.Float, Default: "0", Min: 0, Max: 10, Group: "Data", Help: "label noise σ: y = Xw + σξ (with d < n no interpolant exists)"},
	{Name: "dseed", Kind: spec.Seed, Default: "1", Group: "Data", Help: "seed of the data (samples and target)"},
	{Name: "sampler", Kind: spec.Enum, Default: sampler.Replace, Choices: sampler.Names, Group: "SGD",
		Help: "replace: m indices with replacement; subset: m distinct; bernoulli: each with prob. m/n; shuffle: a fresh permutation each epoch"},
	{Name: "m", Kind: spec.Custom, Default: "1,4,16,64,n", Check: steprule.CheckBatches(maxRuns, maxM), Group: "SGD", Help: "batch sizes, one curve each (n = full batch)"},
	{Name: "eta", Kind: spec.Custom, Default: "hat", Check: steprule.CheckRules(maxRuns), Group: "SGD",
		Help: "step rule, one for all runs or one per batch size: opt = η*(m) §2.3, hat = η̂(m) §2.4, bern = Bernoulli η* §2.6, a multiple like 2hat, or a fixed step like 0.01"},
	{Name: "sseed", Kind: spec.Seed, Default: "1", Group: "SGD", Help: "seed of the batch sampling (run j uses stream j)"},
	{Name: "stop", Kind: spec.Enum, Default: "epoch", Choices: []string{"iter", "epoch"}, Group: "Stop", Help: "run length counted in iterations or in epochs (n gradient evaluations)"},
	{Name: "len", Kind: spec.Float, Default: "20", Min: 1e-3, Max: 1e9, Group: "Stop", Help: "run length, in the unit of stop"},
	{Name: "eps", Kind: spec.Float, Default: "0", Min: 0, Max: 1, Group: "Stop", Help: "also stop a run when ‖Pδ_t‖² ≤ eps·‖Pδ_0‖² (0: off)"},
	{Name: "x", Kind: spec.Enum, Default: "epoch", Choices: []string{"iter", "epoch", "grad"}, View: true, Group: "View", Help: "x-axis: iterations, epochs or gradient evaluations"},
	{Name: "y", Kind: spec.Enum, Default: "perr", Choices: []string{"perr", "mse"}, View: true, Group: "View", Help: "y-axis: ‖Pδ_t‖² (distance to the interpolant) or training MSE"},
	{Name: "theory", Kind: spec.Bool, Default: "1", View: true, Group: "View", Help: "draw the dashed theory bound next to each curve"},
}}

func init() {
	lab.Register(&lab.Lab{
		Name:   "batch",
		Title:  "Batch size in the interpolation regime",
		Help:   "Mini-batch SGD on over-parametrised least squares (Ma, Bassily & Belkin 2018; Mitra §II): THEORY §1-2.",
		Theory: "2",
		Params: Params,
		Limits: applyLimits,
		Presets: []lab.Preset{
			{Title: "m = 1 is cheapest per epoch", Query: "v=1&lab=batch"},
			{Title: "the critical batch size: past m* ≈ 3.3 bigger batches stop paying", Query: "v=1&lab=batch&spectrum=corr&rho=0.5&m=1,2,4,8,16,n&stop=iter&len=300&x=iter"},
			{Title: "2·η̂ diverges for batches past m*", Query: "v=1&lab=batch&spectrum=corr&rho=0.5&m=1,8,64,64,n&eta=hat,hat,hat,2hat,2hat"},
			{Title: "Bernoulli sampling of orthonormal samples: g* = 1 − m/n exactly (§2.6)", Query: "v=1&lab=batch&n=64&d=128&spectrum=ortho&sampler=bernoulli&eta=bern&m=1,4,16,n&stop=iter&len=40&x=iter"},
			{Title: "d < n with label noise: no interpolant, a noise floor", Query: "v=1&lab=batch&n=256&d=64&noise=0.1&y=mse"},
		},
		New:    func(v spec.Values, _ *data.Store) (lab.Experiment, error) { return New(v) },
		Memory: memoryPlan,
		Work:   plannedWorkOf,
	})
}

// applyLimits checks what one parameter cannot: sizes against the limits of
// the target, sampler constraints on m, and the length of the rule list.
func applyLimits(v spec.Values, big bool) []spec.Notice {
	lim, where := lab.Sizes(big, browserLimits, nativeLimits, "in the browser (the CLI runs larger problems)")
	a := &lab.Adjuster{Vals: v}
	set := a.Set
	n, d := v.Int("n"), v.Int("d")
	if v.Get("spectrum") == data.Ortho && d < n {
		set("d", strconv.Itoa(n), "orthonormal samples need d ≥ n")
		d = v.Int("d")
	}
	a.AtMost("n", lim.N, fmt.Sprintf("n is limited to %d %s", lim.N, where))
	n = v.Int("n")
	if min(n, d) > lim.Small {
		if n > lim.Small {
			set("n", strconv.Itoa(lim.Small), fmt.Sprintf("min(n, d) is limited to %d %s (the exact spectrum costs min(n,d)³)", lim.Small, where))
			n = v.Int("n")
		} else {
			set("d", strconv.Itoa(lim.Small), fmt.Sprintf("min(n, d) is limited to %d %s", lim.Small, where))
			d = v.Int("d")
		}
	}
	if n*d > lim.ND {
		nd := max(1, lim.ND/n)
		if v.Get("spectrum") == data.Ortho {
			nd = max(nd, n)
		}
		set("d", strconv.Itoa(nd), fmt.Sprintf("n·d = %d is over the limit %d %s (%d MiB of samples)", n*d, lim.ND, where, lim.ND*8>>20))
		d = v.Int("d")
	}
	mmax, why := steprule.MaxBatch(v.Get("sampler"), n, maxBatchFactor)
	count := len(steprule.ParseBatches(v.Get("m"), n))
	if m, changed, kept := steprule.ClampBatches(v.Get("m"), n, mmax); changed {
		set("m", m, why+steprule.Merged(kept))
		if eta := steprule.KeepRules(v.Get("eta"), count, kept); eta != v.Get("eta") {
			set("eta", eta, "one step rule per batch size: the rules of merged sizes are dropped")
		}
	}
	ms := steprule.ParseBatches(v.Get("m"), n)
	if eta, why, ok := steprule.FitRules(v.Get("eta"), len(ms)); !ok {
		set("eta", eta, why)
	}
	if v.Get("stop") == "iter" {
		if l := v.Float("len"); l != math.Round(l) {
			set("len", spec.FormatFloat(math.Max(1, math.Round(l))), "a number of iterations is whole")
		}
	}
	if w := plannedWork(v, n, d, ms); w > lim.Work {
		// The plan grows with len: bisect (on a log scale) for the longest
		// run length that fits; iteration counts are whole.
		given := v.Get("len")
		lo, hi := 1e-3, v.Float("len")
		if v.Get("stop") == "iter" {
			lo = 1
		}
		fits := func(l float64) bool {
			v.Set("len", spec.FormatFloat(l))
			return plannedWork(v, n, d, ms) <= lim.Work
		}
		for k := 0; k < 60 && hi/lo > 1+1e-9; k++ {
			mid := math.Sqrt(lo * hi)
			if v.Get("stop") == "iter" {
				mid = math.Floor(mid)
				if mid <= lo {
					break
				}
			}
			if fits(mid) {
				lo = mid
			} else {
				hi = mid
			}
		}
		v.Set("len", spec.FormatFloat(lo))
		a.Notes = append(a.Notes, spec.Notice{Param: "len", Given: given, Used: v.Get("len"),
			Reason: fmt.Sprintf("the runs would take about %.2g multiply-adds, over the limit %.2g %s", w, lim.Work, where)})
	}
	return a.Notes
}

// planned returns the number of iterations a run of batch size m is planned for.
func planned(v spec.Values, n, m int) int {
	l := v.Float("len")
	if v.Get("stop") == "iter" {
		return max(1, int(l))
	}
	return max(1, int(math.Ceil(l*float64(n)/float64(m))))
}

// plannedWork estimates the multiply-adds of all runs: Σ_runs T·(m+1)·d for
// the steps and their errors, plus n·d per recorded training MSE.
func plannedWork(v spec.Values, n, d int, ms []int) float64 {
	var w float64
	for _, m := range ms {
		t := planned(v, n, m)
		w += float64(float64(t)*float64(m+1)*float64(d)) + float64(float64(trace.Records(lab.TraceCap, t))*float64(n)*float64(d))
	}
	return w
}

// memoryPlan implements lab.Lab.Memory: the n·d samples, the dense
// spectrum of the smaller Gram matrix, and each run's iterate and records.
func memoryPlan(v spec.Values) float64 {
	n, d := v.Int("n"), v.Int("d")
	small := min(n, d)
	runs := len(strings.Split(v.Get("m"), ",")) * max(1, len(strings.Split(v.Get("eta"), ",")))
	return float64(8 * (n*d + 3*small*small + runs*(3*d+lab.TraceCap*8)))
}

// plannedWorkOf implements lab.Lab.Work: the spectrum, min(n,d)³ (shared),
// and the runs' steps and recorded errors (plannedWork).
func plannedWorkOf(v spec.Values) lab.Work {
	n, d := v.Int("n"), v.Int("d")
	small := float64(min(n, d))
	return lab.Work{Shared: float64(float64(small*small) * small), Units: plannedWork(v, n, d, steprule.ParseBatches(v.Get("m"), n))}
}
