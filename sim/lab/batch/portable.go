package batch

import (
	"sgdlab/sim/lab"
)

var _ lab.Portable = (*Experiment)(nil)

// result is what a run leaves for the readout, the figure and the exports.
type result struct {
	Track    lab.Track
	T, Grads int
	Perr     float64
}

// MarshalUnit implements lab.Portable: run i's result.
func (e *Experiment) MarshalUnit(i int) ([]byte, error) {
	return lab.EncodeResult(e.runs[i].result())
}

// UnmarshalUnit implements lab.Portable: run i takes a result computed
// elsewhere from the same link.
func (e *Experiment) UnmarshalUnit(i int, b []byte) error {
	res, err := lab.DecodeUnit[result]("batch", i, len(e.runs), b)
	if err != nil {
		return err
	}
	r := e.runs[i]
	r.set(res)
	r.own = nil // the result replaces a snapshot shown
	return nil
}
