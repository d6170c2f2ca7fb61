package critical

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"sgdlab/sim/lab"
	"sgdlab/sim/theory"
)

// paper holds the values the paper reports for its kernel figures (THEORY
// §2.5), shown beside the computed ones — never used in a computation.
var paper = []struct {
	dataset, kernel string
	sigma           float64
	text            string
}{
	{"mnist", Gaussian, 5, "β = 1, λ₁ = 0.15, m* ≈ 8 (MNIST, Gaussian σ = 5, n = 10⁴; Figures 3a, 4a)"},
}

// paperValues returns the paper's numbers for this configuration, if it reports them.
func (e *Experiment) paperValues() (string, bool) {
	for _, p := range paper {
		if p.dataset == e.dataset && p.kernel == e.vals.Get("kernel") && p.sigma == e.vals.Float("sigma") {
			return p.text, true
		}
	}
	return "", false
}

// Readout implements lab.Experiment.
func (e *Experiment) Readout() lab.Readout {
	ro := lab.Readout{
		Items: []lab.Item{
			{Key: "data", Label: "data", Value: fmt.Sprintf("%s, n = %d, d = %d, %d output(s)", e.dataset, e.n, e.d, e.c)},
			{Key: "kernel", Label: "kernel", Value: e.kern.String()},
		},
		Columns: []string{"runs", "m", "η", "s(m) §2.5", "t(1)/t(m) measured", "band over seeds", "t(m) to ε", "gradients to ε", "MSE/MSE₀", "status"},
	}
	add := func(key, label, value, help string) {
		ro.Items = append(ro.Items, lab.Item{Key: key, Label: label, Value: value, Help: help})
	}
	if e.stage() < phaseRuns {
		add("phase", "phase", e.phaseText(), "")
	}
	if e.stage() >= phaseRuns && e.top != nil {
		sp := e.sp
		lk := lab.Num(sp.Lk)
		if e.bounds != nil {
			lk = "≤ " + lk
		}
		mstar := e.mStar()
		add("beta", "β", lab.Num(sp.Beta), "max_i k(x_i, x_i) (§1)")
		add("lambda1", "λ₁", lab.Num(sp.L1), "largest eigenvalue of K/n")
		add("lambda2", "λ₂", lab.Num(sp.L2), "second largest eigenvalue of K/n")
		add("lambdak", "λ_k", lk, "smallest nonzero eigenvalue of K/n")
		add("mstar", "m*", lab.Num(mstar), "critical batch size β/(λ₁−λ_k)+1 (§2.5)")
		add("mstar_approx", "m* ≈ β/λ₁+1", lab.Num(theory.MStarApprox(sp.Beta, sp.L1)), "§2.5, eq. 15")
		add("ceiling", "4β/λ₁", lab.Num(theory.SpeedupCeiling(sp.Beta, sp.L1)), "the most any batch size saves in iterations (§2.5)")
		var tops []string
		for _, v := range e.top {
			tops = append(tops, lab.Num(v))
		}
		add("top", fmt.Sprintf("top %d of K/n", len(e.top)), strings.Join(tops, ", "), "")
		if p, ok := e.paperValues(); ok {
			add("paper", "paper", p, "for comparison; never used in the computation")
		}
	}
	if len(e.runs) > 0 {
		add("mse0", "MSE₀", lab.Num(e.runs[0].E0), "training MSE at α = 0")
		add("eps", "ε", lab.Num(e.eps), "target MSE_t ≤ ε·MSE₀")
	}
	var pts []point
	if len(e.runs) > 0 {
		pts = measure(e.runs, e.ms, e.seeds)
	}
	for j, p := range pts {
		r0 := e.runs[j] // seed 0
		band := "—"
		if !math.IsNaN(p.lo) {
			band = lab.Num(p.lo) + " – " + lab.Num(p.hi)
		}
		ro.Rows = append(ro.Rows, []string{
			fmt.Sprintf("%d seed(s)", e.seeds), strconv.Itoa(p.m), lab.Num(r0.eta), lab.Num(e.speedupTheory(p.m)),
			lab.Num(p.speedup), band, lab.Num(p.tMean), lab.Num(p.grads), lab.Num(r0.rel()), e.status(e.runs, j),
		})
	}
	for _, r := range e.sweep {
		ro.Rows = append(ro.Rows, []string{
			"sweep η̂·" + strconv.FormatFloat(r.rule.Mult, 'g', 3, 64), strconv.Itoa(r.m), lab.Num(r.eta), "—", "—", "—", "—", "—", lab.Num(r.rel()), r.describe(),
		})
	}
	ro.Notes = e.notes
	return ro
}

// phaseText says what the experiment is computing before the runs start —
// or, before the first Step, what Run will compute: nothing runs yet.
func (e *Experiment) phaseText() string {
	if !e.plan.Started() {
		return fmt.Sprintf("Run computes the %d×%d kernel matrix and the spectrum of K/n, then the runs", e.n, e.n)
	}
	if p := e.Phase(); p != "" {
		return p
	}
	return "done"
}

// speedupTheory is s(m) of §2.5.
func (e *Experiment) speedupTheory(m int) float64 {
	return theory.Speedup(m, e.sp.Beta, e.sp.L1, e.sp.Lk)
}

// status summarises the seeds of batch size j.
func (e *Experiment) status(runs []*run, j int) string {
	counts := map[string]int{}
	var order []string
	for s := range e.seeds {
		st := runs[s*len(e.ms)+j].describe()
		if counts[st] == 0 {
			order = append(order, st)
		}
		counts[st]++
	}
	var parts []string
	for _, st := range order {
		if e.seeds == 1 {
			parts = append(parts, st)
		} else {
			parts = append(parts, fmt.Sprintf("%d× %s", counts[st], st))
		}
	}
	return strings.Join(parts, ", ")
}

// describe is a run's status for people.
func (r *run) describe() string {
	switch {
	case r.Status == lab.Running && r.sgd.T == 0:
		return "not started"
	case r.Status == lab.Diverged:
		return fmt.Sprintf("diverged at t=%d", r.sgd.T)
	}
	return r.Status
}
