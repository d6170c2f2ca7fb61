package armijo

import (
	"fmt"
	"math"
	"slices"

	"sgdlab/sim/axis"
	"sgdlab/sim/lab"
	"sgdlab/sim/linesearch"
	"sgdlab/sim/plot"
)

// Figure implements lab.Experiment.
func (e *Experiment) Figure() plot.Figure {
	var f plot.Figure
	view := e.vals.Get("view")
	if e.kstep != nil {
		f.Caption = fmt.Sprintf("computing the kernel matrix (%.0f %%)…", 100*e.kstep.Progress())
		return f
	}
	f.Panels = lab.Panels(view,
		lab.View{Name: ViewTrace, Make: e.tracePanel},
		lab.View{Name: ViewLR, Make: e.lrPanel},
		lab.View{Name: ViewSteps, Make: e.stepsPanel},
		lab.View{Name: ViewSFO, Make: e.sfoPanel})
	f.Caption = e.desc + "; " + e.lineSearchText()
	return f
}

// lineSearchText states the line search's constants.
func (e *Experiment) lineSearchText() string {
	p := e.params
	return fmt.Sprintf("Armijo: c = %g, δ = %g, γ = %g, α_max = %g, reset %s", p.C, p.Delta, p.Gamma, p.AlphaMax, p.Reset)
}

// traced reports whether the trace panels show r: seed 1 at the view's
// batch size (tb = 0: every batch size).
func (e *Experiment) traced(r *run) bool {
	tb := e.vals.Int("tb")
	return r.seed == 1 && (tb == 0 || tb == r.b)
}

// single reports whether the trace panels show one batch size.
func (e *Experiment) single() bool {
	return e.vals.Int("tb") != 0 || len(e.bs) == 1
}

// metric is the target's quantity at p and its name.
func (e *Experiment) metric(p point) float64 {
	switch e.vals.Get("target") {
	case TargetAcc:
		return 1 - p.Acc
	case TargetGrad:
		return p.Grad
	}
	return p.Loss
}

func (e *Experiment) metricLabel() string {
	switch e.vals.Get("target") {
	case TargetAcc:
		return "1 − training accuracy"
	case TargetGrad:
		return "‖∇f(θ)‖"
	}
	return "training loss"
}

// targetValue is the target's threshold on the metric's scale.
func (e *Experiment) targetValue() float64 {
	if e.vals.Get("target") == TargetAcc {
		return 1 - e.vals.Float("tau")
	}
	return e.vals.Float("eps")
}

func runLabel(r *run) string {
	return fmt.Sprintf("%s b = %d", optNames[r.opt], r.b)
}

// tracePanel: the target's metric (and, for one batch size, the loss too)
// at every evaluation, vs steps.
func (e *Experiment) tracePanel() plot.Panel {
	p := plot.Panel{Title: e.metricLabel() + " vs steps (seed 1)", X: plot.Axis{Label: "step k"}, Y: plot.Axis{Label: e.metricLabel(), Log: true}}
	ends := e.endLabels()
	// With several batch sizes the legend names each colour once and each
	// line style once (entries without points), instead of one entry per
	// run, so that it fits a small figure.
	var bs []int
	var opts []int
	for _, r := range e.runs {
		if e.traced(r) {
			if !slices.Contains(bs, r.b) {
				bs = append(bs, r.b)
			}
			if !slices.Contains(opts, r.opt) {
				opts = append(opts, r.opt)
			}
		}
	}
	short := len(bs) > 1
	for _, r := range e.runs {
		if !e.traced(r) {
			continue
		}
		x, y, loss := make([]float64, len(r.pts)), make([]float64, len(r.pts)), make([]float64, len(r.pts))
		for i, pt := range r.pts {
			x[i], y[i], loss[i] = float64(pt.T), e.metric(pt), pt.Loss
		}
		label := runLabel(r)
		if short {
			label = ""
		}
		s := plot.Series{Label: label, Color: plot.Color(r.j), Width: 1.8, Dashed: r.opt == optConst, X: x, Y: y}
		switch {
		case r.reached:
			s.End = ends[r]
		case r.diverged:
			s.End = "diverged"
		}
		p.Series = append(p.Series, s)
		if e.single() && e.vals.Get("target") != TargetLoss {
			p.Series = append(p.Series, plot.Series{Label: "training loss, " + runLabel(r), Color: plot.Color(r.j + 3), Width: 1.2, Dashed: r.opt == optConst, X: x, Y: loss})
		}
	}
	if short {
		for _, r := range e.runs {
			if e.traced(r) && r.opt == opts[0] {
				p.Series = append(p.Series, plot.Series{Label: fmt.Sprintf("b = %d", r.b), Color: plot.Color(r.j), Width: 1.8})
			}
		}
		if len(opts) > 1 {
			for _, o := range opts {
				p.Series = append(p.Series, plot.Series{Label: optNames[o], Color: 0x555555, Width: 1.8, Dashed: o == optConst})
			}
		}
	}
	p.Markers = append(p.Markers, plot.Marker{Label: "target", X: math.NaN(), Y: e.targetValue(), Color: 0xD55E00})
	return p
}

