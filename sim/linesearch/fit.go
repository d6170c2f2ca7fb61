package linesearch

import (
	"errors"
	"fmt"
	"math"

	"sgdlab/sim/pmath"
	"sgdlab/sim/polyfit"
)

// KFit is the model of THEORY §5 fitted to measured steps to target:
//
//	K(b) = C₁b/(ε²b − C₂),   N(b) = K(b)·b = C₁b²/(ε²b − C₂),
//
// valid for b > C₂/ε², with the SFO-optimal (critical) batch size
// b* = 2C₂/ε². The model is linear in 1/b after inverting,
//
//	1/K = ε²/C₁ − (C₂/C₁)·(1/b) = A + S/b,
//
// so C₁ = ε²/A, C₂ = −S·ε²/A and b* = −2S/A, whatever ε is: ε only sets
// the scale of C₁ and C₂ (the paper's ε is the gradient-norm precision).
type KFit struct {
	Eps    float64 // the ε the constants are stated for
	A, S   float64 // 1/K = A + S/b
	C1, C2 float64
	BStar  float64 // 2C₂/ε²; ≤ 0 when K does not fall with b (N is then increasing)
	// RMS is the root mean square of log K_i − log K̂(b_i) over the fitted
	// points: how well the model describes the measurements (0.1 ≈ 10 %).
	RMS float64
}

// K is the fitted number of steps at batch size b (+Inf at or below C₂/ε²).
func (f KFit) K(b float64) float64 {
	inv := f.A + f.S/b
	if !(inv > 0) {
		return math.Inf(1)
	}
	return 1 / inv
}

// N is the fitted SFO complexity K(b)·b.
func (f KFit) N(b float64) float64 { return f.K(b) * b }

// ErrNoFit is returned when the measured K cannot determine the model.
var ErrNoFit = errors.New("armijo: K(b) needs at least two distinct batch sizes with finite K > 0")

// FitK fits K(b) = C₁b/(ε²b − C₂) to the points (b_i, K_i) by least squares
// on log K — the distance the log-log plot shows —, i.e. it minimises
// Σ_i (log K_i + log(A + S/b_i))². It starts from the weighted linear fit of
// 1/K = A + S/b (weights K_i², residuals relative to first order) and
// refines it by Gauss–Newton steps, halved until the sum falls and A + S/b_i
// stays positive at every point. Points with K_i not finite and positive are
// skipped. An A ≤ 0 — no positive asymptote, steps that do not level off as
// b grows — is an error.
func FitK(b, k []float64, eps float64) (KFit, error) {
	if len(b) != len(k) {
		return KFit{}, fmt.Errorf("armijo: %d batch sizes and %d step counts", len(b), len(k))
	}
	if !(eps > 0) {
		return KFit{}, fmt.Errorf("armijo: ε = %g must be positive", eps)
	}
	var x, y, w, logK []float64
	for i := range b {
		if k[i] > 0 && !math.IsInf(k[i], 1) && b[i] > 0 {
			x = append(x, 1/b[i])
			y = append(y, 1/k[i])
			w = append(w, k[i]*k[i])
			logK = append(logK, pmath.Log(k[i]))
		}
	}
	p, err := polyfit.Fit(x, y, w, 0, 1)
	if err != nil || len(x) < 2 {
		return KFit{}, ErrNoFit
	}
	a, s := refineLog(x, logK, p.C[0], p.C[1])
	f := KFit{Eps: eps, A: a, S: s, RMS: math.Sqrt(logSSE(x, logK, a, s) / float64(len(x)))}
	if !(f.A > 0) {
		return f, fmt.Errorf("armijo: the fitted 1/K = %.4g + %.4g/b has no positive limit: K does not level off as b grows", f.A, f.S)
	}
	e2 := eps * eps
	f.C1 = e2 / f.A
	f.C2 = -f.S * e2 / f.A
	f.BStar = 2 * f.C2 / e2
	return f, nil
}

// logSSE is Σ (log K_i + log(a + s·x_i))², +Inf where a + s·x_i ≤ 0.
func logSSE(x, logK []float64, a, s float64) float64 {
	var sum float64
	for i := range x {
		u := a + float64(s*x[i])
		if !(u > 0) {
			return math.Inf(1)
		}
		r := logK[i] + pmath.Log(u)
		sum += float64(r * r)
	}
	return sum
}

// refineLog takes up to 50 damped Gauss–Newton steps on logSSE from (a, s).
func refineLog(x, logK []float64, a, s float64) (float64, float64) {
	cur := logSSE(x, logK, a, s)
	if math.IsInf(cur, 1) {
		return a, s
	}
	for range 50 {
		// normal equations of the linearised residuals r_i + J_i·(da, ds)
		var jaa, jas, jss, ga, gs float64
		for i := range x {
			u := a + float64(s*x[i])
			r := logK[i] + pmath.Log(u)
			ja, js := 1/u, x[i]/u
			jaa += float64(ja * ja)
			jas += float64(ja * js)
			jss += float64(js * js)
			ga += float64(ja * r)
			gs += float64(js * r)
		}
		det := float64(jaa*jss) - float64(jas*jas)
		if !(det > 0) {
			break
		}
		da := -(float64(jss*ga) - float64(jas*gs)) / det
		ds := -(float64(jaa*gs) - float64(jas*ga)) / det
		improved := false
		for t := 1.0; t > 1e-6; t /= 2 {
			if v := logSSE(x, logK, a+float64(t*da), s+float64(t*ds)); v < cur {
				a, s, cur, improved = a+float64(t*da), s+float64(t*ds), v, true
				break
			}
		}
		if !improved {
			break
		}
	}
	return a, s
}
