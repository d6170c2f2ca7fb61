package lab

import (
	"sgdlab/sim/pmath"
	"sgdlab/sim/polyfit"
)

// RateFloor is the rounding floor of a decaying error: recorded points below
// RateFloor times the first one are rounding noise and left out of a rate
// fit. (A double holds about 16 digits, so an error that is a sum of squares
// carries about 32; 1e-24 leaves a margin.)
const RateFloor = 1e-24

// RateMinPoints is the fewest points a rate fit accepts.
const RateMinPoints = 4

// Tail is the window of a rate fit over a recorded curve (t_i, y_i): the
// points above RateFloor·y_0, from the last of them (at T1) back to half its
// time (T0 ≥ T1/2) — the second half of the run that the error could still
// measure. Points [Lo, Hi) of the curve are in it (every one of them above
// the floor); Cut reports that the floor, not the run's end, closed it.
type Tail struct {
	Lo, Hi int
	T0, T1 float64
	Cut    bool
}

// TailOf finds the window of a curve; ok is false when it holds fewer than
// RateMinPoints points.
func TailOf(t, y []float64) (w Tail, ok bool) {
	if len(y) == 0 || len(t) != len(y) {
		return Tail{}, false
	}
	lo := float64(RateFloor * y[0])
	end := len(y)
	for end > 0 && !(y[end-1] > lo) {
		end--
	}
	if end == 0 {
		return Tail{}, false
	}
	w = Tail{Hi: end, T1: t[end-1], Cut: end < len(y)}
	w.Lo = end - 1
	for w.Lo > 0 && 2*t[w.Lo-1] >= w.T1 && y[w.Lo-1] > lo {
		w.Lo--
	}
	w.T0 = t[w.Lo]
	return w, w.Hi-w.Lo >= RateMinPoints
}

// LogSlope is the least-squares slope of ln y against t over the tail of a
// curve (TailOf), by polyfit: a quantity that decays like ρ^t has slope
// ln ρ, so exp(LogSlope) is the measured factor per unit t (THEORY §6: the
// measured rate beside the predicted one). ok is false when the tail is too
// short or its points do not determine a line.
func LogSlope(t, y []float64) (slope float64, w Tail, ok bool) {
	w, ok = TailOf(t, y)
	if !ok {
		return 0, w, false
	}
	ly := make([]float64, w.Hi-w.Lo)
	for i := range ly {
		ly[i] = pmath.Log(y[w.Lo+i])
	}
	p, err := polyfit.Fit(t[w.Lo:w.Hi], ly, nil, 0, 1)
	if err != nil {
		return 0, w, false
	}
	return p.C[1], w, true
}
