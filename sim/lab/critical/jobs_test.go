package critical

import (
	"testing"

	"sgdlab/sim/lab/labtest"
)

// The golden links give the same bits on 1, 2, 3 and 8 workers.
func TestJobs(t *testing.T) { labtest.Jobs(t, golden, webRoot) }
