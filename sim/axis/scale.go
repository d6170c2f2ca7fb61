package axis

import "math"

// Scale maps data on [Min, Max] to [0, 1], linearly or, when Log is set, by
// log10. A usable scale has finite Min < Max, and Min > 0 when Log is set.
type Scale struct {
	Min, Max float64
	Log      bool
}

// At returns the position of v: 0 at Min, 1 at Max, outside [0, 1] for v out
// of range, and NaN for non-finite v or v ≤ 0 on a log scale.
func (s Scale) At(v float64) float64 {
	if !finite(v) {
		return math.NaN()
	}
	if s.Log {
		if !(v > 0) {
			return math.NaN()
		}
		lo := math.Log10(s.Min)
		return (math.Log10(v) - lo) / (math.Log10(s.Max) - lo)
	}
	return (v - s.Min) / (s.Max - s.Min)
}

// Value is the inverse of At: the data value at position u.
func (s Scale) Value(u float64) float64 {
	if s.Log {
		lo := math.Log10(s.Min)
		return math.Pow(10, lo+u*(math.Log10(s.Max)-lo))
	}
	return s.Min + u*(s.Max-s.Min)
}

// Ticks returns the scale's ticks: Linear(Min, Max, n) or LogN(Min, Max, n).
func (s Scale) Ticks(n int) []Tick {
	if s.Log {
		return LogN(s.Min, s.Max, n)
	}
	return Linear(s.Min, s.Max, n)
}

// Pad is the margin Range adds on each side, as a fraction of the span (of
// log10 values on log axes).
const Pad = 0.04

// Range returns the finite bounds [min, max] holding every finite value of
// the slices (only the positive ones when log is set), widened by Pad on each
// side; ok is false when there is no such value. A linear range that starts
// at or above 0 is not padded below 0. Degenerate ranges are widened: a single
// linear value v to v ± |v|/10 (± 1 for 0), and a log range narrower than one
// decade to one decade around its geometric mean.
func Range(log bool, values ...[]float64) (min, max float64, ok bool) {
	min, max = math.Inf(1), math.Inf(-1)
	for _, vs := range values {
		for _, v := range vs {
			if !finite(v) || (log && !(v > 0)) {
				continue
			}
			min, max = math.Min(min, v), math.Max(max, v)
		}
	}
	if min > max {
		return 0, 0, false
	}
	if log {
		return logRange(min, max)
	}
	if min == max {
		d := math.Abs(min) / 10
		if d == 0 {
			d = 1
		}
		return bound(min - d), bound(max + d), true
	}
	pad := Pad*max - Pad*min // no overflow: each term is at most Pad·MaxFloat64
	lo, hi := bound(min-pad), bound(max+pad)
	if min >= 0 && lo < 0 {
		lo = 0
	}
	return lo, hi, true
}

// logRange pads and widens a positive range in log10 space.
func logRange(min, max float64) (float64, float64, bool) {
	a, b := math.Log10(min), math.Log10(max)
	if b-a < 1 {
		c := (a + b) / 2
		a, b = c-0.5, c+0.5
	} else {
		pad := Pad * (b - a)
		a, b = a-pad, b+pad
	}
	lo, hi := math.Pow(10, a), math.Pow(10, b)
	// Keep the range positive and finite at the ends of the float64 range.
	lo = math.Max(math.Min(lo, min), math.SmallestNonzeroFloat64)
	hi = math.Min(math.Max(hi, max), math.MaxFloat64)
	if !(hi > lo) {
		hi = math.Nextafter(lo, math.Inf(1))
	}
	return lo, hi, true
}

// bound clamps ±Inf to the largest finite float64.
func bound(v float64) float64 {
	return math.Max(-math.MaxFloat64, math.Min(math.MaxFloat64, v))
}
