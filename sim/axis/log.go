package axis

import (
	"math"
	"slices"
)

// Log returns ticks for a log axis over [min, max] with at most about eight
// labels; see LogN.
func Log(min, max float64) []Tick { return LogN(min, max, 8) }

// minorDecades is the widest span, in decades, that still gets minor ticks.
const minorDecades = 6

// LogN returns ticks for a log axis over [min, max], 0 < min < max:
//   - a major tick at every decade 10^e inside the range, labelled "0.01",
//     "1", "1000", "1e-6", "1e4" (see Decade); when more than maxLabels
//     decades show, only those with e a multiple of k, k in 2, 3, 5, 10, 20,
//     30, 50, 100, … (so 10^0 is labelled when it is in range);
//   - unlabelled minor ticks at 2…9 × 10^e when the range spans at most six
//     decades;
//   - labelled major ticks at 2 and 5 × 10^e when it spans two decades or
//     fewer and the labels stay within maxLabels (or the decades alone give
//     fewer than two);
//   - when that still leaves fewer than two labels (a range like [0.3, 0.4]),
//     the ticks of Linear(min, max, clamp(maxLabels, 2, 4)) instead.
//
// Values are the exact floats of their labels. A reversed range is swapped, an
// empty one gets one tick, and a non-finite or non-positive bound gives nil.
func LogN(min, max float64, maxLabels int) []Tick {
	if !finite(min) || !finite(max) || !(min > 0) || !(max > 0) {
		return nil
	}
	if min > max {
		min, max = max, min
	}
	if min == max {
		return []Tick{{Value: min, Label: Format(min), Major: true}}
	}
	maxLabels = clamp(maxLabels, 2, 100)
	lo, hi := exp10(min), exp10(max) // decades 10^lo ≤ min, 10^hi ≤ max
	if decimal(1, lo) < min {
		lo++ // first decade inside
	}
	k := labelEvery(lo, hi, maxLabels)
	span := math.Log10(max) - math.Log10(min)
	var ticks []Tick
	labels := 0
	for e := lo; e <= hi; e++ {
		t := Tick{Value: decimal(1, e), Major: true}
		if mod(e, k) == 0 {
			t.Label = Decade(e)
			labels++
		}
		ticks = append(ticks, t)
	}
	if span <= minorDecades {
		// Label 2 and 5 × 10^e too when there is room for them, or when
		// the decades alone give fewer than two labels.
		label25 := span <= 2+1e-9 && (labels < 2 || labels+count25(lo-1, hi, min, max) <= maxLabels)
		for e := lo - 1; e <= hi; e++ {
			for f := int64(2); f <= 9; f++ {
				v := decimal(f, e)
				if v < min || v > max {
					continue
				}
				t := Tick{Value: v}
				if label25 && (f == 2 || f == 5) {
					t.Label, t.Major = logLabel(f, e), true
					labels++
				}
				ticks = append(ticks, t)
			}
		}
	}
	if labels < 2 {
		if lin := Linear(min, max, clamp(maxLabels, 2, 4)); len(lin) >= 2 {
			return lin
		}
	}
	slices.SortStableFunc(ticks, func(a, b Tick) int { return cmpFloat(a.Value, b.Value) })
	return dedupe(ticks)
}

// dedupe drops ticks whose value equals the one before, keeping the first
// (decades come before minor ticks). Distinct decimals can round to the same
// subnormal float.
func dedupe(ts []Tick) []Tick {
	out := ts[:0]
	for i, t := range ts {
		if i > 0 && t.Value == out[len(out)-1].Value {
			continue
		}
		out = append(out, t)
	}
	return out
}

// count25 returns how many of 2 and 5 × 10^e, lo ≤ e ≤ hi, lie in [min, max].
func count25(lo, hi int, min, max float64) int {
	n := 0
	for e := lo; e <= hi; e++ {
		for _, f := range []int64{2, 5} {
			if v := decimal(f, e); v >= min && v <= max {
				n++
			}
		}
	}
	return n
}

// labelEvery returns the smallest k in 1, 2, 3, 5, 10, 20, 30, 50, 100, …
// labelling at most maxLabels of the decades lo…hi (those with e mod k = 0),
// or the k before it when that would leave fewer than two labels.
func labelEvery(lo, hi, maxLabels int) int {
	prev := 1
	for k := range niceCounts {
		n := countMultiples(lo, hi, k)
		if n <= maxLabels {
			if n < 2 && k > 1 && countMultiples(lo, hi, prev) >= 2 {
				return prev
			}
			return k
		}
		prev = k
	}
	return prev
}

// niceCounts yields 1, 2, 3, 5, 10, 20, 30, 50, 100, … up to 5·10^8.
func niceCounts(yield func(int) bool) {
	for p := 1; p < 1e9; p *= 10 {
		for _, m := range []int{1, 2, 3, 5} {
			if !yield(m * p) {
				return
			}
		}
	}
}

// countMultiples returns how many multiples of k lie in [lo, hi].
func countMultiples(lo, hi, k int) int {
	first := lo + mod(-lo, k)
	if first > hi {
		return 0
	}
	return (hi-first)/k + 1
}

// mod returns a mod k in [0, k).
func mod(a, k int) int { return ((a % k) + k) % k }

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
