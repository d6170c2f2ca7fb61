package variance

import (
	"fmt"
	"math"
	"strings"

	"sgdlab/sim/lab"
	"sgdlab/sim/theory"
)

// pm formats v ± 2·se.
func pm(v, se float64) string {
	if math.IsNaN(se) {
		return lab.Num(v)
	}
	return lab.Num(v) + " ± " + lab.Num(2*se)
}

// Readout implements lab.Experiment.
func (e *Experiment) Readout() lab.Readout {
	v := e.vals
	ro := lab.Readout{Columns: []string{"b", "c_b", "var(g₀) Lemma 1", "var(g₀) estimate", "t", "var(g_t | F₀)", "var(∇L(w_t) | F₀)", "E Var(g_t|w_t) + var ∇L", "E L(w_t)"}}
	add := func(key, label, value, help string) {
		ro.Items = append(ro.Items, lab.Item{Key: key, Label: label, Value: value, Help: help})
	}
	add("model", "model", e.desc, "")
	rule := fmt.Sprintf("α_t = %g", v.Float("c"))
	if v.Get("rule") == "inv" {
		rule = fmt.Sprintf("α_t = %g/(t+1)", v.Float("c"))
	}
	add("runs", "ensemble", fmt.Sprintf("R = %d runs per b, %d steps, %s, %d parameters", v.Int("runs"), v.Int("steps"), rule, e.d), "")
	for j, en := range e.ens {
		pts := en.Points()
		row := []string{fmt.Sprint(e.bs[j]), "—", "—", "—", "—", "—", "—", "—", "—"}
		if e.lin != nil {
			row[1] = lab.Num(theory.CB(e.n, e.bs[j]))
			row[2] = lab.Num(e.lin.CondVar(make([]float64, e.d), e.w0, e.bs[j]))
		}
		if len(pts) > 0 {
			row[3] = pm(pts[0].VarG, pts[0].SEG)
			last := pts[len(pts)-1]
			row[4] = fmt.Sprint(last.T)
			row[5] = pm(last.VarG, last.SEG)
			row[6] = pm(last.VarFull, last.SEFull)
			if !math.IsNaN(last.CondVar) {
				row[7] = pm(last.CondVar+last.VarFull, math.Sqrt(float64(last.SECond*last.SECond)+float64(last.SEFull*last.SEFull)))
			}
			row[8] = pm(last.Loss, last.SELoss)
			if last.Diverged > 0 {
				row[8] += fmt.Sprintf(" (%d runs diverged)", last.Diverged)
			}
		}
		ro.Rows = append(ro.Rows, row)
	}
	if bs, vv, _, t := e.atT(); len(bs) > 1 {
		if poly, err := e.fit(bs, vv); err == nil {
			add("fit", "fit at t = "+fmt.Sprint(t), e.ofLabel()+" ≈ "+polyText(poly), "least squares in 1/b, weights 1/var² (relative errors)")
		}
	}
	add("check", "decreasing in b?", e.checkText(), "adjacent batch sizes at every recorded t; z = (V(b′) − V(b))/s.e.: above 0 the estimate rose, above 2 by more than its errors")
	ro.Notes = append(ro.Notes, e.explain()...)
	ro.Notes = append(ro.Notes, e.notes...)
	return ro
}

// checkText summarises the monotonicity check.
func (e *Experiment) checkText() string {
	if len(e.ens) < 2 {
		return "— (one batch size)"
	}
	var pairs, rises, sig int
	worst, worstT, worstJ := math.Inf(-1), 0, 0
	for j := 0; j+1 < len(e.ens); j++ {
		for k := 0; ; k++ {
			z, t, ok := e.z(j, k)
			if !ok {
				break
			}
			pairs++
			if z > 0 {
				rises++
			}
			if z > 2 {
				sig++
			}
			if z > worst {
				worst, worstT, worstJ = z, t, j
			}
		}
	}
	switch {
	case pairs == 0:
		return "— (nothing recorded yet)"
	case rises == 0:
		return fmt.Sprintf("yes: decreasing at all %d (pair, t) checks", pairs)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d of %d checks rise", rises, pairs)
	if sig > 0 {
		fmt.Fprintf(&b, ", %d by more than 2 s.e.", sig)
	} else {
		b.WriteString(", all within 2 s.e. (noise)")
	}
	fmt.Fprintf(&b, "; the largest: b = %d → %d at t = %d, z = %s", e.bs[worstJ], e.bs[worstJ+1], worstT, lab.Num(worst))
	return b.String()
}

// explain lists what a reader should know.
func (e *Experiment) explain() []string {
	notes := []string{fmt.Sprintf("Bands and ± are 2 standard errors from batch means over %d groups of runs.", max(2, min(20, e.vals.Int("runs")/2)))}
	switch {
	case e.vals.Get("model") == MLP:
		notes = append(notes, "MLP: non-linear, cross-entropy, finite data — beyond the theory's assumptions; the claim that the variance decreases in b is checked empirically. Each recorded step computes every run's full gradient over the n images, so an MLP ensemble records 20 steps.")
	case e.lin != nil:
		notes = append(notes, "Least squares: Lemma 1 gives Var(g_t | w_t) = c_b(S₂ − ‖∇L(w_t)‖²), c_b = (n − b)/(b(n − 1)); by the law of total variance var(g_t | F₀) = E[Var(g_t | w_t)] + var(∇L(w_t) | F₀) — the dashed curves — which the estimate must match within its band.")
	default:
		notes = append(notes, "Two-layer network: Theorem 4 says var(g_t | F₀) is a polynomial in 1/b without a constant term; the fit uses none unless const=yes.")
	}
	return notes
}
