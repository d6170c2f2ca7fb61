package consensus

import (
	"fmt"
	"math"
	"strconv"

	"sgdlab/sim/lab"
	"sgdlab/sim/plot"
	"sgdlab/sim/pmath"
)

// Figure implements lab.Experiment: the node graph, the curves and the μ
// sweep, as the view asks.
func (e *Experiment) Figure() plot.Figure {
	var f plot.Figure
	f.Panels = lab.Panels(e.vals.Get("view"),
		lab.View{Name: ViewGraph, Make: e.graphPanel},
		lab.View{Name: ViewCurves, Make: e.curvesPanel},
		lab.View{Name: ViewSweep, Make: e.sweepPanel, Only: len(e.sweep) == 0})
	f.Caption = fmt.Sprintf("%s on a %s of %d nodes, μ = %g, η = %s — %s", e.vals.Get("algo"), e.vals.Get("topo"), e.g.N, e.vals.Float("mu"), lab.Num(e.eta), e.phase())
	return f
}

// graphPanelIndex is the index of the node-graph panel in the figure, or −1.
func (e *Experiment) graphPanelIndex() int {
	if v := e.vals.Get("view"); v == ViewAll || v == ViewGraph {
		return 0
	}
	return -1
}

// ClickNode implements lab.Interactive: a click on a node pins its error
// curve, or unpins it.
func (e *Experiment) ClickNode(panel, node int) (string, string, bool) {
	if panel != e.graphPanelIndex() || node < 0 || node >= e.g.N {
		return "", "", false
	}
	return "pin", TogglePin(e.vals.Get("pin"), node), true
}

// Scrub implements lab.Interactive: the scrubber picks a recorded frame;
// its right end (and the last frame) means "the latest", at = −1.
func (e *Experiment) Scrub(panel int, frac float64) (string, string, bool) {
	if panel != e.graphPanelIndex() || e.main == nil || len(e.main.fNode) < 2 {
		return "", "", false
	}
	last := len(e.main.fNode) - 1
	k := int(math.Round(math.Min(1, math.Max(0, frac)) * float64(last)))
	if k >= last {
		return "at", "-1", true
	}
	return "at", strconv.Itoa(k), true
}

// frameIndex is the recorded frame the graph shows: at, clamped, or the latest.
func (e *Experiment) frameIndex() int {
	k := len(e.main.fNode) - 1
	if at := e.vals.Int("at"); at >= 0 && at < k {
		k = at
	}
	return k
}

// graphPanel draws the network with the node errors and edge disagreements
// of the frame shown.
func (e *Experiment) graphPanel() plot.Panel {
	p := plot.Panel{Title: fmt.Sprintf("%s, n = %d, |E| = %d: node colour ‖w_i − w∞‖, edge shade ‖w_i − w_j‖", e.vals.Get("topo"), e.g.N, len(e.g.Edges))}
	net := &plot.Network{X: e.pos.X, Y: e.pos.Y, U: e.eu, V: e.ev, NodeLabel: "‖w_i − w∞‖", EdgeLabel: "‖w_i − w_j‖"}
	for _, i := range parsePins(e.vals.Get("pin")) {
		if i < e.g.N {
			net.Pinned = append(net.Pinned, i)
		}
	}
	if r := e.main; r != nil && len(r.fNode) > 0 {
		k := e.frameIndex()
		net.Node, net.Edge = r.fNode[k], r.fEdge[k]
		net.NodeHi, net.EdgeHi = r.nodeMax, r.edgeMax
		net.NodeLo, net.EdgeLo = r.nodeMax*colourRange, r.edgeMax*colourRange
		net.Frame, net.Frames, net.Step = k, len(r.fNode), r.fStep[k]
		p.Notes = append(p.Notes, fmt.Sprintf("round %s", lab.Num(r.fx[k])))
	} else {
		p.Notes = append(p.Notes, e.phase()+"…")
	}
	p.Net = net
	return p
}

// colourRange: the colour scales span 12 decades below their maximum.
const colourRange = 1e-12

