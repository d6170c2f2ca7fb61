package axis

import (
	"math"
	"strconv"
	"strings"
)

// decimal returns n·10^e correctly rounded, so a tick's value is exactly the
// float its label parses to (0.3, not 3 × 0.1 = 0.30000000000000004). Out of
// range it returns ±Inf or 0, which no finite axis range contains.
func decimal(n int64, e int) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatInt(n, 10)+"e"+strconv.Itoa(e), 64)
	return v
}

// exp10 returns the exponent of the decade below |v|: the largest e with
// 10^e ≤ |v| (10^e as decimal rounds it). v must be finite and non-zero.
func exp10(v float64) int {
	v = math.Abs(v)
	e := int(math.Floor(math.Log10(v)))
	for decimal(1, e) > v {
		e--
	}
	for decimal(1, e+1) <= v {
		e++
	}
	return e
}

// label formats n·10^e exactly. Plain labels keep all -e decimals ("0.10",
// "0.0", "1500"); scientific ones drop trailing zeros of the mantissa
// ("1.5e6", "2e-7"), and zero is "0".
func label(n int64, e int, sci bool) string {
	if n == 0 && (sci || e >= 0) {
		return "0"
	}
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	d := strconv.FormatInt(n, 10)
	if sci {
		t := strings.TrimRight(d, "0")
		x := e + len(d) - 1 // exponent of the leading digit
		m := t[:1]
		if len(t) > 1 {
			m += "." + t[1:]
		}
		return sign + m + "e" + strconv.Itoa(x)
	}
	if e >= 0 {
		return sign + d + strings.Repeat("0", e)
	}
	if k := len(d) + e; k <= 0 {
		d = strings.Repeat("0", 1-k) + d // at least one digit before the point
	}
	k := len(d) + e
	return sign + d[:k] + "." + d[k:]
}

// Decade labels 10^e the way log axes do: plain for 0.01 … 1000, else "1e-3",
// "1e4". The exponent is the integer given, never a rounded logarithm.
func Decade(e int) string { return logLabel(1, e) }

// logLabel labels f·10^e (f a small integer) on a log axis: plain when the
// value lies in [0.01, 10^4), else scientific.
func logLabel(f int64, e int) string {
	x := e + len(strconv.FormatInt(f, 10)) - 1
	return label(f, e, x < -2 || x > 3)
}

// Format labels a single value compactly (up to 4 significant digits, "1e-7"
// style exponents), for the degenerate axis with one tick.
func Format(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	s := strconv.FormatFloat(v, 'g', 4, 64)
	if i := strings.IndexByte(s, 'e'); i >= 0 { // "1e-07" → "1e-7", "1e+06" → "1e6"
		x, _ := strconv.Atoi(s[i+1:])
		s = s[:i] + "e" + strconv.Itoa(x)
	}
	return s
}
