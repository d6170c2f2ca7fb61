package critical

import (
	"fmt"

	"sgdlab/sim/lab"
)

var _ lab.Partial = (*Experiment)(nil)

// MarshalPartial implements lab.Partial: run i so far. Its trace keeps at
// most lab.TraceCap points, thinned as the run goes, so every snapshot is
// whole (mark is not used).
func (e *Experiment) MarshalPartial(i, mark int) ([]byte, int, error) {
	if i < 0 || i >= len(e.units) {
		return nil, 0, fmt.Errorf("critical: no run %d of %d", i, len(e.units))
	}
	b, err := e.MarshalUnit(i)
	return b, 0, err
}

// ShowPartial implements lab.Partial: run i shows a snapshot made
// elsewhere and keeps its own state aside (nil puts it back).
func (e *Experiment) ShowPartial(i int, b []byte) error {
	if b == nil {
		if i >= 0 && i < len(e.units) && e.units[i].(*run).own != nil {
			r := e.units[i].(*run)
			r.set(*r.own)
			r.own = nil
		}
		return nil
	}
	res, err := lab.DecodeUnit[result]("critical", i, len(e.units), b)
	if err != nil {
		return err
	}
	r := e.units[i].(*run)
	if r.own == nil {
		own := r.result()
		r.own = &own
	}
	r.set(res)
	r.Status = lab.Running // only the final result stops a run
	return nil
}

// result is what the run shows now.
func (r *run) result() result {
	return result{Track: r.Track, T: r.sgd.T, Grads: r.sgd.Grads, MSE: r.mse}
}

// set makes the run show res.
func (r *run) set(res result) {
	r.Track, r.sgd.T, r.sgd.Grads, r.mse = res.Track, res.T, res.Grads, res.MSE
}
