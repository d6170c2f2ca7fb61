package consensus

import (
	"fmt"

	"sgdlab/sim/dgd"
	"sgdlab/sim/lab"
	"sgdlab/sim/linalg"
	"sgdlab/sim/spectrum"
)

// The theory phases of the plan: the spectrum of the Laplacian, the
// analysis of A = D + μ L⊗I (σ_min, σ_max, and the step from them), and the
// minimiser W∞ when the nodes cannot interpolate (THEORY §3).

// laplacianTask finds λ₂ and λ_max of L: by the dense eigensolver for small
// n, by Lanczos on the complement of the constant vector otherwise.
func (e *Experiment) laplacianTask() lab.Task {
	n := e.g.N
	if e.exact(n) || n <= 64 {
		return lab.Task{Name: "spectrum of L", Weight: 0.02, Step: func(int) bool {
			ev, err := linalg.SymEigenvalues(e.g.Laplacian(), n)
			if err != nil {
				e.lap = eig{err: err}
				return true
			}
			// decreasing order: λ_max first, λ₂ second to last
			e.lap = eig{lo: ev[n-2], hi: ev[0], ok: true}
			return true
		}}
	}
	center := func(x []float64) {
		var m float64
		for _, v := range x {
			m += v
		}
		m /= float64(len(x))
		for i := range x {
			x[i] -= m
		}
	}
	op := func(dst, x []float64) { e.g.LaplacianMul(dst, x, 1) }
	ex, err := spectrum.NewExtremes(op, center, n, e.vals.Uint64("gseed"), eigMaxIter)
	if err != nil {
		e.lap = eig{err: err}
		return lab.Task{Name: "spectrum of L", Step: func(int) bool { return true }}
	}
	return lab.Task{Name: "spectrum of L", Weight: 0.05, Progress: ex.Progress, Step: func(work int) bool {
		per := n + 2*len(e.g.Edges)
		for spent := 0; spent < work; spent += per {
			if ex.Step() {
				break
			}
		}
		e.lap = eig{lo: ex.Min(), hi: ex.Max(), iter: ex.Iter(), ok: ex.Done(), err: ex.Err()}
		return ex.Done()
	}}
}

// analyse returns the analysis of A at μ now (dense) or a stepper.
func (e *Experiment) analyse(mu float64, seed uint64) (now *analysis, est *dgd.Estimate, err error) {
	if e.exact(e.ds.N * e.ds.D) {
		a, err := dgd.Analyse(e.g, e.ds, mu)
		if err != nil {
			return nil, nil, err
		}
		return &analysis{Analysis: a, ok: true}, nil, nil
	}
	est, err = dgd.NewEstimate(e.g, e.ds, mu, seed, e.iterCap(eigMaxIter))
	return nil, est, err
}

// stepEstimate spends work on est (products cost (n + 2|E|)·d each).
func (e *Experiment) stepEstimate(est *dgd.Estimate, work int) bool {
	per := (e.ds.N + 2*len(e.g.Edges)) * e.ds.D
	for spent := 0; spent < work; spent += per {
		if est.Step() {
			return true
		}
	}
	return est.Done()
}

// analysisTask computes σ_max of A at the spec's μ, and with it the step,
// so that the runs can start; by Lanczos, σ_min takes many more iterations,
// which go on beside the runs (finishAnalysis) — the numbers of the runs
// depend only on σ_max, so they are the same either way.
func (e *Experiment) analysisTask() lab.Task {
	t := lab.Task{Name: "σ_max of A", Weight: 0.1}
	mu := e.vals.Float("mu")
	started := false
	t.Progress = func() float64 {
		if e.pending == nil {
			return 0
		}
		return e.pending.Progress()
	}
	t.Step = func(work int) bool {
		if !started {
			started = true
			now, es, err := e.analyse(mu, e.vals.Uint64("dseed"))
			if err != nil {
				e.fail(fmt.Errorf("the analysis of A: %w", err))
				return true
			}
			if now != nil {
				e.an = *now
				e.setEta()
				return true
			}
			e.pending = es
			if es.Undeflated {
				e.notes = append(e.notes, "H is numerically singular (its smallest eigenvalues are rounding-level), so Null(A) could not be split off: σ_min(A) includes those directions and may be ~0.")
			}
		}
		est := e.pending
		per := (e.ds.N + 2*len(e.g.Edges)) * e.ds.D
		for spent := 0; spent < work && !est.MaxSettled() && !est.Done(); spent += per {
			est.Step()
		}
		if !est.MaxSettled() && !est.Done() {
			return false
		}
		e.an = analysis{Analysis: est.Analysis(), iter: est.Iter()}
		e.setEta()
		e.finishAnalysis(0)
		return true
	}
	return t
}

// finishAnalysis spends work on the pending Lanczos estimate of σ_min (and
// σ_max); when it ends the analysis is final.
func (e *Experiment) finishAnalysis(work int) {
	est := e.pending
	if est == nil {
		return
	}
	if work > 0 {
		e.stepEstimate(est, work)
	}
	e.an.iter = est.Iter()
	if est.Done() {
		e.an = analysis{Analysis: est.Analysis(), iter: est.Iter(), ok: est.Err() == nil, err: est.Err()}
		e.pending = nil
	}
}

// setEta resolves the step rule once σ_max is known.
func (e *Experiment) setEta() {
	c := e.vals.Float("eta")
	switch {
	case e.vals.Get("etarule") == "fixed":
		e.eta = c
	case e.vals.Get("algo") == AlgoDecoupled:
		e.eta = c / e.beta
	default:
		e.eta = c / e.an.SigmaMax
	}
}

// minimiserTask solves A W∞ = b by conjugate gradients (under-parametrised).
func (e *Experiment) minimiserTask() lab.Task {
	var cg *dgd.CG
	t := lab.Task{Name: "the minimiser W∞ (conjugate gradients)", Weight: 0.1}
	t.Progress = func() float64 {
		if cg == nil {
			return 0
		}
		return cg.Progress()
	}
	t.Step = func(work int) bool {
		if cg == nil {
			cg = dgd.NewCG(e.g, e.ds, e.vals.Float("mu"), cgTol, e.iterCap(cgMaxIter))
		}
		per := (e.ds.N + 2*len(e.g.Edges)) * e.ds.D
		done := false
		for spent := 0; spent < work && !done; spent += per {
			done = cg.Step()
		}
		if !done {
			return false
		}
		e.wInf = cg.X()
		if err := cg.Err(); err != nil {
			e.limitErr = err
			e.notes = append(e.notes, fmt.Sprintf("%v: the errors are measured to an approximate W∞.", err))
		}
		return true
	}
	return t
}

var _ lab.Splitter = (*Experiment)(nil)