// endLabels are the short End labels of the traced runs that reached the
// target, "K=123"; runs whose K coincide (their crosses meet) name their
// batch size, and the optimiser too when that is not enough (the last form
// is unique: one traced run per optimiser and batch size), so that no two
// runs share a label.
func (e *Experiment) endLabels() map[*run]string {
	out := map[*run]string{}
	count := map[string]int{}
	var rs []*run
	for _, r := range e.runs {
		if e.traced(r) && r.reached {
			rs = append(rs, r)
		}
	}
	for _, form := range []func(r *run) string{
		func(r *run) string { return fmt.Sprintf("K=%d", r.k) },
		func(r *run) string { return fmt.Sprintf("K=%d b=%d", r.k, r.b) },
		func(r *run) string { return fmt.Sprintf("K=%d %s b=%d", r.k, optNames[r.opt], r.b) },
	} {
		clear(count)
		for _, r := range rs {
			count[form(r)]++
		}
		for _, r := range rs {
			if _, done := out[r]; !done && count[form(r)] == 1 {
				out[r] = form(r)
			}
		}
	}
	return out
}

// thin returns about maxTrace of the k = 1…len(y) points (every stride-th
// and the last), as x, y.
func thin(y []float64) (xs, ys []float64) {
	stride := max(1, (len(y)+maxTrace-1)/maxTrace)
	for i := 0; i < len(y); i += stride {
		xs, ys = append(xs, float64(i+1)), append(ys, y[i])
	}
	if n := len(y); n > 0 && int(xs[len(xs)-1]) != n {
		xs, ys = append(xs, float64(n)), append(ys, y[n-1])
	}
	return xs, ys
}

// lrPanel: the accepted step α_k of the Armijo runs (and the constant η);
// for one batch size also the evaluations of each line search.
func (e *Experiment) lrPanel() plot.Panel {
	p := plot.Panel{Title: "accepted step α_k of the line search (seed 1)", X: plot.Axis{Label: "step k"}, Y: plot.Axis{Label: "α_k", Log: true}}
	for _, r := range e.runs {
		if !e.traced(r) || r.opt != optArmijo {
			continue
		}
		x, y := thin(r.alpha)
		p.Series = append(p.Series, plot.Series{Label: "α_k, b = " + fmt.Sprint(r.b), Color: plot.Color(r.j), Width: 1.2, X: x, Y: y})
		if e.single() {
			ev := make([]float64, len(r.evals))
			for i, k := range r.evals {
				ev[i] = float64(k)
			}
			x, y := thin(ev)
			p.Title = "line search: accepted α_k and evaluations per step (seed 1)"
			p.Y.Label = "α_k; evaluations"
			p.Series = append(p.Series, plot.Series{Label: "evaluations of f_B (1: the trial step was accepted)", Color: plot.Color(r.j + 3), Width: 1, X: x, Y: y})
		}
	}
	if e.vals.Bool("cmp") {
		p.Markers = append(p.Markers, plot.Marker{Label: "constant η = " + lab.Num(e.vals.Float("eta")), X: math.NaN(), Y: e.vals.Float("eta"), Color: 0x777777})
	}
	p.Markers = append(p.Markers, plot.Marker{Label: "α_max", X: math.NaN(), Y: e.params.AlphaMax, Color: 0xD55E00})
	return p
}

// curve returns b and the value of every batch size whose seeds all reached
// the target, with the range over seeds (for K).
func curve(cs []cell, val func(cell) float64) (b, y []float64) {
	for _, c := range cs {
		if c.complete() {
			b, y = append(b, float64(c.b)), append(y, val(c))
		}
	}
	return b, y
}