// curvesPanel draws the error, data loss, disagreement and node-average
// error of the main run, the baselines' errors, the predicted rate (sync)
// and the pinned nodes' errors against rounds.
func (e *Experiment) curvesPanel() plot.Panel {
	p := plot.Panel{Title: "convergence", X: plot.Axis{Label: "rounds (n gradient evaluations)"}, Y: plot.Axis{Label: "squared error / loss", Log: true}}
	r := e.main
	if r == nil {
		p.Notes = append(p.Notes, e.phase()+"…")
		return p
	}
	end := func(rr *run) string {
		if rr.status == diverged {
			return fmt.Sprintf("diverged at round %s", lab.Num(rr.diverAt))
		}
		return ""
	}
	p.Series = append(p.Series,
		plot.Series{Label: "Σ‖w_i − w∞‖² (" + r.name + ")", Color: plot.Color(0), Width: 2, X: r.x, Y: r.errs, End: end(r)},
		plot.Series{Label: "data loss Σ½(x_i·w_i − y_i)²", Color: plot.Color(2), X: r.x, Y: r.loss},
		plot.Series{Label: "disagreement Σ_E‖w_i − w_j‖²", Color: plot.Color(4), X: r.x, Y: r.dis},
		plot.Series{Label: "‖mean w_i − w∞‖²", Color: plot.Color(5), X: r.x, Y: r.avg},
	)
	if e.vals.Get("algo") == AlgoSync && e.an.ok && len(r.x) > 0 {
		// ‖δW_t‖² ≤ R^{2t}‖δW_0‖² (I − ηA symmetric), t = rounds for sync.
		R := e.an.Rate(e.eta)
		xs := []float64{0, r.x[len(r.x)-1]}
		if R < 1 {
			// Stop the line where it leaves 30 decades below the start.
			xs[1] = math.Min(xs[1], 30*math.Ln10/(-2*pmath.Log(R)))
		}
		ys := []float64{r.err0, r.err0 * pmath.Pow(R, 2*xs[1])}
		p.Series = append(p.Series, plot.Series{Label: fmt.Sprintf("predicted R^{2t}, R = %s", lab.Num(R)), Color: plot.Color(0), Dashed: true, X: xs, Y: ys})
	}
	for k, b := range e.bases {
		p.Series = append(p.Series, plot.Series{Label: b.name, Color: []uint32{0x000000, 0xD55E00}[k%2], X: b.x, Y: b.errs, End: end(b)})
	}
	for k, i := range parsePins(e.vals.Get("pin")) {
		if i >= e.g.N {
			p.Notes = append(p.Notes, fmt.Sprintf("node %d does not exist (n = %d)", i, e.g.N))
			continue
		}
		ys := make([]float64, len(r.fNode))
		for f, node := range r.fNode {
			ys[f] = node[i] * node[i]
		}
		p.Series = append(p.Series, plot.Series{Label: fmt.Sprintf("node %d: ‖w_%d − w∞‖²", i, i), Color: pinColors[k%len(pinColors)], Width: 1.5, X: r.fx, Y: ys})
	}
	if at := e.vals.Int("at"); at >= 0 && len(r.fx) > 0 {
		p.Markers = append(p.Markers, plot.Marker{Label: "frame shown", X: r.fx[e.frameIndex()], Y: math.NaN(), Color: 0x555555})
	}
	if !e.interp {
		p.Notes = append(p.Notes, "under-parametrised: errors to the minimiser W∞ of F (no consensus)")
	}
	return p
}

// pinColors are the pinned nodes' curves (distinct from the main curves).
var pinColors = []uint32{0x882255, 0x117733, 0x332288, 0xAA4499, 0x44AA99, 0x999933, 0x661100, 0x6699CC}

// sweepPanel draws 1 − R against μ: predicted at η = 1/σ_max(μ) and at the
// main run's η, and measured, with the best μ marked.
func (e *Experiment) sweepPanel() plot.Panel {
	p := plot.Panel{Title: "μ sweep: convergence speed 1 − R per step", X: plot.Axis{Label: "μ", Log: true}, Y: plot.Axis{Label: "1 − R", Log: true}}
	if len(e.sweep) == 0 {
		p.Notes = append(p.Notes, "no sweep: set sweep to a number of points (e.g. sweep=13)")
		return p
	}
	var mu, pred, fixed, meas, muF, muM []float64
	for _, pt := range e.sweep {
		if !pt.done || !pt.an.ok {
			continue
		}
		mu = append(mu, pt.mu)
		pred = append(pred, 1-pt.rBest())
		if r := pt.an.Rate(e.eta); r < 1 {
			fixed = append(fixed, 1-r)
			muF = append(muF, pt.mu)
		}
		if pt.ok {
			meas = append(meas, 1-pt.measured)
			muM = append(muM, pt.mu)
		}
	}
	p.Series = append(p.Series,
		plot.Series{Label: "predicted, η = 1/σ_max(μ)", Color: plot.Color(0), Dashed: true, Width: 2, X: mu, Y: pred},
		plot.Series{Label: "measured, η = 1/σ_max(μ)", Color: plot.Color(1), Width: 2, X: muM, Y: meas},
		plot.Series{Label: fmt.Sprintf("predicted, fixed η = %s (gaps: unstable)", lab.Num(e.eta)), Color: plot.Color(2), Dashed: true, X: muF, Y: fixed},
	)
	lo, hi := e.vals.Float("mulo"), e.vals.Float("muhi")
	p.X.Min, p.X.Max = lo, math.Max(hi, lo*1.01)
	if bp, bm := e.best(); bp >= 0 {
		p.Markers = append(p.Markers, plot.Marker{Label: "best μ (predicted) = " + lab.Num(e.sweep[bp].mu), X: e.sweep[bp].mu, Y: math.NaN(), Color: plot.Color(0)})
		if bm >= 0 && bm != bp {
			p.Markers = append(p.Markers, plot.Marker{Label: "best μ (measured) = " + lab.Num(e.sweep[bm].mu), X: e.sweep[bm].mu, Y: math.NaN(), Color: plot.Color(1)})
		}
	}
	p.Markers = append(p.Markers, plot.Marker{Label: "this run's μ", X: e.vals.Float("mu"), Y: math.NaN(), Color: 0x888888})
	return p
}
