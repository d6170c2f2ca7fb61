package variance

import (
	"testing"

	"sgdlab/sim/lab/labtest"
)

// Ensembles computed elsewhere and moved as bytes give the numbers of a run
// here.
func TestPortable(t *testing.T) {
	for _, q := range golden {
		labtest.Portable(t, q, webRoot)
	}
}
