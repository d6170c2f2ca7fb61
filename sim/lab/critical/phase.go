package critical

import (
	"fmt"

	"sgdlab/sim/lab"
)

var _ lab.Phaser = (*Experiment)(nil)

// Phase implements lab.Phaser: the kernel matrix, the Lanczos iterations of
// the spectrum, then how many batch sizes (all their seeds) and sweep runs
// have stopped; "" when done.
func (e *Experiment) Phase() string {
	switch e.stage() {
	case phaseKernel:
		return fmt.Sprintf("computing the %d×%d kernel matrix", e.n, e.n)
	case phaseSpectrum:
		if e.lz != nil {
			return fmt.Sprintf("spectrum of K/n: Lanczos iteration %d", e.lz.Iter())
		}
		return "spectrum of K/n"
	case phaseRuns:
		return e.runsPhase()
	}
	return ""
}

// runsPhase counts the batch sizes whose every seed has stopped and the
// sweep runs that have stopped; a finished part is left out.
func (e *Experiment) runsPhase() string {
	doneM := 0
	for j := range e.ms {
		all := true
		for s := 0; s < e.seeds; s++ {
			all = all && e.runs[s*len(e.ms)+j].Status != lab.Running
		}
		if all {
			doneM++
		}
	}
	doneS := 0
	for _, r := range e.sweep {
		if r.Status != lab.Running {
			doneS++
		}
	}
	var main, sweep string
	if doneM < len(e.ms) {
		main = fmt.Sprintf("kernel SGD to ε: %d of %d batch sizes done", doneM, len(e.ms))
	}
	if doneS < len(e.sweep) {
		sweep = fmt.Sprintf("step-size sweep at m = %d: %d of %d done", e.sweepM, doneS, len(e.sweep))
	}
	switch {
	case main != "" && sweep != "":
		return main + "; " + sweep
	case main != "":
		return main
	}
	return sweep
}
