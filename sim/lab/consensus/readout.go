package consensus

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"sgdlab/sim/data"
	"sgdlab/sim/lab"
)

// how says how an eigenvalue pair was found.
func how(iter int, err error) string {
	switch {
	case iter == 0:
		return "exact"
	case err != nil:
		return fmt.Sprintf("Lanczos, not converged in %d iterations: estimates", iter)
	}
	return fmt.Sprintf("Lanczos, %d iterations", iter)
}

// measured is the main run's rate per round from the tail of its error.
func (e *Experiment) measured() (float64, bool) {
	if e.main == nil || e.main.status == diverged {
		return math.NaN(), false
	}
	return rate(e.main.x, e.main.errs)
}

// tooEarly says why the main run's measured rate is not the asymptotic R
// of THEORY §3 — short for the item's help, why for a note — or "" when it
// can be: Σ‖w_i − w∞‖² decays like R^(2t), so the fitted tail must start
// after lab.TailStart(R²) = lab.TailFolds/(−ln R²) ≈ 2/(1 − R) rounds (then
// the modes at least twice as fast weigh at most e^(−lab.TailFolds) beside
// the slowest), which a run of lab.TailLen(R²) rounds does; a measured r
// that already reads R (lab.TailAgrees) needs no words (lab.TooEarly).
// Only the synchronous update with its final σ_min has a predicted R.
func (e *Experiment) tooEarly(r float64) (short, why string) {
	if e.main == nil || e.pending != nil || e.an.SigmaMax <= 0 || e.vals.Get("algo") != AlgoSync {
		return "", ""
	}
	R := e.an.Rate(e.eta)
	need := lab.TailStart(float64(R * R))
	w, ok := lab.TailOf(e.main.x, e.main.errs)
	t0, t1, cut := w.T0, w.T1, w.Cut
	if !ok || !lab.TooEarly(t0, float64(r*r), float64(R*R)) {
		return "", ""
	}
	why = fmt.Sprintf("the fit spans rounds %s–%s, but the slowest mode (R = %s) dominates only after %s rounds (%d/(−ln R²))",
		lab.Num(t0), lab.Num(t1), lab.Num(R), lab.Num(math.Ceil(need)), lab.TailFolds)
	if cut {
		return "not yet asymptotic: the error reached the rounding floor before the slowest mode dominated",
			why + fmt.Sprintf("; the error reached the rounding floor (%g of its start) first, so this run has (numerically) no error along the slowest mode, and a longer run would measure the same faster rate", lab.RateFloor)
	}
	need = lab.TailLen(float64(R * R))
	short = fmt.Sprintf("not yet asymptotic: the measured rate needs len ≥ %s (this run: %d)", lab.Num(need), e.vals.Int("len"))
	why += "; " + strings.TrimPrefix(short, "not yet asymptotic: ")
	// The cost the link's limits count: (n + |E|)·d per round.
	switch cost := float64(float64(e.ds.N)+expectedEdges(e.vals)) * float64(e.ds.D) * need; {
	case cost > float64(nativeLimits.Work):
		why += fmt.Sprintf(", past even the CLI's limit of about %.0e multiply-adds a run", float64(nativeLimits.Work))
	case cost > float64(browserLimits.Work):
		why += fmt.Sprintf(", past the browser's limit of about %.0e multiply-adds a run (the CLI runs it: sgdlab -big)", float64(browserLimits.Work))
	}
	return short, why
}

