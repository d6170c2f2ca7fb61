package batch

import (
	"fmt"
	"math"

	"sgdlab/sim/lab"
	"sgdlab/sim/plot"
	"sgdlab/sim/pmath"
)

// xOf converts a recorded point to the chosen x unit.
func (e *Experiment) xOf(t int, row []float64) float64 {
	switch e.vals.Get("x") {
	case "iter":
		return float64(t)
	case "grad":
		return row[colGrads]
	}
	return row[colGrads] / float64(e.ds.N)
}

// Figure implements lab.Experiment: one panel, a curve per run, and the dashed
// bound of §2.2 (or §2.6) next to each: E‖Pδ_t‖² ≤ g^t‖Pδ_0‖², and, since
// MSE = δᵀHδ ≤ λ₁‖Pδ‖², E[MSE_t] ≤ λ₁·g^t·‖Pδ_0‖².
func (e *Experiment) Figure() plot.Figure {
	mse := e.vals.Get("y") == "mse"
	col := colPerr
	ylabel := "‖Pδ_t‖² = ‖w_t − w*‖²"
	if mse {
		col, ylabel = colMSE, "training MSE"
	}
	xlabel := map[string]string{"iter": "iterations t", "epoch": "epochs (gradient evaluations / n)", "grad": "gradient evaluations"}[e.vals.Get("x")]
	p := plot.Panel{
		Title: fmt.Sprintf("mini-batch SGD, n=%d, d=%d, %s sampling", e.ds.N, e.ds.D, e.samp),
		X:     plot.Axis{Label: xlabel},
		Y:     plot.Axis{Label: ylabel, Log: true},
	}
	// The x-axis spans the planned runs while they go, the data once done.
	var xmax float64
	for _, r := range e.runs {
		if e.Done() {
			xmax = math.Max(xmax, e.xOf(r.sgd.T, []float64{float64(r.sgd.Grads)}))
		} else {
			xmax = math.Max(xmax, e.xOf(r.Cap, []float64{float64(r.Cap * r.m)}))
		}
	}
	if xmax > 0 {
		p.X.Min, p.X.Max = 0, xmax
	}
	ymin := math.Inf(1)
	for i, r := range e.runs {
		s := plot.Series{Label: fmt.Sprintf("m=%d, %s, η=%s", r.m, r.rule.Describe(), lab.Num(r.eta)), Color: plot.Color(i), Width: 2}
		for k, t := range r.Trace.T {
			y := r.Trace.Rows[k][col]
			s.X = append(s.X, e.xOf(t, r.Trace.Rows[k]))
			s.Y = append(s.Y, y)
			if y > 0 && y < ymin {
				ymin = y
			}
		}
		if r.Status == lab.Diverged {
			s.End = fmt.Sprintf("m=%d diverged at t=%d", r.m, r.StopT)
			p.Notes = append(p.Notes, s.End)
		}
		p.Series = append(p.Series, s)
	}
	if e.vals.Bool("theory") {
		floor := ymin * 1e-2
		for i, r := range e.runs {
			g, ok := e.predicted(r)
			if !ok || !(g < 1) || g <= 0 {
				continue
			}
			c := r.E0
			if mse {
				c *= e.sp.L1
			}
			lg := pmath.Log(g)
			o := plot.Series{Color: plot.Color(i), Dashed: true, Width: 1.5}
			for k, t := range r.Trace.T {
				y := c * pmath.Exp(float64(t)*lg)
				o.X = append(o.X, e.xOf(t, r.Trace.Rows[k]))
				o.Y = append(o.Y, y)
				if y < floor {
					break
				}
			}
			p.Series = append(p.Series, o)
		}
		bound := "dashed: E‖Pδ_t‖² ≤ g^t·‖Pδ₀‖²"
		if mse {
			bound = "dashed: E[MSE_t] ≤ λ₁·g^t·‖Pδ₀‖²"
		}
		p.Notes = append(p.Notes, bound+" (THEORY §2.2/§2.6)")
	}
	return plot.Figure{Panels: []plot.Panel{p}, Caption: fmt.Sprintf("β=%s  λ₁=%s  λ_k=%s  m*=%s", lab.Num(e.sp.Beta), lab.Num(e.sp.L1), lab.Num(e.sp.Lk), lab.Num(mStar(e)))}
}
