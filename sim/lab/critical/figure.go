package critical

import (
	"fmt"
	"math"

	"sgdlab/sim/lab"
	"sgdlab/sim/plot"
	"sgdlab/sim/pmath"
	"sgdlab/sim/steprule"
)

// Colours of the theory and the regimes.
const (
	colTheory    = 0x000000
	colMeasured  = 0x0072B2
	colLinear    = 0x009E73 // linear-scaling regime
	colSaturated = 0xD55E00 // saturation regime
	colMarker    = 0x666666
)

// Figure implements lab.Experiment: the panels the view asks for.
func (e *Experiment) Figure() plot.Figure {
	ps := lab.Panels(e.vals.Get("view"),
		lab.View{Name: ViewCurves, Make: e.curvesPanel},
		lab.View{Name: ViewSpeedup, Make: e.speedupPanel},
		lab.View{Name: ViewCost, Make: e.costPanel},
		lab.View{Name: ViewSweep, Make: e.sweepPanel, Only: e.sweepM == 0})
	caption := fmt.Sprintf("%s, n=%d, %s", e.dataset, e.n, e.kern)
	if e.stage() >= phaseRuns && e.top != nil {
		caption += fmt.Sprintf("   β=%s  λ₁=%s  m*=%s", lab.Num(e.sp.Beta), lab.Num(e.sp.L1), lab.Num(e.mStar()))
		if p, ok := e.paperValues(); ok {
			caption += "   paper: " + p
		}
	} else {
		caption += "   " + e.phaseText()
	}
	return plot.Figure{Panels: ps, Caption: caption}
}

// xOf converts a recorded point of a run to the curves' x unit.
func (e *Experiment) xOf(t int, row []float64) float64 {
	if e.vals.Get("x") == "epoch" {
		return row[colGrads] / float64(e.n)
	}
	return float64(t)
}

// curvesPanel: training MSE of the seed-0 runs vs iterations (Figure 3) or
// epochs (Figure 4), with the target eps·MSE₀.
func (e *Experiment) curvesPanel() plot.Panel {
	xl := "iterations t"
	if e.vals.Get("x") == "epoch" {
		xl = "epochs (gradient evaluations / n)"
	}
	p := plot.Panel{
		Title: "training MSE (seed 1 of each batch size)",
		X:     plot.Axis{Label: xl},
		Y:     plot.Axis{Label: "training MSE", Log: true},
	}
	ms := e.mStar()
	for j := range e.ms {
		if j >= len(e.runs) {
			break
		}
		r := e.runs[j]
		lbl := fmt.Sprintf("m=%d", r.m)
		if e.top != nil && float64(r.m) <= ms {
			lbl += " ≤ m*"
		}
		s := plot.Series{Label: lbl, Color: plot.Color(j), Width: 2}
		for k, t := range r.Trace.T {
			s.X = append(s.X, e.xOf(t, r.Trace.Rows[k]))
			s.Y = append(s.Y, r.Trace.Rows[k][colMSE])
		}
		if r.Status == lab.Diverged {
			s.End = fmt.Sprintf("m=%d diverged", r.m)
		}
		p.Series = append(p.Series, s)
	}
	if len(e.runs) > 0 {
		p.Markers = append(p.Markers, plot.Marker{Label: fmt.Sprintf("ε·MSE₀ (ε=%s)", lab.Num(e.eps)), X: math.NaN(), Y: e.eps * e.runs[0].E0, Color: colMarker})
	}
	return p
}

// speedupPanel: measured t(1)/t(m) with its band over seeds against s(m)
// of §2.5, log-log, the regimes shaded, m* and the ceiling 4β/λ₁ marked
// (the paper's Figure 2).
func (e *Experiment) speedupPanel() plot.Panel {
	p := plot.Panel{
		Title: fmt.Sprintf("speed-up t(1)/t(m) to ε = %s", lab.Num(e.eps)),
		X:     plot.Axis{Label: "batch size m", Log: true},
		Y:     plot.Axis{Label: "t(1)/t(m)", Log: true},
	}
	if len(e.runs) == 0 || e.top == nil {
		return p
	}
	mlo, mhi := float64(e.ms[0]), float64(e.ms[0])
	for _, m := range e.ms {
		mlo, mhi = math.Min(mlo, float64(m)), math.Max(mhi, float64(m))
	}
	mlo, mhi = math.Min(mlo, 1), math.Max(mhi, 2*mlo)
	ms, ceil := e.mStar(), 4*e.sp.Beta/e.sp.L1
	p.Shades = []plot.Shade{
		{Label: "linear scaling", X0: mlo, X1: ms, Color: colLinear},
		{Label: "saturation", X0: ms, X1: mhi, Color: colSaturated},
	}
	th := plot.Series{Label: "s(m) §2.5", Color: colTheory, Dashed: true, Width: 1.5}
	for k := 0; k <= 120; k++ {
		m := mlo * pmath.Pow(mhi/mlo, float64(k)/120)
		th.X = append(th.X, m)
		th.Y = append(th.Y, e.speedupReal(m))
	}
	pts := measure(e.runs, e.ms, e.seeds)
	meas := plot.Series{Label: fmt.Sprintf("measured, mean of %d seed(s)", e.seeds), Color: colMeasured, Width: 2}
	lo := plot.Series{Label: "least and greatest seed", Color: colMeasured, Width: 1, Dotted: true}
	hi := plot.Series{Color: colMeasured, Width: 1, Dotted: true}
	for _, pt := range sortedByM(pts) {
		if math.IsNaN(pt.speedup) {
			continue
		}
		meas.X, meas.Y = append(meas.X, float64(pt.m)), append(meas.Y, pt.speedup)
		lo.X, lo.Y = append(lo.X, float64(pt.m)), append(lo.Y, pt.lo)
		hi.X, hi.Y = append(hi.X, float64(pt.m)), append(hi.Y, pt.hi)
	}
	p.Series = []plot.Series{th, meas}
	if e.seeds > 1 {
		p.Series = append(p.Series, lo, hi)
	}
	p.Markers = []plot.Marker{
		{Label: fmt.Sprintf("m* = %s", lab.Num(ms)), X: ms, Y: math.NaN(), Color: colMarker},
		{Label: fmt.Sprintf("4β/λ₁ = %s", lab.Num(ceil)), X: math.NaN(), Y: ceil, Color: colMarker},
	}
	if pts[0].m != 1 && !hasOne(e.ms) {
		p.Notes = append(p.Notes, "add m = 1 to the batch sizes to measure t(1)/t(m)")
	}
	return p
}

