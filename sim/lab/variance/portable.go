package variance

import (
	"fmt"

	"sgdlab/sim/ensemble"
	"sgdlab/sim/lab"
)

var _ lab.Portable = (*Experiment)(nil)

// result is what an ensemble leaves for the readout, the figure and the
// exports: its steps and recorded statistics.
type result struct {
	T      int
	Points []ensemble.Point
}

// MarshalUnit implements lab.Portable: the ensemble of batch size i.
func (e *Experiment) MarshalUnit(i int) ([]byte, error) {
	if i < 0 || i >= len(e.ens) {
		return nil, fmt.Errorf("variance: no ensemble %d of %d", i, len(e.ens))
	}
	return lab.EncodeResult(result{T: e.ens[i].T(), Points: e.ens[i].Points()})
}

// UnmarshalUnit implements lab.Portable: ensemble i takes a result computed
// elsewhere from the same link.
func (e *Experiment) UnmarshalUnit(i int, b []byte) error {
	res, err := lab.DecodeUnit[result]("variance", i, len(e.ens), b)
	if err != nil {
		return err
	}
	e.ens[i].SetResult(res.T, res.Points)
	if e.own != nil {
		e.own[i] = nil // the result replaces a snapshot shown
	}
	return nil
}
