package variance

import (
	"fmt"

	"sgdlab/sim/lab"
)

var _ lab.Phaser = (*Experiment)(nil)

// Phase implements lab.Phaser: every batch size's ensemble advances in
// turn, so the phase is the ensembles' step — the least among the
// unfinished ones — out of steps; "" when done.
func (e *Experiment) Phase() string {
	t, left := 0, 0
	for _, en := range e.ens {
		if en.Done() {
			continue
		}
		if left == 0 || en.T() < t {
			t = en.T()
		}
		left++
	}
	if left == 0 {
		return ""
	}
	return fmt.Sprintf("%d runs × %d batch sizes: step %d of %d", e.vals.Int("runs"), len(e.ens), t, e.vals.Int("steps"))
}