// Readout implements lab.Experiment.
func (e *Experiment) Readout() lab.Readout {
	v := e.vals
	n, d := e.ds.N, e.ds.D
	ro := lab.Readout{Columns: []string{"run", "η", "rounds", "Σ‖w_i − w∞‖²", "data loss", "disagreement", "‖mean w − w∞‖²", "rate per round (measured)", "status"}}
	add := func(key, label, value, help string) {
		ro.Items = append(ro.Items, lab.Item{Key: key, Label: label, Value: value, Help: help})
	}
	attempts := ""
	if e.g.Attempts > 1 || v.Get("topo") == ER || v.Get("topo") == WS || v.Get("topo") == Regular {
		attempts = fmt.Sprintf(", connected on draw %d", e.g.Attempts)
	}
	add("graph", "graph", fmt.Sprintf("%s, n = %d, |E| = %d, mean degree %s, max degree %d%s", v.Get("topo"), n, len(e.g.Edges), lab.Num(2*float64(len(e.g.Edges))/float64(n)), e.g.MaxDegree(), attempts), "")
	src := fmt.Sprintf("synthetic (%s), d = %d", v.Get("spectrum"), d)
	if v.Get("data") != DataSynth {
		src = fmt.Sprintf("%s, first %d images (unit norm), ±1 target, d = %d (%d always-zero pixels dropped)", v.Get("data"), n, d, e.drop)
	}
	regime := "interpolation (d ≥ n): exact consensus on an interpolant"
	if !e.interp {
		regime = "under-parametrised (n > d or dependent samples): the limit is the minimiser W∞ of F; unless the data are noiseless, no common interpolant exists and the nodes disagree at the limit"
	}
	add("data", "data", src, "")
	add("regime", "regime", regime, "")
	add("phase", "phase", e.phase(), "")
	if e.lap.ok || e.lap.iter > 0 {
		add("lambda2", "λ₂(L)", lab.Num(e.lap.lo), "algebraic connectivity: small for slow-mixing graphs (path, ring, barbell) ("+how(e.lap.iter, e.lap.err)+")")
		add("lambdamax", "λ_max(L)", lab.Num(e.lap.hi), "σ_max(A) ≈ μ·λ_max(L) for large μ")
	}
	add("lminH", "λ⁺_min(H)", lab.Num(e.hsp.Lk), "smallest nonzero eigenvalue of H = XᵀX/n")
	add("beta", "β", lab.Num(e.beta), "max ‖x_i‖²")
	if e.an.SigmaMax > 0 {
		if e.pending != nil {
			add("sigmamin", "σ_min(A)", "≤ "+lab.Num(e.pending.Min()), fmt.Sprintf("smallest nonzero eigenvalue of A = D + μ L⊗I: Lanczos under way beside the runs (iteration %d)", e.pending.Iter()))
		} else {
			add("sigmamin", "σ_min(A)", lab.Num(e.an.SigmaMin), "smallest nonzero eigenvalue of A = D + μ L⊗I ("+how(e.an.iter, e.an.err)+")")
		}
		add("sigmamax", "σ_max(A)", lab.Num(e.an.SigmaMax), "")
		add("null", "dim Null(A)", strconv.Itoa(e.an.Null), "= dim Null(H): never moved by the iteration")
		add("eta", "η", lab.Num(e.eta), etaHelp(v))
		add("stable", "stable for", "η < 2/σ_max = "+lab.Num(2/e.an.SigmaMax), "")
		switch {
		case e.pending != nil:
			add("rate", "R (predicted)", "— (waiting for σ_min)", "")
		case v.Get("algo") == AlgoSync:
			R := e.an.Rate(e.eta)
			add("rate", "R (predicted)", lab.Num(R), "max(|1 − ησ_min|, |1 − ησ_max|): ‖δW‖ shrinks by R per step")
			bound := 1 - float64(e.eta*e.hsp.Lk)
			holds := "holds"
			if bound > R*(1+1e-9) {
				holds = "VIOLATED"
			}
			switch {
			case e.eta*e.an.SigmaMax > 1+1e-6:
				holds = "not applicable (η > 1/σ_max)"
			case e.an.err != nil:
				holds = "not checked: σ_min is a Lanczos estimate that has not converged (an upper bound)"
			}
			add("bound", "Mitra's bound", fmt.Sprintf("1 − ηλ⁺_min(H) = %s ≤ R: %s", lab.Num(bound), holds),
				"THEORY §3: the consensus direction gives σ_min ≤ λ⁺_min(H). The paper prints 1 − (η/n)λ_min(H); its normalisation of H does not support the 1/n, this lab uses the corrected form")
		default:
			add("rate", "R (predicted)", "— (the theory is for the synchronous update)", "")
		}
	}
	if r, ok := e.measured(); ok {
		label, help := "rate (measured)", fmt.Sprintf("per round, from the slope of log Σ‖w_i − w∞‖² over the tail (last half above %g of the start)", lab.RateFloor)
		if short, why := e.tooEarly(r); short != "" {
			label += ", not yet asymptotic"
			help += "; " + short
			ro.Notes = append(ro.Notes, "The measured rate "+lab.Num(r)+" is not yet asymptotic: "+why+".")
		}
		add("measured", label, lab.Num(r), help)
	}
	if len(e.sweep) > 0 {
		if bp, bm := e.best(); bp >= 0 {
			s := fmt.Sprintf("μ = %s predicted (R = %s)", lab.Num(e.sweep[bp].mu), lab.Num(e.sweep[bp].rBest()))
			if bm >= 0 {
				s += fmt.Sprintf(", μ = %s measured (R = %s)", lab.Num(e.sweep[bm].mu), lab.Num(e.sweep[bm].measured))
			}
			add("bestmu", "best μ", s, "at η = 1/σ_max(μ): too small a μ pulls the nodes together slowly, too large forces a tiny η")
		}
	}
	for _, r := range e.runs() {
		last := len(r.x) - 1
		rt := "—"
		if rr, ok := rate(r.x, r.errs); ok && r.status != diverged {
			rt = lab.Num(rr)
		}
		ro.Rows = append(ro.Rows, []string{r.name, lab.Num(r.eta), lab.Num(r.x[last]), lab.Num(r.errs[last]), lab.Num(r.loss[last]), lab.Num(r.dis[last]), lab.Num(r.avg[last]), rt, r.status})
	}
	ro.Notes = append(ro.Notes, e.explain()...)
	ro.Notes = append(ro.Notes, e.notes...)
	return ro
}

