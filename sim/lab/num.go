package lab

import "strconv"

// Num formats a readout number: 6 significant digits, the same on every
// target, and "—" for NaN (a value not known).
func Num(x float64) string {
	if x != x {
		return "—"
	}
	return strconv.FormatFloat(x, 'g', 6, 64)
}
