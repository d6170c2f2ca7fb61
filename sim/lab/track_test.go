package lab

import (
	"math"
	"testing"
)

// A Track stops a run for the first rule that holds after an iteration, and
// keeps the last finite point of a run that diverged to Inf or NaN.
func TestTrack(t *testing.T) {
	for _, tc := range []struct {
		name   string
		eps    float64
		atCap  string
		errs   []float64 // error after iterations 1, 2, …
		status string
		stopT  int
		hitT   int
		lastT  int // last recorded t
	}{
		{"planned iterations", 0, "", []float64{0.5, 0.4, 0.3}, Finished, 3, 0, 3},
		{"target reached", 0.1, "", []float64{0.5, 0.05, 0.01}, Converged, 2, 2, 2},
		{"cap before the target", 0.01, "", []float64{0.5, 0.4, 0.3}, Capped, 3, 0, 3},
		{"cap with its own word", 0.01, Finished, []float64{0.5, 0.4, 0.3}, Finished, 3, 0, 3},
		{"growth past DivergeFactor", 0, "", []float64{10, 2e6}, Diverged, 2, 0, 2},
		{"Inf keeps the last finite point", 0, "", []float64{10, math.Inf(1)}, Diverged, 2, 0, 1},
		{"NaN keeps the last finite point", 0, "", []float64{10, math.NaN()}, Diverged, 2, 0, 1},
	} {
		k := NewTrack(1, tc.eps, 3, []float64{1})
		k.AtCap = tc.atCap
		for i, e := range tc.errs {
			going := k.After(i+1, e, func() []float64 { return []float64{e} })
			if going != (i+1 < tc.stopT) {
				t.Errorf("%s: going %v after iteration %d", tc.name, going, i+1)
			}
		}
		last := k.Trace.T[len(k.Trace.T)-1]
		if k.Status != tc.status || k.StopT != tc.stopT || k.HitT != tc.hitT || last != tc.lastT {
			t.Errorf("%s: status %q stop %d hit %d last point %d; want %q %d %d %d", tc.name, k.Status, k.StopT, k.HitT, last, tc.status, tc.stopT, tc.hitT, tc.lastT)
		}
		if k.Progress(0, 1) != 1 {
			t.Errorf("%s: progress of a stopped run %v", tc.name, k.Progress(0, 1))
		}
	}
}
