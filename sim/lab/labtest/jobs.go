package labtest

import (
	"fmt"
	"io/fs"
	"testing"

	"sgdlab/sim/lab"
)

// Jobs runs each link by Step alone (as the page does; the golden files
// pin its digests natively and in wasm) and with lab.Drive on 1, 2, 3 and 8
// workers, and fails unless the readout and the CSV are the same bits for
// every way.
func Jobs(t *testing.T, links map[string]string, root fs.FS) {
	jobs := []int{0, 1, 2, 3, 8}
	for name, q := range links {
		t.Run(name, func(t *testing.T) {
			Agree(t, q, root, len(jobs), func(k int) string { return fmt.Sprintf("lab.Drive with %d workers", jobs[k]) },
				func(k int, e lab.Experiment) {
					if jobs[k] == 0 {
						RunToEnd(e, 1<<20)
						return
					}
					lab.Drive(e, 1<<20, jobs[k])
				})
		})
	}
}
