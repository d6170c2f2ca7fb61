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

// Portable runs query twice in step — a "worker" that runs every list of
// units to its end, and a "main" experiment that takes each unit's result
// from the worker as bytes (lab.Portable) instead of running it — and
// fails unless the main experiment's readout, CSV and JSON equal those of a
// run by Step alone.
func Portable(t *testing.T, query string, root fs.FS) {
	t.Helper()
	want := Reference(t, query, root)

	w, _ := Build(t, query, root)
	m, _ := Build(t, query, root)
	wp, ok1 := w.(lab.Portable)
	mp, ok2 := m.(lab.Portable)
	if !ok1 || !ok2 {
		t.Fatalf("%T does not implement lab.Portable", m)
	}
	moved := 0
	for !m.Done() {
		if us := mp.Units(); len(us) > 0 && us.Stopped() < len(us) {
			wu := wp.Units()
			if len(wu) != len(us) {
				t.Fatalf("%s: the worker has %d units, the main experiment %d", query, len(wu), len(us))
			}
			wu.Run(1<<16, 1)
			for i := range us {
				b, err := wp.MarshalUnit(i)
				if err != nil {
					t.Fatal(err)
				}
				if err := mp.UnmarshalUnit(i, b); err != nil {
					t.Fatal(err)
				}
				moved++
			}
			if us.Stopped() != len(us) {
				t.Fatalf("%s: %d units still going after their results came in", query, len(us)-us.Stopped())
			}
		}
		w.Step(1 << 12)
		m.Step(1 << 12)
	}
	if moved == 0 {
		t.Fatalf("%s: no unit results moved", query)
	}
	if !OutputsOf(t, m).Equal(want) {
		t.Errorf("%s: results moved as bytes change the numbers", query)
	}
}
