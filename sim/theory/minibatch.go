package theory

import "math"

// GDir is the per-direction factor of §2.2,
// g(λ; m, η) = (1 − ηλ)² + (η²λ/m)(β − λ).
func GDir(lambda float64, m int, eta, beta float64) float64 {
	a := 1 - float64(eta*lambda)
	return float64(a*a) + float64(eta*eta*lambda/float64(m)*(beta-lambda))
}

// Rate is g(m, η) = max_{λ∈[λ_k, λ_1]} g(λ; m, η) of §2.2. g is a quadratic in
// λ with leading coefficient η²(1 − 1/m) ≥ 0, so the maximum is at an end.
func Rate(m int, eta, beta, l1, lk float64) float64 {
	return math.Max(GDir(l1, m, eta, beta), GDir(lk, m, eta, beta))
}

// EtaMax is the largest step for which §2.2's bound holds, 2m/(β + (m−1)λ_1).
func EtaMax(m int, beta, l1 float64) float64 {
	return 2 * float64(m) / (beta + float64(float64(m-1)*l1))
}

// MStar is m* = β/(λ_1 − λ_k) + 1, the m_0 of §2.3 and the m* of §2.5; +Inf
// when λ_1 = λ_k.
func MStar(beta, l1, lk float64) float64 {
	if l1 <= lk {
		return math.Inf(1)
	}
	return beta/(l1-lk) + 1
}

// MStarApprox is the approximation m* ≈ β/λ_1 + 1 of §2.5.
func MStarApprox(beta, l1 float64) float64 { return beta/l1 + 1 }

// EtaOpt is η*(m) of §2.3: m/(β + (m−1)λ_k) for m ≤ m_0, else
// 2m/(β + (m−1)(λ_1+λ_k)).
func EtaOpt(m int, beta, l1, lk float64) float64 {
	fm := float64(m)
	if fm <= MStar(beta, l1, lk) {
		return fm / (beta + float64((fm-1)*lk))
	}
	return 2 * fm / (beta + float64((fm-1)*(l1+lk)))
}

// GOpt is g*(m) of §2.3: 1 − mλ_k/(β + (m−1)λ_k) for m ≤ m_0, else
// 1 − 4m(m−1)λ_1λ_k/(β + (m−1)(λ_1+λ_k))².
func GOpt(m int, beta, l1, lk float64) float64 {
	fm := float64(m)
	if fm <= MStar(beta, l1, lk) {
		return 1 - fm*lk/(beta+float64((fm-1)*lk))
	}
	den := beta + float64((fm-1)*(l1+lk))
	return 1 - 4*fm*(fm-1)*l1*lk/(den*den)
}

// M1 is m_1 = β/(λ_1 − β/n) + 1 of §2.4; +Inf when λ_1 ≤ β/n.
func M1(beta, l1 float64, n int) float64 {
	if l1 <= beta/float64(n) {
		return math.Inf(1)
	}
	return beta/(l1-beta/float64(n)) + 1
}

// EtaHat is η̂(m) of §2.4: m/(β(1 + (m−1)/n)) for m ≤ m_1, else
// 2m/(β + (m−1)(λ_1 + β/n)).
func EtaHat(m int, beta, l1 float64, n int) float64 {
	fm, fn := float64(m), float64(n)
	if fm <= M1(beta, l1, n) {
		return fm / (beta * (1 + (fm-1)/fn))
	}
	return 2 * fm / (beta + float64((fm-1)*(l1+beta/fn)))
}

// Speedup is s(m) ≈ t(1)/t(m) of §2.5: m/(1 + (m−1)λ_k/β) for m ≤ m*, else
// 4m(m−1)λ_1/(β(1 + (m−1)(λ_1+λ_k)/β)²).
func Speedup(m int, beta, l1, lk float64) float64 {
	fm := float64(m)
	if fm <= MStar(beta, l1, lk) {
		return fm / (1 + (fm-1)*lk/beta)
	}
	q := 1 + (fm-1)*(l1+lk)/beta
	return 4 * fm * (fm - 1) * l1 / (beta * q * q)
}

// SpeedupCeiling is lim_{m→∞} s(m) = 4β/λ_1 when λ_k ≪ λ_1 (§2.5).
func SpeedupCeiling(beta, l1 float64) float64 { return 4 * beta / l1 }
