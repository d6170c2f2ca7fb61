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
	r := e.runs[i]
	return lab.EncodeResult(result{Track: r.Track, T: r.sgd.T, Grads: r.sgd.Grads, Perr: r.perr})
}

// UnmarshalUnit implements lab.Portable: run i takes a result computed
// elsewhere from the same link.
func (e *Experiment) UnmarshalUnit(i int, b []byte) error {
	res, err := lab.DecodeUnit[result]("batch", i, len(e.runs), b)
	if err != nil {
		return err
	}
	r := e.runs[i]
	r.Track, r.sgd.T, r.sgd.Grads, r.perr = res.Track, res.T, res.Grads, res.Perr
	return nil
}
