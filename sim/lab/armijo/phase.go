package armijo

import (
	"fmt"

	"sgdlab/sim/lab"
)

var _ lab.Phaser = (*Experiment)(nil)

// Phase implements lab.Phaser: the kernel matrix (model=kernel), then the
// runs, which all advance in turn: how many have stopped; "" when done.
func (e *Experiment) Phase() string {
	if e.kstep != nil {
		return fmt.Sprintf("computing the %d×%d kernel matrix", e.n, e.n)
	}
	k := e.units.Stopped()
	if k == len(e.runs) {
		return ""
	}
	what := "Armijo runs"
	if e.vals.Bool("cmp") {
		what = "Armijo and constant-step runs"
	}
	return fmt.Sprintf("%s to the target: %d of %d done", what, k, len(e.runs))
}
