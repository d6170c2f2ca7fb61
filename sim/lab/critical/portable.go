package critical

import (
	"fmt"

	"sgdlab/sim/lab"
)

var _ lab.Portable = (*Experiment)(nil)

// result is what a run leaves for the readout, the figure and the exports.
type result struct {
	Track    lab.Track
	T, Grads int
	MSE      float64
}

// MarshalUnit implements lab.Portable: the result of unit i (main runs,
// then the sweep).
func (e *Experiment) MarshalUnit(i int) ([]byte, error) {
	r, err := e.unit(i)
	if err != nil {
		return nil, err
	}
	return lab.EncodeResult(r.result())
}

// UnmarshalUnit implements lab.Portable: unit i takes a result computed
// elsewhere from the same link.
func (e *Experiment) UnmarshalUnit(i int, b []byte) error {
	res, err := lab.DecodeUnit[result]("critical", i, len(e.units), b)
	if err != nil {
		return err
	}
	r := e.units[i].(*run)
	r.set(res)
	r.own = nil // the result replaces a snapshot shown
	return nil
}

// unit is run i of the units.
func (e *Experiment) unit(i int) (*run, error) {
	if i < 0 || i >= len(e.units) {
		return nil, fmt.Errorf("critical: no run %d of %d", i, len(e.units))
	}
	return e.units[i].(*run), nil
}
