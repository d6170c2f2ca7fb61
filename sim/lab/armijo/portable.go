package armijo

import (
	"fmt"

	"sgdlab/sim/lab"
)

var _ lab.Portable = (*Experiment)(nil)

// result is what a run leaves for the readout, the figure and the exports:
// its steps, their records, its evaluations of the target and its counts.
type result struct {
	T                        int
	Alpha, BLoss             []float64
	Evals                    []int32
	Pts                      []point
	Grads, LSEvals, EvalCost int64
	Fails, K                 int
	Done, Reached, Diverged  bool
}

// MarshalUnit implements lab.Portable: run i (optimiser, batch size, seed
// in that nesting).
func (e *Experiment) MarshalUnit(i int) ([]byte, error) {
	r, err := e.unit(i)
	if err != nil {
		return nil, err
	}
	return lab.EncodeResult(result{T: r.t, Alpha: r.alpha, BLoss: r.bloss, Evals: r.evals, Pts: r.pts,
		Grads: r.grads, LSEvals: r.lsEvals, EvalCost: r.evalCost, Fails: r.fails, K: r.k,
		Done: r.done, Reached: r.reached, Diverged: r.diverged})
}

// UnmarshalUnit implements lab.Portable: run i takes a result computed
// elsewhere from the same link.
func (e *Experiment) UnmarshalUnit(i int, b []byte) error {
	res, err := lab.DecodeUnit[result]("armijo", i, len(e.runs), b)
	if err != nil {
		return err
	}
	r := e.runs[i]
	r.t, r.alpha, r.bloss, r.evals, r.pts = res.T, res.Alpha, res.BLoss, res.Evals, res.Pts
	r.grads, r.lsEvals, r.evalCost, r.fails, r.k = res.Grads, res.LSEvals, res.EvalCost, res.Fails, res.K
	r.done, r.reached, r.diverged = res.Done, res.Reached, res.Diverged
	r.w, r.snap.w = nil, nil // a moved run has no iterate here
	return nil
}

// unit is run i of the units.
func (e *Experiment) unit(i int) (*run, error) {
	if i < 0 || i >= len(e.runs) {
		return nil, fmt.Errorf("armijo: no run %d of %d", i, len(e.runs))
	}
	return e.runs[i], nil
}
