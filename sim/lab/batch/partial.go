package batch

import (
	"fmt"

	"sgdlab/sim/lab"
)

var _ lab.Partial = (*Experiment)(nil)

// MarshalPartial implements lab.Partial: run i so far. Its trace keeps at
// most lab.TraceCap points, thinned as the run goes, so every snapshot is
// whole (mark is not used).
func (e *Experiment) MarshalPartial(i, mark int) ([]byte, int, error) {
	if i < 0 || i >= len(e.runs) {
		return nil, 0, fmt.Errorf("batch: no run %d of %d", i, len(e.runs))
	}
	b, err := e.MarshalUnit(i)
	return b, 0, err
}

// ShowPartial implements lab.Partial: run i shows a snapshot made
// elsewhere and keeps its own state aside (nil puts it back).
func (e *Experiment) ShowPartial(i int, b []byte) error {
	if b == nil {
		if i >= 0 && i < len(e.runs) && e.runs[i].own != nil {
			r := e.runs[i]
			r.set(*r.own)
			r.own = nil
		}
		return nil
	}
	res, err := lab.DecodeUnit[result]("batch", i, len(e.runs), b)
	if err != nil {
		return err
	}
	r := e.runs[i]
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
	return result{Track: r.Track, T: r.sgd.T, Grads: r.sgd.Grads, Perr: r.perr}
}

// set makes the run show res.
func (r *run) set(res result) {
	r.Track, r.sgd.T, r.sgd.Grads, r.perr = res.Track, res.T, res.Grads, res.Perr
}
