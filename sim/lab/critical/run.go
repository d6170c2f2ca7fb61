package critical

import (
	"math"

	"sgdlab/sim/kernel"
	"sgdlab/sim/pmath"
	"sgdlab/sim/steprule"
	"sgdlab/sim/trace"
)

// Status of a run.
const (
	running   = "running"
	capped    = "iteration cap"
	converged = "ε reached"
	finished  = "done" // a sweep run that did its iterations
	diverged  = "diverged"
)

// divergeFactor: a run whose MSE grows past this multiple of MSE_0, or stops
// being finite, has diverged and is stopped.
const divergeFactor = 1e6

// Columns of a run's trace rows.
const (
	colGrads = iota
	colMSE
	nCols
)

// traceCap is the number of points kept per run.
const traceCap = 400

// run is one kernel-SGD run: main runs stop at the first t with
// MSE_t ≤ eps·MSE_0 (hitT = t) or at capT iterations; sweep runs (eps = 0)
// do capT iterations.
type run struct {
	sgd    *kernel.SGD
	m      int
	rule   steprule.Rule
	eta    float64
	seed   int
	capT   int
	eps    float64
	mse0   float64
	mse    float64
	status string
	hitT   int // iterations to reach eps (0: not reached)
	tr     *trace.Trace
	row    [nCols]float64
}

func newRun(s *kernel.SGD, rule steprule.Rule, seed, capT int, eps float64) *run {
	r := &run{sgd: s, m: s.M(), rule: rule, eta: s.Eta(), seed: seed, capT: capT, eps: eps, status: running, tr: trace.New(traceCap)}
	r.mse0 = s.MSE()
	r.mse = r.mse0
	r.record()
	return r
}

func (r *run) record() {
	r.row = [nCols]float64{float64(r.sgd.Grads), r.mse}
	r.tr.Add(r.sgd.T, r.row[:])
}

// advance does up to k iterations, checking the stop rules after each.
func (r *run) advance(k int) {
	for ; k > 0 && r.status == running; k-- {
		r.sgd.Step()
		r.mse = r.sgd.MSE()
		t := r.sgd.T
		switch {
		case !(r.mse <= divergeFactor*r.mse0): // also NaN
			r.stop(diverged)
		case r.eps > 0 && r.mse <= r.eps*r.mse0:
			r.hitT = t
			r.stop(converged)
		case t >= r.capT:
			if r.eps > 0 {
				r.stop(capped)
			} else {
				r.stop(finished)
			}
		case r.tr.Due(t):
			r.record()
		}
	}
}

// stop ends the run, recording its last finite point.
func (r *run) stop(status string) {
	r.status = status
	if status == diverged && !(r.mse < math.Inf(1)) {
		r.tr.Final(r.tr.T[len(r.tr.T)-1], r.tr.Rows[len(r.tr.Rows)-1])
		return
	}
	r.row = [nCols]float64{float64(r.sgd.Grads), r.mse}
	r.tr.Final(r.sgd.T, r.row[:])
}

// progress is the larger of the fraction of the iteration cap done and the
// progress towards eps on a log scale; 1 once stopped.
func (r *run) progress() float64 {
	if r.status != running {
		return 1
	}
	p := float64(r.sgd.T) / float64(r.capT)
	if r.eps > 0 && r.mse > 0 && r.mse < r.mse0 {
		p = max(p, pmath.Log(r.mse/r.mse0)/pmath.Log(r.eps))
	}
	return min(p, 1)
}

// rel is MSE_t/MSE_0 at the end (or now).
func (r *run) rel() float64 { return r.mse / r.mse0 }
