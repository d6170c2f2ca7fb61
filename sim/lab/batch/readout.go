package batch

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"sgdlab/sim/lab"
	"sgdlab/sim/theory"
)

// Readout implements lab.Experiment.
func (e *Experiment) Readout() lab.Readout {
	sp := e.sp
	ro := lab.Readout{
		Items: []lab.Item{
			{Key: "n", Label: "n", Value: strconv.Itoa(e.ds.N), Help: "samples"},
			{Key: "d", Label: "d", Value: strconv.Itoa(e.ds.D), Help: "dimension"},
			{Key: "k", Label: "k", Value: strconv.Itoa(sp.K), Help: "rank of H"},
			{Key: "beta", Label: "β", Value: lab.Num(sp.Beta), Help: "max ‖x_i‖² (§1)"},
			{Key: "lambda1", Label: "λ₁", Value: lab.Num(sp.L1), Help: "largest eigenvalue of H"},
			{Key: "lambda2", Label: "λ₂", Value: lab.Num(sp.L2), Help: "second largest eigenvalue of H"},
			{Key: "lambdak", Label: "λ_k", Value: lab.Num(sp.Lk), Help: "smallest nonzero eigenvalue of H"},
			{Key: "mstar", Label: "m*", Value: lab.Num(theory.MStar(sp.Beta, sp.L1, sp.Lk)), Help: "critical batch size β/(λ₁−λ_k)+1 (§2.5)"},
			{Key: "mstar_approx", Label: "m* ≈ β/λ₁+1", Value: lab.Num(theory.MStarApprox(sp.Beta, sp.L1)), Help: "§2.5"},
			{Key: "perr0", Label: "‖Pδ₀‖²", Value: lab.Num(e.runs[0].E0), Help: "initial error (w₀ = 0)"},
		},
		Columns: []string{"m", "step rule", "η", "predicted g", "measured rate", "iterations", "epochs", "‖Pδ‖²", "MSE", "status"},
		Notes:   e.notes,
	}
	var early tooEarly
	for _, r := range e.runs {
		pred := "—"
		if g, ok := e.predicted(r); ok {
			pred = lab.Num(g)
			if g >= 1 {
				pred += " (no guarantee)"
			}
		}
		meas := "—"
		if rate, ok := r.measuredRate(); ok {
			meas = lab.Num(rate)
			if g, ok := e.predicted(r); ok {
				early.check(e, r, rate, g)
			}
		}
		status := r.Status
		if r.Status == lab.Running && r.sgd.T == 0 {
			status = "not started"
		}
		if r.Status == lab.Diverged {
			status = fmt.Sprintf("diverged at t=%d", r.StopT)
		}
		last := r.Trace.Rows[len(r.Trace.Rows)-1]
		ro.Rows = append(ro.Rows, []string{
			strconv.Itoa(r.m), r.rule.Describe(), lab.Num(r.eta), pred, meas,
			strconv.Itoa(r.sgd.T), lab.Num(float64(r.sgd.Grads) / float64(e.ds.N)),
			lab.Num(last[colPerr]), lab.Num(last[colMSE]), status,
		})
	}
	ro.Notes = append(early.notes(e), ro.Notes...)
	return ro
}

// tail is the window measuredRate fits over (lab.TailOf): its first and
// last t, and whether the rounding floor closed it before the run's end.
func (r *run) tail() (t0, t1 int, cut, ok bool) {
	w, ok := lab.TailOf(r.curve())
	return int(w.T0), int(w.T1), w.Cut, ok
}

// tooEarly collects the runs whose measured rate is no measurement of the
// asymptotic rate (lab.TooEarly): ‖Pδ_t‖² decays by at most g per
// iteration (§2.2, §2.6), so the fit over t ≥ T/2 reads the slowest mode
// only once T/2 ≥ lab.TailStart(g) = lab.TailFolds/(−ln g) ≈ 4/(1 − g)
// iterations, T ≥ 2·lab.TailStart(g). g is a bound, at least the true
// factor, so the length asked for is enough (if anything, more). When every
// nonzero eigenvalue of H is the same (λ₁ = λ_k, e.g. orthonormal samples)
// every direction decays alike: there are no faster modes to wait out, and
// a single run's rate differs from g only by the noise of its batches.
type tooEarly struct {
	runs   []string // "m = 4 (fit from t = 320, needs t ≥ 3600)"
	floor  []string // the rounding floor ended the window first
	eps    []string // stopped at ε
	length float64  // the least len (in the unit of stop) that suits every run
}

// check adds run r, measured rate rate, predicted factor g, when its rate
// was fitted too early.
func (c *tooEarly) check(e *Experiment, r *run, rate, g float64) {
	t0, _, cut, ok := r.tail()
	if !ok || e.sp.L1-e.sp.Lk <= 1e-9*e.sp.L1 || !lab.TooEarly(float64(t0), rate, g) {
		return
	}
	need := lab.TailStart(g)
	m := fmt.Sprintf("m = %d", r.m)
	if cut {
		c.floor = append(c.floor, m)
		return
	}
	c.runs = append(c.runs, fmt.Sprintf("%s (fit from t = %d, needs t ≥ %s)", m, t0, lab.Num(math.Ceil(need))))
	if r.Status == lab.Converged {
		c.eps = append(c.eps, m)
	}
	l := 2 * need // iterations
	if e.vals.Get("stop") == "epoch" {
		l = l * float64(r.m) / float64(e.ds.N)
	}
	c.length = math.Max(c.length, l)
}

// notes are the readout's words for the runs check collected.
func (c *tooEarly) notes(e *Experiment) []string {
	var out []string
	if len(c.runs) > 0 {
		s := fmt.Sprintf("Not yet asymptotic: the measured rates of %s are fitted over the iterations t ≥ T/2, before the slowest mode dominates (t ≥ %d/(−ln g), g the predicted factor): until then they blend in faster modes. The measured rate needs len ≥ %s (this run: %s)",
			strings.Join(c.runs, ", "), lab.TailFolds, lab.Num(lab.RoundUp(c.length)), e.vals.Get("len"))
		if len(c.eps) > 0 {
			s += " and eps = 0 (" + strings.Join(c.eps, ", ") + " stopped at ε)"
		}
		out = append(out, s+".")
	}
	if len(c.floor) > 0 {
		out = append(out, fmt.Sprintf("The measured rates of %s are not asymptotic: ‖Pδ_t‖² reached the rounding floor (%g of its start) before the slowest mode dominated, so those runs have (numerically) no error along it and a longer run would measure the same faster rate.", strings.Join(c.floor, ", "), lab.RateFloor))
	}
	return out
}
