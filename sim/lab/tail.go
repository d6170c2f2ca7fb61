package lab

import (
	"math"
	"strconv"

	"sgdlab/sim/pmath"
)

// TailFolds is how many e-folds of the slowest mode a tail fit waits for
// before it trusts the slope (see TailStart).
const TailFolds = 4

// TailStart is how far into a run (in the unit t of the rate) the window of a
// tail fit must start for its slope to measure the asymptotic rate ρ of a
// decaying quantity, ρ per unit t in (0, 1); 0 for ρ ≤ 0 (nothing is left
// after one step) and +Inf for ρ ≥ 1 (no decay to measure).
//
// A linear iteration's error is a sum of modes, E(t) = Σ_j c_j ρ_j^t with
// ρ = max_j ρ_j (THEORY §2.2 for ‖Pδ‖², §3 for Σ‖w_i − w∞‖² with ρ = R²).
// The slope of log E over t ≥ t₀ is log ρ only once the faster modes weigh
// nothing beside the slowest: a mode at least twice as fast on the log scale
// (ρ_j ≤ ρ²) weighs, relative to it, (ρ_j/ρ)^t ≤ ρ^t = e^(−t·(−ln ρ)), which
// is at most e^(−TailFolds) (1.8 %) once
//
//	t₀ ≥ TailStart(ρ) = TailFolds / (−ln ρ) ≈ TailFolds / (1 − ρ).
//
// Before that the fit reads a blend of faster modes and overstates the decay
// (a measured rate below ρ that is no contradiction of the theory). Modes
// closer to ρ than that would need the next eigenvalue to be told apart: the
// condition is necessary, not sufficient. When ρ is an upper bound on the
// true rate (the §2.2 g of SGD), TailStart is conservative.
func TailStart(rho float64) float64 {
	switch {
	case rho <= 0:
		return 0
	case !(rho < 1):
		return math.Inf(1)
	}
	return TailFolds / -pmath.Log(rho)
}

// TailTol is the relative gap between the decay rates −ln r and −ln ρ below
// which a measured rate r reads ρ (TailAgrees).
const TailTol = 0.01

// TailAgrees reports whether a measured rate r reads the asymptotic ρ:
// |ln r − ln ρ| ≤ TailTol·|ln ρ|, the decay per unit t within 1 %.
func TailAgrees(r, rho float64) bool {
	if !(r > 0 && rho > 0 && rho < 1) {
		return false
	}
	lr, lp := pmath.Log(r), pmath.Log(rho)
	return math.Abs(lr-lp) <= TailTol*math.Abs(lp)
}

// TooEarly reports whether a rate r fitted over a tail that starts at t0
// is no measurement of the asymptotic rate ρ: the tail starts before
// TailStart(ρ) and r does not already read ρ (TailAgrees; then the run's
// error has no faster modes left to blend in, e.g. a start along the
// slowest mode, and there is nothing to explain). A ρ outside (0, 1) has
// no asymptotic decay to wait for: never too early.
func TooEarly(t0, r, rho float64) bool {
	return rho > 0 && rho < 1 && t0 < TailStart(rho) && !TailAgrees(r, rho)
}

// TailLen is the least run length whose second half — the window the labs
// fit their rates on — starts at TailStart(ρ): 2·TailStart(ρ), rounded up to
// two significant digits (a length to type into a link).
func TailLen(rho float64) float64 { return RoundUp(2 * TailStart(rho)) }

// RoundUp rounds x > 0 up to two significant digits (68966 → 69000,
// 0.123 → 0.13); it returns x unchanged when it is not finite and positive.
func RoundUp(x float64) float64 {
	if !(x > 0) || math.IsInf(x, 0) {
		return x
	}
	// The decimal exponent from the formatted number, not a logarithm:
	// exact and the same on every machine.
	s := strconv.FormatFloat(x, 'e', 1, 64) // d.de±XX, rounded to nearest
	e, _ := strconv.Atoi(s[4:])
	unit, _ := strconv.ParseFloat("1e"+strconv.Itoa(e-1), 64)
	r := math.Ceil(x/unit) * unit
	// x/unit may carry a rounding error: parse the result back to two digits.
	r, _ = strconv.ParseFloat(strconv.FormatFloat(r, 'g', 2, 64), 64)
	if r < x {
		r, _ = strconv.ParseFloat(strconv.FormatFloat(float64(r+unit), 'g', 2, 64), 64)
	}
	return r
}