func etaHelp(v interface{ Get(string) string }) string {
	if v.Get("etarule") == "fixed" {
		return "fixed step"
	}
	if v.Get("algo") == AlgoDecoupled {
		return "eta/β: the local step's stable range is η < 2/β"
	}
	return "eta/σ_max(A)"
}

// explain lists what a reader should know about this configuration.
func (e *Experiment) explain() []string {
	var notes []string
	v := e.vals
	switch v.Get("algo") {
	case AlgoAsync:
		notes = append(notes, fmt.Sprintf("Asynchronous: each step every node is active with probability %g; a round is n node updates. Inactive nodes keep their vector, so the mean's Null(H) part drifts from Q·mean w_i(0) when w0 is random.", v.Float("frac")))
	case AlgoGossip:
		notes = append(notes, "Gossip: each step one random edge (i, j) is chosen and both ends take the step of THEORY §3 (2 updates); a round is n updates.")
	case AlgoDecoupled:
		notes = append(notes, fmt.Sprintf("Decoupled: a local gradient step on every node, then %d round(s) of averaging W ← (I − εL)W with ε = 1/(1 + max degree); μ is not used. With a constant step the local steps pull each node to its own sample, so consensus is approximate.", v.Int("avg")))
	}
	if len(e.bases) > 0 {
		notes = append(notes, "Baselines: one centralised vector w trained on all n samples (full GD at η̂(n), SGD at η̂(m), THEORY §2.4), started at mean w_i(0); their error counts n copies of w, Σ_i ‖w − w∞‖², on the same axis of n gradient evaluations per round.")
	}
	if v.Get("data") == DataSynth && v.Get("spectrum") != data.Ortho {
		notes = append(notes, "Rates depend on λ⁺_min(H): with x_i ~ N(0, I/d) and d close to n it is tiny (slow runs); spectrum=ortho gives every λ(H) = 1/n.")
	}
	return notes
}
