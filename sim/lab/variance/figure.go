package variance

import (
	"fmt"
	"math"

	"sgdlab/sim/axis"
	"sgdlab/sim/ensemble"
	"sgdlab/sim/lab"
	"sgdlab/sim/plot"
	"sgdlab/sim/polyfit"
)

// value returns the variance the view shows at p and its standard error.
func (e *Experiment) value(p ensemble.Point) (v, se float64) {
	if e.vals.Get("of") == "full" {
		return p.VarFull, p.SEFull
	}
	return p.VarG, p.SEG
}

// ofLabel names the variance shown.
func (e *Experiment) ofLabel() string {
	if e.vals.Get("of") == "full" {
		return "var(∇L(w_t) | F₀)"
	}
	return "var(g_t | F₀)"
}

// Figure implements lab.Experiment.
func (e *Experiment) Figure() plot.Figure {
	var f plot.Figure
	f.Panels = lab.Panels(e.vals.Get("view"),
		lab.View{Name: ViewTime, Make: e.timePanel},
		lab.View{Name: ViewB, Make: e.bPanel},
		lab.View{Name: ViewLoss, Make: e.lossPanel},
		lab.View{Name: ViewCheck, Make: e.checkPanel})
	f.Caption = fmt.Sprintf("%s; R = %d runs per b from one w₀", e.desc, e.vals.Int("runs"))
	return f
}

// bandLabel is the legend entry of the ±2 standard-error lines.
const bandLabel = "±2 standard errors"

// band adds the ±2 standard-error lines of a curve (thin, dotted); the
// first band of the panel (ps) carries the legend entry, on its lower line.
func band(ps []plot.Series, c uint32, x, y, se []float64) []plot.Series {
	lo, hi := make([]float64, len(y)), make([]float64, len(y))
	for i := range y {
		lo[i], hi[i] = y[i]-2*se[i], y[i]+2*se[i]
	}
	label := bandLabel
	for _, s := range ps {
		if s.Label == bandLabel {
			label = ""
			break
		}
	}
	return append(ps, plot.Series{Label: label, Color: c, Width: 0.6, Dotted: true, X: x, Y: lo}, plot.Series{Color: c, Width: 0.6, Dotted: true, X: x, Y: hi})
}

// timePanel: log var vs t for each b, with bands, and Lemma 1's E Var(g|w_t).
func (e *Experiment) timePanel() plot.Panel {
	p := plot.Panel{Title: e.ofLabel() + " vs t", X: plot.Axis{Label: "step t"}, Y: plot.Axis{Label: e.ofLabel(), Log: true}}
	for j, en := range e.ens {
		var x, y, se, cv []float64
		for _, pt := range en.Points() {
			v, s := e.value(pt)
			x, y, se, cv = append(x, float64(pt.T)), append(y, v), append(se, s), append(cv, pt.CondVar+pt.VarFull)
		}
		c := plot.Color(j)
		p.Series = append(p.Series, plot.Series{Label: fmt.Sprintf("b = %d", e.bs[j]), Color: c, Width: 1.8, X: x, Y: y})
		p.Series = band(p.Series, c, x, y, se)
		if e.lin != nil && e.vals.Get("of") == "g" && len(cv) > 0 {
			label := ""
			if j == 0 {
				label = "E Var(g_t | w_t) (Lemma 1) + var ∇L(w_t): total variance"
			}
			p.Series = append(p.Series, plot.Series{Label: label, Color: c, Dashed: true, X: x, Y: cv})
		}
	}
	return p
}

// pointAt returns the index of the recorded step nearest to at (−1: the last).
func pointAt(pts []ensemble.Point, at int) int {
	if len(pts) == 0 {
		return -1
	}
	if at < 0 {
		return len(pts) - 1
	}
	best := 0
	for i, p := range pts {
		if abs(p.T-at) < abs(pts[best].T-at) {
			best = i
		}
	}
	return best
}

func abs(x int) int { return max(x, -x) }

// atT returns, for every batch size with a recorded step near the view's t,
// b, the variance and its standard error, and the step used.
func (e *Experiment) atT() (bs, v, se []float64, t int) {
	t = -1
	for j, en := range e.ens {
		pts := en.Points()
		k := pointAt(pts, e.vals.Int("at"))
		if k < 0 {
			continue
		}
		if t < 0 {
			t = pts[k].T
		}
		if pts[k].T != t { // runs not yet as far as the others
			continue
		}
		x, s := e.value(pts[k])
		bs, v, se = append(bs, float64(e.bs[j])), append(v, x), append(se, s)
	}
	return bs, v, se, t
}

// fit returns the least-squares polynomial in 1/b of the view's degree
// (weights 1/v², so every b counts by its relative error).
func (e *Experiment) fit(bs, v []float64) (polyfit.Poly, error) {
	lo := 0
	switch e.vals.Get("const") {
	case "no":
		lo = 1
	case "auto":
		if e.vals.Get("model") == TwoLayer {
			lo = 1
		}
	}
	var x, y, w []float64
	for i := range bs {
		if v[i] > 0 {
			x, y, w = append(x, 1/bs[i]), append(y, v[i]), append(w, 1/(v[i]*v[i]))
		}
	}
	deg := lo + e.vals.Int("deg") - 1
	if lo == 0 {
		deg = e.vals.Int("deg")
	}
	return polyfit.Fit(x, y, w, lo, deg)
}

// superscript writes k ≥ 0 in superscript digits (b², not b^2).
func superscript(k int) string {
	const digits = "⁰¹²³⁴⁵⁶⁷⁸⁹"
	out := ""
	for _, d := range fmt.Sprint(k) {
		out += string([]rune(digits)[d-'0'])
	}
	return out
}

