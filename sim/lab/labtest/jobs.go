package labtest

import (
	"bytes"
	"io/fs"
	"testing"

	"sgdlab/sim/lab"
)

// Jobs runs each link with lab.Drive on 1, 2, 3 and 8 workers and fails
// unless the readout and the CSV are the same bits for every count (the
// golden files pin the 1-worker digests natively and in wasm).
func Jobs(t *testing.T, links map[string]string, root fs.FS) {
	for name, q := range links {
		t.Run(name, func(t *testing.T) {
			var ref string
			var refCSV []byte
			for _, jobs := range []int{1, 2, 3, 8} {
				e, _ := Build(t, q, root)
				lab.Drive(e, 1<<20, jobs)
				r, csv := Digest(t, e)
				if jobs == 1 {
					ref, refCSV = r, csv
					continue
				}
				if r != ref || !bytes.Equal(csv, refCSV) {
					t.Errorf("%d workers change the numbers of %s", jobs, q)
				}
			}
		})
	}
}
