package labtest

import (
	"fmt"
	"io/fs"
	"testing"

	"sgdlab/sim/lab"
)

// Jobs runs each link with lab.Drive on 1, 2, 3 and 8 workers and fails
// unless the readout and the CSV are the same bits for every count (the
// golden files pin the 1-worker digests natively and in wasm).
func Jobs(t *testing.T, links map[string]string, root fs.FS) {
	jobs := []int{1, 2, 3, 8}
	for name, q := range links {
		t.Run(name, func(t *testing.T) {
			Agree(t, q, root, len(jobs), func(k int) string { return fmt.Sprintf("%d workers", jobs[k]) },
				func(k int, e lab.Experiment) { lab.Drive(e, 1<<20, jobs[k]) })
		})
	}
}
