package variance

import (
	"fmt"

	"sgdlab/sim/ensemble"
	"sgdlab/sim/lab"
)

var _ lab.Partial = (*Experiment)(nil)

// partial is a snapshot of an ensemble: its steps and the points recorded
// since the earlier snapshots (the points are only appended).
type partial struct {
	T, From int
	Points  []ensemble.Point
}

// MarshalPartial implements lab.Partial: ensemble i so far; mark is the
// number of points the earlier snapshots carried.
func (e *Experiment) MarshalPartial(i, mark int) ([]byte, int, error) {
	if i < 0 || i >= len(e.ens) {
		return nil, 0, fmt.Errorf("variance: no ensemble %d of %d", i, len(e.ens))
	}
	pts := e.ens[i].Points()
	from, tail := lab.Since(pts, mark)
	b, err := lab.EncodeResult(partial{T: e.ens[i].T(), From: from, Points: tail})
	return b, len(pts), err
}

// ShowPartial implements lab.Partial: ensemble i shows a snapshot made
// elsewhere and keeps its own steps and points aside (nil puts them back).
func (e *Experiment) ShowPartial(i int, b []byte) error {
	if i < 0 || i >= len(e.ens) {
		return fmt.Errorf("variance: no ensemble %d of %d", i, len(e.ens))
	}
	if e.own == nil {
		e.own = make([]*result, len(e.ens))
	}
	en := e.ens[i]
	if b == nil {
		if o := e.own[i]; o != nil {
			en.SetResult(o.T, o.Points)
			e.own[i] = nil
		}
		return nil
	}
	p, err := lab.DecodeUnit[partial]("variance", i, len(e.ens), b)
	if err != nil {
		return err
	}
	var shown []ensemble.Point
	if e.own[i] == nil {
		e.own[i] = &result{T: en.T(), Points: en.Points()}
	} else {
		shown = en.Points()
	}
	pts, ok := lab.Extend(shown, p.From, p.Points)
	if !ok {
		return fmt.Errorf("variance: ensemble %d: a snapshot from point %d shown after %d points", i, p.From, len(shown))
	}
	// Only the final result stops an ensemble.
	en.SetResult(min(p.T, int(e.units[i].(group).steps)-1), pts)
	return nil
}