// speedupReal is s(m) of §2.5 at a real m (for the smooth curve).
func (e *Experiment) speedupReal(m float64) float64 {
	b, l1, lk := e.sp.Beta, e.sp.L1, e.sp.Lk
	if m <= e.mStar() {
		return m / (1 + (m-1)*lk/b)
	}
	d := 1 + (m-1)*(l1+lk)/b
	return 4 * m * (m - 1) * l1 / (b * d * d)
}

func hasOne(ms []int) bool {
	for _, m := range ms {
		if m == 1 {
			return true
		}
	}
	return false
}

// sortedByM returns the points in increasing m (the list may be in any order).
func sortedByM(pts []point) []point {
	out := append([]point(nil), pts...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].m < out[j-1].m; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// costPanel: gradient evaluations to reach ε vs m (Theorem 6: m = 1 is
// cheapest, every m ≤ m* nearly as cheap), with the prediction m·t̄(1)/s(m).
func (e *Experiment) costPanel() plot.Panel {
	p := plot.Panel{
		Title: "cost: gradient evaluations to ε",
		X:     plot.Axis{Label: "batch size m", Log: true},
		Y:     plot.Axis{Label: "gradient evaluations", Log: true},
	}
	if len(e.runs) == 0 || e.top == nil {
		return p
	}
	pts := sortedByM(measure(e.runs, e.ms, e.seeds))
	meas := plot.Series{Label: "measured m·t(m)", Color: colMeasured, Width: 2}
	pred := plot.Series{Label: "m·t(1)/s(m) (t(1): mean over seeds)", Color: colTheory, Dashed: true, Width: 1.5}
	var t1 float64
	for _, pt := range pts {
		if pt.m == 1 {
			t1 = pt.tMean
		}
	}
	for _, pt := range pts {
		if !math.IsNaN(pt.grads) {
			meas.X, meas.Y = append(meas.X, float64(pt.m)), append(meas.Y, pt.grads)
		}
		if t1 > 0 {
			pred.X, pred.Y = append(pred.X, float64(pt.m)), append(pred.Y, float64(pt.m)*t1/e.speedupTheory(pt.m))
		}
	}
	p.Series = []plot.Series{meas}
	if t1 > 0 {
		p.Series = append(p.Series, pred)
	}
	ms := e.mStar()
	p.Markers = []plot.Marker{{Label: fmt.Sprintf("m* = %s", lab.Num(ms)), X: ms, Y: math.NaN(), Color: colMarker}}
	return p
}

// sweepPanel: final MSE/MSE₀ after sweeplen iterations vs η at one batch
// size, with η*(m), η̂(m) and 2η̂(m) marked; diverged runs are drawn as
// crosses at the top of the panel.
func (e *Experiment) sweepPanel() plot.Panel {
	p := plot.Panel{
		Title: fmt.Sprintf("step-size sweep at m = %d, %d iterations", e.sweepM, e.vals.Int("sweeplen")),
		X:     plot.Axis{Label: "step size η", Log: true},
		Y:     plot.Axis{Label: "final MSE / MSE₀", Log: true},
	}
	if len(e.sweep) == 0 {
		return p
	}
	s := plot.Series{Label: "final MSE/MSE₀", Color: colMeasured, Width: 2}
	top := 1.0
	for _, r := range e.sweep {
		if r.Status != lab.Running && r.Status != lab.Diverged {
			s.X, s.Y = append(s.X, r.eta), append(s.Y, r.rel())
			top = math.Max(top, r.rel())
		}
	}
	p.Series = append(p.Series, s)
	label := "diverged"
	for _, r := range e.sweep {
		if r.Status == lab.Diverged {
			p.Series = append(p.Series, plot.Series{Color: colSaturated, X: []float64{r.eta}, Y: []float64{10 * top}, End: label})
			label = " " // one label, a cross for each
		}
	}
	hat := e.sweep[sweepPoints/2].eta
	opt := steprule.Rule{Name: steprule.RuleOpt, Mult: 1}.Eta(e.sweepM, e.n, e.sp)
	p.Markers = []plot.Marker{
		{Label: "η̂(m)", X: hat, Y: math.NaN(), Color: colLinear},
		{Label: "2η̂(m)", X: 2 * hat, Y: math.NaN(), Color: colSaturated},
		{Label: "η*(m)", X: opt, Y: math.NaN(), Color: colTheory},
	}
	return p
}
