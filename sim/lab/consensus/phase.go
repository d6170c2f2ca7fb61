package consensus

import (
	"fmt"

	"sgdlab/sim/lab"
)

var _ lab.Phaser = (*Experiment)(nil)

// Phase implements lab.Phaser: the first unfinished phase of the plan, with
// its count where it has one; "" when done.
func (e *Experiment) Phase() string {
	if e.Done() {
		return ""
	}
	switch name := e.phase(); name {
	case "layout":
		return fmt.Sprintf("laying out the graph of %d nodes", e.g.N)
	case "spectrum of L":
		return "spectrum of the graph Laplacian L"
	case "σ_max of A":
		return "σ_max of A, for the step size"
	case "runs":
		rs := e.runs()
		k := 0
		for _, r := range rs {
			if r.status != running {
				k++
			}
		}
		s := fmt.Sprintf("%s and the baselines: %d of %d runs done", e.vals.Get("algo"), k, len(rs))
		if len(rs) == 0 {
			s = "starting the runs"
		}
		if e.pending != nil {
			s += "; σ_min of A beside them"
		}
		return s
	case "μ sweep":
		k := 0
		for _, p := range e.sweep {
			if p.done {
				k++
			}
		}
		return fmt.Sprintf("μ sweep: %d of %d values done", k, len(e.sweep))
	default:
		return name
	}
}
