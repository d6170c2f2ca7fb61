package lab

import (
	"math"
	"strconv"
)

// FormatFloat writes x in the shortest form that reads back to the same
// float64 (the exports' number format).
func FormatFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// Num formats a readout number: 6 significant digits, the same on every
// target, and "—" for NaN (a value not known).
func Num(x float64) string {
	if x != x {
		return "—"
	}
	return strconv.FormatFloat(x, 'g', 6, 64)
}

// Float is a number of a JSON export: FormatFloat's form, and null when it is
// not finite (JSON has no NaN or Inf).
type Float float64

// MarshalJSON implements json.Marshaler.
func (x Float) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
		return []byte("null"), nil
	}
	return []byte(FormatFloat(float64(x))), nil
}

// Floats converts a slice for a JSON export.
func Floats(xs []float64) []Float {
	out := make([]Float, len(xs))
	for i, x := range xs {
		out[i] = Float(x)
	}
	return out
}
