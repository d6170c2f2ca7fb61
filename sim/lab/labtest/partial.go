package labtest

import (
	"io/fs"
	"testing"

	"sgdlab/sim/lab"
	"sgdlab/sim/plot"
)

// Partial checks lab.Partial on query. A "worker" experiment runs every
// list of units in slices of work; after each slice a "main" experiment,
// which never steps those units, shows the snapshot of every running unit
// (each made with the mark of the one before, so it carries only what is
// new) and must still count it as running. At the end of each phase the
// units of even index take their final result (UnmarshalUnit) and those of
// odd index are put back (ShowPartial(i, nil)) and run to their ends by
// the main experiment itself, as a page whose workers stopped would. The readout,
// CSV and JSON of the main experiment must equal those of a run by Step
// alone, and the snapshots must have made its figure grow.
func Partial(t *testing.T, query string, root fs.FS, work int) {
	t.Helper()
	want := Reference(t, query, root)

	w, _ := Build(t, query, root)
	m, _ := Build(t, query, root)
	wp, ok1 := w.(lab.Partial)
	mp, ok2 := m.(lab.Partial)
	if !ok1 || !ok2 {
		t.Fatalf("%T does not implement lab.Partial", m)
	}
	shown, grew := 0, false
	for !m.Done() {
		if us := mp.Units(); len(us) > 0 && us.Stopped() < len(us) {
			wu := wp.Units()
			if len(wu) != len(us) {
				t.Fatalf("%s: the worker has %d units, the main experiment %d", query, len(wu), len(us))
			}
			marks := make([]int, len(us))
			before := points(m.Figure())
			for wu.Stopped() < len(wu) {
				for i, u := range wu {
					if !u.Running() || !us[i].Running() {
						continue
					}
					u.Advance(work)
					b, next, err := wp.MarshalPartial(i, marks[i])
					if err != nil {
						t.Fatal(err)
					}
					marks[i] = next
					if err := mp.ShowPartial(i, b); err != nil {
						t.Fatalf("%s: unit %d: %v", query, i, err)
					}
					shown++
					if !us[i].Running() {
						t.Fatalf("%s: showing a snapshot of unit %d stopped it", query, i)
					}
				}
				m.Readout()
				if after := points(m.Figure()); after > before {
					grew = true
				}
			}
			for i := range us {
				if i%2 == 1 {
					if err := mp.ShowPartial(i, nil); err != nil {
						t.Fatal(err)
					}
					if !us[i].Running() {
						t.Fatalf("%s: unit %d put back is not running", query, i)
					}
					for us[i].Running() {
						us[i].Advance(work)
					}
					continue
				}
				b, err := wp.MarshalUnit(i)
				if err != nil {
					t.Fatal(err)
				}
				if err := mp.UnmarshalUnit(i, b); err != nil {
					t.Fatal(err)
				}
			}
		}
		w.Step(1 << 12)
		m.Step(1 << 12)
	}
	if shown == 0 {
		t.Fatalf("%s: no snapshot shown", query)
	}
	if !grew {
		t.Errorf("%s: the snapshots never made the figure grow", query)
	}
	if !OutputsOf(t, m).Equal(want) {
		t.Errorf("%s: snapshots shown on the way change the numbers", query)
	}
}

// points counts the points of every series of f and of its networks' frames.
func points(f plot.Figure) int {
	n := 0
	for _, p := range f.Panels {
		for _, s := range p.Series {
			n += len(s.X)
		}
		if p.Net != nil {
			n += p.Net.Frame
		}
	}
	return n
}
