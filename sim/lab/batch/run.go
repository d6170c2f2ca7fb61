package batch

import (
	"sgdlab/sim/data"
	"sgdlab/sim/lab"
	"sgdlab/sim/pmath"
	"sgdlab/sim/sgd"
	"sgdlab/sim/steprule"
	"sgdlab/sim/vec"
)

// Columns of a run's trace rows.
const (
	colGrads = iota
	colPerr
	colMSE
	nCols
)

// run is one curve, a lab.Unit: an SGD stepper with its rule, and the
// lifecycle of its error ‖Pδ_t‖² (lab.Track: stopped at eps·‖Pδ_0‖², at
// the planned iterations, or when it diverges).
type run struct {
	lab.Track
	ds   *data.Dataset
	sgd  *sgd.SGD
	m    int
	rule steprule.Rule
	eta  float64
	perr float64 // ‖Pδ_t‖² at the current t
	row  [nCols]float64
	own  *result // its own state while a snapshot from elsewhere is shown (lab.Partial)
}

var _ lab.Unit = (*run)(nil)

func newRun(ds *data.Dataset, s *sgd.SGD, rule steprule.Rule, planned int, eps float64) *run {
	r := &run{ds: ds, sgd: s, m: s.M(), rule: rule, eta: s.Eta()}
	r.perr = r.errorNow()
	r.Track = lab.NewTrack(r.perr, eps, planned, r.rowNow())
	r.AtCap = lab.Finished
	return r
}

// errorNow is ‖Pδ_t‖². The iterate starts at 0 and moves in Range(Xᵀ) =
// Range(H), and w* is the minimum-norm solution, also in Range(H); so
// Pδ_t = δ_t = w_t − w* (THEORY §1).
func (r *run) errorNow() float64 { return vec.Dist2(r.sgd.W, r.ds.WStar) }

// rowNow is the trace row of the current iterate.
func (r *run) rowNow() []float64 {
	r.row = [nCols]float64{float64(r.sgd.Grads), r.perr, r.ds.MSE(r.sgd.W)}
	return r.row[:]
}

// Advance implements lab.Unit: work gradient evaluations, at least one
// iteration of m of them.
func (r *run) Advance(work int) bool {
	for k := max(1, work/r.m); k > 0 && r.Going(); k-- {
		r.sgd.Step()
		r.perr = r.errorNow()
		r.After(r.sgd.T, r.perr, r.rowNow)
	}
	return r.Going()
}

// Running implements lab.Unit.
func (r *run) Running() bool { return r.Going() }

// Cost implements lab.Coster: the gradient evaluations planned, m·Cap.
func (r *run) Cost() float64 { return float64(r.m) * float64(r.Cap) }

// Progress implements lab.Unit: the fraction of the planned iterations done
// (1 once stopped).
func (r *run) Progress() float64 {
	if !r.Going() {
		return 1
	}
	return float64(r.sgd.T) / float64(r.Cap)
}

// measuredRate is the per-iteration factor of ‖Pδ_t‖² over the tail of the
// run: exp of lab.LogSlope of its recorded ‖Pδ_t‖²; ok is false for a
// diverged run or a tail too short to fit.
func (r *run) measuredRate() (rate float64, ok bool) {
	if r.Status == lab.Diverged {
		return 0, false
	}
	s, _, ok := lab.LogSlope(r.curve())
	if !ok {
		return 0, false
	}
	return pmath.Exp(s), true
}

// curve is the recorded (t, ‖Pδ_t‖²).
func (r *run) curve() (t, perr []float64) {
	t = make([]float64, len(r.Trace.T))
	perr = make([]float64, len(t))
	for i, ti := range r.Trace.T {
		t[i], perr[i] = float64(ti), r.Trace.Rows[i][colPerr]
	}
	return t, perr
}
