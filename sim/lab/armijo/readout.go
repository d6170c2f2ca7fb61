package armijo

import (
	"fmt"

	"sgdlab/sim/lab"
	"sgdlab/sim/linesearch"
)

// Readout implements lab.Experiment.
func (e *Experiment) Readout() lab.Readout {
	v := e.vals
	ro := lab.Readout{Columns: []string{"b", "K armijo (least–greatest)", "N = K·b", "N + line search", "mean α_k", "evaluations per step", "K const", "N const", "reached"}}
	add := func(key, label, value, help string) {
		ro.Items = append(ro.Items, lab.Item{Key: key, Label: label, Value: value, Help: help})
	}
	add("model", "model", e.desc, "")
	add("linesearch", "line search", e.lineSearchText(), "THEORY §5; the paper's constants are c = 0.05, δ = 0.9, γ = 2, α_max = 10 with the grow reset")
	add("target", "target", e.targetText(), "")
	if e.kstep != nil {
		add("phase", "phase", fmt.Sprintf("kernel matrix %.0f %%", 100*e.kstep.Progress()), "")
		return ro
	}
	arm := e.cells(optArmijo)
	var cst []cell
	if v.Bool("cmp") {
		cst = e.cells(optConst)
	}
	for j, c := range arm {
		row := []string{fmt.Sprint(c.b), "—", "—", "—", "—", "—", "—", "—", ""}
		if c.reached > 0 {
			row[1] = fmt.Sprintf("%s (%s–%s)", lab.Num(c.k), lab.Num(c.kMin), lab.Num(c.kMax))
			row[2], row[3] = lab.Num(c.n), lab.Num(c.nLS)
			row[4], row[5] = lab.Num(c.alpha), lab.Num(c.evals)
		}
		row[8] = fmt.Sprintf("armijo %d/%d", c.reached, c.runs)
		if !c.done {
			row[8] += " (running)"
		}
		if c.fails > 0 {
			row[8] += fmt.Sprintf(", %d failed searches", c.fails)
		}
		if cst != nil {
			cc := cst[j]
			if cc.reached > 0 {
				row[6], row[7] = lab.Num(cc.k), lab.Num(cc.n)
			}
			row[8] += fmt.Sprintf(", const %d/%d", cc.reached, cc.runs)
			if cc.div > 0 {
				row[8] += fmt.Sprintf(" (%d diverged)", cc.div)
			}
		}
		ro.Rows = append(ro.Rows, row)
	}
	if f, err := e.fit(arm); err == nil {
		add("fit", "fit K(b) = C₁b/(ε²b − C₂)", fmt.Sprintf("C₁ = %s, C₂ = %s (ε = %s); rms error of log K %s", lab.Num(f.C1), lab.Num(f.C2), lab.Num(f.Eps), lab.Num(f.RMS)),
			"least squares on log K over the batch sizes where every seed reached the target (an rms error of 0.1 is about 10 %)")
		bs := lab.Num(f.BStar)
		if f.BStar <= 0 {
			bs += " (C₂ ≤ 0: K does not fall with b, the smallest b is cheapest)"
		}
		label, help := "b* = 2C₂/ε² (fit)", "the minimiser of the fitted N(b) = C₁b²/(ε²b − C₂)"
		if misses(f) {
			label = "b* = 2C₂/ε² (fit that misses)"
			help += "; " + missText(f) + ", so this b* is no prediction of the best batch size"
			ro.Notes = append(ro.Notes, "The fit K(b) = C₁b/(ε²b − C₂) misses the measured K: "+missText(f)+"; the fitted curve is shown faint, and b* = "+bs+" says nothing about the best batch size — read the measured N instead.")
		}
		add("bstar", label, bs, help)
	} else if e.Done() {
		add("fit", "fit K(b) = C₁b/(ε²b − C₂)", "— ("+err.Error()+")", "")
	}
	if j := argminN(arm, false); j >= 0 {
		s := fmt.Sprintf("b = %d (N = %s)", arm[j].b, lab.Num(arm[j].n))
		if k := argminN(arm, true); k >= 0 {
			s += fmt.Sprintf("; counting the line search's evaluations: b = %d (%s)", arm[k].b, lab.Num(arm[k].nLS))
		}
		add("bmin", "least measured N (armijo)", s, "among the batch sizes run, where every seed reached the target")
	}
	if cst != nil {
		if j := argminN(cst, false); j >= 0 {
			s := fmt.Sprintf("b = %d (N = %s)", cst[j].b, lab.Num(cst[j].n))
			if f, err := e.fit(cst); err == nil {
				s += "; fit b* = " + lab.Num(f.BStar)
				if misses(f) {
					s += fmt.Sprintf(" (a fit that misses: rms error of log K %s)", lab.Num(f.RMS))
				}
			}
			add("bconst", "least measured N (constant η = "+lab.Num(v.Float("eta"))+")", s, "")
		}
	}
	add("paper", "paper (MLP on MNIST)", "b* around 16–32; K(b) decreasing and convex", "Tsukada & Iiduka, shown for comparison, never used")
	ro.Notes = append(ro.Notes, e.explain()...)
	ro.Notes = append(ro.Notes, e.notes...)
	return ro
}

