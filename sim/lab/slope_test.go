package lab

import (
	"math"
	"testing"

	"sgdlab/sim/pmath"
)

// The window of a rate fit is the second half (in t) of the points above the
// rounding floor, closed by the floor or by the run's end, and LogSlope
// reads the decay of an exact exponential over it.
func TestTailOf(t *testing.T) {
	x := []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	for _, tc := range []struct {
		name    string
		errs    []float64
		t0, t1  float64
		cut, ok bool
	}{
		{"whole run", []float64{1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9}, 5, 9, false, true},
		{"floor at 8", []float64{1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-25, 0}, 4, 7, true, true},
		{"a dip under the floor ends the window", []float64{1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-26, 1e-6, 1e-7, 1e-8, 1e-9}, 6, 9, false, true},
		{"too few points", []float64{1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-25, 0, 0, 0}, 0, 0, false, false},
		{"empty", nil, 0, 0, false, false},
	} {
		w, ok := TailOf(x[:len(tc.errs)], tc.errs)
		if ok != tc.ok || ok && (w.T0 != tc.t0 || w.T1 != tc.t1 || w.Cut != tc.cut) {
			t.Errorf("%s: TailOf = %+v, %v; want %v–%v cut %v ok %v", tc.name, w, ok, tc.t0, tc.t1, tc.cut, tc.ok)
		}
		s, _, sok := LogSlope(x[:len(tc.errs)], tc.errs)
		if sok != tc.ok {
			t.Errorf("%s: LogSlope ok %v, TailOf ok %v", tc.name, sok, ok)
		}
		if sok && math.Abs(s-pmath.Log(0.1)) > 1e-12 {
			t.Errorf("%s: slope %v, want ln 0.1 = %v", tc.name, s, pmath.Log(0.1))
		}
	}
}
