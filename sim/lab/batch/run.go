package batch

import (
	"math"

	"sgdlab/sim/data"
	"sgdlab/sim/pmath"
	"sgdlab/sim/sgd"
	"sgdlab/sim/steprule"
	"sgdlab/sim/trace"
	"sgdlab/sim/vec"
)

// Status of a run.
const (
	running   = "running"
	done      = "done"
	converged = "ε reached"
	diverged  = "diverged"
)

// divergeFactor: a run whose ‖Pδ‖² grows past this multiple of its start, or
// stops being finite, has diverged and is stopped.
const divergeFactor = 1e6

// Columns of a run's trace rows.
const (
	colGrads = iota
	colPerr
	colMSE
	nCols
)

// traceCap is the number of points kept per run.
const traceCap = 400

// run is one curve: an SGD stepper with its rule, stop rules and record.
type run struct {
	ds      *data.Dataset
	sgd     *sgd.SGD
	m       int
	rule    steprule.Rule
	eta     float64
	planned int     // iterations to run
	eps     float64 // relative ‖Pδ‖² target (0: off)
	perr0   float64
	perr    float64 // ‖Pδ_t‖² at the current t
	status  string
	stopT   int // iteration at which the run stopped
	tr      *trace.Trace
	row     [nCols]float64
}

func newRun(ds *data.Dataset, s *sgd.SGD, rule steprule.Rule, planned int, eps float64) *run {
	r := &run{ds: ds, sgd: s, m: s.M(), rule: rule, eta: s.Eta(), planned: planned, eps: eps, status: running, tr: trace.New(traceCap)}
	r.perr0 = vec.Dist2(s.W, ds.WStar)
	r.perr = r.perr0
	r.record()
	return r
}

// errorNow is ‖Pδ_t‖². The iterate starts at 0 and moves in Range(Xᵀ) =
// Range(H), and w* is the minimum-norm solution, also in Range(H); so
// Pδ_t = δ_t = w_t − w* (THEORY §1).
func (r *run) errorNow() float64 { return vec.Dist2(r.sgd.W, r.ds.WStar) }

func (r *run) record() {
	r.row = [nCols]float64{float64(r.sgd.Grads), r.perr, r.ds.MSE(r.sgd.W)}
	r.tr.Add(r.sgd.T, r.row[:])
}

// advance does up to k iterations and reports whether the run is still going.
func (r *run) advance(k int) bool {
	for ; k > 0 && r.status == running; k-- {
		r.sgd.Step()
		r.perr = r.errorNow()
		t := r.sgd.T
		switch {
		case math.IsNaN(r.perr) || math.IsInf(r.perr, 0) || r.perr > divergeFactor*r.perr0:
			r.stop(diverged)
		case r.eps > 0 && r.perr <= r.eps*r.perr0:
			r.stop(converged)
		case t >= r.planned:
			r.stop(done)
		case r.tr.Due(t):
			r.record()
		}
	}
	return r.status == running
}

// stop ends the run, recording its last finite point.
func (r *run) stop(status string) {
	r.status, r.stopT = status, r.sgd.T
	if status == diverged && !(r.perr < math.Inf(1)) {
		r.tr.Final(r.tr.T[len(r.tr.T)-1], r.tr.Rows[len(r.tr.Rows)-1])
		return
	}
	r.row = [nCols]float64{float64(r.sgd.Grads), r.perr, r.ds.MSE(r.sgd.W)}
	r.tr.Final(r.sgd.T, r.row[:])
}

// measuredRate is the per-iteration factor of ‖Pδ_t‖² over the second half of
// the run: exp of the least-squares slope of ln ‖Pδ_t‖² against t, over the
// recorded points with t ≥ T/2 that are above the rounding floor 1e-26·‖Pδ_0‖².
// ok is false with fewer than 3 such points or for a diverged run.
func (r *run) measuredRate() (rate float64, ok bool) {
	if r.status == diverged || len(r.tr.T) == 0 {
		return 0, false
	}
	last := r.tr.T[len(r.tr.T)-1]
	var n, st, sy, stt, sty float64
	for i, t := range r.tr.T {
		p := r.tr.Rows[i][colPerr]
		if 2*t < last || !(p > 1e-26*r.perr0) {
			continue
		}
		y := pmath.Log(p)
		ft := float64(t)
		n++
		st += ft
		sy += y
		stt += float64(ft * ft)
		sty += float64(ft * y)
	}
	den := float64(n*stt) - float64(st*st)
	if n < 3 || den == 0 {
		return 0, false
	}
	return pmath.Exp((float64(n*sty) - float64(st*sy)) / den), true
}

// progress is the fraction of the planned iterations done (1 once stopped).
func (r *run) progress() float64 {
	if r.status != running {
		return 1
	}
	return float64(r.sgd.T) / float64(r.planned)
}
