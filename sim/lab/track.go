package lab

import (
	"math"

	"sgdlab/sim/pmath"
	"sgdlab/sim/trace"
)

// Status words of a run, as readouts, CSV and JSON show them.
const (
	Running   = "running"
	Finished  = "done"          // did its planned iterations
	Converged = "ε reached"     // reached eps times its starting error
	Capped    = "iteration cap" // hit the cap before reaching eps
	Diverged  = "diverged"
)

// DivergeFactor: a run whose error grows past DivergeFactor times its start,
// or stops being finite, has diverged and is stopped.
const DivergeFactor = 1e6

// TraceCap is the number of recorded points kept per run (trace.Trace thins
// longer runs evenly).
const TraceCap = 400

// Track is the lifecycle of one iterative run that decreases an error: it
// records the run's rows while it goes and stops it when the error diverges,
// when it reaches Eps times its start (Eps > 0; HitT is then that
// iteration), or at the planned iterations Cap — the status is then
// Capped if a target was set and not reached, else Finished (or AtCap, when
// set). The row of a point is given by a function, so it is computed only
// for the points the trace keeps.
type Track struct {
	Status string
	Trace  *trace.Trace
	E0     float64 // the error at the start
	Eps    float64 // relative target (0: none)
	Cap    int     // iterations planned
	AtCap  string  // status at Cap ("" for the rule above)
	HitT   int     // iteration that reached Eps (0: not reached)
	StopT  int     // iteration at which the run stopped
}

// NewTrack starts the lifecycle of a run whose error is e0 at iteration 0
// with first row row0.
func NewTrack(e0, eps float64, capT int, row0 []float64) Track {
	k := Track{Status: Running, Trace: trace.New(TraceCap), E0: e0, Eps: eps, Cap: capT}
	k.Trace.Add(0, row0)
	return k
}

// Going reports whether the run is still running.
func (k *Track) Going() bool { return k.Status == Running }

// After takes the error e after iteration t and the row of that point
// (called only if the point is kept) and reports whether the run goes on;
// a stopped run stays stopped.
func (k *Track) After(t int, e float64, row func() []float64) bool {
	switch {
	case !k.Going():
	case !(e <= float64(DivergeFactor*k.E0)): // also NaN and +Inf
		k.stop(t, Diverged, e, row)
	case k.Eps > 0 && e <= float64(k.Eps*k.E0):
		k.HitT = t
		k.stop(t, Converged, e, row)
	case t >= k.Cap:
		switch {
		case k.AtCap != "":
			k.stop(t, k.AtCap, e, row)
		case k.Eps > 0:
			k.stop(t, Capped, e, row)
		default:
			k.stop(t, Finished, e, row)
		}
	case k.Trace.Due(t):
		k.Trace.Add(t, row())
	}
	return k.Going()
}

// stop ends the run at iteration t, recording its last finite point: a run
// that diverged to a non-finite error keeps its last recorded point instead.
func (k *Track) stop(t int, status string, e float64, row func() []float64) {
	k.Status, k.StopT = status, t
	tr := k.Trace
	if status == Diverged && !(e < math.Inf(1)) {
		tr.Final(tr.T[len(tr.T)-1], tr.Rows[len(tr.Rows)-1])
		return
	}
	tr.Final(t, row())
}

// Progress is the fraction of the planned iterations done at iteration t,
// or, with a target, the progress towards it on a log scale when that is
// further (e is the error now); 1 once stopped.
func (k *Track) Progress(t int, e float64) float64 {
	if !k.Going() {
		return 1
	}
	p := float64(t) / float64(k.Cap)
	if k.Eps > 0 && e > 0 && e < k.E0 {
		p = max(p, logRatio(e/k.E0, k.Eps))
	}
	return min(p, 1)
}

// logRatio is ln a / ln b.
func logRatio(a, b float64) float64 { return pmath.Log(a) / pmath.Log(b) }
