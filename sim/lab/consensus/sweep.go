package consensus

import (
	"math"

	"sgdlab/sim/dgd"
	"sgdlab/sim/lab"
	"sgdlab/sim/pmath"
	"sgdlab/sim/vec"
)

// point is one μ of the sweep: the analysis of A(μ), the predicted rates at
// η = 1/σ_max(μ) and at the main run's η, and the rate measured on a
// synchronous run at η = 1/σ_max(μ) from the decay of its steps
// ‖W_t − W_{t−1}‖ = ‖(I − ηA)^{t−1}(W_1 − W_0)‖, which needs no limit (the
// under-parametrised minimiser depends on μ).
type point struct {
	mu       float64
	an       analysis
	est      *dgd.Estimate
	alg      *dgd.Sync
	prev     []float64 // W before the last step, at recorded steps
	steps    []float64 // recorded steps t
	diffs    []float64 // ‖W_t − W_{t−1}‖², which decays like R^{2t}
	measured float64
	ok       bool // measured is valid
	done     bool
	own      *pointResult // its own state while a snapshot from elsewhere is shown (lab.Partial)
}

// rBest is R at η = 1/σ_max: 1 − σ_min/σ_max.
func (p *point) rBest() float64 { return p.an.Rate(1 / p.an.SigmaMax) }

// sweepMus is the log grid of the sweep: mulo·(muhi/mulo)^(k/(K−1)).
func sweepMus(lo, hi float64, k int) []float64 {
	mus := make([]float64, k)
	for i := range mus {
		if k == 1 {
			mus[i] = lo
			continue
		}
		mus[i] = lo * pmath.Exp(float64(i)/float64(k-1)*pmath.Log(hi/lo))
	}
	return mus
}

// sweepTask analyses A(μ) and runs synchronous DGD at every μ of the grid.
func (e *Experiment) sweepTask() lab.Task {
	v := e.vals
	for _, mu := range sweepMus(v.Float("mulo"), v.Float("muhi"), v.Int("sweep")) {
		p := &point{mu: mu}
		e.sweep, e.sweepU = append(e.sweep, p), append(e.sweepU, sweepUnit{e, p})
	}
	// One point at a time: each holds its own n·d iterate while it runs.
	return lab.Task{Name: "μ sweep", Weight: 0.3, Step: e.sweepU.StepFirst, Progress: e.sweepU.Progress}
}

// sweepUnit is a point of the sweep as a lab.Unit of its experiment.
type sweepUnit struct {
	e *Experiment
	p *point
}

// Advance implements lab.Unit: the point's analysis, then its run.
func (u sweepUnit) Advance(work int) bool {
	u.e.stepPoint(u.p, work)
	return !u.p.done
}

// Running implements lab.Unit.
func (u sweepUnit) Running() bool { return !u.p.done }

// Cost implements lab.Coster: sweeplen synchronous steps of (n + 2|E|)·d.
func (u sweepUnit) Cost() float64 {
	e := u.e
	return float64(e.vals.Int("sweeplen")) * float64((e.ds.N+2*len(e.g.Edges))*e.ds.D)
}

// Progress implements lab.Unit: 1 once the point is done.
func (u sweepUnit) Progress() float64 {
	if u.p.done {
		return 1
	}
	return 0
}

// stepPoint advances one sweep point: its analysis, then its run.
func (e *Experiment) stepPoint(p *point, work int) {
	if p.alg == nil && !p.an.ok && p.an.err == nil {
		if p.est == nil {
			now, est, err := e.analyse(p.mu, e.vals.Uint64("dseed"))
			switch {
			case err != nil:
				p.an.err, p.done = err, true
				return
			case now != nil:
				p.an = *now
			default:
				p.est = est
			}
		}
		if p.est != nil {
			if !e.stepEstimate(p.est, work) {
				return
			}
			p.an = analysis{Analysis: p.est.Analysis(), iter: p.est.Iter(), ok: p.est.Err() == nil, err: p.est.Err()}
			p.an.ok = true // the best estimate is still plotted
			p.est = nil
		}
		p.alg = dgd.NewSync(e.g, e.ds, 1/p.an.SigmaMax, p.mu, e.w0)
		p.prev = make([]float64, len(p.alg.Nodes()))
		return
	}
	total := e.vals.Int("sweeplen")
	every := max(1, total/maxRecords)
	per := max(1, work/max(1, (e.ds.N+2*len(e.g.Edges))*e.ds.D))
	for range per {
		step := p.alg.Updates()/e.ds.N + 1 // the step about to be done
		due := step%every == 0 || step == total
		if due {
			copy(p.prev, p.alg.Nodes())
		}
		p.alg.Step()
		if due {
			p.steps = append(p.steps, float64(step))
			p.diffs = append(p.diffs, vec.Dist2(p.alg.Nodes(), p.prev))
		}
		if step >= total {
			p.measured, p.ok = rate(p.steps, p.diffs)
			p.alg, p.prev, p.done = nil, nil, true // free W
			return
		}
	}
}

// best returns the index of the point with the smallest predicted R (at
// η = 1/σ_max) and of the smallest measured R, −1 when none.
func (e *Experiment) best() (pred, meas int) {
	pred, meas = -1, -1
	bp, bm := math.Inf(1), math.Inf(1)
	for i, p := range e.sweep {
		if !p.done || !p.an.ok {
			continue
		}
		if r := p.rBest(); r < bp {
			bp, pred = r, i
		}
		if p.ok && p.measured < bm {
			bm, meas = p.measured, i
		}
	}
	return pred, meas
}
