package critical

import (
	"sgdlab/sim/kernel"
	"sgdlab/sim/lab"
	"sgdlab/sim/steprule"
)

// Columns of a run's trace rows.
const (
	colGrads = iota
	colMSE
	nCols
)

// run is one kernel-SGD run, a lab.Unit with the lifecycle of its MSE
// (lab.Track): main runs stop at the first t with MSE_t ≤ eps·MSE_0 (HitT
// = t) or at Cap iterations ("iteration cap"); sweep runs (eps = 0) do Cap
// iterations ("done").
type run struct {
	lab.Track
	sgd  *kernel.SGD
	m    int
	rule steprule.Rule
	eta  float64
	seed int
	cost int // multiply-adds of one iteration: (m+1)·n·c
	mse  float64
	row  [nCols]float64
	own  *result // its own state while a snapshot from elsewhere is shown (lab.Partial)
}

var _ lab.Unit = (*run)(nil)

func newRun(s *kernel.SGD, rule steprule.Rule, seed, capT int, eps float64, cost int) *run {
	r := &run{sgd: s, m: s.M(), rule: rule, eta: s.Eta(), seed: seed, cost: max(1, cost)}
	r.mse = s.MSE()
	r.Track = lab.NewTrack(r.mse, eps, capT, r.rowNow())
	return r
}

// rowNow is the trace row of the current iterate.
func (r *run) rowNow() []float64 {
	r.row = [nCols]float64{float64(r.sgd.Grads), r.mse}
	return r.row[:]
}

// Advance implements lab.Unit: iterations worth about work multiply-adds,
// at least one, checking the stop rules after each.
func (r *run) Advance(work int) bool {
	for k := max(1, work/r.cost); k > 0 && r.Going(); k-- {
		r.sgd.Step()
		r.mse = r.sgd.MSE()
		r.After(r.sgd.T, r.mse, r.rowNow)
	}
	return r.Going()
}

// Running implements lab.Unit.
func (r *run) Running() bool { return r.Going() }

// Cost implements lab.Coster: the multiply-adds of Cap iterations (a bound:
// a main run stops earlier at eps).
func (r *run) Cost() float64 { return float64(r.cost) * float64(r.Cap) }

// Progress implements lab.Unit: the larger of the fraction of the iteration
// cap done and the progress towards eps on a log scale; 1 once stopped.
func (r *run) Progress() float64 { return r.Track.Progress(r.sgd.T, r.mse) }

// rel is MSE_t/MSE_0 at the end (or now).
func (r *run) rel() float64 { return r.mse / r.E0 }
