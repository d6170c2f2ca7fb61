package lab

import (
	"math"
	"testing"

	"sgdlab/sim/pmath"
)

func TestTailStart(t *testing.T) {
	for _, tc := range []struct {
		rho, want float64
	}{
		{pmath.Exp(-1), TailFolds},          // one e-fold per unit t
		{pmath.Exp(-0.01), 100 * TailFolds}, // 100 units per e-fold
		{0.999942 * 0.999942, 34483.76},     // R² of the consensus grid link: ≈ 2/(1 − R)
		{0, 0},                              // gone after one step
		{-0.5, 0},                           //
		{1, math.Inf(1)},                    // no decay
		{1.2, math.Inf(1)},                  //
		{math.NaN(), math.Inf(1)},           //
	} {
		got := TailStart(tc.rho)
		if !(math.Abs(got-tc.want) <= 1e-3*math.Abs(tc.want)) && got != tc.want {
			t.Errorf("TailStart(%g) = %g, want %g", tc.rho, got, tc.want)
		}
	}
}

func TestTooEarly(t *testing.T) {
	const R2 = 0.999942 * 0.999942 // the consensus grid link: TailStart ≈ 34484
	for _, tc := range []struct {
		name       string
		t0, r, rho float64
		want       bool
	}{
		{"len 8000: fit from 4000, reads a faster rate", 4000, 0.999764 * 0.999764, R2, true},
		{"len 50000: fit from 25000, 7 % off", 25000, 0.999938 * 0.999938, R2, true},
		{"len 70000: fit from 35000", 35000, 0.999942 * 0.999942, R2, false},
		{"fit from after TailStart, rate off anyway", 40000, 0.9997, R2, false},
		{"early but the rate already reads ρ (within 1 %)", 100, 0.999942 * 0.999942, R2, false},
		{"early, 2 % off the decay rate", 100, pmath.Exp(1.02 * pmath.Log(R2)), R2, true},
		{"no decay predicted", 10, 0.99, 1, false},
		{"predicted ρ = 0", 0, 0.5, 0, false},
	} {
		if got := TooEarly(tc.t0, tc.r, tc.rho); got != tc.want {
			t.Errorf("%s: TooEarly(%g, %g, %g) = %v (TailStart %g)", tc.name, tc.t0, tc.r, tc.rho, got, TailStart(tc.rho))
		}
	}
}

func TestRoundUp(t *testing.T) {
	for _, tc := range []struct{ in, want float64 }{
		{68967.5, 69000}, {69000, 69000}, {69000.01, 70000}, {161.2, 170}, {0.1234, 0.13},
		{9.96, 10}, {99.6, 100}, {1, 1}, {7, 7}, {1e9 + 1, 1.1e9},
		{0, 0}, {-3, -3}, {math.Inf(1), math.Inf(1)},
	} {
		if got := RoundUp(tc.in); got != tc.want {
			t.Errorf("RoundUp(%g) = %g, want %g", tc.in, got, tc.want)
		}
	}
	if got := TailLen(0.999942 * 0.999942); got != 69000 {
		t.Errorf("TailLen = %g, want 69000", got)
	}
}
