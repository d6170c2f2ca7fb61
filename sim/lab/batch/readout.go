package batch

import (
	"fmt"
	"strconv"

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
			{Key: "mstar", Label: "m*", Value: lab.Num(theory.M0(sp.Beta, sp.L1, sp.Lk)), Help: "critical batch size β/(λ₁−λ_k)+1 (§2.5)"},
			{Key: "mstar_approx", Label: "m* ≈ β/λ₁+1", Value: lab.Num(theory.MStarApprox(sp.Beta, sp.L1)), Help: "§2.5"},
			{Key: "perr0", Label: "‖Pδ₀‖²", Value: lab.Num(e.runs[0].perr0), Help: "initial error (w₀ = 0)"},
		},
		Columns: []string{"m", "step rule", "η", "predicted g", "measured rate", "iterations", "epochs", "‖Pδ‖²", "MSE", "status"},
		Notes:   e.notes,
	}
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
		}
		status := r.status
		if r.status == running && r.sgd.T == 0 {
			status = "not started"
		}
		if r.status == diverged {
			status = fmt.Sprintf("diverged at t=%d", r.stopT)
		}
		last := r.tr.Rows[len(r.tr.Rows)-1]
		ro.Rows = append(ro.Rows, []string{
			strconv.Itoa(r.m), r.rule.Describe(), lab.Num(r.eta), pred, meas,
			strconv.Itoa(r.sgd.T), lab.Num(float64(r.sgd.Grads) / float64(e.ds.N)),
			lab.Num(last[colPerr]), lab.Num(last[colMSE]), status,
		})
	}
	return ro
}