// stepsPanel: K(b) vs b, log-log, mean and least/greatest over seeds, with
// the fitted K(b) of the Armijo runs.
func (e *Experiment) stepsPanel() plot.Panel {
	p := plot.Panel{Title: "steps to target K(b)", X: plot.Axis{Label: "batch size b", Log: true}, Y: plot.Axis{Label: "K(b)", Log: true}}
	opts := []int{optArmijo}
	if e.vals.Bool("cmp") {
		opts = append(opts, optConst)
	}
	fitted, missed := false, false
	for _, o := range opts {
		cs := e.cells(o)
		b, k := curve(cs, func(c cell) float64 { return c.k })
		_, lo := curve(cs, func(c cell) float64 { return c.kMin })
		_, hi := curve(cs, func(c cell) float64 { return c.kMax })
		col := plot.Color(o)
		p.Series = append(p.Series, plot.Series{Label: optNames[o] + ": mean K", Color: col, Width: 2, X: b, Y: k},
			plot.Series{Color: col, Width: 0.6, Dotted: true, X: b, Y: lo},
			plot.Series{Color: col, Width: 0.6, Dotted: true, X: b, Y: hi})
		if f, err := e.fit(cs); err == nil && len(b) > 0 {
			grid := axis.LogGrid(b[0], b[len(b)-1], 60)
			fy := make([]float64, len(grid))
			for i, x := range grid {
				fy[i] = f.K(x)
			}
			p.Series = append(p.Series, fitSeries(optNames[o]+" fit", plot.Color(o+3), f, grid, fy))
			fitted = true
			missed = missed || misses(f)
		}
		e.unreached(&p, o, cs)
	}
	// One legend entry (without points) for the dotted ranges of both.
	p.Series = append(p.Series, plot.Series{Label: "range over seeds", Color: 0x555555, Width: 0.6, Dotted: true})
	if fitted {
		p.Title += "; fit C₁b/(ε²b − C₂)"
	}
	if missed {
		p.Notes = append([]string{missNote}, p.Notes...)
	}
	return p
}

// missNote is the panel note of a fit that misses (the readout gives its
// rms error).
var missNote = fmt.Sprintf("pale: the fit misses (rms error of log K > %s): the model does not describe these data", lab.Num(missRMS))

// fitSeries is the dashed curve of fit f through (x, y), drawn faint with
// "(misses)" in its legend when f misses its data (missRMS).
func fitSeries(label string, color uint32, f linesearch.KFit, x, y []float64) plot.Series {
	s := plot.Series{Label: label, Color: color, Dashed: true, Width: 1.5, X: x, Y: y}
	if misses(f) {
		s.Label += " (misses)"
		s.Faint = true
	}
	return s
}

// unreached notes the batch sizes where a seed did not reach the target.
func (e *Experiment) unreached(p *plot.Panel, o int, cs []cell) {
	for _, c := range cs {
		if c.done && c.reached < c.runs {
			p.Notes = append(p.Notes, fmt.Sprintf("%s b = %d: %d of %d seeds reached the target in %d steps", optNames[o], c.b, c.reached, c.runs, e.vals.Int("kmax")))
		}
	}
}

// sfoPanel: N(b) = K(b)·b vs b with and without the line search's
// evaluations, the fitted N(b), its minimiser b* and the measured one.
func (e *Experiment) sfoPanel() plot.Panel {
	p := plot.Panel{Title: "oracle cost N(b) = K(b)·b (sample gradients to target)", X: plot.Axis{Label: "batch size b", Log: true}, Y: plot.Axis{Label: "N(b)", Log: true}}
	cs := e.cells(optArmijo)
	b, n := curve(cs, func(c cell) float64 { return c.n })
	_, nls := curve(cs, func(c cell) float64 { return c.nLS })
	p.Series = append(p.Series, plot.Series{Label: "armijo: K·b", Color: plot.Color(0), Width: 2, X: b, Y: n},
		plot.Series{Label: "armijo: K·b + line-search evaluations", Color: plot.Color(2), Width: 1.5, X: b, Y: nls})
	if e.vals.Bool("cmp") {
		cc := e.cells(optConst)
		bc, nc := curve(cc, func(c cell) float64 { return c.n })
		p.Series = append(p.Series, plot.Series{Label: "const: K·b", Color: plot.Color(1), Width: 1.5, X: bc, Y: nc})
		e.unreached(&p, optConst, cc)
	}
	if f, err := e.fit(cs); err == nil && len(b) > 0 {
		lo, hi := b[0], b[len(b)-1]
		if f.BStar > 0 {
			lo, hi = math.Min(lo, f.BStar), math.Max(hi, f.BStar)
		}
		grid := axis.LogGrid(lo, hi, 60)
		fy := make([]float64, len(grid))
		for i, x := range grid {
			fy[i] = f.N(x)
		}
		p.Series = append(p.Series, fitSeries("fit: C₁b²/(ε²b − C₂)", plot.Color(3), f, grid, fy))
		if f.BStar > 0 {
			label := "b* = 2C₂/ε² = " + lab.Num(f.BStar)
			if misses(f) {
				label += " (fit misses)"
			}
			p.Markers = append(p.Markers, plot.Marker{Label: label, X: f.BStar, Y: math.NaN(), Color: plot.Color(3)})
		}
		if misses(f) {
			p.Notes = append(p.Notes, missNote)
		}
	} else if err != nil && len(b) > 0 {
		p.Notes = append(p.Notes, "no fit: "+err.Error())
	}
	if j := argminN(cs, false); j >= 0 {
		p.Markers = append(p.Markers, plot.Marker{Label: fmt.Sprintf("least measured N: b = %d", cs[j].b), X: float64(cs[j].b), Y: math.NaN(), Color: plot.Color(0)})
	}
	e.unreached(&p, optArmijo, cs)
	return p
}
