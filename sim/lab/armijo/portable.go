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
	return lab.EncodeResult(r.result())
}

// UnmarshalUnit implements lab.Portable: run i takes a result computed
// elsewhere from the same link.
func (e *Experiment) UnmarshalUnit(i int, b []byte) error {
	res, err := lab.DecodeUnit[result]("armijo", i, len(e.runs), b)
	if err != nil {
		return err
	}
	r := e.runs[i]
	r.set(res)
	r.own = nil              // the result replaces a snapshot shown
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
