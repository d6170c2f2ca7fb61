package axis

import "math"

// Tick is one tick of an axis. Minor ticks have no label; a major tick may
// have none either when labels are thinned (every k-th decade).
type Tick struct {
	Value float64
	Label string
	Major bool
}

// maxK bounds tick indices so that k·f stays an exact integer and the ticks
// stay distinct floats.
const maxK = 1 << 50

// Linear returns labelled major ticks covering [min, max] at a step of 1, 2 or
// 5 × 10^e, the one nearest (in ratio) to (max−min)/approx; a finer step is
// taken if that one leaves fewer than two ticks. A range too narrow for float64
// to hold distinct ticks gets one. Tick values are the exact
// floats of their labels. Labels keep the step's decimals ("0.10 0.15 0.20")
// and turn scientific ("2e5", "5e-4") when the largest value is at least 10^6
// or below 0.01. A reversed range is swapped; an empty one (min == max) gets
// one tick; a non-finite bound gives nil.
func Linear(min, max float64, approx int) []Tick {
	if !finite(min) || !finite(max) {
		return nil
	}
	if min > max {
		min, max = max, min
	}
	if min == max {
		return []Tick{{Value: min, Label: Format(min), Major: true}}
	}
	approx = clamp(approx, 1, 100)
	raw := (max/2 - min/2) / float64(approx) * 2 // halves: no overflow before the division
	if math.IsInf(raw, 0) {
		raw = math.MaxFloat64
	}
	if !(raw > 0) {
		return []Tick{{Value: min, Label: Format(min), Major: true}}
	}
	// The nice steps around raw, coarse to fine: 10^(e+1), 5, 2, 1 × 10^e, …
	e := exp10(raw)
	steps := []step{{1, e + 1}, {5, e}, {2, e}, {1, e}, {5, e - 1}, {2, e - 1}, {1, e - 1}}
	best := -1
	for i, s := range steps {
		v := s.float()
		if math.IsInf(v, 0) || v == 0 {
			continue
		}
		if best < 0 || math.Abs(math.Log(v/raw)) < math.Abs(math.Log(steps[best].float()/raw)) {
			best = i
		}
	}
	if best < 0 {
		return nil
	}
	var ticks []Tick
	for _, s := range steps[best:] {
		lo, hi, ok := s.span(min, max)
		if !ok {
			break // this step and finer ones are below float precision here
		}
		if ticks = s.ticks(lo, hi); len(ticks) >= 2 {
			break
		}
	}
	if len(ticks) == 0 {
		return []Tick{{Value: min, Label: Format(min), Major: true}}
	}
	return ticks
}

// step is f·10^e with f in {1, 2, 5}.
type step struct {
	f int64
	e int
}

func (s step) float() float64 { return decimal(s.f, s.e) }

// span returns the first and last multiples k of the step with k·step in
// [min, max]; ok is false when |k| would exceed maxK.
func (s step) span(min, max float64) (lo, hi int64, ok bool) {
	v := s.float()
	if math.IsInf(v, 0) || v == 0 {
		return 0, 0, false
	}
	a, b := math.Floor(min/v), math.Ceil(max/v)
	if math.Abs(a) > maxK || math.Abs(b) > maxK {
		return 0, 0, false
	}
	lo, hi = int64(a), int64(b)
	for lo <= hi && decimal(lo*s.f, s.e) < min {
		lo++
	}
	for hi >= lo && decimal(hi*s.f, s.e) > max {
		hi--
	}
	return lo, hi, true
}

// ticks returns the labelled ticks k·step for k in [lo, hi].
func (s step) ticks(lo, hi int64) []Tick {
	if hi < lo {
		return nil
	}
	top := max(abs64(lo), abs64(hi)) * s.f
	x := s.e + digits(top) - 1 // exponent of the largest label
	sci := top != 0 && (x >= 6 || x < -2)
	ticks := make([]Tick, 0, hi-lo+1)
	for k := lo; k <= hi; k++ {
		ticks = append(ticks, Tick{Value: decimal(k*s.f, s.e), Label: label(k*s.f, s.e, sci), Major: true})
	}
	return dedupe(ticks)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func clamp(v, lo, hi int) int { return min(max(v, lo), hi) }

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// digits returns the number of decimal digits of v > 0 (1 for 0).
func digits(v int64) int {
	n := 1
	for v >= 10 {
		v /= 10
		n++
	}
	return n
}
