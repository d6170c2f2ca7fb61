package armijo

import (
	"fmt"

	"sgdlab/sim/lab"
)

var _ lab.Partial = (*Experiment)(nil)

// partial is a snapshot of a run: its counts, its evaluations of the target
// (a few dozen: a replay rewrites the last ones) and the records of its
// steps since the earlier snapshots (the record of step k never changes:
// a replay computes the same bits again).
type partial struct {
	T, From                  int
	Alpha, BLoss             []float64
	Evals                    []int32
	Pts                      []point
	Grads, LSEvals, EvalCost int64
	Fails                    int
}

// MarshalPartial implements lab.Partial: run i so far; mark is the number
// of steps whose records the earlier snapshots carried.
func (e *Experiment) MarshalPartial(i, mark int) ([]byte, int, error) {
	r, err := e.unit(i)
	if err != nil {
		return nil, 0, err
	}
	from, alpha := lab.Since(r.alpha, mark)
	b, err := lab.EncodeResult(partial{T: r.t, From: from, Alpha: alpha, BLoss: r.bloss[from:], Evals: r.evals[from:], Pts: r.pts,
		Grads: r.grads, LSEvals: r.lsEvals, EvalCost: r.evalCost, Fails: r.fails})
	return b, len(r.alpha), err
}

// ShowPartial implements lab.Partial: run i shows a snapshot made
// elsewhere and keeps its own state aside (nil puts it back).
func (e *Experiment) ShowPartial(i int, b []byte) error {
	r, err := e.unit(i)
	if err != nil {
		return err
	}
	if b == nil {
		if r.own != nil {
			r.set(*r.own)
			r.own = nil
		}
		return nil
	}
	p, err := lab.DecodeUnit[partial]("armijo", i, len(e.runs), b)
	if err != nil {
		return err
	}
	var shown result
	if r.own == nil {
		own := r.result()
		r.own = &own
	} else {
		shown = r.result()
	}
	alpha, ok1 := lab.Extend(shown.Alpha, p.From, p.Alpha)
	bloss, ok2 := lab.Extend(shown.BLoss, p.From, p.BLoss)
	evals, ok3 := lab.Extend(shown.Evals, p.From, p.Evals)
	if !ok1 || !ok2 || !ok3 {
		return fmt.Errorf("armijo: run %d: a snapshot from step %d shown after %d steps", i, p.From, len(shown.Alpha))
	}
	// Only the final result stops a run.
	r.set(result{T: p.T, Alpha: alpha, BLoss: bloss, Evals: evals, Pts: p.Pts,
		Grads: p.Grads, LSEvals: p.LSEvals, EvalCost: p.EvalCost, Fails: p.Fails})
	return nil
}

// result is what the run shows now.
func (r *run) result() result {
	return result{T: r.t, Alpha: r.alpha, BLoss: r.bloss, Evals: r.evals, Pts: r.pts,
		Grads: r.grads, LSEvals: r.lsEvals, EvalCost: r.evalCost, Fails: r.fails, K: r.k,
		Done: r.done, Reached: r.reached, Diverged: r.diverged}
}

// set makes the run show res.
func (r *run) set(res result) {
	r.t, r.alpha, r.bloss, r.evals, r.pts = res.T, res.Alpha, res.BLoss, res.Evals, res.Pts
	r.grads, r.lsEvals, r.evalCost, r.fails, r.k = res.Grads, res.LSEvals, res.EvalCost, res.Fails, res.K
	r.done, r.reached, r.diverged = res.Done, res.Reached, res.Diverged
}
