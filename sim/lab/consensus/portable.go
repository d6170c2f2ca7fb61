package consensus

import (
	"fmt"

	"sgdlab/sim/dgd"
	"sgdlab/sim/lab"
)

var _ lab.Portable = (*Experiment)(nil)

// runResult is what a run leaves for the readout, the figure and the
// exports: its curves, its frames for the node graph and how it ended.
type runResult struct {
	X, Errs, Loss, Dis, Avg []float64
	FX                      []float64
	FStep                   []int
	FNode, FEdge            [][]float64
	NodeMax, EdgeMax        float64
	Status                  string
	DiverAt                 float64
	Steps                   int
}

// pointResult is what a point of the μ sweep leaves: the analysis of A(μ)
// and the measured rate.
type pointResult struct {
	An           dgd.Analysis
	Iter         int
	OK           bool
	Err          string
	Steps, Diffs []float64
	Measured     float64
	Measures     bool
	Done         bool
}

// MarshalUnit implements lab.Portable: unit i of the phase under way — the
// main run then the baselines, or the points of the μ sweep.
func (e *Experiment) MarshalUnit(i int) ([]byte, error) {
	r, p, err := e.unit(i)
	switch {
	case err != nil:
		return nil, err
	case r != nil:
		return lab.EncodeResult(r.result())
	}
	return lab.EncodeResult(p.result())
}

// UnmarshalUnit implements lab.Portable: unit i takes a result computed
// elsewhere from the same link.
func (e *Experiment) UnmarshalUnit(i int, b []byte) error {
	r, p, err := e.unit(i)
	if err != nil {
		return err
	}
	if r != nil {
		var res runResult
		if err := lab.DecodeResult(b, &res); err != nil {
			return fmt.Errorf("consensus: run %d: %w", i, err)
		}
		r.set(res)
		r.own = nil // the result replaces a snapshot shown
		return nil
	}
	var res pointResult
	if err := lab.DecodeResult(b, &res); err != nil {
		return fmt.Errorf("consensus: μ point %d: %w", i, err)
	}
	p.set(res)
	p.own = nil // the result replaces a snapshot shown
	p.alg, p.prev, p.est = nil, nil, nil
	return nil
}

// unit is unit i of the phase under way: a run or a point of the sweep.
func (e *Experiment) unit(i int) (*run, *point, error) {
	us := e.Units()
	if i < 0 || i >= len(us) {
		return nil, nil, fmt.Errorf("consensus: no unit %d of %d", i, len(us))
	}
	switch u := us[i].(type) {
	case *run:
		return u, nil, nil
	case sweepUnit:
		return nil, u.p, nil
	}
	return nil, nil, fmt.Errorf("consensus: unit %d is a %T", i, us[i])
}
