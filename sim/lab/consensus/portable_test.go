package consensus

import (
	"testing"

	"sgdlab/sim/lab/labtest"
)

// Runs and μ points computed elsewhere and moved as bytes give the numbers
// of a run here.
func TestPortable(t *testing.T) {
	for _, q := range golden {
		labtest.Portable(t, q, webRoot)
	}
}

// Snapshots of running units shown on the way never change the numbers.
func TestPartial(t *testing.T) {
	for _, q := range golden {
		labtest.Partial(t, q, webRoot, 1<<14)
	}
}
