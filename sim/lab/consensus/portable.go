package consensus

import (
	"errors"
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
		return lab.EncodeResult(runResult{X: r.x, Errs: r.errs, Loss: r.loss, Dis: r.dis, Avg: r.avg, FX: r.fx, FStep: r.fStep,
			FNode: r.fNode, FEdge: r.fEdge, NodeMax: r.nodeMax, EdgeMax: r.edgeMax, Status: r.status, DiverAt: r.diverAt, Steps: r.steps})
	}
	res := pointResult{An: p.an.Analysis, Iter: p.an.iter, OK: p.an.ok, Steps: p.steps, Diffs: p.diffs, Measured: p.measured, Measures: p.ok, Done: p.done}
	if p.an.err != nil {
		res.Err = p.an.err.Error()
	}
	return lab.EncodeResult(res)
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
		r.x, r.errs, r.loss, r.dis, r.avg = res.X, res.Errs, res.Loss, res.Dis, res.Avg
		r.fx, r.fStep, r.fNode, r.fEdge, r.nodeMax, r.edgeMax = res.FX, res.FStep, res.FNode, res.FEdge, res.NodeMax, res.EdgeMax
		r.status, r.diverAt, r.steps = res.Status, res.DiverAt, res.Steps
		return nil
	}
	var res pointResult
	if err := lab.DecodeResult(b, &res); err != nil {
		return fmt.Errorf("consensus: μ point %d: %w", i, err)
	}
	p.an = analysis{Analysis: res.An, iter: res.Iter, ok: res.OK}
	if res.Err != "" {
		p.an.err = errors.New(res.Err)
	}
	p.steps, p.diffs, p.measured, p.ok, p.done = res.Steps, res.Diffs, res.Measured, res.Measures, res.Done
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