// polyText writes a Poly in 1/b.
func polyText(p polyfit.Poly) string {
	s := ""
	for k, c := range p.C {
		pow := p.Lo + k
		term := lab.Num(c)
		switch pow {
		case 0:
		case 1:
			term += "/b"
		default:
			term += "/b" + superscript(pow)
		}
		if s != "" {
			s += " + "
		}
		s += term
	}
	return s
}

// bPanel: variance vs b at one t (log-log) with bands, the fit and 1/b.
func (e *Experiment) bPanel() plot.Panel {
	bs, v, se, t := e.atT()
	p := plot.Panel{Title: fmt.Sprintf("%s vs b at t = %d", e.ofLabel(), t), X: plot.Axis{Label: "batch size b", Log: true}, Y: plot.Axis{Label: e.ofLabel(), Log: true}}
	if len(bs) == 0 {
		return p
	}
	p.Series = append(p.Series, plot.Series{Label: "estimate (±2 s.e.)", Color: plot.Color(0), Width: 2, X: bs, Y: v})
	p.Series = band(p.Series, plot.Color(0), bs, v, se)
	lo, hi := bs[0], bs[len(bs)-1]
	grid := axis.LogGrid(lo, hi, 60)
	if len(bs) >= 2 && v[0] > 0 {
		ref := make([]float64, len(grid))
		for i, b := range grid {
			ref[i] = v[0] * bs[0] / b
		}
		p.Series = append(p.Series, plot.Series{Label: "c/b (slope −1)", Color: 0x888888, Dashed: true, X: grid, Y: ref})
	}
	if poly, err := e.fit(bs, v); err == nil {
		fy := make([]float64, len(grid))
		for i, b := range grid {
			fy[i] = poly.Eval(1 / b)
		}
		p.Series = append(p.Series, plot.Series{Label: "fit: " + polyText(poly), Color: plot.Color(1), Dashed: true, Width: 1.5, X: grid, Y: fy})
	} else {
		p.Notes = append(p.Notes, "no fit: "+err.Error())
	}
	if e.lin != nil && e.vals.Get("of") == "g" && t == 0 {
		cv := make([]float64, len(grid))
		s2, f2 := e.lin.SampleGradStats(make([]float64, e.d), e.w0)
		for i, b := range grid {
			cv[i] = float64(e.n-int(b)) / (b * float64(e.n-1)) * (s2 - f2)
		}
		p.Series = append(p.Series, plot.Series{Label: "Lemma 1: c_b(S₂ − ‖∇L‖²)", Color: plot.Color(2), Dashed: true, X: grid, Y: cv})
	}
	return p
}

// lossPanel: E L(w_t) vs t for each b with bands.
func (e *Experiment) lossPanel() plot.Panel {
	p := plot.Panel{Title: "expected loss E[L(w_t) | F₀]", X: plot.Axis{Label: "step t"}, Y: plot.Axis{Label: "E L(w_t)", Log: true}}
	for j, en := range e.ens {
		var x, y, se []float64
		for _, pt := range en.Points() {
			x, y, se = append(x, float64(pt.T)), append(y, pt.Loss), append(se, pt.SELoss)
		}
		p.Series = append(p.Series, plot.Series{Label: fmt.Sprintf("b = %d", e.bs[j]), Color: plot.Color(j), Width: 1.8, X: x, Y: y})
		p.Series = band(p.Series, plot.Color(j), x, y, se)
	}
	return p
}

// z is (V(b_{j+1}) − V(b_j)) / √(se_j² + se_{j+1}²) at the recorded step k:
// positive where the variance does not decrease from b_j to b_{j+1}, above 2
// where it increases by more than its errors.
func (e *Experiment) z(j, k int) (float64, int, bool) {
	a, b := e.ens[j].Points(), e.ens[j+1].Points()
	if k >= len(a) || k >= len(b) {
		return 0, 0, false
	}
	va, sa := e.value(a[k])
	vb, sb := e.value(b[k])
	den := math.Sqrt(float64(sa*sa) + float64(sb*sb))
	if !(den > 0) {
		if vb > va {
			return math.Inf(1), a[k].T, true
		}
		return math.Inf(-1), a[k].T, true
	}
	return (vb - va) / den, a[k].T, true
}

// checkPanel: z of every adjacent pair of batch sizes against t.
func (e *Experiment) checkPanel() plot.Panel {
	p := plot.Panel{Title: "is it decreasing in b? z = (V(b′) − V(b)) / s.e. for adjacent b < b′",
		X: plot.Axis{Label: "step t"}, Y: plot.Axis{Label: "z (< 0: decreasing)"}}
	for j := 0; j+1 < len(e.ens); j++ {
		var x, y []float64
		for k := 0; ; k++ {
			z, t, ok := e.z(j, k)
			if !ok {
				break
			}
			if math.IsInf(z, 0) {
				z = math.Copysign(50, z)
			}
			x, y = append(x, float64(t)), append(y, z)
		}
		p.Series = append(p.Series, plot.Series{Label: fmt.Sprintf("%d → %d", e.bs[j], e.bs[j+1]), Color: plot.Color(j), X: x, Y: y})
	}
	p.Markers = append(p.Markers, plot.Marker{Label: "0", X: math.NaN(), Y: 0, Color: 0x555555}, plot.Marker{Label: "+2 s.e.", X: math.NaN(), Y: 2, Color: 0xD55E00})
	return p
}
