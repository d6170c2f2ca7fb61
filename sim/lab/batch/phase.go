package batch

import (
	"fmt"

	"sgdlab/sim/lab"
)

var _ lab.Phaser = (*Experiment)(nil)

// Phase implements lab.Phaser: the data and its spectrum are ready before
// the first Step, so the only phase is the runs, one per batch size; "" when done.
func (e *Experiment) Phase() string {
	k := e.units.Stopped()
	if k == len(e.units) {
		return ""
	}
	return fmt.Sprintf("SGD: %d of %d batch sizes done", k, len(e.units))
}
