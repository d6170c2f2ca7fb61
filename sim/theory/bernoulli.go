package theory

import "math"

// BernoulliDir is the per-direction factor of E‖δ‖² for Bernoulli sampling with
// unit-norm samples (§2.6): g(m, η, λ) = (1 − ηλ)² + η²λ(1/m − 1/n).
func BernoulliDir(lambda float64, m, n int, eta float64) float64 {
	a := 1 - float64(eta*lambda)
	return float64(a*a) + float64(eta*eta*lambda*(1/float64(m)-1/float64(n)))
}

// BernoulliRate is max(g(m,η,λ_1), g(m,η,λ_k)) (§2.6: g is convex in λ).
func BernoulliRate(m, n int, eta, l1, lk float64) float64 {
	return math.Max(BernoulliDir(l1, m, n, eta), BernoulliDir(lk, m, n, eta))
}

// EtaBernoulli is the best step of §2.6 with c = 1/m − 1/n: 2/(λ_1 + λ_k + c)
// when λ_1 − λ_k > c (the two parabolas cross), else 1/(λ_k + c).
func EtaBernoulli(m, n int, l1, lk float64) float64 {
	c := 1/float64(m) - 1/float64(n)
	if l1-lk > c {
		return 2 / (l1 + lk + c)
	}
	return 1 / (lk + c)
}

// GBernoulli is g*(m) of §2.6: 1 − 4λ_1λ_k/(λ_1+λ_k+c)² when λ_1 − λ_k > c,
// else 1 − λ_k/(λ_k + c). At m = n it is ((λ_1−λ_k)/(λ_1+λ_k))².
func GBernoulli(m, n int, l1, lk float64) float64 {
	c := 1/float64(m) - 1/float64(n)
	if l1-lk > c {
		s := l1 + lk + c
		return 1 - 4*l1*lk/(s*s)
	}
	return 1 - lk/(lk+c)
}