// missRMS is the rms error of log K above which the model K(b) =
// C₁b/(ε²b − C₂) of THEORY §5 is said not to describe the data: 0.2, the
// fitted K off by about 20 % (e^0.2 − 1 = 22 %) at a typical batch size —
// and the fit has two parameters for a handful of points, so a model that
// holds passes closer. The presets' fits give 0.19 (Fashion-MNIST with the
// gradient-norm target) and 0.56 to 1.4 for the others with a fit (0.56
// for the default link, whose K falls below the fitted asymptote C₁/ε²).
const missRMS = 0.2

// misses reports whether fit f misses its data (missRMS).
func misses(f linesearch.KFit) bool { return f.RMS > missRMS }

// missText says how f misses, for a readout or a figure note.
func missText(f linesearch.KFit) string {
	return fmt.Sprintf("rms error of log K %s > %s, the model does not describe these data", lab.Num(f.RMS), lab.Num(missRMS))
}

// targetText states the target and how it is checked.
func (e *Experiment) targetText() string {
	v := e.vals
	var s string
	switch v.Get("target") {
	case TargetAcc:
		s = fmt.Sprintf("training accuracy ≥ %g", v.Float("tau"))
	case TargetGrad:
		s = fmt.Sprintf("‖∇f(θ)‖ ≤ %g", v.Float("eps"))
	default:
		s = fmt.Sprintf("training loss ≤ %g", v.Float("eps"))
	}
	s += fmt.Sprintf(", within %d steps", v.Int("kmax"))
	return s
}

// explain lists what a reader should know.
func (e *Experiment) explain() []string {
	v := e.vals
	check := "after step t at t + max(1, ⌊t^(2/3)⌋)"
	if k := v.Int("check"); k > 0 {
		check = fmt.Sprintf("every %d steps", k)
	}
	notes := []string{
		"K is the first step at which the target holds: evaluated at step 0, then " + check + "; when an evaluation holds w steps after the previous one, the run goes back to that evaluation and replays the same steps (same batches, same bits) evaluating every ⌊√w⌋ steps, down to every step — so K is the first step after the last failed evaluation at which the target holds (check=1 evaluates every step outright).",
		"N = K·b counts sample gradients; “+ line search” adds the per-sample loss evaluations of the backtracking (each trial step evaluates f_B on the b samples).",
	}
	if e.fitEps() == 1 && v.Get("target") != TargetGrad {
		notes = append(notes, "The target is not a gradient norm, so C₁ and C₂ are stated for ε = 1; b* = 2C₂/ε² does not depend on that choice.")
	}
	if v.Get("reset") == "full" {
		notes = append(notes, "reset=full grows the trial step by a whole γ every step: THEORY §5 reports it destroys MLP training at small batch sizes with α_max = 10.")
	}
	return notes
}
