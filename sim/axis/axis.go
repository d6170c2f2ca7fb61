package axis

import (
	"math"
	"strconv"
)

// Tick is one tick of an axis; minor ticks have no label.
type Tick struct {
	Value float64
	Label string
	Major bool
}

// pow10 returns 10^e exactly for the integers the axes use.
func pow10(e int) float64 { return math.Pow10(e) }

// Linear returns ticks covering [min, max] at a 1, 2 or 5 × 10^k step giving
// about approx intervals. Labels print the step's precision, so no
// 0.30000000000000004. It returns nil for an empty or non-finite range.
func Linear(min, max float64, approx int) []Tick {
	if !(max > min) || math.IsInf(min, 0) || math.IsInf(max, 0) || approx < 1 {
		return nil
	}
	raw := (max - min) / float64(approx)
	e := int(math.Floor(math.Log10(raw)))
	step, best := pow10(e), math.Inf(1)
	for _, f := range []float64{1, 2, 5, 10} { // the nice step nearest raw (in ratio)
		if d := math.Abs(math.Log(f * pow10(e) / raw)); d < best {
			step, best = f*pow10(e), d
		}
	}
	digits := 0
	if se := int(math.Floor(math.Log10(step) + 1e-9)); se < 0 {
		digits = -se
	}
	var ticks []Tick
	for k := math.Ceil(min/step - 1e-9); k*step <= max+step*1e-9; k++ {
		v := k * step
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		ticks = append(ticks, Tick{Value: v, Label: strconv.FormatFloat(v, 'f', digits, 64), Major: true})
		if len(ticks) > 1000 {
			break
		}
	}
	return ticks
}

// Log returns ticks for a log axis over [min, max] (0 < min < max): a labelled
// major tick at each decade (every k-th decade when there are more than about
// 8), unlabelled minor ticks at 2…9 × 10^e when few decades show, and labelled
// 2 and 5 ticks when the range spans less than about two decades.
func Log(min, max float64) []Tick {
	if !(min > 0) || !(max > min) || math.IsInf(max, 0) {
		return nil
	}
	lo := int(math.Floor(math.Log10(min) + 1e-9))
	hi := int(math.Ceil(math.Log10(max) - 1e-9))
	span := hi - lo
	every := 1
	for span/every > 8 {
		every++
	}
	var ticks []Tick
	for e := lo; e <= hi; e++ {
		d := pow10(e)
		if d >= min*(1-1e-9) && d <= max*(1+1e-9) {
			t := Tick{Value: d, Major: true}
			if e%every == 0 {
				t.Label = Decade(e)
			}
			ticks = append(ticks, t)
		}
		if span > 12 {
			continue
		}
		for f := 2; f <= 9; f++ {
			v := float64(f) * d
			if v < min*(1-1e-9) || v > max*(1+1e-9) {
				continue
			}
			t := Tick{Value: v}
			if span <= 2 && (f == 2 || f == 5) {
				t.Label, t.Major = Number(v), true
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}

// Decade labels 10^e: plain for −3 ≤ e ≤ 3 ("0.001", "1000"), else "1e-6".
func Decade(e int) string {
	if e >= -3 && e <= 3 {
		return strconv.FormatFloat(pow10(e), 'f', max(0, -e), 64)
	}
	return "1e" + strconv.Itoa(e)
}

// Number formats a tick value compactly: up to 3 significant digits, plain
// between 0.01 and 10⁴, else in e-notation.
func Number(v float64) string {
	a := math.Abs(v)
	if a == 0 || (a >= 0.01 && a < 1e4) {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	return strconv.FormatFloat(v, 'e', 0, 64)
}

// Scale maps data on [Min, Max] to [0, 1], linearly or by log10.
type Scale struct {
	Min, Max float64
	Log      bool
}

// At returns the position of v in [0, 1] (outside for out-of-range v; NaN for
// non-positive v on a log scale).
func (s Scale) At(v float64) float64 {
	if s.Log {
		if !(v > 0) {
			return math.NaN()
		}
		return (math.Log10(v) - math.Log10(s.Min)) / (math.Log10(s.Max) - math.Log10(s.Min))
	}
	return (v - s.Min) / (s.Max - s.Min)
}

// Range returns a padded, non-degenerate [min, max] holding the finite values
// of every slice (positive values only when log is set); ok is false when
// there are none. Log ranges extend to whole decades only when they span less
// than one; linear ranges get 3% margins.
func Range(log bool, values ...[]float64) (min, max float64, ok bool) {
	min, max = math.Inf(1), math.Inf(-1)
	for _, vs := range values {
		for _, v := range vs {
			if math.IsNaN(v) || math.IsInf(v, 0) || (log && !(v > 0)) {
				continue
			}
			min, max = math.Min(min, v), math.Max(max, v)
		}
	}
	if min > max {
		return 0, 0, false
	}
	if log {
		if max/min < 10 {
			c := math.Sqrt(min * max)
			min, max = math.Min(min, c/3.2), math.Max(max, c*3.2)
		}
		return min, max, true
	}
	if max == min {
		d := math.Max(math.Abs(min)*0.1, 1)
		return min - d, max + d, true
	}
	pad := 0.03 * (max - min)
	if min >= 0 && min-pad < 0 {
		return 0, max + pad, true
	}
	return min - pad, max + pad, true
}
